/**
 * `logs` and `invoke` as typed functions (api/index.ts): the same use cases the CLI runs, with
 * `follow` ended by the caller's signal, and invoke's outcome in `ok` instead of an exit code.
 */
import * as http from "http";
import type { AddressInfo } from "net";
import * as api from "../../api";
import { createWorld, type World } from "../cli/fake-world";
import { PROJECT_DIR } from "../support/pulumi-harness";
import { cloudWatchLogs, startRecorder, type Recorder } from "./support/recorder";

let recorder: Recorder;
let server: http.Server;
let world: World;
const saved = { ...process.env };
beforeAll(async () => {
  recorder = await startRecorder(cloudWatchLogs(() => ({ events: [{ eventId: "e1", timestamp: Date.now() - 1000, logStreamName: "s", message: "hello" }] })));
  server = http.createServer((req, res) => res.writeHead(req.url === "/health" ? 200 : 503, { "content-type": "text/plain" }).end(`${req.method} ${req.url}`));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  world = createWorld(() => ({
    stacks: {
      dev: {
        config: {},
        history: [],
        outputs: { restApiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, logs: { "rest-api": { provider: "aws", region: "eu-west-1", logGroup: "g" } } },
      },
    },
  }));
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: "AKIDTEST", AWS_SECRET_ACCESS_KEY: "secret" });
});
afterAll(async () => {
  world.cleanup();
  await recorder.close();
  await new Promise((resolve) => server.close(resolve));
  process.env = saved;
});

const options = () => ({ projectDir: PROJECT_DIR, env: { ...process.env, ...world.env, AWS_ENDPOINT_URL: recorder.endpoint } });

describe("the API", () => {
  it("logs: reads the lines; with follow, stops when the caller's signal aborts", async () => {
    const once = await api.logs({ stack: "dev", since: "5m" }, options());
    expect(once).toMatchObject({ stack: "dev", count: 1, followed: false, lines: [{ component: "rest-api", release: null, message: "hello" }] });

    const controller = new AbortController();
    const seen: api.LogLine[] = [];
    const followed = await api.logs({ stack: "dev", follow: true, signal: controller.signal, onLine: (line) => (seen.push(line), controller.abort()) }, options());
    expect(followed).toMatchObject({ followed: true, count: 1, lines: [] });
    expect(seen.map((l) => l.message)).toEqual(["hello"]);
  });

  it("logs: rejects a bad --since with the CLI's error", async () => {
    await expect(api.logs({ stack: "dev", since: "yesterday" }, options())).rejects.toMatchObject({ code: "USAGE", exitCode: 2, message: expect.stringContaining('--since "yesterday" is not a duration or a time') });
  });

  it("invoke: resolves with the answer; ok says whether it was 2xx", async () => {
    const health = await api.invoke({ stack: "dev", path: "/health" }, options());
    expect(health).toMatchObject({ component: "rest-api", ok: true, response: { status: 200, body: "GET /health" } });
    // The base URL's trailing slash and the path's leading one make one slash.
    expect(health.component === "rest-api" && health.request.url).toMatch(/:\d+\/health$/);
    const down = await api.invoke({ stack: "dev", path: "/x", method: "DELETE" }, options());
    expect(down).toMatchObject({ ok: false, response: { status: 503, body: "DELETE /x" } });
  });
});
