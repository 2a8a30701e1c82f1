/**
 * TypeScript 7 (the type check) installs beside TypeScript 5.9 (the `typescript` package: ESLint's
 * type information, Pulumi's ts-node and closure serialization) without displacing it: pinned in
 * package.json and package-lock.json with its platform binaries, and `tsc` stays 5.9's.
 */
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string>; devDependencies: Record<string, string> };
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, { version?: string; optional?: boolean; os?: string[]; cpu?: string[]; bin?: Record<string, string> }> };

describe("TypeScript 7 beside TypeScript 5.9", () => {
  it("pins TypeScript 7 under its own name and keeps `typescript` on 5.9 (typescript-eslint's peer range is <6.1)", () => {
    expect(pkg.devDependencies["typescript-native"]).toMatch(/^npm:typescript@7\.\d+\.\d+$/);
    expect(pkg.devDependencies.typescript).toBe("~5.9");
    expect(lock.packages["node_modules/typescript"].version).toMatch(/^5\.9\./);
    expect(lock.packages["node_modules/typescript-native"].version).toBe(pkg.devDependencies["typescript-native"].split("@")[1]);
  });

  it("locks TypeScript 7's platform binaries as optional packages of the same version, this machine's among them", () => {
    const version = lock.packages["node_modules/typescript-native"].version;
    const binaries = Object.entries(lock.packages).filter(([name]) => name.startsWith("node_modules/@typescript/typescript-"));
    expect(binaries.length).toBeGreaterThanOrEqual(2);
    for (const [name, entry] of binaries) expect({ name, version: entry.version, optional: entry.optional }).toEqual({ name, version, optional: true });
    const here = lock.packages[`node_modules/@typescript/typescript-${process.platform}-${process.arch}`];
    expect(here).toMatchObject({ version, os: [process.platform], cpu: [process.arch] });
    expect(fs.existsSync(path.join(ROOT, "node_modules/@typescript", `typescript-${process.platform}-${process.arch}`, "lib", "tsc"))).toBe(true);
  });

  it("npm scripts never run `tsc` by name: both packages declare that bin, and the type check is TypeScript 7's by path (scripts/check.js)", () => {
    expect(lock.packages["node_modules/typescript-native"].bin).toEqual({ tsc: "bin/tsc" });
    for (const [name, script] of Object.entries(pkg.scripts)) expect({ name, runsTscByName: /(^|[\s;&|])(npx\s+)?tsc(\s|$)/.test(script) }).toEqual({ name, runsTscByName: false });
    expect(pkg.scripts.typecheck).toBe("node scripts/check.js typecheck");
  });

  it("`npx tsc` is TypeScript 5.9 (npm ci links the first of the two in name order; an `npm install` that adds or updates typescript-native links its tsc instead, until the next npm ci)", () => {
    const tsc = fs.realpathSync(path.join(ROOT, "node_modules/.bin/tsc"));
    expect({ tsc: path.relative(ROOT, tsc), hint: "run npm ci" }).toEqual({ tsc: path.join("node_modules", "typescript", "bin", "tsc"), hint: "run npm ci" });
  });
});

describe("install scripts", () => {
  // npm 11 skips dependencies' install scripts unless package.json's allowScripts names them, and
  // ends every `npm ci` with a warning listing the ones it has no decision for.
  const allow = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { allowScripts?: Record<string, boolean> }).allowScripts ?? {};
  const withScripts = Object.entries(lock.packages as Record<string, { name?: string; hasInstallScript?: boolean }>)
    .filter(([, entry]) => entry.hasInstallScript)
    .map(([where, entry]) => entry.name ?? where.slice(where.lastIndexOf("node_modules/") + "node_modules/".length));

  it("has a decision in allowScripts for every locked package with an install script, so `npm ci` warns of none", () => {
    expect(withScripts.length).toBeGreaterThan(0);
    expect(withScripts.filter((name) => typeof allow[name] !== "boolean")).toEqual([]);
  });

  it("lets the build tools' binary checks run, and not the Pulumi plugin downloads (the engine fetches plugins itself)", () => {
    expect(allow).toMatchObject({ esbuild: true, "@swc/core": true, "@pulumi/docker": false, "@pulumi/docker-build": false });
  });
});
