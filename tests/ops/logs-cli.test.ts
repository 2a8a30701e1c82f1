/**
 * `semantest-iac logs` in-process (cli/main.ts `run`) against the fake engine (stack outputs and
 * history) and the real CloudWatch Logs client pointed at a recorder: the lines of every component,
 * merged by time, each with the release stack history says was live; usage and cloud errors.
 */
import { run } from "../../cli/main";
import type { Io } from "../../cli/output";
import { PROJECT_DIR } from "../support/pulumi-harness";
import { createWorld, object, plain, type World } from "../cli/fake-world";
import { cloudWatchLogs, startRecorder, type Recorder } from "./support/recorder";

const RELEASE_A = "01JD0000000000000000000AAA";
const RELEASE_B = "01JD0000000000000000000BBB";
const NOW = Date.now();
const T0 = NOW - 10 * 60_000; // release A finished 10 minutes ago; B ran from 4 to 3 minutes ago
const at = (minutesAgo: number) => NOW - minutesAgo * 60_000;
const LOGS = {
  "rest-api": { provider: "aws", region: "eu-west-1", logGroup: "rest-api-logs-1" },
  websocket: { provider: "aws", region: "eu-west-1", logGroup: "websocket-logs-1" },
};

function deployment(version: number, id: string, startMs: number, endMs: number, result: "succeeded" | "failed" = "succeeded") {
  return {
    version,
    kind: "update",
    startTime: new Date(startMs).toISOString(),
    endTime: new Date(endMs).toISOString(),
    result,
    message: `semantest-iac deploy ${id}`,
    environment: {},
    config: { "semantest:release": object({ id, artifacts: {} }), "aws:region": plain("eu-west-1") },
  };
}

function world(outputs: Record<string, unknown> = { logs: LOGS }): World {
  return createWorld(() => ({
    stacks: {
      dev: {
        config: {},
        // Newest first, like `pulumi stack history`; the failed update shipped nothing.
        history: [deployment(3, "01JD0000000000000000000CCC", at(2), at(1.5), "failed"), deployment(2, RELEASE_B, at(4), at(3)), deployment(1, RELEASE_A, T0 - 60_000, T0)],
        outputs,
      },
    },
  }));
}

const event = (id: string, ms: number, message: string) => ({ eventId: id, timestamp: ms, ingestionTime: ms, logStreamName: "2026/11/30/[1]x", message });

let recorder: Recorder;
let w: World | undefined;
const saved = { ...process.env };
beforeAll(async () => {
  recorder = await startRecorder(
    cloudWatchLogs((input) =>
      input.logGroupName === "rest-api-logs-1"
        ? { events: [event("r1", at(5), "GET /health 200"), event("r2", at(3.5), "POST /events 202")] }
        : input.logGroupName === "websocket-logs-1"
          ? { events: [event("w1", at(1), "connected abc")] }
          : { events: [] },
    ),
  );
  // The SDK's default credential chain reads these from the process.
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: "AKIDTEST", AWS_SECRET_ACCESS_KEY: "secret", AWS_REGION: "eu-west-1" });
});
afterAll(async () => {
  await recorder.close();
  process.env = saved;
});
afterEach(() => w?.cleanup());

async function cli(argv: string[], outputs?: Record<string, unknown>) {
  w = world(outputs);
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) };
  const code = await run(argv, io, PROJECT_DIR, { ...process.env, NO_COLOR: "1", AWS_ENDPOINT_URL: recorder.endpoint, ...w.env });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

describe("semantest-iac logs", () => {
  it("prints every component's lines oldest first, each with the release live when it was written", async () => {
    const { code, stdout } = await cli(["logs", "--env", "dev", "--since", "1h"]);
    expect(code).toBe(0);
    const lines = stdout.split("\n").filter((l) => !l.startsWith("#"));
    expect(lines).toEqual([
      `${new Date(at(5)).toISOString()} rest-api  ${RELEASE_A} GET /health 200`,
      // Written while release B was being deployed: from either side of it.
      `${new Date(at(3.5)).toISOString()} rest-api  ${RELEASE_A}→${RELEASE_B} POST /events 202`,
      // After a failed update: still release B.
      `${new Date(at(1)).toISOString()} websocket ${RELEASE_B} connected abc`,
    ]);
    expect(stdout).toContain("# rest-api: CloudWatch Logs rest-api-logs-1 (eu-west-1)");
    const asked = recorder.requests.slice(-2).map((r) => JSON.parse(r.body));
    expect(asked.map((a) => a.logGroupName).sort()).toEqual(["rest-api-logs-1", "websocket-logs-1"]);
    for (const a of asked) expect(Math.abs(a.startTime - (NOW - 3_600_000))).toBeLessThan(120_000);
  });

  it("--component and --filter narrow the read; --json prints one document", async () => {
    const { code, stdout } = await cli(["logs", "--env", "dev", "--component", "rest-api", "--filter", "POST", "--json"]);
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc).toMatchObject({ stack: "dev", followed: false, count: 2, truncated: [], sources: [{ component: "rest-api", provider: "aws", location: "CloudWatch Logs rest-api-logs-1 (eu-west-1)" }] });
    expect(doc.lines[1]).toEqual({ timestamp: new Date(at(3.5)).toISOString(), component: "rest-api", provider: "aws", release: RELEASE_B, releasePrevious: RELEASE_A, message: "POST /events 202", stream: "2026/11/30/[1]x" });
    const asked = JSON.parse(recorder.requests[recorder.requests.length - 1].body);
    expect(asked).toMatchObject({ logGroupName: "rest-api-logs-1", filterPattern: '"POST"' });
  });

  it.each([
    [["logs", "--env", "dev", "--since", "15x"], '--since "15x" is not a duration or a time; allowed: a whole number with s, m, h or d'],
    [["logs", "--env", "dev", "--since", "45d"], '--since "45d" is longer than 30 days'],
    [["logs", "--env", "dev", "--filter", 'a"b'], "--filter \"a\\\"b\" contains a double quote"],
    [["logs", "--env", "dev", "--component", "db"], "argument 'db' is invalid. Allowed choices are rest-api, websocket"],
    [["logs", "--env", "dev", "--tail"], "unknown option '--tail'"],
    [["logs"], "logs needs --env <env>"],
  ])("%j exits 2 naming the field, the value and what is allowed", async (argv, message) => {
    const requests = recorder.requests.length;
    const { code, stderr } = await cli(argv);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(recorder.requests.length).toBe(requests);
  });

  it("a stack without the logs output exits 2 saying which output is missing", async () => {
    const { code, stdout } = await cli(["logs", "--env", "dev", "--json"], { restApiUrl: "https://x.example" });
    expect(code).toBe(2);
    expect(JSON.parse(stdout).error).toMatchObject({ code: "NO_LOG_SOURCES", message: expect.stringContaining("the stack has no logs output (got null)") });
  });

  it("a malformed logs entry exits 2 naming the output field and the value", async () => {
    const { code, stderr } = await cli(["logs", "--env", "dev", "--component", "websocket"], { logs: { websocket: { provider: "gcp" } } });
    expect(code).toBe(2);
    expect(stderr).toContain('the stack output logs.websocket.provider is "gcp"; allowed: aws, azure');
  });

  it("a refused read exits 1 naming the component and where it reads", async () => {
    const refusing = await startRecorder(() => ({ status: 400, contentType: "application/x-amz-json-1.1", body: { __type: "AccessDeniedException", message: "not authorized to perform: logs:FilterLogEvents" } }));
    try {
      w = world();
      const err: string[] = [];
      const code = await run(["logs", "--env", "dev", "--component", "rest-api"], { stdout: () => undefined, stderr: (t) => void err.push(t) }, PROJECT_DIR, { ...process.env, NO_COLOR: "1", AWS_ENDPOINT_URL: refusing.endpoint, ...w.env });
      expect(code).toBe(1);
      expect(err.join("\n")).toContain("reading rest-api logs from CloudWatch Logs rest-api-logs-1 (eu-west-1) failed: not authorized to perform: logs:FilterLogEvents");
      expect(err.join("\n")).toContain("fix: check the AWS credentials (logs:FilterLogEvents on the group) and the region");
    } finally {
      await refusing.close();
    }
  });

  it("--follow prints lines as they arrive and ends with exit 0 on Ctrl-C (SIGINT)", async () => {
    w = world();
    const out: string[] = [];
    const err: string[] = [];
    const io: Io = {
      stdout: (t) => {
        out.push(t);
        // The first line arrived: the user presses Ctrl-C.
        if (out.length === 1) setImmediate(() => process.emit("SIGINT"));
      },
      stderr: (t) => void err.push(t),
    };
    const code = await run(["logs", "--env", "dev", "--component", "websocket", "--follow"], io, PROJECT_DIR, { ...process.env, NO_COLOR: "1", AWS_ENDPOINT_URL: recorder.endpoint, ...w.env });
    expect(code).toBe(0);
    expect(out).toEqual([`${new Date(at(1)).toISOString()} websocket ${RELEASE_B} connected abc`]);
    expect(err.join("\n")).toContain("stopped following dev: 1 line(s)");
    expect(process.listenerCount("SIGINT")).toBe(0);
  });

  it("--follow --json prints one JSON object per line (NDJSON)", async () => {
    w = world();
    const out: string[] = [];
    const io: Io = { stdout: (t) => (out.push(t), void setImmediate(() => process.emit("SIGINT"))), stderr: () => undefined };
    const code = await run(["logs", "--env", "dev", "--component", "websocket", "--follow", "--json"], io, PROJECT_DIR, { ...process.env, AWS_ENDPOINT_URL: recorder.endpoint, ...w.env });
    expect(code).toBe(0);
    expect(out.map((line) => JSON.parse(line))).toEqual([{ timestamp: new Date(at(1)).toISOString(), component: "websocket", provider: "aws", release: RELEASE_B, message: "connected abc", stream: "2026/11/30/[1]x" }]);
  });

  it("--follow with one source refused exits 1 and stops following the others (nothing keeps polling)", async () => {
    const mixed = await startRecorder(
      cloudWatchLogs((input) => {
        if (input.logGroupName === "websocket-logs-1") throw new Error("refused");
        return { events: [] };
      }),
    );
    try {
      w = world();
      const err: string[] = [];
      const code = await run(["logs", "--env", "dev", "--follow"], { stdout: () => undefined, stderr: (t) => void err.push(t) }, PROJECT_DIR, { ...process.env, NO_COLOR: "1", AWS_ENDPOINT_URL: mixed.endpoint, ...w.env });
      expect(code).toBe(1);
      expect(err.join("\n")).toContain("reading websocket logs from CloudWatch Logs websocket-logs-1 (eu-west-1) failed");
      const after = mixed.requests.length;
      await new Promise((r) => setTimeout(r, 2500)); // longer than one 2 s poll
      expect(mixed.requests.length).toBe(after);
    } finally {
      await mixed.close();
    }
  });
});
