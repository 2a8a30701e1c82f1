/**
 * bin/ts-hook.js, the CLI's TypeScript loader: transpiles what tsc accepts (enums, parameter
 * properties, type-only imports), reuses its cache without loading esbuild, and never serves a
 * stale file. Each case runs in a fresh Node process with its own cache folder.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const HOOK = path.resolve(__dirname, "../../bin/ts-hook.js");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "semantest-ts-hook-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const cache = path.join(tmp, "cache");
const source = path.join(tmp, "sample.ts");
// `node -r` this to make any load of esbuild fail: proves a run was served from the cache.
const noEsbuild = path.join(tmp, "no-esbuild.js");
fs.writeFileSync(noEsbuild, `const M = require("module"); const load = M._load; M._load = function (r) { if (r === "esbuild") throw new Error("esbuild loaded"); return load.apply(this, arguments); };\n`);

function run(preload: readonly string[] = []): { status: number | null; stdout: string; stderr: string } {
  const script = `require(${JSON.stringify(HOOK)}); console.log(JSON.stringify(require(${JSON.stringify(source)}).result));`;
  return spawnSync(process.execPath, [...preload.flatMap((file) => ["-r", file]), "-e", script], { env: { ...process.env, SEMANTEST_TS_CACHE: cache }, encoding: "utf8" });
}

describe("bin/ts-hook.js", () => {
  it("transpiles enums, parameter properties and type-only imports, then serves the cache without esbuild", () => {
    fs.writeFileSync(
      source,
      [
        `import type { Stats } from "fs";`,
        `enum Cloud { Aws = "aws", Azure = "azure" }`,
        `class Point { constructor(readonly x: number, private readonly y: number) {} sum(): number { return this.x + this.y; } }`,
        `const unused: Stats | undefined = undefined;`,
        `export const result = { cloud: Cloud.Azure, sum: new Point(2, 3).sum(), unused: unused ?? null };`,
      ].join("\n"),
    );
    const first = run();
    expect(first.stderr).toBe("");
    expect(JSON.parse(first.stdout)).toEqual({ cloud: "azure", sum: 5, unused: null });
    expect(fs.readdirSync(cache).filter((f) => f.endsWith(".js"))).toHaveLength(1);

    const cached = run([noEsbuild]);
    expect(cached.stderr).toBe("");
    expect(JSON.parse(cached.stdout)).toEqual({ cloud: "azure", sum: 5, unused: null });
  });

  it("transpiles again when the source changes (never a stale cache entry)", () => {
    fs.writeFileSync(source, `export const result: number = 1;\n`);
    expect(JSON.parse(run().stdout)).toBe(1);
    // Same size, later modification time.
    fs.writeFileSync(source, `export const result: number = 2;\n`);
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(source, later, later);
    expect(JSON.parse(run().stdout)).toBe(2);
    // Served from the cache now: esbuild blocked, same answer.
    expect(JSON.parse(run([noEsbuild]).stdout)).toBe(2);
  });
});
