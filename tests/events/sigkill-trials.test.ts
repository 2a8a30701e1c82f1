/**
 * Issue 14: SIGKILL during publish, per sink kind, a few seeded trials (the full size is
 * `npm run bench:fuzz`, bench/fuzz/events.ts). A child publishes with background delivery and is
 * killed after a planned number of events, often mid-request; the restart flushes. No event the
 * child was told was published may be lost, and nothing may stay pending after the restart.
 */
import { emptyFigures, trial } from "../../bench/fuzz/support/sigkill-trial";
import { SINK_KINDS_UNDER_TEST } from "../../bench/fuzz/support/event-sinks";

describe("SIGKILL in the middle of publishing", () => {
  it.each(SINK_KINDS_UNDER_TEST)("loses no event of the %s sink over 2 trials", async (kind) => {
    const figures = emptyFigures();
    const failures: string[] = [];
    for (const plan of [{ killAfter: 7, delays: [0, 15, 3] }, { killAfter: 25, delays: [30, 1] }]) {
      await trial(kind, plan.killAfter, plan.delays, figures, (line) => failures.push(line));
    }
    expect(failures).toEqual([]);
    expect(figures).toMatchObject({ trials: 2, lost: 0, pending: 0, errors: 0 });
    expect(figures.published).toBeGreaterThanOrEqual(32);
  }, 60_000);
});
