/**
 * Managed identity for the local Function Apps, so the REST app's deployed push code (runtime/azure/
 * push.ts: WebPubSubServiceClient with ManagedIdentityCredential, no key) runs unchanged:
 *
 * - an App Service managed identity endpoint on 127.0.0.1 (`GET $IDENTITY_ENDPOINT?resource=…&
 *   api-version=2019-08-01` with the `X-IDENTITY-HEADER` secret, answering `{access_token,
 *   expires_on, resource, token_type}`: Microsoft Learn, "How to use managed identities for App
 *   Service and Azure Functions", REST endpoint reference) that mints HS256 tokens with a per-run
 *   identity key, audience = the resource asked for;
 * - a TLS front for the emulated service's REST API: the Azure SDK refuses bearer tokens over plain
 *   http ("Bearer token authentication is not permitted for non-TLS protected (non-https) URLs",
 *   @azure/core-rest-pipeline bearerTokenAuthenticationPolicy), so the app calls
 *   `https://127.0.0.1:<port>` with a self-signed certificate its process trusts through
 *   NODE_EXTRA_CA_CERTS (made with the `openssl` command, as the push tests do).
 */
import { execFileSync } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as http from "http";
import * as https from "https";
import type { AddressInfo } from "net";
import * as path from "path";
import { signJwt } from "./jwt";

/** The audience Microsoft Entra ID gives Web PubSub tokens (`https://webpubsub.azure.com/.default` scope). */
export const WEB_PUBSUB_RESOURCE = "https://webpubsub.azure.com";
export const IDENTITY_API_VERSION = "2019-08-01";

export interface LocalIdentity {
  /** Verifies tokens it minted: the emulator's `identityKey`. */
  readonly key: string;
  /** IDENTITY_ENDPOINT, IDENTITY_HEADER and NODE_EXTRA_CA_CERTS for a function's environment. */
  readonly env: Record<string, string>;
  /** `https://127.0.0.1:<port>`: the service REST API behind TLS. */
  readonly serviceEndpoint: string;
  /**
   * The TLS front itself, to serve WebSocket upgrades on it too (the emulated service without local
   * auth: its endpoint is this front, so the client URLs `getClientAccessToken` builds are `wss://` to it).
   */
  readonly front: https.Server;
  close(): Promise<void>;
}

/**
 * Starts the identity endpoint and the TLS front (`serve` answers the REST requests; false = 404).
 * Throws when no certificate can be made (no `openssl`): the caller says push is unavailable.
 */
export async function startLocalIdentity(workDir: string, serve: (req: http.IncomingMessage, res: http.ServerResponse) => boolean): Promise<LocalIdentity> {
  const tls = localCertificate(workDir);
  const key = randomBytes(32).toString("base64");
  const header = randomBytes(16).toString("hex");
  const identity = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (req.headers["x-identity-header"] !== header) return void res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: "unauthorized", error_description: "X-IDENTITY-HEADER is missing or wrong" }));
    const resource = url.searchParams.get("resource");
    if (!resource || url.searchParams.get("api-version") !== IDENTITY_API_VERSION) {
      return void res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ error: "invalid_request", error_description: `resource and api-version=${IDENTITY_API_VERSION} are required` }));
    }
    const now = Math.floor(Date.now() / 1000);
    const expires = now + 3600;
    const token = signJwt({ aud: resource, iss: "semantest-iac local identity", sub: "local-function-app", iat: now, nbf: now, exp: expires }, key);
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ access_token: token, expires_on: String(expires), resource, token_type: "Bearer", client_id: "00000000-0000-0000-0000-00000000100c" }));
  });
  const front = https.createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    if (!serve(req, res)) res.writeHead(404).end();
  });
  const [identityPort, frontPort] = await Promise.all([listen(identity), listen(front)]);
  return {
    key,
    env: { IDENTITY_ENDPOINT: `http://127.0.0.1:${identityPort}/msi/token`, IDENTITY_HEADER: header, NODE_EXTRA_CA_CERTS: tls.certFile },
    serviceEndpoint: `https://127.0.0.1:${frontPort}`,
    front,
    async close() {
      for (const server of [identity, front]) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}

/** A self-signed certificate for 127.0.0.1 / localhost, one per gateway run, in its work directory. */
export function localCertificate(workDir: string): { key: string; cert: string; certFile: string } {
  const dir = path.join(workDir, "tls");
  fs.mkdirSync(dir, { recursive: true });
  const keyFile = path.join(dir, "key.pem");
  const certFile = path.join(dir, "cert.pem");
  if (!fs.existsSync(certFile)) {
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", keyFile, "-out", certFile, "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"], { stdio: "ignore" });
  }
  return { key: fs.readFileSync(keyFile, "utf8"), cert: fs.readFileSync(certFile, "utf8"), certFile };
}

async function listen(server: http.Server | https.Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  return (server.address() as AddressInfo).port;
}
