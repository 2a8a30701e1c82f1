"use strict";
/** Removes the run's temporary folder (tests/support/jest-global-setup.js says why). */
const fs = require("fs");

module.exports = async function globalTeardown() {
  const folder = globalThis.__SEMANTEST_TEST_TMP__;
  if (!folder) return;
  if (process.env.SEMANTEST_KEEP_TEST_TMP === "1") {
    process.stderr.write(`jest: kept the run's temporary folder ${folder} (SEMANTEST_KEEP_TEST_TMP=1)\n`);
    return;
  }
  fs.rmSync(folder, { recursive: true, force: true });
};
