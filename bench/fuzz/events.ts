/**
 * SIGKILL-during-publish trials (prints figures, asserts nothing). Per sink kind (file, http,
 * EventBridge, Event Grid; the cloud ones through their real SDK clients against a local recorder
 * that answers after a random delay), each trial:
 *   1. starts a child that publishes events one at a time with background delivery (as deploy
 *      does) and prints each id once `publish` resolved;
 *   2. kills it with SIGKILL after a random number of events (seeded), often mid-request;
 *   3. runs the restart (`flushOutbox`, what the next run or `events flush` does) in this process;
 *   4. counts, for the sink: lost = ids the child had been told were published that the sink
 *      never received; duplicated = deliveries of an id already received (at-least-once allows
 *      them; consumers de-duplicate by id); pending = events the restart could not deliver.
 *
 * Usage: npm run bench:fuzz, or npx tsx bench/fuzz/events.ts   (TRIALS=20 per sink, SEED=14)
 */
import fc from "fast-check";
import { SINK_KINDS_UNDER_TEST } from "./support/event-sinks";
import { emptyFigures, trial } from "./support/sigkill-trial";

const TRIALS = Number(process.env.TRIALS ?? 20);
const SEED = Number(process.env.SEED ?? 14);

async function main(): Promise<void> {
  const plans = fc.sample(fc.record({ killAfter: fc.integer({ min: 1, max: 60 }), delays: fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 8 }) }), { numRuns: TRIALS, seed: SEED });
  console.log(`SIGKILL during publish: ${TRIALS} trials per sink, seed ${SEED}`);
  console.log("sink         trials  published  lost  duplicated  pending-after-restart  errors");
  let bad = 0;
  for (const kind of SINK_KINDS_UNDER_TEST) {
    const figures = emptyFigures();
    for (const plan of plans) await trial(kind, plan.killAfter, plan.delays, figures);
    console.log(
      `${kind.padEnd(12)} ${String(figures.trials).padStart(6)}  ${String(figures.published).padStart(9)}  ${String(figures.lost).padStart(4)}  ${String(figures.duplicated).padStart(10)}  ${String(figures.pending).padStart(21)}  ${String(figures.errors).padStart(6)}`,
    );
    bad += figures.lost + figures.pending + figures.errors;
  }
  // Duplicates are allowed (at-least-once); a loss, a leftover or a failed trial is not.
  process.exitCode = bad > 0 ? 1 : 0;
}

void main();
