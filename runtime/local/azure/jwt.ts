/** HS256 JWTs as Web PubSub uses them (client access tokens, service REST API tokens) and the upstream signature. */
import { createHmac, timingSafeEqual } from "crypto";

/** base64url without padding. */
export function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString("base64").replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
}

/** Signs an HS256 JWT (what the service's clients and the SDK do with the access key). */
export function signJwt(claims: Record<string, unknown>, key: string): string {
  const head = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const body = b64url(JSON.stringify(claims));
  return `${head}.${body}.${b64url(createHmac("sha256", key).update(`${head}.${body}`).digest())}`;
}

/** Verifies an HS256 JWT's signature and expiry; returns its claims or why it is refused. */
export function verifyJwt(token: string, key: string, now = Date.now()): { ok: true; claims: Record<string, unknown> } | { ok: false; reason: string } {
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, reason: "the token is not a JWT" };
  const [head, body, signature] = parts as [string, string, string];
  let header: { alg?: string };
  let claims: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(head, "base64url").toString("utf8"));
    claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "the token is not valid JSON" };
  }
  if (typeof header !== "object" || header === null || typeof claims !== "object" || claims === null || Array.isArray(claims)) return { ok: false, reason: "the token's header or claims are not JSON objects" };
  if (header.alg !== "HS256") return { ok: false, reason: `alg ${JSON.stringify(header.alg)} is not HS256` };
  const expected = Buffer.from(b64url(createHmac("sha256", key).update(`${head}.${body}`).digest()));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "the token's signature does not match the access key" };
  if (typeof claims.exp === "number" && claims.exp * 1000 < now) return { ok: false, reason: "the token has expired" };
  return { ok: true, claims };
}

export function cloudEventSignature(connectionId: string, accessKey: string): string {
  return `sha256=${createHmac("sha256", accessKey).update(connectionId).digest("hex")}`;
}

