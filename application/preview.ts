/**
 * Preview: online through the stack engine (with the CrossGuard pack), or offline through the
 * offline engine (the program under mocks: no cloud, no Pulumi CLI). Both report the changes and
 * the policy results; a mandatory violation is a failed outcome.
 */
import { applyComponentOverride, DeploymentConfiguration, providerMoves } from "../domain";
import { guard } from "./engine-errors";
import { OperationError } from "./errors";
import { ExitCodes } from "./exit-codes";
import type { OfflinePreview } from "./ports/offline";
import type { Ports, PolicyResult, PreviewOutcome } from "./ports";
import { PROJECT_NAME } from "./project-name";
import { withLiveRelease } from "./release/live-release";
import { configValues, encodeValues } from "./release/records";
import { invalidConfig, listProblems, validStack } from "./shared";

export interface PreviewRequest {
  readonly stack: string;
  readonly component?: string;
  readonly provider?: string;
}

export interface OfflinePreviewRequest extends PreviewRequest {
  /** Another stack file to read instead of `Pulumi.<stack>.yaml`. */
  readonly configFile?: string;
}

export interface OnlinePreviewResult {
  readonly stack: string;
  readonly environment: string;
  readonly mode: "online";
  readonly changes: PreviewOutcome["changes"];
  readonly steps: PreviewOutcome["steps"];
  readonly policies: { readonly violations: readonly PolicyResult[] };
  readonly moves: ReturnType<typeof providerMoves>;
  /** Set when this machine's stack file had no `semantest:release` and the stack's `release` output was used. */
  readonly releaseFromStack?: string;
}

/** True when a mandatory policy failed: the preview's outcome is a failure (exit 1). */
export function failsPolicies(violations: readonly Pick<PolicyResult, "level">[]): boolean {
  return violations.some((v) => v.level === "mandatory");
}

export async function previewOffline(ports: Pick<Ports, "offline" | "project">, request: OfflinePreviewRequest): Promise<OfflinePreview> {
  const result = await ports.offline().preview({ projectDir: ports.project.dir, env: request.stack, configFile: request.configFile, component: request.component, provider: request.provider });
  if (!result.ok) {
    const error = result.error;
    const details = "problems" in error ? { problems: error.problems } : undefined;
    const fix =
      error.code === "STACK_FILE"
        ? "check the --env / --config value; stack files are Pulumi.<env>.yaml next to Pulumi.yaml"
        : error.code === "USAGE"
          ? "see semantest-iac preview --help"
          : "correct the stack config at the paths above (see docs/configuration.md)";
    throw new OperationError(error.code, error.message, ExitCodes.usage, fix, details);
  }
  return result.value;
}

export async function previewOnline(ports: Ports, request: PreviewRequest): Promise<OnlinePreviewResult> {
  const env = validStack(request.stack, "preview", "semantest-iac preview --env production");
  const engine = ports.engine();
  await guard(engine.check());
  const stack = await guard(engine.openStack(env), env);
  const liveConfig = await guard(stack.getConfig(), env);
  const stored = configValues(liveConfig);
  // The release the stack runs, when this machine's stack file does not name it (a PR's CI runner):
  // without it the preview would show the deployment-id tag removed and the release output going to null.
  const { values: live, restored } = withLiveRelease(stored, await guard(stack.outputs(), env));
  const overridden = applyComponentOverride(live, { component: request.component, provider: request.provider });
  if (!overridden.ok) throw new OperationError("USAGE", listProblems(overridden.error), ExitCodes.usage, "see semantest-iac preview --help", { problems: overridden.error });
  const parsed = DeploymentConfiguration.parse({ project: PROJECT_NAME, stack: env, values: overridden.value });
  if (!parsed.ok) throw invalidConfig(env, parsed.error);

  const changedKeys = ["semantest:components", "semantest:release"].filter((key) => JSON.stringify(stored[key]) !== JSON.stringify(overridden.value[key]));
  const policies = ports.project.policyOptions(parsed.value.environment.name);
  if (policies.policyPacks.length === 0) ports.progress.note("note: policy/PulumiPolicy.yaml not found: previewing without the CrossGuard pack");
  if (restored) ports.progress.note(`note: the stack file has no semantest:release; previewing with the release the stack runs (${restored.id}, from its release output)`);

  // The override applies for this preview only: the stack's config is put back afterwards.
  if (changedKeys.length > 0) await guard(stack.setAllConfig(encodeValues(Object.fromEntries(changedKeys.map((k) => [k, overridden.value[k]])))), env);
  let outcome: PreviewOutcome;
  try {
    outcome = await ports.progress.step(`Preview ${env}`, () => guard(stack.preview({ ...policies, onProgress: (p) => ports.progress.engine(p) }), env));
  } finally {
    if (changedKeys.length > 0) await guard(stack.setAllConfig(liveConfig, { replace: true }), env);
  }
  return {
    stack: env,
    environment: parsed.value.environment.name,
    mode: "online",
    changes: outcome.changes,
    steps: outcome.steps,
    policies: { violations: outcome.policies },
    moves: providerMoves(stored, overridden.value),
    ...(restored ? { releaseFromStack: restored.id } : {}),
  };
}
