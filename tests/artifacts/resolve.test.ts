import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { artifactFileName } from "../../artifacts/artifact";
import { resolveArtifacts } from "../../artifacts/resolve";
import type { CloudRecipes } from "../../artifacts/recipes";
import { DeploymentConfiguration } from "../../domain";

const DIGEST = `sha256:${"a".repeat(64)}`;

function configuration(values: Record<string, unknown>): DeploymentConfiguration {
  const parsed = DeploymentConfiguration.parse({ stack: "dev", values: { "aws:region": "us-east-1", "azure-native:location": "westeurope", ...values } });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed));
  return parsed.value;
}

function project(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "artifact-resolve-"));
  fs.writeFileSync(path.join(dir, "entry.ts"), "export const handler = () => 'ok';\n");
  return dir;
}

const recipes = (dir: string): Record<string, CloudRecipes> => ({
  aws: { "rest-api": (settings) => ({ kind: settings.kind, provider: "aws", entryPoints: { index: path.join(dir, "entry.ts") }, projectDir: dir }) },
  azure: {},
});

describe("resolveArtifacts", () => {
  it("builds the component when the release names no artifact (a plain pulumi up)", async () => {
    const dir = project();
    const artifacts = await resolveArtifacts(configuration({ "semantest:components": { "rest-api": { provider: "aws" } } }), dir, recipes(dir));
    expect(artifacts["rest-api"]).toMatchObject({ kind: "rest-api", provider: "aws", digest: expect.stringMatching(/^sha256:/) });
    expect(fs.existsSync(artifacts["rest-api"]!.path!)).toBe(true);
  });

  it("reuses the cached zip of the release's digest without building", async () => {
    const dir = project();
    const cached = path.join(dir, ".semantest/artifacts", artifactFileName("rest-api", "aws", DIGEST));
    fs.mkdirSync(path.dirname(cached), { recursive: true });
    fs.writeFileSync(cached, "zip");
    const config = configuration({ "semantest:components": { "rest-api": {} }, "semantest:release": { id: "d-1", artifacts: { "rest-api": DIGEST } } });
    const artifacts = await resolveArtifacts(config, dir, { aws: {}, azure: {} });
    expect(artifacts["rest-api"]).toEqual({ kind: "rest-api", provider: "aws", digest: DIGEST, path: cached });
  });

  it("gives the release's digest with no path on a rollback to a zip this machine does not have", async () => {
    const dir = project();
    const config = configuration({ "semantest:components": { "rest-api": {} }, "semantest:release": { id: "d-1", artifacts: { "rest-api": DIGEST } } });
    const artifacts = await resolveArtifacts(config, dir, recipes(dir));
    expect(artifacts["rest-api"]).toEqual({ kind: "rest-api", provider: "aws", digest: DIGEST, path: undefined });
  });

  it("gives no artifact to a component whose cloud has no recipe for it", async () => {
    const dir = project();
    const artifacts = await resolveArtifacts(configuration({ "semantest:components": { websocket: { provider: "azure" } } }), dir, recipes(dir));
    expect(artifacts).toEqual({});
  });
});
