/**
 * Prune: delete the artifacts and function versions a stack no longer needs, keeping what a
 * rollback needs (the newest `keep` succeeded releases, the live release, a canary's previous
 * release, every aliased version). Reads history, outputs and config through the engine, plans
 * (application/release/prune-plan.ts), shows the plan, asks, then deletes through the artifact
 * store and function version ports. Changes no resource: Pulumi's state is untouched.
 */
import { guard } from "./engine-errors";
import { OperationError } from "./errors";
import { ExitCodes } from "./exit-codes";
import { MissingStoreLocationError, type FunctionVersions, type ListedArtifact, type Ports } from "./ports";
import { KEEP_DEFAULT, KEEP_MAX, liveReleases, planPrune, type PrunePlan } from "./release/prune-plan";
import { configValues, toRecord } from "./release/records";
import { validStack } from "./shared";

export interface PruneRequest {
  readonly stack: string;
  /** How many succeeded releases keep their artifacts (besides the live one). @default 5 */
  readonly keep?: number | string;
  /** Plan only: nothing is deleted. */
  readonly dryRun?: boolean;
  /** Deletes without asking. */
  readonly yes?: boolean;
  /** Called with the plan before anything is deleted (the CLI prints it). */
  readonly onPlan?: (plan: PrunePlan) => void;
}

export interface PruneResult {
  readonly stack: string;
  readonly dryRun: boolean;
  readonly plan: PrunePlan;
  /** What was deleted (nothing on a dry run). */
  readonly removed: { readonly artifacts: readonly ListedArtifact[]; readonly versions: readonly { readonly function: string; readonly version: string }[] };
  /** Where the plan could not look (no artifact store exported yet, no function version access). */
  readonly notes: readonly string[];
}

const EXAMPLE = "semantest-iac prune --env dev --keep 5";

export async function prune(ports: Ports, request: PruneRequest): Promise<PruneResult> {
  const env = validStack(request.stack, "prune", EXAMPLE);
  const keep = keepCount(request.keep);
  const engine = ports.engine();
  await guard(engine.check());
  const stack = await guard(engine.openStack(env), env);
  const history = await guard(stack.history(), env);
  // A deploy in flight uploads artifacts its update has not recorded yet: pruning now could delete them.
  const running = history.find((u) => u.result === "in-progress");
  if (running) {
    throw new OperationError("UPDATE_IN_PROGRESS", `stack ${env} has an update in progress (version ${running.version}); its new artifacts are not in history yet`, ExitCodes.environment, "rerun prune when the update has finished");
  }
  const outputs = await guard(stack.outputs(), env);
  const config = configValues(await guard(stack.getConfig(), env));
  const notes: string[] = [];
  const store = ports.artifactStore(outputs);
  const artifacts = await listArtifacts(() => store.list(), notes);
  const versionStore = ports.functionVersions?.(outputs);
  const functions: readonly FunctionVersions[] = versionStore ? await listVersions(() => versionStore.list()) : [];
  if (!versionStore) notes.push("function versions: this engine has no function version store; none listed");

  const plan = planPrune({ history: history.map(toRecord), live: liveReleases(outputs, config), keep, artifacts, functions });
  request.onPlan?.(plan);
  const versionCount = plan.versions.reduce((n, v) => n + v.remove.length, 0);
  const nothing = { artifacts: [], versions: [] };
  if (request.dryRun || (plan.artifacts.remove.length === 0 && versionCount === 0)) return { stack: env, dryRun: Boolean(request.dryRun), plan, removed: nothing, notes };
  if (!request.yes && (await ports.confirm(`Delete ${plan.artifacts.remove.length} artifact(s) and ${versionCount} function version(s) of stack ${env}?`)) !== true) {
    throw new OperationError("CONFIRMATION_REQUIRED", `pruning stack ${env} deletes ${plan.artifacts.remove.length} artifact(s) and ${versionCount} function version(s) and needs confirmation`, ExitCodes.usage, "rerun with --yes to confirm, or --dry-run to see the plan only", { plan });
  }

  const removedVersions: { function: string; version: string }[] = [];
  await ports.progress.step(`Prune ${env}`, async () => {
    await deleting("artifacts", () => store.remove(plan.artifacts.remove));
    for (const fn of plan.versions) {
      for (const version of fn.remove) {
        await deleting(`${fn.function} version ${version}`, () => versionStore!.remove(fn.function, version));
        removedVersions.push({ function: fn.function, version });
      }
    }
  });
  return { stack: env, dryRun: false, plan, removed: { artifacts: plan.artifacts.remove, versions: removedVersions }, notes };
}

/** `--keep`: a whole number of releases, 1 to 100. */
export function keepCount(raw: number | string | undefined): number {
  if (raw === undefined) return KEEP_DEFAULT;
  const value = typeof raw === "number" ? raw : /^\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isInteger(value) || value < 1 || value > KEEP_MAX) {
    throw new OperationError("USAGE", `--keep ${JSON.stringify(raw)} is not valid; allowed: a whole number of releases from 1 to ${KEEP_MAX}`, ExitCodes.usage, EXAMPLE);
  }
  return value;
}

async function listArtifacts(list: () => Promise<readonly ListedArtifact[]>, notes: string[]): Promise<readonly ListedArtifact[]> {
  try {
    return await list();
  } catch (error) {
    if (error instanceof MissingStoreLocationError) {
      notes.push(`artifacts: ${error.message}`);
      return [];
    }
    throw new OperationError("ARTIFACT_LIST_FAILED", `could not list the artifacts: ${(error as Error).message}`, ExitCodes.environment, "check your cloud credentials (AWS_PROFILE / az login) and retry");
  }
}

async function listVersions(list: () => Promise<readonly FunctionVersions[]>): Promise<readonly FunctionVersions[]> {
  try {
    return await list();
  } catch (error) {
    throw new OperationError("VERSION_LIST_FAILED", `could not list the function versions: ${(error as Error).message}`, ExitCodes.environment, "check your AWS credentials (lambda:ListVersionsByFunction, lambda:ListAliases) and retry");
  }
}

async function deleting<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new OperationError("PRUNE_FAILED", `deleting ${what} failed: ${(error as Error).message}`, ExitCodes.failed, "fix the cause and rerun prune: what was deleted stays deleted, the rest is planned again");
  }
}
