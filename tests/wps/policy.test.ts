/**
 * The two Web PubSub local-auth policies: compliant, non-compliant, missing property, environment
 * config, and the real production preview's resources passing them (and failing once broken).
 */
import { webPubSubLocalAuthDisabled, webPubSubUpstreamManagedIdentity } from "../../policy/azure/web-pubsub";
import { packPolicies } from "../../policy/pack";
import type { RecordedResourceLike } from "../../policy/offline";
import { check, fake, messages } from "../policy/support";
import { runProgram } from "../support/pulumi-harness";

jest.setTimeout(120_000);

const SERVICE = "azure-native:webpubsub:WebPubSub";
const HUB = "azure-native:webpubsub:WebPubSubHub";
const PROD = { stack: "production" };
const MI = { type: "ManagedIdentity", managedIdentity: { resource: "api://semantest-webpubsub-events" } };
const hub = (name: string, auth: unknown, options = PROD, resourceName = "svc") =>
  fake(HUB, name, { resourceName, hubName: name, properties: { anonymousConnectPolicy: "deny", eventHandlers: [{ urlTemplate: "https://app.azurewebsites.net/webpubsub/events", ...(auth === undefined ? {} : { auth }) }] } }, options);

describe("azure-web-pubsub-local-auth-disabled", () => {
  const policy = webPubSubLocalAuthDisabled();

  it("accepts a production service with disableLocalAuth: true", async () => {
    expect(await check(policy, [fake(SERVICE, "websocket-pubsub", { disableLocalAuth: true }, PROD)])).toEqual([]);
  });

  it("refuses a production service with keys, quoting it and the value (false or missing)", async () => {
    expect(messages(await check(policy, [fake(SERVICE, "websocket-pubsub", { disableLocalAuth: false }, PROD)]))).toEqual([
      expect.stringMatching(/^Web PubSub service 'websocket-pubsub' \(urn:.*\) keeps its access keys in production \(disableLocalAuth is false\)\.$/),
    ]);
    expect(messages(await check(policy, [fake(SERVICE, "websocket-pubsub", {}, PROD)]))[0]).toContain("disableLocalAuth is missing");
  });

  it("leaves dev and staging alone unless its environments config says otherwise", async () => {
    expect(await check(policy, [fake(SERVICE, "s", {})])).toEqual([]);
    expect(await check(policy, [fake(SERVICE, "s", {}, { stack: "staging" })])).toEqual([]);
    const config = { "azure-web-pubsub-local-auth-disabled": { environments: ["staging", "production"] } };
    expect(await check(policy, [fake(SERVICE, "s", {}, { stack: "staging" })], { config })).toHaveLength(1);
  });

  it("is part of the pack", () => {
    expect(packPolicies().map((p) => p.name)).toEqual(expect.arrayContaining(["azure-web-pubsub-local-auth-disabled", "azure-web-pubsub-upstream-managed-identity"]));
  });
});

describe("azure-web-pubsub-upstream-managed-identity", () => {
  const policy = webPubSubUpstreamManagedIdentity();
  const keyless = (props: Record<string, unknown> = {}) => fake(SERVICE, "websocket-pubsub", { resourceName: "svc", disableLocalAuth: true, identity: { type: "SystemAssigned" }, ...props }, PROD);

  it("accepts a key-less service with an identity whose hubs' handlers have managed-identity auth", async () => {
    expect(await check(policy, [keyless(), hub("websocket-hub", MI), hub("websocket-canary-hub", MI)])).toEqual([]);
  });

  it("refuses a handler without auth, with another type, or without a resource, naming the hub and what it found", async () => {
    const found = messages(await check(policy, [keyless(), hub("a", undefined), hub("b", { type: "None" }), hub("c", { type: "ManagedIdentity", managedIdentity: {} })]));
    expect(found).toEqual([
      expect.stringMatching(/^Web PubSub hub 'a' \(urn:.*\) calls 'https:\/\/app\.azurewebsites\.net\/webpubsub\/events' without managed-identity auth \(auth\.type missing, resource missing\)/),
      expect.stringContaining("hub 'b'"),
      expect.stringContaining("auth.type ManagedIdentity, resource missing"),
    ]);
  });

  it("refuses a key-less service without an identity (no one could get the token)", async () => {
    expect(messages(await check(policy, [keyless({ identity: undefined }), hub("h", MI)]))).toEqual([expect.stringContaining("has local auth disabled but no managed identity")]);
    expect(messages(await check(policy, [keyless({ identity: { type: "None" } })]))).toHaveLength(1);
  });

  it("does not ask for managed-identity auth on hubs of a service that keeps its keys (the signature is their check)", async () => {
    expect(await check(policy, [fake(SERVICE, "s", { resourceName: "svc", disableLocalAuth: false }, PROD), hub("h", undefined)])).toEqual([]);
  });

  it("matches hubs to their own service by name when a stack has two", async () => {
    const other = fake(SERVICE, "other", { resourceName: "other", disableLocalAuth: false }, PROD);
    expect(await check(policy, [keyless(), other, hub("h", undefined, PROD, "other")])).toEqual([]);
    expect(await check(policy, [keyless(), other, hub("h", undefined, PROD, "svc")])).toHaveLength(1);
  });
});

describe("on the production program's own resources", () => {
  let resources: RecordedResourceLike[];
  beforeAll(async () => {
    resources = (await runProgram("production")).resources.map((r) => ({ ...r }));
  });
  const policies = [webPubSubLocalAuthDisabled(), webPubSubUpstreamManagedIdentity()];
  const edit = (name: string, change: (inputs: Record<string, unknown>) => void) =>
    resources.map((r) => {
      if (r.name !== name) return r;
      const inputs = structuredClone(r.inputs) as Record<string, unknown>;
      change(inputs);
      return { ...r, inputs };
    });

  it("passes both as declared", async () => {
    expect(messages(await check(policies, resources, { environment: "production" }))).toEqual([]);
  });

  it("trips each once its input is broken", async () => {
    const keys = await check(policies, edit("websocket-pubsub", (i) => void (i.disableLocalAuth = false)), { environment: "production" });
    expect(keys.map((v) => v.policy)).toEqual(["azure-web-pubsub-local-auth-disabled"]);
    const unauthenticated = await check(policies, edit("websocket-canary-hub", (i) => void delete (i.properties as { eventHandlers: Record<string, unknown>[] }).eventHandlers[0]!.auth), { environment: "production" });
    expect(unauthenticated.map((v) => [v.policy, v.message.startsWith("Web PubSub hub 'websocket-canary-hub' (urn:")])).toEqual([["azure-web-pubsub-upstream-managed-identity", true]]);
  });
});
