/**
 * An app with its own package.json gets its own dependencies. esbuild resolves a bare import by
 * walking up from the importing file, so an app whose `node_modules` is missing (or lacks a
 * package) would silently get the project's copy: an app on Express 4 bundled with the project's
 * Express 5. This plugin stops that for the app's own files (not for files inside any
 * `node_modules`): every bare import must be declared in the app's package.json and resolve inside
 * the app's folder; otherwise the build fails naming the package, the file and the fix.
 */
import { builtinModules } from "module";
import * as fs from "fs";
import * as path from "path";
import type * as esbuild from "esbuild";

const BUILTINS = new Set(builtinModules);

export class AppDependencyError extends Error {
  readonly code = "APP_DEPENDENCY" as const;
}

/** The folder of the nearest package.json above `entry`, below `projectDir`; undefined when the app shares the project's. */
export function appRootOf(entry: string, projectDir: string): string | undefined {
  const project = path.resolve(projectDir);
  for (let dir = path.dirname(path.resolve(entry)); dir.startsWith(project + path.sep); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json"))) return dir;
  }
  return undefined;
}

/** `express` -> `express`, `@scope/pkg/sub` -> `@scope/pkg`, `express/package.json` -> `express`. */
export function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

export function declaredDependencies(appRoot: string): Set<string> {
  const manifest = JSON.parse(fs.readFileSync(path.join(appRoot, "package.json"), "utf8")) as Record<string, Record<string, string> | undefined>;
  return new Set(["dependencies", "optionalDependencies", "peerDependencies"].flatMap((field) => Object.keys(manifest[field] ?? {})));
}

export function appDependencies(appRoot: string, projectDir: string): esbuild.Plugin {
  const declared = declaredDependencies(appRoot);
  const where = path.relative(projectDir, appRoot) || ".";
  const skip = Symbol("semantest-app-dependencies");
  return {
    name: "semantest-app-dependencies",
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if ((args.pluginData as { [skip]?: boolean } | undefined)?.[skip]) return undefined;
        const importer = args.importer;
        // Only the app's own files: not the host's handlers, not packages inside node_modules.
        if (!importer || !importer.startsWith(appRoot + path.sep) || importer.split(path.sep).includes("node_modules")) return undefined;
        const name = packageName(args.path);
        if (name.startsWith("node:") || BUILTINS.has(name) || build.initialOptions.external?.some((e) => e === name || (e.endsWith("/*") && name.startsWith(e.slice(0, -1))))) return undefined;
        const file = path.relative(projectDir, importer);
        if (!declared.has(name)) {
          return { errors: [{ text: `${file} imports ${name}, which ${where}/package.json does not declare; add it to its dependencies (cd ${where} && npm install ${name})` }] };
        }
        const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer, pluginData: { [skip]: true } });
        if (resolved.errors.length > 0 || !resolved.path.startsWith(path.join(appRoot, "node_modules") + path.sep)) {
          const found = resolved.path ? ` (it would resolve to ${path.relative(projectDir, resolved.path)}, outside the app)` : "";
          return { errors: [{ text: `${file} imports ${name}, declared in ${where}/package.json but not installed in ${where}/node_modules${found}; run npm install in ${where}` }] };
        }
        return { path: resolved.path, external: resolved.external, sideEffects: resolved.sideEffects, namespace: resolved.namespace };
      });
    },
  };
}
