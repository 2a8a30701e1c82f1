/**
 * `semantest-iac logs --follow` as a real process: a real SIGINT (what Ctrl-C sends) ends it
 * cleanly, with exit 0 and the count on stderr, and not before it printed what it read.
 */
import { spawn } from "child_process";
import { createWorld, type World } from "../cli/fake-world";
import { BIN, PROJECT_DIR } from "../local/support";
import { cloudWatchLogs, startRecorder, type Recorder } from "./support/recorder";

jest.setTimeout(60_000);

let recorder: Recorder;
let world: World;
beforeAll(async () => {
  let poll = 0;
  recorder = await startRecorder(cloudWatchLogs(() => ({ events: [{ eventId: `e${++poll}`, timestamp: Date.now() - 500, logStreamName: "s", message: `poll ${poll}` }] })));
  world = createWorld(() => ({ stacks: { dev: { config: {}, history: [], outputs: { logs: { websocket: { provider: "aws", region: "eu-west-1", logGroup: "websocket-logs" } } } } } }));
});
afterAll(async () => {
  world.cleanup();
  await recorder.close();
});

it("SIGINT ends --follow with exit 0 after the lines it printed", async () => {
  const child = spawn(process.execPath, [BIN, "logs", "--env", "dev", "--follow"], {
    cwd: PROJECT_DIR,
    env: { ...process.env, ...world.env, NO_COLOR: "1", AWS_ENDPOINT_URL: recorder.endpoint, AWS_ACCESS_KEY_ID: "AKIDTEST", AWS_SECRET_ACCESS_KEY: "secret" },
  });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (c) => (stderr += c));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  await new Promise<void>((resolve) =>
    child.stdout.on("data", (c) => {
      stdout += c;
      // Two polls seen: it is following, not just reading once.
      if (stdout.includes("poll 2")) resolve();
    }),
  );
  child.kill("SIGINT");
  const code = await exited;
  expect({ code, stderr: stderr.replace(/\(node:\d+\) Warning[\s\S]*?(?=stopped|$)/, "") }).toEqual({ code: 0, stderr: expect.stringMatching(/stopped following dev: \d+ line\(s\)/) });
  expect(stdout).toMatch(/ websocket - poll 1\n.* websocket - poll 2\n/);
});
