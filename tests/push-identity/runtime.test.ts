/**
 * REST on AWS -> Web PubSub without a key, end to end on loopback with the official clients:
 * @aws-sdk/client-sts GetWebIdentityToken against the local STS, @azure/identity's
 * ClientAssertionCredential against the local Entra ID, @azure/web-pubsub against the emulator,
 * and a connected @azure/web-pubsub-client receiving the push.
 */
import { STSClient } from "@aws-sdk/client-sts";
import { WebPubSubClient } from "@azure/web-pubsub-client";
import { decodeJwt } from "jose";
import { federatedCredential, stsAssertion } from "../../runtime/aws/push-federation";
import { webPubSubConnectionsWithIdentity } from "../../runtime/azure/web-pubsub-client";
import { trustTestCertificate } from "../push/support/tls";
import { awsRestSide } from "../push/support/topologies";
import { CLIENT_ID, HUB, lambdaEnv, ROLE_ARN, ROLE_KEY, startRig, TENANT_ID, type Rig } from "./support";

jest.setTimeout(30_000);

let untrust: () => void;
beforeAll(() => {
  untrust = trustTestCertificate();
});
afterAll(() => untrust());

const sts = (rig: Rig, accessKeyId = ROLE_KEY) => new STSClient({ region: "us-east-1", endpoint: rig.sts.endpoint, credentials: { accessKeyId, secretAccessKey: "rest-role-secret" } });

async function connectClient(rig: Rig): Promise<{ client: WebPubSubClient; id: string; received: unknown[] }> {
  const client = new WebPubSubClient((await rig.admin.getClientAccessToken({ userId: "ext-user" })).url);
  const received: unknown[] = [];
  client.on("server-message", (e) => received.push(e.message.data));
  const connected = new Promise<string>((resolve) => client.on("connected", (e) => resolve(e.connectionId)));
  await client.start();
  return { client, id: await connected, received };
}

async function eventually<T>(read: () => T, ok: (value: T) => boolean, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = read();
    if (ok(value) || Date.now() > end) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("the STS web identity token", () => {
  it("is a JWT for the Lambda's role, for Entra's audience, RS256, 300 s, from the account's issuer", async () => {
    const rig = await startRig();
    try {
      const token = await stsAssertion(sts(rig));
      const claims = decodeJwt(token);
      expect(claims).toMatchObject({ iss: rig.sts.issuer, sub: ROLE_ARN, aud: "api://AzureADTokenExchange" });
      expect(claims.exp! - claims.iat!).toBe(300);
      expect(JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString())).toMatchObject({ alg: "RS256" });
      expect(rig.sts.calls).toEqual([{ principal: ROLE_ARN, audience: ["api://AzureADTokenExchange"], status: 200 }]);
    } finally {
      await rig.close();
    }
  });

  it("is asked of the function region's STS endpoint, never the global one (which does not serve it)", async () => {
    for (const region of ["us-east-1", "eu-west-1"]) {
      const hosts: string[] = [];
      const handler = { handle: async (request: { hostname: string }) => { hosts.push(request.hostname); throw Object.assign(new Error("recorded"), { name: "Recorded" }); } };
      const client = new STSClient({ region, credentials: { accessKeyId: ROLE_KEY, secretAccessKey: "x" }, requestHandler: handler as never, maxAttempts: 1 });
      await expect(stsAssertion(client)).rejects.toThrow(/Recorded/);
      expect(hosts).toEqual([`sts.${region}.amazonaws.com`]);
    }
  });

  it("is refused to an unknown caller, with a clear error", async () => {
    const rig = await startRig();
    try {
      await expect(stsAssertion(sts(rig, "AKIASOMEONEELSE00000"))).rejects.toThrow(/sts:GetWebIdentityToken failed \(InvalidClientTokenId/);
    } finally {
      await rig.close();
    }
  });
});

describe("what the account or the role lacks is said plainly", () => {
  it("an account without outbound identity federation: the one-time command to run", async () => {
    const rig = await startRig({}, { federationEnabled: false });
    try {
      await expect(stsAssertion(sts(rig))).rejects.toThrow("sts:GetWebIdentityToken failed (OutboundWebIdentityFederationDisabledException: Outbound web identity federation is disabled for this account): the AWS account has not enabled outbound identity federation (once per account: `aws iam enable-outbound-web-identity-federation`)");
    } finally {
      await rig.close();
    }
  });

  it("a role whose policy does not allow the audience: AccessDenied, naming the statement's file", async () => {
    const rig = await startRig();
    try {
      const client = sts(rig);
      const { GetWebIdentityTokenCommand } = await import("@aws-sdk/client-sts");
      await expect(client.send(new GetWebIdentityTokenCommand({ Audience: ["https://elsewhere.example"], SigningAlgorithm: "RS256" }))).rejects.toMatchObject({ name: "AccessDenied" });
      // The runtime's own request is within the policy; this is what it says if the policy were narrower.
      await expect(stsAssertion({ send: () => Promise.reject(Object.assign(new Error("User: x is not authorized"), { name: "AccessDenied" })) } as never)).rejects.toThrow(/the function's role may not call sts:GetWebIdentityToken for api:\/\/AzureADTokenExchange \(components\/push\/statements.ts\)/);
    } finally {
      await rig.close();
    }
  });
});

describe("a push from the REST side", () => {
  it("reaches a connected @azure/web-pubsub-client through the federated identity, with no key", async () => {
    const rig = await startRig();
    const { client, id, received } = await connectClient(rig);
    try {
      const credential = federatedCredential({ tenantId: TENANT_ID, clientId: CLIENT_ID, authorityHost: rig.entra.authorityHost }, sts(rig));
      const connections = webPubSubConnectionsWithIdentity(rig.entra.authorityHost, credential, HUB);
      await connections.send(id, "automation.requested");
      await rig.admin.group("topic:ext-1").addConnection(id);
      expect(await connections.broadcast("to the topic", { topic: "ext-1" })).toEqual({ delivered: 1, gone: 0 });
      expect(await eventually(() => received, (r) => r.length === 2)).toEqual(["automation.requested", "to the topic"]);
      // One exchange: the access token is cached by MSAL and the SDK's bearer policy.
      expect(rig.entra.calls).toEqual([{ clientId: CLIENT_ID, status: 200 }]);
      // MSAL may ask the assertion callback more than once per exchange; every ask is the role's own.
      expect(rig.sts.calls.length).toBeGreaterThanOrEqual(1);
      expect(rig.sts.calls.every((c) => c.status === 200 && c.principal === ROLE_ARN)).toBe(true);
    } finally {
      client.stop();
      await rig.close();
    }
  });
});

describe("Entra refuses an assertion that does not match the federated credential", () => {
  const cases: [string, Parameters<typeof startRig>[0], RegExp][] = [
    ["another subject (another role)", { subject: "arn:aws:iam::123456789012:role/someone-else" }, /AADSTS700213: No matching federated identity record found for presented assertion subject 'arn:aws:iam::123456789012:role\/semantest\/rest-api-role-1a2b3c'/],
    ["another audience", { audiences: ["api://SomethingElse"] }, /AADSTS700212: No matching federated identity record found for presented assertion audience 'api:\/\/AzureADTokenExchange'/],
    ["another issuer", { issuer: "https://abc.tokens.sts.global.api.aws" }, /AADSTS700211: No matching federated identity record found for presented assertion issuer/],
  ];
  it.each(cases)("%s: the push fails naming why, nothing reaches the service", async (_name, credential, message) => {
    const rig = await startRig(credential);
    try {
      const connections = webPubSubConnectionsWithIdentity(rig.entra.authorityHost, federatedCredential({ tenantId: TENANT_ID, clientId: CLIENT_ID, authorityHost: rig.entra.authorityHost }, sts(rig)), HUB);
      await expect(connections.broadcast("x")).rejects.toThrow(message);
      expect(rig.entra.calls.length).toBeGreaterThanOrEqual(1);
      expect(rig.entra.calls.every((c) => c.status === 400)).toBe(true);
      expect(rig.serviceCalls).toEqual([]);
    } finally {
      await rig.close();
    }
  });

  it("an expired assertion: AADSTS700024", async () => {
    const rig = await startRig();
    try {
      const token = await stsAssertion(sts(rig));
      const { verifyAssertion } = await import("../../runtime/local/azure/federation");
      const { createRemoteJWKSet } = await import("jose");
      const keys = createRemoteJWKSet(new URL(`${rig.sts.issuer}/.well-known/jwks.json`));
      const identity = { clientId: CLIENT_ID, principalId: "p", credentials: [{ issuer: rig.sts.issuer, subject: ROLE_ARN, audiences: ["api://AzureADTokenExchange"] }] };
      await expect(verifyAssertion(token, identity, () => keys)).resolves.toMatchObject({ subject: ROLE_ARN });
      // 300 s of validity plus Entra's 5 minutes of clock skew, then one more minute.
      await expect(verifyAssertion(token, identity, () => keys, new Date(Date.now() + 660_000))).rejects.toThrow(/AADSTS700024: Client assertion is not within its valid time range/);
    } finally {
      await rig.close();
    }
  });
});

describe("the bundled REST Lambda (the artifact the program deploys) with the settings components/push sets", () => {
  it("dispatches to the topic's subscriber through STS and Entra", async () => {
    jest.spyOn(console, "warn").mockImplementation(() => undefined);
    const rig = await startRig();
    const { client, id, received } = await connectClient(rig);
    const rest = await awsRestSide(lambdaEnv(rig));
    try {
      await rig.admin.group("topic:ext-1").addConnection(id);
      const answer = await rest.dispatch({ extensionId: "ext-1", action: "click", payload: { selector: "#go" } });
      expect(answer).toEqual({ status: 202, body: { requestId: expect.any(String), delivered: 1 } });
      const [message] = await eventually(() => received, (r) => r.length === 1);
      expect(JSON.parse(String(message))).toEqual({ type: "automation.requested", requestId: answer.body.requestId, action: "click", payload: { selector: "#go" } });
      expect(rig.sts.calls.every((c) => c.principal === ROLE_ARN && c.status === 200)).toBe(true);
    } finally {
      client.stop();
      await rest.close();
      await rig.close();
    }
  });

  it("answers 502 PUSH_FAILED, naming Entra's refusal in its log, when the identity does not trust the role", async () => {
    const rig = await startRig({ subject: "arn:aws:iam::123456789012:role/another" });
    const rest = await awsRestSide(lambdaEnv(rig));
    const errors = jest.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const failed = await rest.dispatch({ extensionId: "ext-1", action: "click", payload: {} });
      expect(failed.status).toBe(502);
      expect(failed.body).toMatchObject({ error: { code: "PUSH_FAILED" } });
      expect(JSON.stringify(errors.mock.calls)).toContain("AADSTS700213");
      // Still serving: the next call tries again (lazy connections), and fails the same way.
      expect((await rest.dispatch({ extensionId: "ext-1", action: "click", payload: {} })).status).toBe(502);
    } finally {
      errors.mockRestore();
      await rest.close();
      await rig.close();
    }
  });
});
