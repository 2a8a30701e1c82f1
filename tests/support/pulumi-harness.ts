/**
 * Component-test harness: installs recording mocks (deterministic ids, throws on unmocked invokes),
 * loads the program or a component after the mocks, waits for every registration, and finds
 * resources by type and name.
 *
 * One test file evaluates program after program on one set of modules, as `preview --offline`
 * and the lifecycle rehearsal do in one process: `setMocks` resets the Pulumi SDK's runtime state
 * (its monitor, config, stack and pending registrations live on the global object, not in the
 * modules: node_modules/@pulumi/pulumi/runtime/state.js and settings.js, resetOptions) before
 * each evaluation, and the program keeps no state of its own between runs. Loading the program's
 * modules again for each evaluation cost about one CPU second under coverage; a test that needs
 * them fresh (it changes something a module reads when it loads) passes `isolate: true`.
 */
import * as path from "path";
import type { Evaluation, RecordedResource } from "../../adapters/engine/offline/evaluate";
import type { OfflinePreview, OfflinePreviewOptions } from "../../adapters/engine/offline/preview";
import type { StackFile } from "../../adapters/stack-file";
import { isolateModulesAsync, withoutAddedListeners } from "./isolate";

export const PROJECT_DIR = path.resolve(__dirname, "../..");
export const PROJECT = "semantest-infrastructure";

export interface Run extends Evaluation {
  /** The one resource of `type` named `name`; fails the test when there is not exactly one. */
  get(type: string, name: string): RecordedResource;
  /** Every resource of `type`. */
  all(type: string): RecordedResource[];
  /** Every resource of `type` whose parent is `parent` (a URN or a resource). */
  childrenOf(parent: RecordedResource | string): RecordedResource[];
  types(): string[];
}

export interface RunOptions {
  readonly stack?: string;
  /** Config values: `namespace:key` -> value (objects are JSON-encoded as the engine does). */
  readonly config?: Readonly<Record<string, unknown>>;
  readonly preview?: boolean;
  /** Load the project's modules afresh for this evaluation (jest.isolateModules). Default: the test file's. */
  readonly isolate?: boolean;
}

/** Evaluates `program` (a function of the project's modules, loaded through `load`) under mocks. */
export async function runUnderMocks(
  program: (load: <T>(modulePath: string) => T) => unknown,
  options: RunOptions = {},
): Promise<Run> {
  const evaluation = await (options.isolate ? isolateModulesAsync : withoutAddedListeners)(async () => {
    const { evaluate } = await import("../../adapters/engine/offline/evaluate");
    const { toEngineConfig } = await import("../../adapters/stack-file");
    const load = <T>(modulePath: string): T => require(path.resolve(PROJECT_DIR, modulePath)) as T;
    return evaluate({
      project: PROJECT,
      stack: options.stack ?? "dev",
      config: toEngineConfig(options.config ?? {}),
      preview: options.preview ?? true,
      program: () => program(load),
    });
  });
  return withFinders(evaluation);
}

/** Runs the real program (index.ts) with a stack file's config, or with config given directly. */
export async function runProgram(stack: string, config?: Readonly<Record<string, unknown>>, preview = true): Promise<Run> {
  const values = config ?? (await stackConfig(stack)).values;
  return runUnderMocks((load) => {
    const main = load<() => unknown>("index.ts");
    return main();
  }, { stack, config: values, preview });
}

/**
 * The offline preview (`preview --offline`'s adapter: the program, the policy pack, events, cost)
 * of a stack file or of `options.configFile`; throws when it does not succeed.
 */
export async function offlinePreview(env: string, options: Partial<OfflinePreviewOptions> = {}): Promise<OfflinePreview> {
  const result = await withoutAddedListeners(async () => {
    const { runOfflinePreview } = await import("../../adapters/engine/offline/preview");
    return runOfflinePreview({ projectDir: PROJECT_DIR, env, ...options });
  });
  if (!result.ok) throw new Error(`preview ${env} failed: ${result.error.message}`);
  return result.value;
}

export async function stackConfig(stack: string): Promise<StackFile> {
  const { readStackFile, stackFilePath } = await import("../../adapters/stack-file");
  return readStackFile(stackFilePath(PROJECT_DIR, stack));
}

function withFinders(evaluation: Evaluation): Run {
  const all = (type: string) => evaluation.resources.filter((r) => r.type === type);
  return {
    ...evaluation,
    all,
    get(type, name) {
      const found = all(type).filter((r) => r.name === name);
      if (found.length !== 1) {
        const names = all(type).map((r) => r.name);
        throw new Error(`expected one ${type} named ${name}, found ${found.length}; ${type} names: ${names.join(", ") || "(none)"}`);
      }
      return found[0];
    },
    childrenOf(parent) {
      const urn = typeof parent === "string" ? parent : parent.urn;
      return evaluation.resources.filter((r) => r.parent === urn);
    },
    types: () => [...new Set(evaluation.resources.map((r) => r.type))].sort(),
  };
}
