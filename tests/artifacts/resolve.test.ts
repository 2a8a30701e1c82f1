import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { artifactFileName } from "../../artifacts/artifact";
import { resolveArtifacts, startArtifactBuilds } from "../../artifacts/resolve";
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

describe("startArtifactBuilds (the offline preview starts the builds before it loads the program)", () => {
  const restOnAws = () => configuration({ "semantest:components": { "rest-api": { provider: "aws" } } });

  /** Waits until a build has written its zip (a started build runs on its own: nothing awaits it yet). */
  async function zipWritten(dir: string): Promise<void> {
    const folder = path.join(dir, ".semantest/artifacts");
    for (let waited = 0; waited < 20_000; waited += 10) {
      if (fs.existsSync(folder) && fs.readdirSync(folder).some((name) => name.endsWith(".zip"))) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`no zip in ${folder} after 20 s`);
  }

  it("hands the program the build it started, not a second one", async () => {
    const dir = project();
    const ownRecipes = recipes(dir);
    startArtifactBuilds(restOnAws(), dir, ownRecipes);
    await zipWritten(dir);
    const started = fs.readdirSync(path.join(dir, ".semantest/artifacts"));
    // Had the program built again, it would have bundled this source: another digest, another zip.
    fs.writeFileSync(path.join(dir, "entry.ts"), "export const handler = () => 'changed';\n");
    const artifacts = await resolveArtifacts(restOnAws(), dir, ownRecipes);
    expect(fs.readdirSync(path.join(dir, ".semantest/artifacts"))).toEqual(started);
    expect(path.basename(artifacts["rest-api"]!.path!)).toBe(started[0]);
  });

  it("is taken once: a second evaluation builds its own, and other recipes never take it", async () => {
    const dir = project();
    const ownRecipes = recipes(dir);
    startArtifactBuilds(restOnAws(), dir, ownRecipes);
    await zipWritten(dir);
    fs.writeFileSync(path.join(dir, "entry.ts"), "export const handler = () => 'changed';\n");
    const otherRecipes = recipes(dir);
    const fresh = await resolveArtifacts(restOnAws(), dir, otherRecipes);
    const taken = await resolveArtifacts(restOnAws(), dir, ownRecipes);
    const again = await resolveArtifacts(restOnAws(), dir, ownRecipes);
    expect(taken["rest-api"]!.digest).not.toBe(fresh["rest-api"]!.digest);
    expect(again["rest-api"]!.digest).toBe(fresh["rest-api"]!.digest);
  });

  it("drops the builds nobody took when forgotten, and a started build that fails reaches the program as its error", async () => {
    const dir = project();
    const ownRecipes = recipes(dir);
    fs.rmSync(path.join(dir, "entry.ts"));
    const forget = startArtifactBuilds(restOnAws(), dir, ownRecipes);
    await expect(resolveArtifacts(restOnAws(), dir, ownRecipes)).rejects.toThrow(/entry point index = .*entry\.ts does not exist/);
    startArtifactBuilds(restOnAws(), dir, ownRecipes)();
    fs.writeFileSync(path.join(dir, "entry.ts"), "export const handler = () => 'ok';\n");
    forget();
    await expect(resolveArtifacts(restOnAws(), dir, ownRecipes)).resolves.toMatchObject({ "rest-api": { digest: expect.stringMatching(/^sha256:/) } });
  });
});
