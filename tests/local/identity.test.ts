/**
 * The local managed identity (runtime/local/azure/identity.ts): the App Service identity protocol
 * (header secret, api-version, resource), and the emulator accepting its tokens on the service
 * REST API only with Web PubSub's audience, over the TLS front.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { randomBytes } from "crypto";
import { startLocalIdentity, WEB_PUBSUB_RESOURCE, type LocalIdentity } from "../../runtime/local/azure/identity";
import { signJwt } from "../../runtime/local/azure/jwt";
import { WebPubSubEmulator } from "../../runtime/local/azure/web-pubsub";

let dir: string;
let identity: LocalIdentity;
let service: WebPubSubEmulator;
let ca: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "local-identity-"));
  identity = await startLocalIdentity(dir, (req, res) => service.handleRest(req, res));
  service = new WebPubSubEmulator({ accessKey: randomBytes(32).toString("base64"), identityKey: identity.key, eventHandlers: {} });
  ca = fs.readFileSync(identity.env.NODE_EXTRA_CA_CERTS!, "utf8");
});
afterAll(async () => {
  await identity.close();
  await service.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function token(resource: string, header = identity.env.IDENTITY_HEADER!, apiVersion = "2019-08-01"): Promise<{ status: number; body: Record<string, string> }> {
  const res = await fetch(`${identity.env.IDENTITY_ENDPOINT}?resource=${encodeURIComponent(resource)}&api-version=${apiVersion}`, { headers: { "X-IDENTITY-HEADER": header } });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

/** The service REST API over the TLS front, trusting only the gateway's own certificate. */
async function callService(bearer: string): Promise<number> {
  const https = await import("https");
  return new Promise((resolve, reject) => {
    const req = https.request(`${identity.serviceEndpoint}/api/hubs/semantest/:send?api-version=2024-01-01`, { method: "POST", ca, headers: { authorization: `Bearer ${bearer}`, "content-type": "text/plain" } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end("hello");
  });
}

describe("the local managed identity", () => {
  it("answers the App Service protocol: a token for the resource asked for, expiring in an hour", async () => {
    const answer = await token(WEB_PUBSUB_RESOURCE);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ resource: WEB_PUBSUB_RESOURCE, token_type: "Bearer" });
    const claims = JSON.parse(Buffer.from(answer.body.access_token!.split(".")[1]!, "base64url").toString("utf8"));
    expect(claims.aud).toBe(WEB_PUBSUB_RESOURCE);
    expect(Number(answer.body.expires_on) - Math.floor(Date.now() / 1000)).toBeGreaterThan(3500);
  });

  it("refuses a wrong X-IDENTITY-HEADER (401) and a missing api-version (400)", async () => {
    expect((await token(WEB_PUBSUB_RESOURCE, "guess")).status).toBe(401);
    expect((await token(WEB_PUBSUB_RESOURCE, undefined, "2017-09-01")).status).toBe(400);
  });

  it("the emulator takes its Web PubSub tokens over TLS, and refuses other audiences and other keys", async () => {
    expect(await callService((await token(WEB_PUBSUB_RESOURCE)).body.access_token!)).toBe(202);
    expect(await callService((await token("https://vault.azure.net")).body.access_token!)).toBe(401);
    expect(await callService(signJwt({ aud: WEB_PUBSUB_RESOURCE, exp: Math.floor(Date.now() / 1000) + 60 }, "not-the-identity-key"))).toBe(401);
  });
});
