/**
 * The canary route's dynamic provider as Pulumi ships it (its `__provider` text), loaded as the
 * engine's provider process loads it (tests/azure/support/serialized-provider.ts): it carries only
 * its methods and loads what closes a hub by name when it runs (components/azure/load-at-run-time.ts).
 */
import { PROJECT_DIR } from "../support/pulumi-harness";
import { inProviderDirectory, literalRequires, loadSerializedProvider, providerOf } from "../azure/support/serialized-provider";
import { releaseRecord, runRelease } from "./support";

describe("the serialized CanaryRoute provider", () => {
  let raw: string;
  let text: string;
  let inputs: Record<string, unknown>;
  beforeAll(async () => {
    const run = await runRelease(releaseRecord(10));
    ({ raw, text, inputs } = providerOf(run.get("pulumi-nodejs:dynamic/semantest-azure:CanaryRoute", "websocket-canary-route")));
  }, 60_000);

  it("carries none of the hub-closing code and no path of this machine", () => {
    expect(text).not.toMatch(/drainHub|closeAllConnections|WebPubSubServiceClient|DefaultAzureCredential|reconnectReason/);
    expect(text).toContain('"components/azure/provider-operations.ts"');
    expect(literalRequires(text)).toEqual(["fs", "path"]);
    expect(text).not.toContain(PROJECT_DIR);
  });

  it("diffs on its record's keys, and creates and updates a route that retires nothing without calling Azure", async () => {
    expect(inputs).toMatchObject({ retired: false });
    const provider = await loadSerializedProvider(raw);
    expect(await provider.diff("id", inputs, { ...inputs })).toMatchObject({ changes: false, replaces: [] });
    expect(await provider.diff("id", inputs, { ...inputs, weight: 50 })).toMatchObject({ changes: true, replaces: [] });
    // The operations module is loaded (from the project's files) and decides there is nothing to close.
    await expect(inProviderDirectory(() => provider.create(inputs))).resolves.toEqual({ id: `${inputs.hub}/route`, outs: inputs });
    await expect(inProviderDirectory(() => provider.update("id", inputs, { ...inputs, weight: 50 }))).resolves.toEqual({ outs: { ...inputs, weight: 50 } });
    await expect(provider.delete()).resolves.toBeUndefined();
  }, 30_000);
});
