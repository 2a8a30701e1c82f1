/**
 * REST -> WebSocket push on the local gateway (issue 18): a client subscribed to a topic receives
 * the `automation.requested` message a `POST /api/automation/dispatch` sends, and the response
 * counts it; with no subscriber the count is 0. Run through the real `semantest-iac dev` process.
 */
import { Client, clientUrl, localToken, startDevProcess, type GatewayProcess } from "./support";

jest.setTimeout(120_000);

const DISPATCH = { extensionId: "ext-1", action: "x", payload: {} };

async function dispatch(restUrl: string, body: unknown, token?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers = { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const res = await fetch(`${restUrl}/api/automation/dispatch`, { method: "POST", headers, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe.each([
  ["dev --env dev", ["--env", "dev"]],
  ["dev --provider aws", ["--provider", "aws"]],
  // The REST Function App's deployed push code with its managed identity: the local identity endpoint and the TLS front.
  ["dev --provider azure (managed identity, TLS)", ["--provider", "azure"]],
  ["dev --env production (REST on the Lambda emulation, WebSocket on Web PubSub)", ["--env", "production"]],
])("%s: push from the REST app to WebSocket clients", (_label, args) => {
  let gateway: GatewayProcess;
  let token: string | undefined; // Pulumi.production.yaml has auth: tokens from the gateway's local issuer
  beforeAll(async () => {
    gateway = await startDevProcess(args);
    token = await localToken(gateway.ready);
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  it("counts 0 deliveries with no subscriber", async () => {
    const other = await Client.connect(await clientUrl(gateway.ready, token));
    other.send({ action: "subscribe", topic: "ext-2" });
    await other.next((f) => f.type === "subscribed");
    const answer = await dispatch(gateway.ready.restUrl, DISPATCH, token);
    expect(answer).toMatchObject({ status: 202, body: { delivered: 0 } });
    other.close();
  });

  it("delivers automation.requested to the client subscribed to ext-1 and counts 1", async () => {
    const client = await Client.connect(await clientUrl(gateway.ready, token));
    client.send({ action: "subscribe", topic: "ext-1" });
    await client.next((f) => f.type === "subscribed" && f.topic === "ext-1");
    const answer = await dispatch(gateway.ready.restUrl, DISPATCH, token);
    expect(answer).toMatchObject({ status: 202, body: { delivered: 1 } });
    const pushed = await client.next((f) => f.type === "automation.requested");
    expect(pushed).toMatchObject({ type: "automation.requested" });
    expect(JSON.stringify(pushed)).toContain(String(answer.body.requestId));
    client.close();
  });
});

describe("dev --env production runs each component on the provider its stack names", () => {
  it("serves REST from the Lambda emulation and WebSocket clients from the Web PubSub emulation", async () => {
    const gateway = await startDevProcess(["--env", "production"]);
    try {
      expect(gateway.ready.page).toMatchObject({ provider: "azure", negotiateUrl: "/_local/negotiate" });
      expect(Object.keys(gateway.ready.urls)).toEqual(expect.arrayContaining(["REST API (HTTP API v2 -> Lambda)", "Web PubSub client endpoint", "STS (the REST role's web identity tokens)", "Entra ID (federated credential) and Web PubSub REST API over TLS"]));
      // API Gateway's HTTP API answers with its request id header; a Function App does not.
      const res = await fetch(`${gateway.ready.restUrl}/health`);
      expect(res.status).toBe(200);
      expect(res.headers.get("apigw-requestid")).toBeTruthy();
    } finally {
      await gateway.stop();
    }
  });
});
