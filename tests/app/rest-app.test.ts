import fc from "fast-check";
import { createApp, versionInfo } from "../../app/rest/app";
import type { EventEnvelope } from "../../app/rest/envelope";
import { MemoryEventStore, type EventStore } from "../../app/rest/event-store";
import { anEvent, readJson, serve, VALID_ID, type Served } from "./support";

describe("the reference REST app on a real HTTP server", () => {
  let server: Served;
  let store: MemoryEventStore;

  beforeEach(async () => {
    store = new MemoryEventStore();
    server = await serve(createApp({ store, env: { SEMANTEST_APP_NAME: "semantest-server", SEMANTEST_APP_VERSION: "1.2.3", SEMANTEST_COMMIT: "abc1234" } }));
  });
  afterEach(() => server.close());

  const postEvents = (body: string, contentType: string | null = "application/json") =>
    fetch(`${server.url}/events`, { method: "POST", headers: contentType ? { "content-type": contentType } : {}, body });

  it("answers GET /health with status ok", async () => {
    const response = await fetch(`${server.url}/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await readJson(response)).toMatchObject({ status: "ok" });
  });

  it("answers GET /version with name, version and commit from the environment", async () => {
    const response = await fetch(`${server.url}/version`);
    expect(await readJson(response)).toEqual({ name: "semantest-server", version: "1.2.3", commit: "abc1234" });
  });

  it("does not advertise Express", async () => {
    const response = await fetch(`${server.url}/health`);
    expect(response.headers.get("x-powered-by")).toBeNull();
  });

  it("accepts a valid event with 202 and its id, and stores it", async () => {
    const response = await postEvents(JSON.stringify(anEvent()));
    expect(response.status).toBe(202);
    expect(await readJson(response)).toEqual({ id: VALID_ID, status: "accepted" });
    expect(store.get(VALID_ID)?.type).toBe("infrastructure.deployment.completed");
  });

  it("accepts a resent event as a duplicate (consumers de-duplicate by id)", async () => {
    await postEvents(JSON.stringify(anEvent()));
    const response = await postEvents(JSON.stringify(anEvent()));
    expect(response.status).toBe(202);
    expect(await readJson(response)).toEqual({ id: VALID_ID, status: "duplicate" });
    expect(store.size).toBe(1);
  });

  it("accepts application/*+json and a charset", async () => {
    expect((await postEvents(JSON.stringify(anEvent()), "application/cloudevents+json")).status).toBe(202);
    expect((await postEvents(JSON.stringify(anEvent({ id: "01JD5X3Q7ZK2M4N6P8R0S1T2V4" })), "application/json; charset=utf-8")).status).toBe(202);
  });

  it("rejects malformed JSON with 400 MALFORMED_JSON", async () => {
    const response = await postEvents('{"id": ');
    expect(response.status).toBe(400);
    expect(await readJson(response)).toEqual({ error: { code: "MALFORMED_JSON", message: "the request body is not valid JSON", field: "body" } });
  });

  it("rejects an invalid envelope with 400 naming the first bad field and listing every problem", async () => {
    const response = await postEvents(JSON.stringify(anEvent({ type: "Bad", metadata: { source: "x", version: 0 } })));
    expect(response.status).toBe(400);
    const body = await readJson(response);
    expect(body.error.code).toBe("INVALID_EVENT");
    expect(body.error.field).toBe("type");
    expect(body.error.details.map((d) => d.field)).toEqual(["type", "metadata.version"]);
    expect(body.error.message).toContain('type: "Bad" is not valid');
  });

  it("rejects a JSON array body with 400", async () => {
    const response = await postEvents("[1,2]");
    expect(response.status).toBe(400);
    expect((await readJson(response)).error.code).toBe("INVALID_EVENT");
  });

  it("rejects the wrong content type with 415 naming it", async () => {
    const response = await postEvents(JSON.stringify(anEvent()), "text/plain");
    expect(response.status).toBe(415);
    expect(await readJson(response)).toEqual({
      error: { code: "UNSUPPORTED_MEDIA_TYPE", message: 'Content-Type "text/plain" is not accepted; send application/json', field: "content-type" },
    });
  });

  it("rejects a body without a content type with 415", async () => {
    const response = await postEvents(JSON.stringify(anEvent()), null);
    expect(response.status).toBe(415);
  });

  it("rejects a body above the limit with 413", async () => {
    const response = await postEvents(JSON.stringify(anEvent({ payload: { blob: "x".repeat(300 * 1024) } })));
    expect(response.status).toBe(413);
    expect((await readJson(response)).error).toMatchObject({ code: "PAYLOAD_TOO_LARGE", field: "body" });
  });

  it("answers an unknown route with 404 JSON", async () => {
    const response = await fetch(`${server.url}/nope?x=1`);
    expect(response.status).toBe(404);
    expect(await readJson(response)).toEqual({ error: { code: "NOT_FOUND", message: "no route for GET /nope", field: "path" } });
  });

  it("answers the wrong method on a known path with 405 and Allow", async () => {
    const response = await fetch(`${server.url}/events`);
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
    expect((await readJson(response)).error.code).toBe("METHOD_NOT_ALLOWED");
  });

  it("answers any random body with a JSON 202 or 4xx, never a crash", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify(v))), async (body) => {
        const response = await postEvents(body);
        const json = await readJson(response);
        return (response.status === 202 && typeof json.id === "string") || (response.status >= 400 && response.status < 500 && typeof json.error.code === "string");
      }),
      { numRuns: 60 },
    );
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });
});

describe("createApp failure paths", () => {
  it("turns a store failure into a 500 without leaking the error", async () => {
    const failing: EventStore = { append: async (_event: EventEnvelope) => Promise.reject(new Error("disk on fire")) };
    const server = await serve(createApp({ store: failing }));
    try {
      const response = await fetch(`${server.url}/events`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(anEvent()) });
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({ error: { code: "INTERNAL", message: "the server failed to handle the request", field: null } });
      expect(text).not.toContain("disk on fire");
    } finally {
      await server.close();
    }
  });

  it("honours a smaller body limit", async () => {
    const server = await serve(createApp({ maxBodyBytes: 100 }));
    try {
      const response = await fetch(`${server.url}/events`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(anEvent()) });
      expect(response.status).toBe(413);
      expect((await readJson(response)).error.message).toContain("100 bytes");
    } finally {
      await server.close();
    }
  });

  it("parses a body a host adapter already read into a Buffer", async () => {
    const store = new MemoryEventStore();
    const app = createApp({ store });
    // serverless adapters may hand Express a request whose body is already a Buffer.
    const server = await serve((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        (req as unknown as { body: Buffer; _body: boolean }).body = Buffer.concat(chunks);
        (req as unknown as { _body: boolean })._body = true;
        app(req, res);
      });
    });
    try {
      const ok = await fetch(`${server.url}/events`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(anEvent()) });
      expect(ok.status).toBe(202);
      expect(store.size).toBe(1);
      const bad = await fetch(`${server.url}/events`, { method: "POST", headers: { "content-type": "application/json" }, body: "{oops" });
      expect(bad.status).toBe(400);
      expect((await readJson(bad)).error.code).toBe("MALFORMED_JSON");
    } finally {
      await server.close();
    }
  });
});

describe("versionInfo", () => {
  it("falls back to defaults and GIT_COMMIT", () => {
    expect(versionInfo({})).toEqual({ name: "semantest-reference-app", version: "0.0.0", commit: "unknown" });
    expect(versionInfo({ GIT_COMMIT: "deadbee" }).commit).toBe("deadbee");
  });
});

describe("MemoryEventStore", () => {
  it("forgets the oldest events beyond its capacity", async () => {
    const store = new MemoryEventStore(2);
    const event = (id: string) => ({ ...anEvent({ id }) }) as unknown as EventEnvelope;
    await store.append(event("01JD5X3Q7ZK2M4N6P8R0S1T2V1"));
    await store.append(event("01JD5X3Q7ZK2M4N6P8R0S1T2V2"));
    await store.append(event("01JD5X3Q7ZK2M4N6P8R0S1T2V3"));
    expect(store.size).toBe(2);
    expect(store.get("01JD5X3Q7ZK2M4N6P8R0S1T2V1")).toBeUndefined();
    expect(store.get("01JD5X3Q7ZK2M4N6P8R0S1T2V3")).toBeDefined();
  });
});
