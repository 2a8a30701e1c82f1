/**
 * `semantest-iac logs --follow` as a real process: a real SIGINT (what Ctrl-C sends) ends it
 * cleanly, with exit 0 and the count on stderr, and not before it printed what it read.
 */
import { spawn } from "child_process";
import { createWorld, type World } from "../cli/fake-world";
import { BIN, PROJECT_DIR } from "../local/support";
import { startLiveTailServer } from "./support/live-tail";
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

const follow = (env: NodeJS.ProcessEnv) =>
  spawn(process.execPath, [BIN, "logs", "--env", "dev", "--follow"], { cwd: PROJECT_DIR, env: { ...process.env, ...env, NO_COLOR: "1", AWS_ACCESS_KEY_ID: "AKIDTEST", AWS_SECRET_ACCESS_KEY: "secret" } });

it("SIGINT ends --follow (polling: no ARN in the output) with exit 0 after the lines it printed", async () => {
  const child = follow({ ...world.env, AWS_ENDPOINT_URL: recorder.endpoint });
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

it("with the group's ARN it follows by Live Tail (the SDK's event stream, no host prefix on a custom endpoint); SIGINT ends it with exit 0", async () => {
  const arn = "arn:aws:logs:eu-west-1:123456789012:log-group:websocket-logs";
  const server = await startLiveTailServer({ filterEvents: () => [{ eventId: "b1", timestamp: Date.now() - 1000, logStreamName: "s", message: "backlog" }] });
  const live = createWorld(() => ({ stacks: { dev: { config: {}, history: [], outputs: { logs: { websocket: { provider: "aws", region: "eu-west-1", logGroup: "websocket-logs", logGroupArn: arn } } } } } }));
  try {
    const child = follow({ ...live.env, AWS_ENDPOINT_URL: server.endpoint });
    let stdout = "";
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const printed = (text: string) => new Promise<void>((resolve) => child.stdout.on("data", () => stdout.includes(text) && resolve()));
    child.stdout.on("data", (c) => (stdout += c));
    await server.sessionOpen;
    await printed("backlog");
    server.push("sessionUpdate", { sessionMetadata: { sampled: false }, sessionResults: [{ logStreamName: "s", logGroupIdentifier: arn, message: "live", timestamp: Date.now(), ingestionTime: Date.now() }] });
    await printed(" live");
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(stdout).toMatch(/ websocket - backlog\n.* websocket - live\n/);
    expect(server.liveTailInputs).toEqual([{ logGroupIdentifiers: [arn] }]);
  } finally {
    live.cleanup();
    await server.close();
  }
});
