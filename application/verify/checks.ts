/**
 * The checks of the contract suite, in the order they run. Each names what it proves; the
 * frames and routes are the reference app's (app/rest/app.ts, app/websocket/relay.ts, and
 * `POST /api/automation/dispatch` once the app has it).
 */
import type { VerifyAuth } from "./auth";
import { restNeedsToken } from "./stack-auth";
import { fail, skip, type Check, type CheckContext } from "./contract";

const json = (body: string): unknown => {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
};
const field = (value: unknown, key: string): unknown => (typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined);
const isFrame = (type: string, extra: (frame: unknown) => boolean = () => true) => (frame: unknown) => field(frame, "type") === type && extra(frame);

/** A ULID-shaped event id unique to this run (Crockford base32, first character 0-7). */
function eventId(tag: string): string {
  const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  let text = "0";
  for (let i = 0; text.length < 26; i++) text += alphabet[(tag.charCodeAt(i % tag.length) + i * 7) % 32];
  return text;
}

const health: Check = {
  name: "health",
  description: "GET /health answers 200 {status: ok}",
  async run(c) {
    const res = await c.call({ method: "GET", path: "/health" });
    if (res.status !== 200) fail(`GET /health answered ${res.status}: ${res.body.slice(0, 200)}`);
    if (field(json(res.body), "status") !== "ok") fail(`GET /health body is ${res.body.slice(0, 200)}; expected {"status":"ok",...}`);
    return "200 {status: ok}";
  },
};

const restRoundTrip: Check = {
  name: "rest-round-trip",
  description: "POST /events accepts a valid event (202 with its id) and refuses a malformed body with 400 naming the field",
  async run(c) {
    const id = eventId(c.tag);
    const event = { id, type: "infrastructure.verify.requested", timestamp: new Date().toISOString(), correlationId: `verify-${c.tag}`, causationId: null, aggregateId: `verify-${c.tag}`, payload: { tag: c.tag }, metadata: { source: "infrastructure", version: 1 } };
    const accepted = await c.call({ method: "POST", path: "/events", headers: { "content-type": "application/json" }, body: JSON.stringify(event) });
    if (accepted.status !== 202) fail(`POST /events answered ${accepted.status}: ${accepted.body.slice(0, 200)}`);
    if (field(json(accepted.body), "id") !== id) fail(`POST /events answered ${accepted.body.slice(0, 200)}; expected the event's id ${id}`);
    const refused = await c.call({ method: "POST", path: "/events", headers: { "content-type": "application/json" }, body: "{not json" });
    const error = field(json(refused.body), "error");
    if (refused.status !== 400 || field(error, "field") !== "body") fail(`a malformed body answered ${refused.status} ${refused.body.slice(0, 200)}; expected 400 with error.field "body"`);
    return `202 for event ${id}, 400 ${String(field(error, "code"))} for a malformed body`;
  },
};

const corsPreflight: Check = {
  name: "cors-preflight",
  description: "OPTIONS /events from the configured origin is allowed (Access-Control-Allow-Origin, POST, content-type)",
  async run(c) {
    const res = await c.transport.http({
      method: "OPTIONS",
      url: c.rest("/events"),
      headers: { origin: c.origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
    });
    const allowOrigin = res.headers["access-control-allow-origin"];
    if (res.status < 200 || res.status > 299) fail(`the preflight from ${c.origin} answered ${res.status}`);
    if (allowOrigin !== "*" && allowOrigin !== c.origin) fail(`the preflight from ${c.origin} got Access-Control-Allow-Origin ${JSON.stringify(allowOrigin ?? null)}; the stack's cors.allowOrigins must include it (or pass --origin)`);
    const methods = (res.headers["access-control-allow-methods"] ?? "").toUpperCase();
    if (!/\bPOST\b|\*/.test(methods)) fail(`Access-Control-Allow-Methods ${JSON.stringify(methods)} does not allow POST`);
    const headers = (res.headers["access-control-allow-headers"] ?? "").toLowerCase();
    if (!/content-type|\*/.test(headers)) fail(`Access-Control-Allow-Headers ${JSON.stringify(headers)} does not allow content-type`);
    return `${res.status}, origin ${allowOrigin}, methods ${methods}`;
  },
};

const webSocketConnect: Check = {
  name: "websocket-connect",
  description: "a client connects (negotiating first on Web PubSub) and gets a pong for a ping",
  async run(c) {
    const socket = await c.connect();
    try {
      socket.send(JSON.stringify({ action: "ping" }));
      await socket.next(isFrame("pong"), c.timeoutMs);
      return "connected, ping -> pong";
    } finally {
      socket.close();
    }
  },
};

const subscribePublish: Check = {
  name: "websocket-subscribe-publish",
  description: "a publish to a topic reaches its subscriber; the publisher learns how many got it",
  async run(c) {
    const topic = `verify-${c.tag}`;
    const [subscriber, publisher] = [await c.connect(), await c.connect()];
    try {
      subscriber.send(JSON.stringify({ action: "subscribe", topic }));
      await subscriber.next(isFrame("subscribed", (f) => field(f, "topic") === topic), c.timeoutMs);
      publisher.send(JSON.stringify({ action: "publish", topic, payload: { tag: c.tag } }));
      await subscriber.next(isFrame("message", (f) => field(f, "topic") === topic && field(field(f, "payload"), "tag") === c.tag), c.timeoutMs);
      const published = await publisher.next(isFrame("published"), c.timeoutMs);
      if (field(published, "delivered") !== 1) fail(`the publisher got ${JSON.stringify(published)}; expected delivered: 1`);
      return `topic ${topic}: delivered to 1 subscriber`;
    } finally {
      subscriber.close();
      publisher.close();
    }
  },
};

const dispatchPush: Check = {
  name: "dispatch-push",
  description: "POST /api/automation/dispatch pushes automation.requested to the extension's subscribers",
  async run(c) {
    const topic = `verify-ext-${c.tag}`;
    const extension = await c.connect();
    try {
      extension.send(JSON.stringify({ action: "subscribe", topic }));
      await extension.next(isFrame("subscribed"), c.timeoutMs);
      const res = await c.call({ method: "POST", path: "/api/automation/dispatch", headers: { "content-type": "application/json" }, body: JSON.stringify({ extensionId: topic, action: "verify", payload: { tag: c.tag } }) });
      if (res.status === 404) skip("the app has no POST /api/automation/dispatch (404)");
      const code = field(field(json(res.body), "error"), "code");
      if (res.status === 503 && code === "PUSH_UNAVAILABLE") skip(`the REST app cannot push here (503 PUSH_UNAVAILABLE): ${res.body.slice(0, 160)}`);
      if (res.status !== 202) fail(`POST /api/automation/dispatch answered ${res.status}: ${res.body.slice(0, 200)}`);
      const requestId = field(json(res.body), "requestId");
      await extension.next(isFrame("automation.requested", (f) => field(f, "requestId") === requestId && field(field(f, "payload"), "tag") === c.tag), c.timeoutMs);
      return `202, request ${String(requestId)} pushed to the subscriber`;
    } finally {
      extension.close();
    }
  },
};

const refusal: Check = {
  name: "websocket-refusal",
  description: "handshakes the app cannot accept are refused: a required subprotocol it does not speak; on Web PubSub, no access token; with auth, no token",
  async run(c) {
    const details: string[] = [];
    if (c.auth?.webSocket) details.push(await anonymousRefused(c));
    if (c.auth?.webSocket && !c.hasToken) return [...details, "the subprotocol probe needs a token (not run)"].join("; ");
    const unsupported = await c.tryConnect(undefined, ["semantest.verify.unsupported"]);
    if (unsupported.ok) {
      unsupported.session.close();
      fail("a client requiring the subprotocol semantest.verify.unsupported was connected; the app's $connect / connect handler never returns it");
    }
    details.push(`required subprotocol refused (${unsupported.reason})`);
    if (c.endpoints.webSocket.kind === "negotiate") {
      const url = await c.negotiate();
      const bare = new URL(url);
      bare.searchParams.delete("access_token");
      const opening = await c.transport.openSocket(bare.toString());
      if (opening.ok) {
        opening.session.close();
        fail("a Web PubSub client without access_token was connected");
      }
      if (opening.status !== 401) fail(`a Web PubSub client without access_token got ${opening.status ?? opening.reason}; expected 401`);
      details.push("no access_token: 401");
    }
    return details.join("; ");
  },
};

/** With auth on the WebSocket: a client without a token is refused with 401 (`$connect` authorizer, or negotiate). */
async function anonymousRefused(c: CheckContext): Promise<string> {
  if (c.endpoints.webSocket.kind === "negotiate") {
    const res = await c.transport.http({ method: "GET", url: c.endpoints.webSocket.url });
    if (res.status !== 401) fail(`negotiate without a token answered ${res.status}; expected 401 (the stack's auth protects the WebSocket)`);
    return "negotiate without a token: 401";
  }
  const opening = await c.tryConnect(undefined, undefined, true);
  if (opening.ok) {
    opening.session.close();
    fail("a WebSocket client without a token was connected, though the stack's auth protects $connect (is the $connect authorizer deployed?)");
  }
  if (opening.status !== 401) fail(`a WebSocket client without a token got ${opening.status ?? opening.reason}; expected 401 from the $connect authorizer`);
  return "no token: 401";
}

const limits: Check = {
  name: "limits",
  description: "a message above 128 KB is refused (API Gateway closes with 1009; the relay answers MESSAGE_TOO_LARGE) and nothing else breaks",
  async run(c) {
    const socket = await c.connect();
    try {
      socket.send(JSON.stringify({ action: "publish", topic: `verify-${c.tag}`, payload: "x".repeat(130 * 1024) }));
      const closed = socket.closed(c.timeoutMs).then((close) => (close ? `closed with ${close.code}` : undefined));
      // The error frame, unless the connection closes first (then the close code is the answer).
      const errorFrame = socket.next(isFrame("error", (f) => field(f, "code") === "MESSAGE_TOO_LARGE"), c.timeoutMs).then(
        () => "MESSAGE_TOO_LARGE error frame",
        () => closed,
      );
      const outcome = await Promise.race([errorFrame, closed]);
      if (outcome === undefined) fail("a 130 KB message got neither an error frame nor a close");
      if (outcome.startsWith("closed") && outcome !== "closed with 1009") fail(`a 130 KB message ${outcome}; expected 1009 (message too big) or a MESSAGE_TOO_LARGE error frame`);
      return `130 KB message: ${outcome}`;
    } finally {
      socket.close();
    }
  },
};

/**
 * With auth on the REST API: a protected route refuses an anonymous call and a forged token with
 * 401 (the authorizer is there and verifies signatures). The probe is a malformed `POST /events`
 * (or another protected route): should it ever get through, the app refuses it, so nothing is written.
 */
const authRefusal: Check = {
  name: "auth",
  description: "a protected route refuses a call without a token, and one with a forged token, with 401",
  async run(c) {
    const probe = [
      { method: "POST", path: "/events" },
      { method: "GET", path: "/health" },
      { method: "GET", path: `/verify-auth-${c.tag}` },
    ].find((p) => restNeedsToken(c.auth, p.method, p.path)?.needed);
    if (!probe) skip("every route the suite probes is public in the stack's auth");
    const request = { ...probe, headers: { "content-type": "application/json" }, body: probe.method === "POST" ? "{not json" : undefined };
    const anonymous = await c.call({ ...request, token: "none" });
    const route = `${probe.method} ${probe.path}`;
    if (anonymous.status !== 401) fail(`${route} without a token answered ${anonymous.status}${anonymous.status < 400 ? ", though the stack's auth protects it: the route is open" : ""}; expected 401`);
    const details = [`${route} without a token: 401`];
    if (c.hasToken) {
      const forged = await c.call({ ...request, token: "forged" });
      if (forged.status !== 401) fail(`${route} with a forged token (signature changed) answered ${forged.status}; expected 401: the authorizer must verify signatures`);
      details.push("with a forged token: 401");
    }
    return details.join("; ");
  },
};

export const CONTRACT_CHECKS: readonly Check[] = [health, restRoundTrip, corsPreflight, webSocketConnect, subscribePublish, dispatchPush, refusal, limits];

/** The suite for a stack: with REST auth, the `auth` check runs after `health`. */
export function contractChecks(auth: VerifyAuth | undefined): readonly Check[] {
  return auth?.rest ? [health, authRefusal, ...CONTRACT_CHECKS.slice(1)] : CONTRACT_CHECKS;
}


/** The negotiate step of a Web PubSub client: `{ url }` from the negotiate endpoint (with `headers`: the token). */
export async function negotiate(c: Pick<CheckContext, "transport" | "endpoints">, query = "", headers?: Readonly<Record<string, string>>): Promise<string> {
  const res = await c.transport.http({ method: "GET", url: `${c.endpoints.webSocket.url}${query}`, ...(headers ? { headers } : {}) });
  const url = field(json(res.body), "url");
  if (headers && (res.status === 401 || res.status === 403)) fail(`negotiate (${c.endpoints.webSocket.url}) refused the token: ${res.status} ${res.headers["www-authenticate"] ?? res.body.slice(0, 120)}`);
  if (res.status !== 200 || typeof url !== "string") fail(`negotiate (${c.endpoints.webSocket.url}) answered ${res.status}: ${res.body.slice(0, 200)}`);
  return url as string;
}
