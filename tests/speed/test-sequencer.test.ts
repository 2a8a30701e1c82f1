/**
 * The order jest runs test files in (tests/support/test-sequencer.js): with no cached durations
 * (a first run, CI on a fresh clone) the files that evaluate the program go first, whatever their
 * size; cached durations and last run's failures still decide when jest has them.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const Sequencer = require("../support/test-sequencer.js") as {
  new (): { sort(tests: FakeTest[]): FakeTest[]; _cache: Map<unknown, Record<string, [number, number]>> };
  estimateSeconds(source: string): number;
};

interface FakeTest {
  path: string;
  context: { config: { cache: boolean; cacheDirectory: string; id: string } };
  duration?: number;
}

const FAIL = 0;
const SUCCESS = 1;

function files(sources: Record<string, string>): { tests: FakeTest[]; context: FakeTest["context"] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sequencer-"));
  const context = { config: { cache: false, cacheDirectory: dir, id: "unit" } };
  const tests = Object.entries(sources).map(([name, source]) => {
    fs.writeFileSync(path.join(dir, name), source);
    return { path: path.join(dir, name), context };
  });
  return { tests, context };
}

const order = (tests: FakeTest[]) => tests.map((t) => path.basename(t.path));

describe("the test file order", () => {
  const sources = {
    "big.test.ts": `it("a", () => expect(1).toBe(1));\n${"// padding\n".repeat(2000)}`,
    "rehearsal.test.ts": 'describeRehearsal("staging", {});\n',
    "program.test.ts": 'it("p", async () => { await runProgram("dev"); await runProgram("production"); });\n',
    "small.test.ts": 'it("s", () => expect(2).toBe(2));\n',
  };

  it("puts, with no cached durations, the files that evaluate the program before bigger files that do not", () => {
    const { tests } = files(sources);
    expect(order(new Sequencer().sort(tests))).toEqual(["rehearsal.test.ts", "program.test.ts", "big.test.ts", "small.test.ts"]);
  });

  it("orders by cached duration where jest has one, and runs last run's failures first", () => {
    const { tests, context } = files(sources);
    const sequencer = new Sequencer();
    const byName = (name: string) => tests.find((t) => path.basename(t.path) === name)!.path;
    sequencer._cache.set(context, {
      [byName("small.test.ts")]: [SUCCESS, 20_000],
      [byName("rehearsal.test.ts")]: [SUCCESS, 100],
      [byName("big.test.ts")]: [FAIL, 50],
    });
    expect(order(sequencer.sort(tests))).toEqual(["big.test.ts", "small.test.ts", "program.test.ts", "rehearsal.test.ts"]);
  });

  it("estimates each evaluation, rehearsal and in-process offline preview a file names", () => {
    const plain = Sequencer.estimateSeconds("x");
    expect(Sequencer.estimateSeconds('await offlinePreview("dev"); await cli(["preview", "--offline"]);')).toBeGreaterThan(plain + 1);
    expect(Sequencer.estimateSeconds("describeRehearsal(")).toBeGreaterThan(Sequencer.estimateSeconds("runProgram("));
  });
});
