import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { artifactFileName } from "../../artifacts/artifact";
import { ArtifactBuildError, buildArtifact, deterministicZip, sha256Digest, ZIP_ENTRY_DEFAULTS } from "../../artifacts/build";
import { readZip } from "./unzip";

/** A tiny project in a temp dir: an entry that imports a named app module and a dependency. */
function project(app = "export const greeting = () => 'hello';"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "artifact-build-"));
  fs.writeFileSync(path.join(dir, "entry.ts"), "import { greeting } from 'virtual:app';\nimport { helper } from './helper';\nexport const handler = () => helper(greeting());\n");
  fs.writeFileSync(path.join(dir, "helper.ts"), "export const helper = (s: string) => s.toUpperCase();\nexport const unused = () => 'tree-shaken away';\n");
  fs.writeFileSync(path.join(dir, "app.ts"), app);
  return dir;
}

const spec = (dir: string, extra: Partial<Parameters<typeof buildArtifact>[0]> = {}) => ({
  kind: "rest-api" as const,
  provider: "aws" as const,
  entryPoints: { index: path.join(dir, "entry.ts") },
  modules: { "virtual:app": path.join(dir, "app") },
  projectDir: dir,
  ...extra,
});

describe("buildArtifact", () => {
  it("gives the same bytes and digest for the same sources, built twice in two places", async () => {
    const a = project();
    const b = project();
    const first = await buildArtifact(spec(a));
    fs.rmSync(first.path);
    const again = await buildArtifact(spec(a));
    const elsewhere = await buildArtifact(spec(b));
    expect(again.digest).toBe(first.digest);
    expect(elsewhere.digest).toBe(first.digest);
    expect(sha256Digest(fs.readFileSync(elsewhere.path))).toBe(first.digest);
  });

  it("names and caches the zip by its digest under .semantest/artifacts", async () => {
    const dir = project();
    const built = await buildArtifact(spec(dir));
    expect(built.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(built.path).toBe(path.join(dir, ".semantest/artifacts", artifactFileName("rest-api", "aws", built.digest)));
    expect(fs.statSync(built.path).size).toBe(built.sizeBytes);
  });

  it("changes the digest when the hosted app changes", async () => {
    const one = await buildArtifact(spec(project()));
    const two = await buildArtifact(spec(project("export const greeting = () => 'bonjour';")));
    expect(two.digest).not.toBe(one.digest);
  });

  it("bundles the named app module, minifies, tree-shakes and writes a source map", async () => {
    const built = await buildArtifact(spec(project()));
    const entries = await readZip(built.path);
    expect(entries.map((e) => e.name)).toEqual(["index.js", "index.js.map"]);
    const code = entries[0].bytes.toString("utf8");
    expect(code).toContain("hello");
    expect(code).not.toContain("tree-shaken away");
    expect(code).toContain("sourceMappingURL=index.js.map");
    const map = JSON.parse(entries[1].bytes.toString("utf8")) as { sources: string[] };
    expect(map.sources.every((s) => !path.isAbsolute(s))).toBe(true);
    const mod = { exports: {} as { handler?: () => string } };
    new Function("module", "exports", "require", code)(mod, mod.exports, require);
    expect(mod.exports.handler?.()).toBe("HELLO");
  });

  it("leaves externals out of the bundle", async () => {
    const dir = project();
    fs.writeFileSync(path.join(dir, "entry.ts"), "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nexport const handler = () => new DynamoDBClient({});\n");
    const built = await buildArtifact({ ...spec(dir), modules: undefined, external: ["@aws-sdk/*"] });
    const code = (await readZip(built.path))[0].bytes.toString("utf8");
    expect(code).toContain('require("@aws-sdk/client-dynamodb")');
    expect(built.sizeBytes).toBeLessThan(5000);
  });

  it("writes every entry with the same fixed time and mode, sorted, and adds extra files", async () => {
    const built = await buildArtifact(spec(project(), { extraFiles: { "host.json": '{"version":"2.0"}', "z/last.txt": Buffer.from("z") } }));
    const entries = await readZip(built.path);
    expect(entries.map((e) => e.name)).toEqual(["host.json", "index.js", "index.js.map", "z/last.txt"]);
    expect(new Set(entries.map((e) => `${e.mode}:${e.lastModFileDate}:${e.lastModFileTime}`)).size).toBe(1);
    expect(entries[0].mode).toBe(ZIP_ENTRY_DEFAULTS.mode);
    expect(entries.flatMap((e) => e.extraFieldIds)).not.toContain(0x5455);
    expect(entries[0].bytes.toString()).toBe('{"version":"2.0"}');
  });

  it("fails naming the component and the path when an entry point or app module is missing", async () => {
    const dir = project();
    await expect(buildArtifact(spec(dir, { entryPoints: { index: path.join(dir, "nope.ts") } }))).rejects.toThrow(ArtifactBuildError);
    await expect(buildArtifact(spec(dir, { entryPoints: { index: path.join(dir, "nope.ts") } }))).rejects.toThrow(/rest-api \(aws\): entry point index = .*nope\.ts does not exist/);
    await expect(buildArtifact(spec(dir, { modules: { "virtual:app": path.join(dir, "missing-app") } }))).rejects.toThrow(/module virtual:app = .*missing-app does not exist/);
  });

  it("reports esbuild errors with file and line", async () => {
    const dir = project("export const greeting = () => {{{;");
    await expect(buildArtifact(spec(dir))).rejects.toThrow(/esbuild failed: app\.ts:1/);
  });

  it("refuses extra files outside the zip root", async () => {
    await expect(buildArtifact(spec(project(), { extraFiles: { "../evil": "x" } }))).rejects.toThrow(/not a path inside the zip/);
  });
});

describe("deterministicZip", () => {
  it("does not depend on the order files are given in", async () => {
    const a = await deterministicZip({ "b.txt": Buffer.from("b"), "a.txt": Buffer.from("a") });
    const b = await deterministicZip({ "a.txt": Buffer.from("a"), "b.txt": Buffer.from("b") });
    expect(a.equals(b)).toBe(true);
  });
});
