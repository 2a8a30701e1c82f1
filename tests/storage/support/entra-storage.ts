/**
 * A deployment storage account with shared keys off, on 127.0.0.1:
 *
 * - Azurite (npm `azurite`, Microsoft's emulator) with `--oauth basic` over HTTPS (`--cert/--key`;
 *   Azurite refuses bearer tokens over HTTP: "Authentication scheme Bearer is not allowed with
 *   HTTP", azurite/dist/src/blob/authentication/BlobTokenAuthenticator.js). It checks a token's
 *   lifetime, issuer and audience (not its signature), issues user delegation keys and verifies
 *   user delegation SAS; it has no switch for `allowSharedKeyAccess` and always accepts the key;
 * - so a TLS front in front of it enforces what the service does with `allowSharedKeyAccess: false`
 *   ("Prevent Shared Key authorization for an Azure Storage account": Shared Key requests fail with
 *   403, service and account SAS are denied, user delegation SAS is permitted) with the service's
 *   error `KeyBasedAuthenticationNotPermitted`, can refuse bearer requests with
 *   `AuthorizationPermissionMismatch` (a role that has not propagated), and records every request.
 */
import { spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as https from "https";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { selfSignedCertificate } from "../../push/support/tls";

export const ACCOUNT = "devstoreaccount1";
/** The emulator's well-known key (Microsoft Learn, "Use the Azurite emulator"): what `listKeys` would hand out. */
export const ACCOUNT_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
export const TENANT_ID = "11111111-2222-3333-4444-555555555555";
export const DEPLOYER_OBJECT_ID = "00000000-0000-0000-0000-0000000000b1";

/** How a recorded request was authorized. */
export type AuthKind = "bearer" | "shared-key" | "user-delegation-sas" | "key-sas" | "anonymous";

export interface StorageRequest {
  readonly method: string;
  readonly path: string;
  readonly auth: AuthKind;
  readonly status: number;
  readonly errorCode?: string;
}

export interface EntraStorage {
  /** `https://127.0.0.1:<front>/devstoreaccount1`: the account as clients see it. */
  readonly blobEndpoint: string;
  /** Azurite itself, past the front (shows what the emulator alone accepts). */
  readonly azuriteEndpoint: string;
  readonly requests: StorageRequest[];
  /** The account's `allowSharedKeyAccess: false`. Default true. */
  sharedKeyOff: boolean;
  /** Refuse this many bearer requests more with 403 AuthorizationPermissionMismatch. */
  refuseBearer: number;
  stop(): Promise<void>;
}

export function authKind(headers: Record<string, string | string[] | undefined>, query: URLSearchParams): AuthKind {
  const authorization = String(headers.authorization ?? "");
  if (/^Bearer /i.test(authorization)) return "bearer";
  if (/^SharedKey(Lite)? /i.test(authorization)) return "shared-key";
  if (query.has("sig")) return query.has("skoid") ? "user-delegation-sas" : "key-sas";
  return "anonymous";
}

/** The Blob service's error answer (an XML body, and `x-ms-error-code` for HEAD, which has none). */
function refuse(res: import("http").ServerResponse, method: string, code: string, message: string): void {
  res.writeHead(403, { "content-type": "application/xml", "x-ms-error-code": code });
  res.end(method === "HEAD" ? undefined : `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`azurite exited with code ${child.exitCode} before listening`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => (socket.destroy(), resolve(true)));
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`azurite did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function startEntraStorage(): Promise<EntraStorage> {
  const tls = selfSignedCertificate();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "entra-storage-"));
  fs.writeFileSync(path.join(dir, "cert.pem"), tls.cert);
  fs.writeFileSync(path.join(dir, "key.pem"), tls.key);
  const azuritePort = await freePort();
  const main = require.resolve("azurite/dist/src/blob/main.js");
  const child = spawn(
    process.execPath,
    [main, "--blobHost", "127.0.0.1", "--blobPort", String(azuritePort), "--inMemoryPersistence", "--silent", ...(process.env.AZURITE_DEBUG ? ["--debug", process.env.AZURITE_DEBUG] : []), "--skipApiVersionCheck", "--oauth", "basic", "--cert", path.join(dir, "cert.pem"), "--key", path.join(dir, "key.pem")],
    { stdio: "ignore" },
  );
  await waitForPort(azuritePort, child, 20_000);

  const state = { sharedKeyOff: true, refuseBearer: 0 };
  const requests: StorageRequest[] = [];
  const front = https.createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    const url = new URL(req.url ?? "/", "https://127.0.0.1");
    const auth = authKind(req.headers, url.searchParams);
    const record = (status: number, errorCode?: string) => requests.push({ method: req.method ?? "", path: url.pathname, auth, status, ...(errorCode ? { errorCode } : {}) });
    if (state.sharedKeyOff && (auth === "shared-key" || auth === "key-sas")) {
      record(403, "KeyBasedAuthenticationNotPermitted");
      return refuse(res, req.method ?? "", "KeyBasedAuthenticationNotPermitted", "Key based authentication is not permitted on this storage account.");
    }
    if (auth === "bearer" && state.refuseBearer > 0) {
      state.refuseBearer -= 1;
      record(403, "AuthorizationPermissionMismatch");
      return refuse(res, req.method ?? "", "AuthorizationPermissionMismatch", "This request is not authorized to perform this operation using this permission.");
    }
    const upstream = https.request(
      { host: "127.0.0.1", port: azuritePort, method: req.method, path: req.url, headers: { ...req.headers, host: `127.0.0.1:${azuritePort}` }, ca: [tls.cert] },
      (answer) => {
        record(answer.statusCode ?? 0, String(answer.headers["x-ms-error-code"] ?? "") || undefined);
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", (error) => {
      record(502);
      res.writeHead(502).end(String(error));
    });
    req.pipe(upstream);
  });
  const frontPort = await new Promise<number>((resolve) => front.listen(0, "127.0.0.1", () => resolve((front.address() as net.AddressInfo).port)));

  return {
    blobEndpoint: `https://127.0.0.1:${frontPort}/${ACCOUNT}`,
    azuriteEndpoint: `https://127.0.0.1:${azuritePort}/${ACCOUNT}`,
    requests,
    get sharedKeyOff() {
      return state.sharedKeyOff;
    },
    set sharedKeyOff(value: boolean) {
      state.sharedKeyOff = value;
    },
    get refuseBearer() {
      return state.refuseBearer;
    },
    set refuseBearer(value: number) {
      state.refuseBearer = value;
    },
    async stop() {
      front.closeAllConnections();
      await new Promise<void>((resolve) => front.close(() => resolve()));
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill();
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/**
 * The deploying identity as `@azure/identity` would hand it out: an Entra-shaped token (issuer
 * `https://sts.windows.net/<tenant>/`, `oid`, `tid`) for whatever scope is asked, and the scopes asked.
 */
export function deployerCredential(): TokenCredential & { readonly scopes: string[] } {
  const scopes: string[] = [];
  return {
    scopes,
    async getToken(scope: string | string[]): Promise<AccessToken> {
      const asked = Array.isArray(scope) ? scope : [scope];
      scopes.push(...asked);
      const now = Math.floor(Date.now() / 1000);
      const audience = asked[0]!.replace(/\/\.default$/, "");
      const claims = { aud: audience, iss: `https://sts.windows.net/${TENANT_ID}/`, oid: DEPLOYER_OBJECT_ID, tid: TENANT_ID, iat: now - 60, nbf: now - 60, exp: now + 3600 };
      return { token: `${b64url({ alg: "RS256", typ: "JWT" })}.${b64url(claims)}.c2lnbmF0dXJl`, expiresOnTimestamp: (now + 3600) * 1000 };
    },
  };
}
