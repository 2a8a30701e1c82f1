/**
 * Local recorders of the services a REST function reads its credentials from, speaking their
 * documented wire protocols so the real SDK clients run unchanged:
 *
 * - Secrets Manager (AWS JSON 1.1: `POST /` with `X-Amz-Target: secretsmanager.GetSecretValue`);
 * - App Service's managed identity endpoint (`GET $IDENTITY_ENDPOINT?resource=..&api-version=2019-08-01`
 *   with `X-IDENTITY-HEADER`), which Functions hosts expose to @azure/identity;
 * - Key Vault secrets (`GET /secrets/{name}/{version}?api-version=..`: an unauthenticated call gets
 *   401 with a `WWW-Authenticate: Bearer ... resource=...` challenge, as the service answers).
 *
 * Each records who asked for what (the SigV4 access key id, the bearer token, the resource).
 */
import * as http from "http";
import * as https from "https";
import type { AddressInfo } from "net";
import { selfSignedCertificate } from "./tls";

export interface Recorded {
  readonly path: string;
  readonly target?: string;
  readonly body?: unknown;
  readonly auth?: string;
}

async function listen(server: http.Server | https.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}
const closer = (server: http.Server | https.Server) => () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });
}

/** The access key id a SigV4 `Authorization` header was signed with. */
export function sigV4KeyId(header: string | undefined): string | undefined {
  return /Credential=([^/]+)\//.exec(header ?? "")?.[1];
}

export interface SecretsManagerRecorder {
  readonly url: string;
  readonly calls: Recorded[];
  close(): Promise<void>;
}

export async function startSecretsManager(secrets: Readonly<Record<string, string>>): Promise<SecretsManagerRecorder> {
  const calls: Recorded[] = [];
  const server = http.createServer(async (req, res) => {
    const text = await readBody(req);
    const target = String(req.headers["x-amz-target"] ?? "");
    const body = JSON.parse(text || "{}") as { SecretId?: string };
    calls.push({ path: req.url ?? "", target, body, auth: sigV4KeyId(req.headers.authorization) });
    const reply = (status: number, value: object, type?: string) => res.writeHead(status, { "content-type": "application/x-amz-json-1.1", ...(type ? { "x-amzn-errortype": type } : {}) }).end(JSON.stringify(value));
    if (target !== "secretsmanager.GetSecretValue") return reply(400, { __type: "UnknownOperationException", message: target }, "UnknownOperationException");
    const value = body.SecretId ? secrets[body.SecretId] : undefined;
    if (value === undefined) return reply(400, { __type: "ResourceNotFoundException", message: "Secrets Manager can't find the specified secret." }, "ResourceNotFoundException");
    return reply(200, { ARN: body.SecretId, Name: body.SecretId!.split(":").pop(), SecretString: value, VersionId: "v1", VersionStages: ["AWSCURRENT"], CreatedDate: 1795366800 });
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, calls, close: closer(server) };
}

export interface IdentityRecorder {
  /** IDENTITY_ENDPOINT / IDENTITY_HEADER for the function's environment. */
  readonly env: Record<string, string>;
  /** Resources tokens were asked for, in order. */
  readonly resources: string[];
  close(): Promise<void>;
}

export const IDENTITY_HEADER = "identity-header-for-tests";

/** `tokenFor(resource)` mints the access token the managed identity hands out for that resource. */
export async function startManagedIdentity(tokenFor: (resource: string) => string): Promise<IdentityRecorder> {
  const resources: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (req.headers["x-identity-header"] !== IDENTITY_HEADER) return void res.writeHead(401).end();
    const resource = url.searchParams.get("resource") ?? "";
    resources.push(resource);
    const expires = Math.floor(Date.now() / 1000) + 3600;
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ access_token: tokenFor(resource), expires_on: String(expires), resource, token_type: "Bearer", client_id: "00000000-0000-0000-0000-0000000000f1" }));
  });
  const port = await listen(server);
  return { env: { IDENTITY_ENDPOINT: `http://127.0.0.1:${port}/msi/token`, IDENTITY_HEADER }, resources, close: closer(server) };
}

export interface KeyVaultRecorder {
  /** `https://vault.localhost:<port>` */
  readonly vaultUrl: string;
  readonly calls: Recorded[];
  close(): Promise<void>;
}

/**
 * `challengeResource` is what the 401 challenge names. Key Vault names `https://vault.azure.net`
 * and the SDK checks that the vault's host ends with `.vault.azure.net`; here the vault is
 * `vault.localhost` (see resolveLocalhostNames) and the challenge names `https://localhost`.
 */
export async function startKeyVault(secrets: Readonly<Record<string, string>>, acceptToken: string, challengeResource = "https://localhost"): Promise<KeyVaultRecorder> {
  const calls: Recorded[] = [];
  const server = https.createServer(selfSignedCertificate(), (req, res) => {
    const url = new URL(req.url ?? "/", "https://127.0.0.1");
    const auth = req.headers.authorization;
    calls.push({ path: url.pathname, auth });
    if (auth !== `Bearer ${acceptToken}`) {
      res.writeHead(401, { "www-authenticate": `Bearer authorization="https://login.microsoftonline.com/00000000-0000-0000-0000-00000000000a", resource="${challengeResource}"` });
      return void res.end(JSON.stringify({ error: { code: "Unauthorized", message: "AKV10000: Request is missing a Bearer or PoP token." } }));
    }
    const match = /^\/secrets\/([^/]+)\/?([^/]*)$/.exec(url.pathname);
    const value = match ? secrets[match[1]] : undefined;
    if (value === undefined) return void res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "SecretNotFound", message: "not found" } }));
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ value, id: `https://127.0.0.1/secrets/${match![1]}/0123456789abcdef0123456789abcdef`, attributes: { enabled: true, created: 1795366800, updated: 1795366800, recoveryLevel: "Recoverable" } }));
  });
  const port = await listen(server);
  return { vaultUrl: `https://vault.localhost:${port}`, calls, close: closer(server) };
}

/** A TLS front for a plain-HTTP fake (the Web PubSub fake), so identity-based clients can call it. */
export async function startTlsProxy(target: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = https.createServer(selfSignedCertificate(), async (req, res) => {
    const body = await readBody(req);
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k, v]) => typeof v === "string" && k !== "host" && k !== "content-length")) as Record<string, string>;
    const response = await fetch(`${target}${req.url ?? "/"}`, { method: req.method, headers, body: req.method === "GET" || req.method === "HEAD" ? undefined : body });
    const out: Record<string, string> = {};
    response.headers.forEach((value, key) => { if (key !== "content-length" && key !== "transfer-encoding") out[key] = value; });
    res.writeHead(response.status, out).end(Buffer.from(await response.arrayBuffer()));
  });
  const port = await listen(server);
  return { url: `https://127.0.0.1:${port}`, close: closer(server) };
}

/**
 * Makes `*.localhost` resolve to 127.0.0.1 in this process (RFC 6761 reserves the name for
 * loopback; this machine's resolver does not apply it): Node's sockets look names up through
 * `dns.lookup` at connect time. Returns the undo.
 */
export function resolveLocalhostNames(): () => void {
  const dns = require("dns") as typeof import("dns") & { lookup: (...args: unknown[]) => void };
  const original = dns.lookup;
  dns.lookup = ((hostname: string, ...rest: unknown[]) => {
    if (typeof hostname === "string" && hostname.endsWith(".localhost")) {
      const callback = rest[rest.length - 1] as (error: null, address: unknown, family?: number) => void;
      const options = rest.length > 1 ? rest[0] : undefined;
      const all = typeof options === "object" && options !== null && (options as { all?: boolean }).all;
      return all ? callback(null, [{ address: "127.0.0.1", family: 4 }]) : callback(null, "127.0.0.1", 4);
    }
    return (original as (...args: unknown[]) => void)(hostname, ...rest);
  }) as typeof dns.lookup;
  return () => {
    dns.lookup = original;
  };
}
