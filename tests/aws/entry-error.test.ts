/**
 * Issue 12 (smaller item): a missing `entry` module is a config error that names the field and the
 * path, with its own code (ENTRY_NOT_FOUND, for the CLI to map to exit 2), not an ARTIFACT_BUILD_FAILED
 * that the CLI reported as INTERNAL "a bug in semantest-iac".
 */
import * as path from "path";
import { awsArtifactSpec } from "../../artifacts/aws";
import { buildArtifact, EntryModuleNotFoundError } from "../../artifacts/build";
import { DeploymentConfiguration } from "../../domain";
import { PROJECT_DIR } from "../support/pulumi-harness";

describe("a missing entry module", () => {
  it("is an EntryModuleNotFoundError naming the field and the path", async () => {
    const parsed = DeploymentConfiguration.parse({
      project: "p",
      stack: "dev",
      values: { "aws:region": "us-east-1", "semantest:components": { "rest-api": { provider: "aws", entry: "src/no-such-app.ts" } } },
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    const settings = parsed.value.restApi!;
    const error = await buildArtifact(awsArtifactSpec(settings, PROJECT_DIR)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EntryModuleNotFoundError);
    const found = error as EntryModuleNotFoundError;
    expect(found.code).toBe("ENTRY_NOT_FOUND");
    expect(found.field).toBe("semantest:components.rest-api.entry");
    expect(found.path).toBe(path.join(PROJECT_DIR, "src/no-such-app.ts"));
    expect(found.message).toMatch(/^semantest:components\.rest-api\.entry: ".*src\/no-such-app\.ts" does not exist/);
  });
});

describe("a missing entry module through the CLI", () => {
  it("exits 2 with ENTRY_NOT_FOUND naming the field, not INTERNAL", async () => {
    const fs = await import("fs");
    const os = await import("os");
    const { runCli } = await import("../support/cli");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "entry-"));
    const file = path.join(dir, "Pulumi.entrytest.yaml");
    fs.writeFileSync(file, ["config:", "  aws:region: us-east-1", "  semantest:environment: dev", "  semantest:components:", "    rest-api:", "      provider: aws", "      entry: nowhere/app.js", ""].join("\n"));
    const result = await runCli(["preview", "--config", file, "--offline", "--json"]);
    expect(result.code).toBe(2);
    const doc = JSON.parse(result.stdout) as { error: { code: string; message: string } };
    expect(doc.error.code).toBe("ENTRY_NOT_FOUND");
    expect(doc.error.message).toContain("semantest:components.rest-api.entry");
  }, 60_000);
});
