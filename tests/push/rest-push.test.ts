/**
 * REST -> WebSocket push on every topology, each side run from the bundled artifact the program
 * deploys: a client subscribed to `ext-1` gets `automation.requested` after
 * `POST /api/automation/dispatch`, `delivered` is 1; with no subscriber it is 0. The cross-cloud
 * key (REST on Azure -> API Gateway) comes from a local Key Vault recorder through the real SDK
 * client, and is the one the push is signed with.
 */
import { resolveLocalhostNames, startKeyVault, startManagedIdentity, startTlsProxy } from "./support/recorders";
import { trustTestCertificate } from "./support/tls";
import { awsRestSide, awsWebSocketSide, azureRestSide, azureWebSocketSide, webPubSubToken, type RestSide, type WebSocketSide } from "./support/topologies";

jest.setTimeout(60_000);

const REQUEST = { extensionId: "ext-1", action: "click", payload: { selector: "#go" } };

let untrust: () => void;
beforeAll(() => {
  // The handlers log failures as JSON lines; keep the output readable.
  jest.spyOn(console, "warn").mockImplementation(() => undefined);
  untrust = trustTestCertificate();
});
afterAll(() => untrust());

/** The scenario every topology must pass. */
async function expectPush(ws: WebSocketSide, rest: RestSide): Promise<void> {
  expect(await rest.dispatch({ ...REQUEST, extensionId: "nobody-here" })).toEqual({ status: 202, body: { requestId: expect.any(String), delivered: 0 } });
  await ws.connect("conn-ext");
  await ws.connect("conn-other");
  await ws.subscribe("conn-ext", "ext-1");
  await ws.subscribe("conn-other", "ext-2");
  const answer = await rest.dispatch(REQUEST);
  expect(answer).toEqual({ status: 202, body: { requestId: expect.stringMatching(/^[0-9a-f-]{36}$/), delivered: 1 } });
  expect(ws.frames("conn-ext")).toEqual([
    { type: "subscribed", topic: "ext-1" },
    { type: "automation.requested", requestId: answer.body.requestId, action: "click", payload: { selector: "#go" } },
  ]);
  expect(ws.frames("conn-other")).toEqual([{ type: "subscribed", topic: "ext-2" }]);
  const bad = await rest.dispatch({ extensionId: "ext-1", payload: 1 });
  expect(bad.status).toBe(400);
  expect(bad.body).toMatchObject({ error: { code: "INVALID_DISPATCH", field: "action" } });
}

describe("REST on AWS -> WebSocket on AWS (registry table + @connections, the function's own role)", () => {
  it("pushes to the subscriber and counts it", async () => {
    const ws = await awsWebSocketSide();
    const rest = await awsRestSide({ ...ws.pushEnv, AWS_ACCESS_KEY_ID: "AKIARESTROLE00000000", AWS_SECRET_ACCESS_KEY: "rest-role-secret" });
    try {
      await expectPush(ws, rest);
      const pushed = ws.recorder.frames.find((f) => f.data.includes("automation.requested"))!;
      expect(pushed.keyId).toBe("AKIARESTROLE00000000");
    } finally {
      await rest.close();
      await ws.close();
    }
  });
});

// REST on AWS -> Web PubSub on Azure is keyless (STS web identity token exchanged at Entra ID for a
// federated identity): the bundled Lambda runs it end to end in tests/push-identity/.

describe("REST on Azure -> Web PubSub on Azure (the Function App's managed identity, no key)", () => {
  it("calls the service with a token from the managed identity endpoint", async () => {
    const ws = await azureWebSocketSide();
    const tls = await startTlsProxy(ws.service.endpoint);
    const identity = await startManagedIdentity(() => webPubSubToken(ws.service.endpoint));
    const rest = await azureRestSide({ ...ws.pushEnv, SEMANTEST_PUSH_ENDPOINT: tls.url, ...identity.env });
    try {
      await expectPush(ws, rest);
      expect([...new Set(identity.resources)]).toEqual(["https://webpubsub.azure.com"]);
      expect(ws.service.rejected).toEqual([]);
    } finally {
      await rest.close();
      await identity.close();
      await tls.close();
      await ws.close();
    }
  });
});

describe("REST on Azure -> API Gateway on AWS (an AWS key from Key Vault, read with the managed identity)", () => {
  it("reads the key with the identity's token and signs the push with it", async () => {
    const undoDns = resolveLocalhostNames();
    const ws = await awsWebSocketSide();
    const vaultToken = "vault-token-for-the-rest-function";
    const identity = await startManagedIdentity((resource) => (resource === "https://localhost" ? vaultToken : "wrong-audience"));
    const vault = await startKeyVault({ "push-aws-credential": JSON.stringify({ accessKeyId: "AKIAKEYVAULTPUSH0001", secretAccessKey: "from-key-vault" }) }, vaultToken);
    const rest = await azureRestSide({
      ...ws.pushEnv,
      SEMANTEST_PUSH_CREDENTIAL_URI: `${vault.vaultUrl}/secrets/push-aws-credential`,
      ...identity.env,
    });
    try {
      await expectPush(ws, rest);
      const pushed = ws.recorder.frames.find((f) => f.data.includes("automation.requested"))!;
      expect(pushed.keyId).toBe("AKIAKEYVAULTPUSH0001");
      expect(identity.resources).toEqual(["https://localhost"]);
      expect(vault.calls.filter((c) => c.auth === `Bearer ${vaultToken}`).map((c) => c.path)).toEqual(["/secrets/push-aws-credential/"]);
    } finally {
      await rest.close();
      await vault.close();
      await identity.close();
      await ws.close();
      undoDns();
    }
  });
});
