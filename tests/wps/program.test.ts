/**
 * Web PubSub without local auth (issue 22), under mocks: the service's `disableLocalAuth` and
 * identity, the hubs' managed-identity upstream auth, the WebSocket apps' settings, and no ARM
 * `listKeys` at all when the keys are off; dev keeps the keys and the signature check.
 */
import { azureMocks, mockGuid } from "../../adapters/engine/offline/mocks/azure";
import { DeploymentConfiguration, formatProblem } from "../../domain";
import * as fc from "fast-check";
import { webUrl } from "../support/arbitraries";
import { DEFAULT_UPSTREAM_AUDIENCE, parseUpstreamAudience } from "../../domain/config/web-pubsub-auth";
import { UPSTREAM_ENV } from "../../runtime/azure/upstream-auth";
import { azureConfig, fakeZip, runAzure, WS_DIGEST } from "../azure/support/azure-run";
import { runProgram, type Run } from "../support/pulumi-harness";

jest.setTimeout(120_000);

const PUBSUB = "azure-native:webpubsub:WebPubSub";
const HUB = "azure-native:webpubsub:WebPubSubHub";
const SETTINGS = "azure-native:web:WebAppApplicationSettings";
const LIST_KEYS = "azure-native:webpubsub:listWebPubSubKeys";
const TENANT = /^https:\/\/sts\.windows\.net\/[0-9a-f-]{36}\/$/;

/** Runs `work` counting the program's ARM listKeys invokes on Web PubSub. */
async function countingListKeys(work: () => Promise<Run>): Promise<{ run: Run; listKeys: number }> {
  // The harness evaluates with these very mocks (same module registry): wrap the one call.
  const calls = azureMocks.calls as Record<string, (typeof azureMocks.calls)[string]>;
  const original = calls[LIST_KEYS]!;
  let listKeys = 0;
  calls[LIST_KEYS] = (inputs, context) => {
    listKeys++;
    return original(inputs, context);
  };
  try {
    return { run: await work(), listKeys };
  } finally {
    calls[LIST_KEYS] = original;
  }
}

const websocketOnly = (environment: "dev" | "staging" | "production", websocket: Record<string, unknown> = {}) => ({
  ...azureConfig(environment),
  "semantest:components": { websocket: { provider: "azure", ...websocket } },
});

describe("production: Web PubSub without access keys", () => {
  let run: Run;
  let listKeys: number;
  beforeAll(async () => {
    ({ run, listKeys } = await countingListKeys(() => runAzure("production", websocketOnly("production"), { websocket: { digest: WS_DIGEST, path: fakeZip() } })));
  });

  it("sets disableLocalAuth: true, keeps Entra auth on and gives the service a system-assigned identity", () => {
    expect(run.get(PUBSUB, "websocket-pubsub").inputs).toMatchObject({ disableLocalAuth: true, disableAadAuth: false, identity: { type: "SystemAssigned" } });
  });

  it("declares every hub's event handler with managed-identity auth for the audience", () => {
    for (const name of ["websocket-hub", "websocket-canary-hub"]) {
      const handlers = (run.get(HUB, name).inputs.properties as { eventHandlers: Record<string, unknown>[] }).eventHandlers;
      expect(handlers).toEqual([expect.objectContaining({ auth: { type: "ManagedIdentity", managedIdentity: { resource: DEFAULT_UPSTREAM_AUDIENCE } } })]);
    }
  });

  it("never lists the keys, and the apps get the upstream issuer, audience and the service's principal id instead of connection strings", () => {
    expect(listKeys).toBe(0);
    // The mocks give the service the principal id ARM would report for its system-assigned identity.
    const principalId = mockGuid(`principal/${String(run.get(PUBSUB, "websocket-pubsub").inputs.resourceName)}`);
    for (const name of ["websocket-settings", "websocket-canary-settings"]) {
      const properties = run.get(SETTINGS, name).inputs.properties as Record<string, string>;
      // No secret left in the map, so the offline preview (and its policies) can read it.
      expect(typeof properties).toBe("object");
      expect(Object.keys(properties).filter((k) => /^WEBPUBSUB_.*CONNECTION_STRING$/.test(k))).toEqual([]);
      expect(properties[UPSTREAM_ENV.issuer]).toMatch(TENANT);
      expect(properties[UPSTREAM_ENV.audience]).toBe(DEFAULT_UPSTREAM_AUDIENCE);
      expect(properties[UPSTREAM_ENV.principalId]).toBe(principalId);
      expect(properties.WEBPUBSUB_ENDPOINT).toMatch(/^https:\/\/semantest-production-websocket-pubsub-[0-9a-f]{8}\.webpubsub\.azure\.com$/);
    }
  });

  it("takes the audience from upstreamAudience", async () => {
    const audience = "11111111-2222-4333-8444-555555555555";
    const custom = await runAzure("production", websocketOnly("production", { upstreamAudience: audience }));
    const handler = (custom.get(HUB, "websocket-hub").inputs.properties as { eventHandlers: { auth: unknown }[] }).eventHandlers[0]!;
    expect(handler.auth).toEqual({ type: "ManagedIdentity", managedIdentity: { resource: audience } });
    expect((custom.get(SETTINGS, "websocket-settings").inputs.properties as Record<string, string>)[UPSTREAM_ENV.audience]).toBe(audience);
  });
});

describe("dev (and localAuth: true anywhere): keys and the signature check, as before", () => {
  it("keeps the keys, lists them once for the apps, and declares no upstream auth", async () => {
    const { run, listKeys } = await countingListKeys(() => runAzure("dev", websocketOnly("dev")));
    expect(run.get(PUBSUB, "websocket-pubsub").inputs).toMatchObject({ disableLocalAuth: false });
    expect(run.get(PUBSUB, "websocket-pubsub").inputs.identity).toBeUndefined();
    expect(listKeys).toBeGreaterThan(0);
    const handler = (run.get(HUB, "websocket-hub").inputs.properties as { eventHandlers: Record<string, unknown>[] }).eventHandlers[0]!;
    expect(handler).not.toHaveProperty("auth");
    // The settings hold the connection strings: a secret map.
    expect(run.get(SETTINGS, "websocket-settings").inputs.properties).toBe("[secret]");
  });

  it("a production stack may keep the keys with localAuth: true (and the pack then refuses it: tests/wps/policy.test.ts)", async () => {
    const { run, listKeys } = await countingListKeys(() => runAzure("production", websocketOnly("production", { localAuth: true })));
    expect(run.get(PUBSUB, "websocket-pubsub").inputs.disableLocalAuth).toBe(false);
    expect(listKeys).toBeGreaterThan(0);
  });
});

describe("the shipped stacks", () => {
  it("production (REST on AWS, WebSocket on Azure) has no keys on its Web PubSub service", async () => {
    const { run, listKeys } = await countingListKeys(() => runProgram("production"));
    expect(run.get(PUBSUB, "websocket-pubsub").inputs.disableLocalAuth).toBe(true);
    expect(listKeys).toBe(0);
  });
});

describe("config: localAuth and upstreamAudience", () => {
  const parse = (environment: string, websocket: Record<string, unknown>) =>
    DeploymentConfiguration.parse({ stack: environment, values: { "azure-native:location": "westeurope", "semantest:components": { websocket: { provider: "azure", ...websocket } } } });

  it("defaults: keys on in dev, off in staging and production; the placeholder audience", () => {
    const ws = (environment: string) => {
      const parsed = parse(environment, {});
      if (!parsed.ok) throw new Error(parsed.error.map(formatProblem).join("; "));
      return parsed.value.websocket!;
    };
    expect([ws("dev").localAuth, ws("staging").localAuth, ws("production").localAuth]).toEqual([true, false, false]);
    expect(ws("production").upstreamAudience).toBe(DEFAULT_UPSTREAM_AUDIENCE);
  });

  it("refuses a non-boolean localAuth and an audience that is neither a GUID nor an Application ID URI, naming the field and what is allowed", () => {
    const parsed = parse("production", { localAuth: "no", upstreamAudience: "my app" });
    expect(parsed.ok).toBe(false);
    const text = parsed.ok ? "" : parsed.error.map(formatProblem).join("\n");
    expect(text).toContain("semantest:components.websocket.localAuth");
    expect(text).toContain("allowed: true, false");
    expect(text).toContain("semantest:components.websocket.upstreamAudience");
    expect(text).toContain("Application ID URI");
  });

  it("accepts a client id GUID and api:// or https:// URIs", () => {
    for (const audience of ["11111111-2222-4333-8444-555555555555", "api://semantest-events", "https://events.semantest.com"]) {
      expect(parse("production", { upstreamAudience: audience }).ok).toBe(true);
    }
    for (const audience of ["http://x", "api://x?y", "", 7]) expect(parse("production", { upstreamAudience: audience }).ok).toBe(false);
  });

  it("parses any value without throwing: accepted exactly when it is a GUID or an api:// / https:// URI without spaces, query or fragment (fast-check)", () => {
    const shaped = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|(api|https):\/\/[^\s?#]+)$/i;
    const value = fc.oneof(fc.anything(), fc.string(), fc.uuid(), webUrl(), fc.string().map((t) => `api://${t}`));
    fc.assert(
      fc.property(value, (raw) => {
        const parsed = parseUpstreamAudience(raw, "semantest:components.websocket.upstreamAudience");
        const acceptable = typeof raw === "string" && raw.trim().length > 0 && raw.length <= 1024 && shaped.test(raw) && (/^[0-9a-f-]{36}$/i.test(raw) || /^(api|https):/.test(raw));
        expect(parsed.ok).toBe(acceptable);
      }),
      { seed: 22, numRuns: 300 },
    );
  });
});
