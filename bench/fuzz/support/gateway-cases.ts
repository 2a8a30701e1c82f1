/**
 * Malformed input for the local gateway, shared by the seeded run in `npm test`
 * (tests/local/gateway-fuzz.test.ts) and the full-size run (bench/fuzz/gateway.ts):
 *
 * - raw HTTP requests (bad request lines, bad percent-encodings in every routed path, `__proto__` /
 *   `constructor` / `toString` as header and query names, bad `Host` headers, bodies cut off
 *   mid-upload) to both servers;
 * - WebSocket handshakes with the same names in the query and headers, some closed right after the
 *   upgrade;
 * - WebSocket frames: arbitrary text, arbitrary JSON, deeply nested JSON, prototype keys.
 *
 * Expected: every request gets an answer below 500 (except the ones we cut off ourselves), every
 * handshake is accepted or refused with a 4xx, no frame gets an INTERNAL error, the connection
 * still answers a ping afterwards, and the registry is empty once every client has gone.
 */
import fc from "fast-check";
import * as net from "net";
import WebSocket from "ws";

export type Provider = "aws" | "azure";

/** What the runner needs to know about a running gateway. */
export interface GatewayTarget {
  readonly provider: Provider;
  readonly restUrl: string;
  readonly webSocketServerUrl: string;
  /** A WebSocket URL a client may connect to (negotiated on Azure). */
  clientUrl(): Promise<string>;
  /** Connection ids still in the registry. */
  registry(): Promise<string[]>;
}

export interface HttpCase {
  readonly server: "rest" | "ws";
  readonly raw: string;
  /** The client closes before sending the whole body: no answer is expected. */
  readonly truncated: boolean;
}

export interface HandshakeCase {
  readonly query: string;
  readonly headers: readonly (readonly [string, string])[];
  /** Close the TCP socket right after sending the upgrade (before or just after the 101). */
  readonly abort: boolean;
}

export interface FuzzFigures {
  requests: number;
  handshakes: number;
  frames: number;
  /** Requests or handshakes answered with 5xx, or not answered at all. */
  wrongStatuses: number;
  /** Frames answered with an INTERNAL error, or after which the connection stopped answering. */
  wrongFrames: number;
  examples: string[];
}

const PROTO_NAMES = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "prototype", "__defineGetter__"];
const BAD_ESCAPES = ["%ZZ", "%E0%A4%A", "%", "%G1", "%C3%28", "%FF", "%00", "%2"];
const word = fc.stringMatching(/^[A-Za-z0-9._-]{1,12}$/);
const segment = fc.oneof(word, fc.constantFrom(...BAD_ESCAPES, ...PROTO_NAMES), fc.string({ maxLength: 8 }).map((s) => encodeURIComponent(s)));

function prefixes(provider: Provider): string[] {
  return provider === "aws"
    ? ["/", "/events/", "/health/", "/local/", "/local/@connections/", "/_local/"]
    : ["/", "/api/events/", "/api/hubs/semantest/groups/", "/api/hubs/semantest/connections/", "/api/hubs/semantest/users/", "/client/hubs/", "/webpubsub/events/", "/negotiate/", "/_local/"];
}

const queryString = fc
  .array(fc.tuple(fc.oneof(word, fc.constantFrom(...PROTO_NAMES, ...BAD_ESCAPES)), fc.oneof(word, fc.constantFrom(...BAD_ESCAPES))), { maxLength: 4 })
  .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${v}`).join("&")}` : ""));

const headerName = fc.oneof(fc.constantFrom(...PROTO_NAMES, "x-amz-date", "ce-type", "ce-connectionId", "content-type"), fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,15}$/));
const headerValue = fc.oneof(word, fc.constantFrom(...PROTO_NAMES, ...BAD_ESCAPES, "", "AWS4-HMAC-SHA256 Credential=x", "Bearer a.b.c"), fc.string({ maxLength: 24 }).map((s) => s.replace(/[\r\n\0]/g, "")));
const headers = fc.array(fc.tuple(headerName, headerValue), { maxLength: 5 });
const hostHeader = fc.oneof(fc.constant("127.0.0.1"), fc.constantFrom("[", "[bad", "a b", "http://x/", "", "x".repeat(300), "host:99999", "::1", "%ZZ"));

export function httpCase(provider: Provider): fc.Arbitrary<HttpCase> {
  const target = fc.oneof(
    { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...prefixes(provider)), fc.array(segment, { maxLength: 4 }), queryString).map(([p, s, q]) => `${p}${s.join("/")}${q}`) },
    { weight: 1, arbitrary: fc.constantFrom("http://[", "http://[::1", "//", "*", "http://a%ZZ/", "/%", "http://x:99999/", "/\u00e9") },
  );
  return fc
    .record({
      server: fc.constantFrom("rest" as const, "ws" as const),
      method: fc.constantFrom("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH"),
      target,
      host: hostHeader,
      headers,
      body: fc.option(fc.oneof(fc.string({ maxLength: 64 }), fc.json({ maxDepth: 3 })), { nil: undefined }),
      truncated: fc.boolean(),
    })
    .map(({ server, method, target, host, headers, body, truncated }) => {
      const lines = [`${method} ${target} HTTP/1.1`, `Host: ${host}`, ...headers.map(([n, v]) => `${n}: ${v}`), "Connection: close"];
      const payload = Buffer.from(body ?? "", "utf8");
      const cut = truncated && payload.length > 0;
      if (body !== undefined) lines.push(`Content-Length: ${cut ? payload.length + 1000 : payload.length}`);
      return { server, raw: `${lines.join("\r\n")}\r\n\r\n${body ?? ""}`, truncated: cut };
    });
}

export function handshakeCase(): fc.Arbitrary<HandshakeCase> {
  return fc.record({ query: queryString, headers, abort: fc.boolean() });
}

/** Frames a client may send: anything text, JSON, nesting far beyond what a stack survives, prototype keys. */
export function frameCase(): fc.Arbitrary<string> {
  const deep = fc.integer({ min: 65, max: 5_000 }).chain((n) => fc.constantFrom("[", "{\"a\":").map((open) => (open === "[" ? "[".repeat(n) + "]".repeat(n) : `${open.repeat(n)}1${"}".repeat(n)}`)));
  const protoFrame = fc.tuple(fc.constantFrom(...PROTO_NAMES), fc.json({ maxDepth: 2 })).map(([k, v]) => `{"action":"publish","topic":"fuzz","${k}":${v},"payload":{"${k}":${v}}}`);
  return fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.json({ maxDepth: 4 }),
    deep,
    deep.map((d) => `{"action":"publish","topic":"fuzz","payload":${d}}`),
    protoFrame,
    fc.constantFrom('{"action":"subscribe","topic":"__proto__"}', '{"action":"constructor"}', '{"action":"toString","topic":"t"}', "{", "null", '"x"', "[]"),
  );
}

/** Sends raw bytes and resolves with the status of the answer, or undefined when none came. */
export function sendRaw(baseUrl: string, test: HttpCase, timeoutMs = 5000): Promise<number | undefined> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    let data = "";
    const done = (status: number | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(status);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    socket.on("error", () => done(statusOf(data)));
    socket.on("data", (chunk) => {
      data += chunk.toString("latin1");
      const status = statusOf(data);
      if (status !== undefined) done(status);
    });
    socket.on("close", () => done(statusOf(data)));
    socket.write(test.raw, "utf8", () => {
      if (test.truncated) setTimeout(() => done(undefined), 20); // the client goes away mid-upload
    });
  });
}

function statusOf(data: string): number | undefined {
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(data);
  return match ? Number(match[1]) : undefined;
}

/** One handshake with prototype names in its query and headers; resolves with the status (101 = opened). */
export async function handshake(url: string, test: HandshakeCase): Promise<{ status: number | undefined; socket?: WebSocket }> {
  const target = new URL(url);
  const extra = test.query.replace(/^\?/, "");
  if (extra) target.search = target.search ? `${target.search}&${extra}` : `?${extra}`;
  const headerObject: Record<string, string> = {};
  for (const [name, value] of test.headers) if (!/^(host|connection|upgrade|sec-websocket-.*|content-length|transfer-encoding)$/i.test(name)) headerObject[name] = value;
  if (test.abort) return abortedHandshake(target, headerObject);
  return new Promise((resolve) => {
    let socket: WebSocket;
    try {
      socket = new WebSocket(target.toString().replace(/^http/, "ws"), { headers: headerObject, handshakeTimeout: 10_000 });
    } catch {
      return resolve({ status: 400 }); // the client library refused to send it: nothing reached the gateway
    }
    socket.once("open", () => resolve({ status: 101, socket }));
    socket.once("unexpected-response", (_req, res) => {
      resolve({ status: res.statusCode });
      socket.terminate();
    });
    socket.once("error", () => resolve({ status: undefined }));
  });
}

/**
 * Sends a complete upgrade request over raw TCP and closes the socket once the gateway has started
 * on it (while `$connect` / `connect` runs, or right after the 101): the registry must not keep it.
 */
function abortedHandshake(target: URL, headers: Record<string, string>): Promise<{ status: number | undefined }> {
  return new Promise((resolve) => {
    const socket = net.connect(Number(target.port), target.hostname);
    socket.on("error", () => undefined);
    const lines = [`GET ${target.pathname}${target.search} HTTP/1.1`, `Host: ${target.host}`, "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13", `Sec-WebSocket-Key: ${Buffer.from(String(Math.random()).padEnd(16, "0").slice(0, 16)).toString("base64")}`];
    for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
    let status: number | undefined;
    socket.on("data", (chunk) => {
      status ??= statusOf(chunk.toString("latin1"));
      socket.destroy(); // right after the upgrade
    });
    socket.write(`${lines.join("\r\n")}\r\n\r\n`, () => setTimeout(() => socket.destroy(), Math.floor(Math.random() * 30)));
    socket.on("close", () => resolve({ status: status ?? 101 }));
  });
}

/** Frames a `json.webpubsub.azure.v1` client may send: the subprotocol's requests with anything in their fields. */
export function subprotocolFrameCase(): fc.Arbitrary<string> {
  return fc.oneof(
    frameCase(),
    fc
      .record({
        type: fc.constantFrom("joinGroup", "leaveGroup", "sendToGroup", "event", "sequenceAck", "ping", "__proto__", "constructor"),
        group: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("connections", "topic:x", "__proto__"), fc.integer()),
        event: fc.oneof(fc.constantFrom("message", "toString", "__proto__", "bad name"), fc.string({ maxLength: 8 })),
        dataType: fc.constantFrom("json", "text", "binary", "xml", "__proto__"),
        data: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.string({ maxLength: 40 })),
        ackId: fc.oneof(fc.nat(), fc.constant(-1), fc.string({ maxLength: 3 })),
      })
      .map((frame) => JSON.stringify(frame)),
  );
}

/** The ping a client sends after the fuzzed frames: the relay's ping, as a subprotocol event when one is spoken. */
const PING = { plain: '{"action":"ping"}', json: '{"type":"event","event":"message","dataType":"json","data":{"action":"ping"}}' };

/** Sends frames on one connection; each must not come back as INTERNAL, and a ping must still get a pong. */
export async function sendFrames(url: string, frames: readonly string[], figures: FuzzFigures, protocol?: string): Promise<void> {
  const socket = protocol ? new WebSocket(url, [protocol]) : new WebSocket(url);
  const received: string[] = [];
  socket.on("message", (data) => received.push(data.toString()));
  socket.on("error", () => undefined);
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  for (const frame of frames) socket.send(frame);
  figures.frames += frames.length;
  socket.send(protocol ? PING.json : PING.plain);
  // A subprotocol client gets the app's pong wrapped: {"type":"message","from":"server","data":"{\"type\":\"pong\"}"}.
  const pong = (r: string) => /\\?"type\\?":\\?"pong\\?"/.test(r);
  const deadline = Date.now() + 15_000;
  while (!received.some(pong) && Date.now() < deadline && socket.readyState === WebSocket.OPEN) await new Promise((r) => setTimeout(r, 20));
  const internal = received.filter((r) => r.includes("INTERNAL") || r.includes("Internal server error") || r.includes("InternalServerError"));
  if (internal.length > 0 || !received.some(pong)) {
    figures.wrongFrames += Math.max(1, internal.length);
    figures.examples.push(`frames ${JSON.stringify(frames.map((f) => f.slice(0, 60)))} -> ${internal.length ? internal[0]!.slice(0, 120) : `no pong (state ${socket.readyState})`}`);
  }
  socket.close(1000);
  await new Promise((r) => socket.once("close", r));
}

export function newFigures(): FuzzFigures {
  return { requests: 0, handshakes: 0, frames: 0, wrongStatuses: 0, wrongFrames: 0, examples: [] };
}

/** Runs `count` HTTP cases, `count` handshakes and `count` frames (in batches of 10 per connection). */
export async function fuzzGateway(target: GatewayTarget, count: { requests: number; handshakes: number; frames: number }, seed: number): Promise<FuzzFigures> {
  const figures = newFigures();
  const wrong = (what: string, status: number | undefined) => {
    figures.wrongStatuses++;
    if (figures.examples.length < 20) figures.examples.push(`${what.slice(0, 160).replace(/\r\n/g, "\\r\\n")} -> ${status ?? "no answer"}`);
  };
  for (const test of fc.sample(httpCase(target.provider), { seed, numRuns: count.requests })) {
    const status = await sendRaw(test.server === "rest" ? target.restUrl : target.webSocketServerUrl, test);
    figures.requests++;
    if (!test.truncated && (status === undefined || status >= 500)) wrong(test.raw, status);
  }
  for (const test of fc.sample(handshakeCase(), { seed: seed + 1, numRuns: count.handshakes })) {
    const { status, socket } = await handshake(await target.clientUrl(), test);
    figures.handshakes++;
    if (status === undefined || status >= 500) wrong(`handshake ${JSON.stringify(test)}`, status);
    socket?.close(1000);
  }
  // On Azure half the frames go through the json.webpubsub.azure.v1 subprotocol (the service parses those itself).
  const plain = target.provider === "azure" ? Math.ceil(count.frames / 2) : count.frames;
  const frames = fc.sample(frameCase(), { seed: seed + 2, numRuns: plain });
  for (let i = 0; i < frames.length; i += 10) await sendFrames(await target.clientUrl(), frames.slice(i, i + 10), figures);
  const subprotocolFrames = fc.sample(subprotocolFrameCase(), { seed: seed + 3, numRuns: count.frames - plain });
  for (let i = 0; i < subprotocolFrames.length; i += 10) await sendFrames(await target.clientUrl(), subprotocolFrames.slice(i, i + 10), figures, "json.webpubsub.azure.v1");
  return figures;
}

/** Waits until the registry is empty; returns the ids still there after `timeoutMs`. */
export async function registryLeftovers(target: GatewayTarget, timeoutMs = 15_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let ids = await target.registry();
  while (ids.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    ids = await target.registry();
  }
  return ids;
}
