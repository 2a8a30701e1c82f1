"use strict";
/**
 * jest's order of test files, with a better guess for files it has no timing for.
 *
 * jest runs the files that failed last time first, then the slowest first, from the durations it
 * cached after earlier runs; a file with no cached duration goes by its size. On a first run (a
 * fresh clone, CI, a new machine: no cache at all) size is a poor guess here: the heaviest files
 * are small ones that evaluate the whole program under mocks several times
 * (tests/lifecycle/rehearsal-split.test.ts is 11 lines and ~8 CPU s), so they ran last and one
 * worker ran them alone while the other core sat idle. Here a file without a duration is
 * estimated from what it calls: each program evaluation it names (`runProgram(`, `offlinePreview(`,
 * `describeRehearsal(`, …) counts as EVALUATION_SECONDS, the rest by size. Files with a cached
 * duration keep it, so a warm run orders as jest does.
 */
const fs = require("fs");
const Sequencer = require("@jest/test-sequencer").default;

/**
 * What evaluates the program (or a stack of it) under mocks, a harness call or an in-process
 * `preview --offline`: about half a CPU second each; a rehearsal evaluates several stacks.
 */
const EVALUATIONS = /\b(?:runProgram|offlinePreview|runOfflinePreview|runUnderMocks|rehearse|runRecording|runRelease|runAzure\w*)\s*\(|"--offline"/g;
const REHEARSALS = /\bdescribeRehearsal\s*\(/g;
const EVALUATION_SECONDS = 0.6;
const REHEARSAL_SECONDS = 3;
/** Parsing and running a test file's own code, per KB of source. */
const SECONDS_PER_KB = 0.05;

/** A file's estimated duration in seconds, from its source. */
function estimateSeconds(source) {
  const evaluations = (source.match(EVALUATIONS) ?? []).length;
  const rehearsals = (source.match(REHEARSALS) ?? []).length;
  return evaluations * EVALUATION_SECONDS + rehearsals * REHEARSAL_SECONDS + (Buffer.byteLength(source) / 1024) * SECONDS_PER_KB;
}

class CostSequencer extends Sequencer {
  sort(tests) {
    const estimate = new Map();
    const cost = (test) => {
      if (!estimate.has(test.path)) {
        const known = this.time(test);
        estimate.set(test.path, known != null ? known / 1000 : estimateSeconds(readOr(test.path, "")));
      }
      return estimate.get(test.path);
    };
    for (const test of tests) test.duration = this.time(test);
    return [...tests].sort((a, b) => {
      const failedA = this.hasFailed(a);
      if (failedA !== this.hasFailed(b)) return failedA ? -1 : 1;
      return cost(b) - cost(a) || (a.path < b.path ? -1 : 1);
    });
  }
}

function readOr(file, fallback) {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return fallback;
  }
}

module.exports = CostSequencer;
module.exports.estimateSeconds = estimateSeconds;
