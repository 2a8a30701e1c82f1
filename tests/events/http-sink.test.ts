import { createPublisher, flushOutbox } from "../../events";
import { deploymentEnvelopes, FAST_BACKOFF, httpConfig, ids, tempProject } from "./support/fixtures";
import { expectValidEvents } from "./support/schema";
import { closedPort, LocalServer, startServer } from "./support/servers";

const quiet = () => undefined;
let servers: LocalServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});
async function server(...args: Parameters<typeof startServer>) {
  const started = await startServer(...args);
  servers.push(started);
  return started;
}

describe("the http sink against real local servers", () => {
  it("retries a server that fails three times, then delivers every event once, in order, as the envelope", async () => {
    const events = await server((_req, i, res) => {
      res.statusCode = i < 3 ? 503 : 202;
      res.end();
    });
    const projectDir = tempProject();
    const publisher = createPublisher(httpConfig(`${events.url}/events`), { projectDir, stack: "production", http: { backoff: FAST_BACKOFF }, onWarning: quiet });
    const published = await publisher.publish(deploymentEnvelopes());
    const report = await publisher.close();

    expect(events.requests.slice(0, 4).map((r) => r.body)).toEqual(Array(4).fill(JSON.stringify(published[0])));
    const accepted = events.requests.slice(3).map((r) => JSON.parse(r.body));
    expect(ids(accepted)).toEqual(ids(published));
    expect(events.requests.every((r) => r.method === "POST" && r.url === "/events" && r.headers["content-type"] === "application/json")).toBe(true);
    expect(events.requests.slice(3).map((r) => r.headers["idempotency-key"])).toEqual(ids(published));
    expectValidEvents(accepted);
    expect(report.pending[`http:${events.url}/events`]).toBeUndefined();
    expect(report.failures).toEqual({});
  });

  it("gives up on a hanging request after timeoutMs and retries it", async () => {
    const events = await server((_req, i, res) => {
      if (i === 0) return; // never answers
      res.statusCode = 200;
      res.end("{}");
    });
    const projectDir = tempProject();
    const publisher = createPublisher(httpConfig(`${events.url}/events`, { timeoutMs: 200 }), { projectDir, stack: "dev", http: { backoff: FAST_BACKOFF }, onWarning: quiet });
    const [first] = await publisher.publish(deploymentEnvelopes().slice(0, 1));
    const report = await publisher.close();
    expect(events.requests).toHaveLength(2);
    expect(events.requests.map((r) => JSON.parse(r.body).id)).toEqual([first.id, first.id]);
    expect(report.delivered).toEqual({ [`http:${events.url}/events`]: 1 });
  });

  it("keeps every event in the outbox while the server is down for the whole run, and delivers each once on the next run", async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}/events`;
    const projectDir = tempProject();
    const warnings: string[] = [];
    const firstRun = createPublisher(httpConfig(url, { maxAttempts: 3 }), { projectDir, stack: "production", http: { backoff: FAST_BACKOFF }, onWarning: (m) => warnings.push(m) });
    const published = await firstRun.publish(deploymentEnvelopes());
    const down = await firstRun.close();
    expect(down.pending).toEqual({ [`http:${url}`]: 3 });
    expect(down.failures[`http:${url}`]).toMatch(/after 3 attempts/);
    expect(warnings.join("\n")).toMatch(/stay in the outbox/);

    const events = await server((_req, _i, res) => res.end(), port);
    const nextRun = await flushOutbox(httpConfig(url), { projectDir, stack: "production", http: { backoff: FAST_BACKOFF }, onWarning: quiet });
    expect(nextRun.delivered).toEqual({ [`http:${url}`]: 3 });
    expect(nextRun.pending).toEqual({});
    expect(events.requests.map((r) => JSON.parse(r.body).id)).toEqual(ids(published));

    // A further run has nothing left to send: each event went out once.
    const again = await flushOutbox(httpConfig(url), { projectDir, stack: "production", onWarning: quiet });
    expect(again.delivered).toEqual({});
    expect(events.requests).toHaveLength(3);
  });

  it("rejects for good an event the server refuses as malformed (400) and goes on with the next", async () => {
    const events = await server((req, _i, res) => {
      res.statusCode = JSON.parse(req.body).type === "infrastructure.deployment.started" ? 400 : 201;
      res.end();
    });
    const projectDir = tempProject();
    const publisher = createPublisher(httpConfig(`${events.url}/events`), { projectDir, stack: "dev", http: { backoff: FAST_BACKOFF }, onWarning: quiet });
    const published = await publisher.publish(deploymentEnvelopes());
    const report = await publisher.close();
    const sink = `http:${events.url}/events`;
    expect(report.delivered[sink]).toBe(2);
    expect(report.rejected[sink]).toEqual([{ id: published[1].id, reason: expect.stringMatching(/400/) }]);
    expect(events.requests).toHaveLength(3);
    const later = await flushOutbox(httpConfig(`${events.url}/events`), { projectDir, stack: "dev", onWarning: quiet });
    expect(later.delivered).toEqual({});
    expect(events.requests).toHaveLength(3);
  });

  it("keeps events pending when the server refuses the client (401), and sends the bearer token from tokenEnv", async () => {
    const events = await server((req, _i, res) => {
      res.statusCode = req.headers.authorization === "Bearer s3cret" ? 200 : 401;
      res.end();
    });
    const projectDir = tempProject();
    const url = `${events.url}/events`;
    const config = { sinks: [{ kind: "http" as const, url, timeoutMs: 1000, maxAttempts: 2, tokenEnv: "EVENTS_TOKEN" }], publishOnPreview: false };
    const unauthorised = createPublisher(config, { projectDir, stack: "dev", env: {}, onWarning: quiet });
    await unauthorised.publish(deploymentEnvelopes());
    expect((await unauthorised.close()).pending).toEqual({ [`http:${url}`]: 3 });
    const authorised = await flushOutbox(config, { projectDir, stack: "dev", env: { EVENTS_TOKEN: "s3cret" }, onWarning: quiet });
    expect(authorised.delivered).toEqual({ [`http:${url}`]: 3 });
  });
});
