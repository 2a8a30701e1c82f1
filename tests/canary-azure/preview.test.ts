/**
 * The real program (index.ts) through the offline preview, production stack file (REST on AWS,
 * WebSocket on Azure): what the Azure side of a safe release adds to every production preview, and
 * the stack outputs the CLI reads (`liveVersions`, `releaseAlarms.azure`). The steps of a release
 * (weights, rollback) are evaluated in ./components.test.ts.
 */
import type { OfflinePreview } from "../../adapters/engine/offline/preview";
import { PROJECT_DIR } from "../support/pulumi-harness";

jest.setTimeout(180_000);

let document: OfflinePreview["document"];
beforeAll(async () => {
  let result: Awaited<ReturnType<typeof import("../../adapters/engine/offline/preview").runOfflinePreview>> | undefined;
  await jest.isolateModulesAsync(async () => {
    const { runOfflinePreview } = await import("../../adapters/engine/offline/preview");
    result = await runOfflinePreview({ projectDir: PROJECT_DIR, env: "production" });
  });
  if (!result!.ok) throw new Error(`preview failed: ${result!.error.message}`);
  document = result!.value.document;
});

describe("preview --offline --env production: the Azure side of safe releases", () => {
  it("declares the WebSocket canary app on its own hub, its route record (nothing assigned outside a release) and its 5xx gate", () => {
    const named = (type: string, name: string) => document.resources.find((r) => r.type === type && r.name === name);
    expect(named("azure-native:web:WebApp", "websocket-canary-app")?.inputs.functionAppConfig).toMatchObject({ siteUpdateStrategy: { type: "RollingUpdate" } });
    expect(named("azure-native:webpubsub:WebPubSubHub", "websocket-canary-hub")?.inputs.hubName).toBe("semantest_canary");
    expect(named("pulumi-nodejs:dynamic/semantest-azure:CanaryRoute", "websocket-canary-route")?.inputs).toMatchObject({ hub: "semantest_canary", weight: 0, retired: false, releaseId: "" });
    expect(named("azure-native:monitor:MetricAlert", "websocket-canary-release-5xx")?.inputs).toMatchObject({ location: "global", severity: 1, enabled: true });
  });

  it("outputs what serves the WebSocket's stable share and the Azure alert rules gating a shift", () => {
    const outputs = document.outputs as Record<string, unknown>;
    expect((outputs.liveVersions as Record<string, string>).websocket).toMatch(/^semantest-production-websocket-[0-9a-f]{8}@(sha256:[0-9a-f]{64}|none)$/);
    expect((outputs.releaseAlarms as { azure: string[] }).azure).toHaveLength(1);
  });

  it("passes the policy pack", () => {
    expect(document.policies.violations.filter((v) => v.level === "mandatory")).toEqual([]);
  });
});
