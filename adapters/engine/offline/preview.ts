/**
 * The offline engine's preview (`semantest-iac preview --offline`): the real program, evaluated
 * in-process under mocks with a stack file's config, and the policy pack run on what it declares.
 */
import * as path from "path";
import {
  applyComponentOverride,
  ConfigProblem,
  DeploymentConfiguration,
  InvalidConfigurationError,
} from "../../../domain";
import type { OfflinePreviewDocument, OfflinePreviewOptions, OfflinePreviewResult } from "../../../application/ports/offline";
import { offlinePreviewCache, withBuildCache } from "./artifact-cache";
import { readStackFile, stackFilePath, toEngineConfig } from "../../stack-file";
import { startArtifactBuilds } from "../../../artifacts/resolve";

import { PROJECT_NAME } from "../../../application/project-name";

export { PROJECT_NAME };
export type { OfflinePreview, OfflinePreviewDocument, OfflinePreviewOptions, OfflinePreviewResult, PolicyViolation } from "../../../application/ports/offline";

export async function runOfflinePreview(options: OfflinePreviewOptions): Promise<OfflinePreviewResult> {
  const file = options.configFile ? path.resolve(options.configFile) : stackFilePath(options.projectDir, options.env);
  let stackFile;
  try {
    stackFile = readStackFile(file);
  } catch (error) {
    return { ok: false, error: { code: "STACK_FILE", message: (error as Error).message } };
  }

  const overridden = applyComponentOverride(stackFile.values, { component: options.component, provider: options.provider });
  if (!overridden.ok) return { ok: false, error: { code: "USAGE", problems: overridden.error, message: listProblems(overridden.error) } };

  // Validate before evaluating, exactly as the program does: no resource is registered on bad config.
  const parsed = DeploymentConfiguration.parse({ project: PROJECT_NAME, stack: options.env, values: overridden.value });
  if (!parsed.ok) return { ok: false, error: { code: "INVALID_CONFIG", problems: parsed.error, message: listProblems(parsed.error) } };

  const program = options.program ?? loadProgram(options.projectDir);
  // Unchanged sources reuse the artifacts an earlier offline preview built (./artifact-cache.ts).
  const cache = offlinePreviewCache();
  // The project's program builds its artifacts first thing: start them now, before this thread
  // loads the Pulumi SDK, the policy pack and the program (the modules below are required only
  // now for that), so esbuild (its own process) and zlib (libuv's threads) work meanwhile.
  let forget: (() => void) | undefined;
  if (!options.program) {
    // Should starting them throw, the program's own resolveArtifacts meets and reports the same error.
    await withBuildCache(cache, async () => {
      forget = startArtifactBuilds(parsed.value, path.resolve(options.projectDir));
    }).catch(() => undefined);
  }
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded after the builds started, see above */
  const { offlinePreviewEvents, recordEvents } = require("../../../components/events") as typeof import("../../../components/events");
  const { evaluate } = require("./evaluate") as typeof import("./evaluate");
  const { loadPolicyConfig, runPolicies } = require("../../../policy/offline") as typeof import("../../../policy/offline");
  const { withStackRollout } = require("../../../policy/governance/rollout") as typeof import("../../../policy/governance/rollout");
  const { estimateCost } = require("../../../application/cost") as typeof import("../../../application/cost");
  /* eslint-enable @typescript-eslint/no-require-imports */
  // The stack transformation reports one `infrastructure.resource.planned` per resource as it is declared.
  const recording = recordEvents();
  const evaluation = await withBuildCache(cache, () =>
    evaluate({
      project: PROJECT_NAME,
      stack: options.env,
      config: toEngineConfig(overridden.value),
      secretKeys: stackFile.secretKeys,
      preview: true,
      program,
    }),
  ).finally(() => {
    recording.stop();
    forget?.();
  });

  // The CrossGuard pack, as `pulumi preview --policy-pack policy --policy-pack-config policy/config.<env>.json` runs it.
  const environment = parsed.value.environment.name;
  // A pack never sees stack config: the stack's rollout reaches production-gated-rollout as its config.
  const violations = await runPolicies(evaluation.resources, { environment, config: withStackRollout(loadPolicyConfig(options.projectDir, environment), overridden.value["semantest:rollout"]) });

  const resources = evaluation.resources.map(({ urn, type, name, parent, inputs }) => ({ urn, type, name, parent, inputs }));
  const regions = { aws: parsed.value.region("aws")?.name, azure: parsed.value.region("azure")?.name };
  const document: OfflinePreviewDocument = {
    stack: options.env,
    environment: parsed.value.environment.name,
    mode: "offline",
    resources: evaluation.resources.map(({ urn, type, name, parent, inputs, options }) => ({
      urn,
      type,
      name,
      parent,
      inputs,
      options: { ignoreChanges: options.ignoreChanges ?? [], retainOnDelete: options.retainOnDelete },
    })),
    outputs: evaluation.outputs,
    policies: { violations },
    events: offlinePreviewEvents(recording.events, {
      stack: options.env,
      environment,
      resourceTypes: evaluation.resources.map((r) => r.type),
      violations,
    }).map((event) => ({ ...event })),
    cost: estimateCost({ resources, traffic: parsed.value.traffic, regions }),
  };
  return { ok: true, value: { document, resources: evaluation.resources, configuration: parsed.value } };
}

function loadProgram(projectDir: string): () => unknown {
  return () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require(path.join(projectDir, "index.ts"));
    const main = typeof loaded === "function" ? loaded : loaded?.default;
    return typeof main === "function" ? main() : loaded;
  };
}

export function listProblems(problems: readonly ConfigProblem[]): string {
  return new InvalidConfigurationError(problems).message;
}
