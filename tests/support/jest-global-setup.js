"use strict";
/**
 * One temporary folder per jest run, removed when the run ends (tests/support/jest-global-teardown.js).
 *
 * Test files make their scratch folders with `fs.mkdtempSync(path.join(os.tmpdir(), …))` and
 * most never remove them: a run left ~1,000 folders (artifact builds, CLI worlds, event outboxes)
 * in /tmp, gigabytes after a day of runs. Pointing TMPDIR at a folder of the run before jest
 * starts its workers gives every worker, test file and process a test starts the same
 * `os.tmpdir()`, and one `rm -r` at the end frees it all, whatever a test forgot.
 * SEMANTEST_KEEP_TEST_TMP=1 keeps the folder (its path is printed) to look into after a run.
 * A run that was killed leaves its folder; the next run removes folders of runs no longer alive.
 */
const fs = require("fs");
const os = require("os");
const path = require("path");

const PREFIX = "semantest-jest-";

module.exports = async function globalSetup() {
  const parent = os.tmpdir();
  removeFoldersOfDeadRuns(parent);
  const folder = fs.mkdtempSync(path.join(parent, `${PREFIX}${process.pid}-`));
  globalThis.__SEMANTEST_TEST_TMP__ = folder;
  process.env.TMPDIR = folder;
};

/** `semantest-jest-<pid>-…` folders whose jest process has exited (killed before its teardown). */
function removeFoldersOfDeadRuns(parent) {
  for (const name of fs.readdirSync(parent)) {
    const match = /^semantest-jest-(\d+)-/.exec(name);
    if (match && !alive(Number(match[1]))) fs.rmSync(path.join(parent, name), { recursive: true, force: true });
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

module.exports.removeFoldersOfDeadRuns = removeFoldersOfDeadRuns;
