/**
 * `loadAtRunTime`: how the Azure dynamic providers (code-deployment.ts, canary-route.ts) reach
 * their implementation inside Pulumi's provider process without carrying it in their serialized text.
 *
 * Pulumi serializes a dynamic provider by walking its closure (the SDK's
 * runtime/closure/serializeClosure.js): every local function it reaches is captured by value, and
 * each one costs an inspector round trip and a TypeScript parse. Captured by value, the code
 * deployment's provider dragged in all of package-deployment.ts (~21 KB of text, ~25 functions),
 * and every program evaluation paid for it (each `pulumi up`, each `preview --offline`, each test
 * file). So the providers capture only this function and a project path; the implementation is
 * loaded here, when a create or an update runs.
 *
 * Where that works, from Pulumi's source:
 * - The engine starts the dynamic-provider plugin in the program's directory (`newPlugin(ctx,
 *   ctx.Pwd, ...)` in pulumi/pulumi sdk/go/common/resource/plugin/provider_plugin.go; `ctx.Pwd` is
 *   the directory of `main`, pkg/engine/project.go getPwdMain: here the project root, `main:
 *   index.ts`; pulumi/pulumi#5455 says the same of `pulumi-resource-pulumi-nodejs`).
 * - The plugin loads the provider text with `requireFromString(text)` and no file name
 *   (@pulumi/pulumi cmd/dynamic-provider/index.js, getProvider). require-from-string then looks
 *   packages up from `path.dirname("")`, the working directory, and Node resolves a relative
 *   request of a module without a file name against `.` (Module._resolveLookupPaths), i.e. the
 *   working directory again. So `require` in the serialized text sees the project's node_modules
 *   and files, which is how the providers already loaded `@azure/identity`.
 * - `require` itself is never captured (the SDK's runtime/closure/parseFunction.js lists it among
 *   the builtins it leaves alone), so the text below runs with the provider module's own `require`.
 * - That process has no TypeScript loader (the program runs under Pulumi's ts-node; the plugin is
 *   plain `node`), so the project's own (bin/ts-hook.js, as the CLI uses) is loaded first.
 *
 * Only `require`, `process` and the path given may appear in this function: it is serialized by
 * value, and a module-level value (a path of this machine) would end up in Pulumi's state. Node's
 * modules are required inside it too: under jest a top-level `import * as fs` is not Node's own
 * module object, and the SDK would copy it into the text by value instead of naming it.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- see above: `require` is the provider process's, at run time */
export function loadAtRunTime<T>(projectPath: string): T {
  const path = require("path") as typeof import("path");
  const fs = require("fs") as typeof import("fs");
  const root = process.cwd();
  const hook = path.join(root, "bin", "ts-hook.js");
  const file = path.join(root, projectPath);
  if (!fs.existsSync(hook) || !fs.existsSync(file)) {
    throw new Error(
      `the Azure dynamic provider loads ${projectPath} from the Pulumi program's directory, but the working directory ${JSON.stringify(root)} has no ${fs.existsSync(hook) ? projectPath : "bin/ts-hook.js"}: ` +
        "run pulumi (or semantest-iac) on the semantest-iac project, whose Pulumi.yaml is in that directory",
    );
  }
  require(hook);
  return require(file) as T;
}
/* eslint-enable @typescript-eslint/no-require-imports */
