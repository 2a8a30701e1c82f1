/**
 * Component-test harness: installs recording mocks (deterministic ids, throws on unmocked invokes),
 * loads the program or a component after the mocks, waits for every registration, and finds
 * resources by type and name. Each evaluation gets fresh project modules, so one test file can
 * evaluate several stacks; the packages under node_modules (the Pulumi SDK) load once per test file
 * and `setMocks` resets the SDK's runtime state before each evaluation (tests/support/jest-runtime.js).
 */
import * as path from "path";
import type { Evaluation, RecordedResource } from "../../adapters/engine/offline/evaluate";
import type { StackFile } from "../../adapters/stack-file";
import { isolateModulesAsync } from "./isolate";

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
}

/** Evaluates `program` (a function of freshly loaded modules) under mocks. */
export async function runUnderMocks(
  program: (load: <T>(modulePath: string) => T) => unknown,
  options: RunOptions = {},
): Promise<Run> {
  const evaluation = await isolateModulesAsync(async () => {
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
