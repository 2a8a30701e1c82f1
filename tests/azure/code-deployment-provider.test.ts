/**
 * The code deployment's dynamic provider as Pulumi ships it: the `__provider` text the program
 * registers is what the engine's dynamic-provider host loads (require-from-string in the project
 * directory) and calls. Loaded here the same way (./support/serialized-provider.ts).
 *
 * The text carries only the provider's methods: publishing is loaded by name in that process
 * (components/azure/load-at-run-time.ts), so serializing it is cheap in every evaluation.
 */
import { PROJECT_DIR } from "../support/pulumi-harness";
import { azureConfig, fakeZip, REST_DIGEST, runAzure } from "./support/azure-run";
import { inProviderDirectory, literalRequires, loadSerializedProvider, providerOf } from "./support/serialized-provider";

describe("the serialized CodeDeployment provider", () => {
  /** The provider as registered; `text` is it without coverage counters (test-runner only). */
  let raw: string;
  let text: string;
  let inputs: Record<string, unknown>;
  beforeAll(async () => {
    const run = await runAzure("dev", azureConfig("dev"), { "rest-api": { digest: REST_DIGEST, path: fakeZip() } });
    ({ raw, text, inputs } = providerOf(run.get("pulumi-nodejs:dynamic/semantest-azure:CodeDeployment", "rest-api-code")));
  }, 60_000);

  it("names no path of this machine (the same provider text from any machine: no replacement)", () => {
    expect(text).not.toContain(PROJECT_DIR);
    expect(text).not.toContain(process.env.HOME ?? "/nonexistent-home");
  });

  it("carries none of the publishing code: it loads it by its project path when it runs", () => {
    expect(text).not.toMatch(/deployPackage|ensurePackage|oneDeploy|userDelegationBlobUrl|ArmClient|DefaultAzureCredential/);
    expect(text).toContain('"components/azure/provider-operations.ts"');
    // Only Node's own modules by name; no Node module captured by value (a copy of `fs` whose functions cannot be called).
    expect(literalRequires(text)).toEqual(["fs", "path"]);
    expect(text).not.toMatch(/var __fs\b/);
  });

  it("loads in a module of its own, and its diff ignores the local zip path but not the digest", async () => {
    const provider = await loadSerializedProvider(raw);
    expect(await provider.diff("id", inputs, { ...inputs, packagePath: "/elsewhere/package.zip" })).toMatchObject({ changes: false, replaces: [] });
    expect(await provider.diff("id", inputs, { ...inputs, digest: `sha256:${"f".repeat(64)}` })).toMatchObject({ changes: true, replaces: [] });
    await expect(provider.delete()).resolves.toBeUndefined();
  });

  it("creates and updates through the publishing code it loads in the provider's directory (which hands the inputs to the Blob client)", async () => {
    const provider = await loadSerializedProvider(raw);
    // No network: the container URL is refused by @azure/storage-blob's client before any request.
    const bad = { ...inputs, containerUrl: "not a url" };
    for (const call of [() => provider.create(bad), () => provider.update("id", inputs, bad)]) {
      const error = await inProviderDirectory(call).then(() => undefined, (e: Error) => e);
      expect(error?.message).toMatch(/Invalid URL/);
      // Thrown by the project's publishing module, loaded from the project's files in that process.
      expect(error?.stack).toContain(`${PROJECT_DIR}/components/azure/package-deployment.ts`);
    }
  }, 30_000);

  it("fails with the directory it looked in when started outside the project", async () => {
    const provider = await loadSerializedProvider(raw);
    const previous = process.cwd();
    process.chdir("/");
    try {
      await expect(provider.create(inputs)).rejects.toThrow(/loads components\/azure\/provider-operations\.ts from the Pulumi program's directory, but the working directory "\/" has no bin\/ts-hook\.js/);
    } finally {
      process.chdir(previous);
    }
  });
});
