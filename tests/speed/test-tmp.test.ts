/**
 * A jest run keeps its scratch files in one folder of its own and removes it at the end
 * (tests/support/jest-global-setup.js): test files no longer fill /tmp.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const { removeFoldersOfDeadRuns } = require("../support/jest-global-setup.js") as { removeFoldersOfDeadRuns(parent: string): void };

describe("the run's temporary folder", () => {
  it("is what os.tmpdir() and TMPDIR give a test file (and the processes it starts)", () => {
    expect(path.basename(os.tmpdir())).toMatch(new RegExp(`^semantest-jest-\\d+-`));
    expect(process.env.TMPDIR).toBe(os.tmpdir());
    expect(fs.statSync(os.tmpdir()).isDirectory()).toBe(true);
  });

  it("removes the folders of runs whose jest process is gone, and keeps live runs' and other folders", () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), "sweep-"));
    // Above Linux's largest pid_max (2^22): no process has it.
    const dead = path.join(parent, "semantest-jest-4194305-abc");
    const live = path.join(parent, `semantest-jest-${process.pid}-def`);
    const other = path.join(parent, "artifact-build-xyz");
    for (const dir of [dead, live, other]) fs.mkdirSync(path.join(dir, "inner"), { recursive: true });
    removeFoldersOfDeadRuns(parent);
    expect(fs.readdirSync(parent).sort()).toEqual([path.basename(other), path.basename(live)].sort());
  });
});
