/** Status and history: deployments read back from Pulumi stack history. */
import { guard, openEachStack } from "./engine-errors";
import { OperationError } from "./errors";
import { ExitCodes } from "./exit-codes";
import type { Ports } from "./ports";
import { releaseProgress, type ReleaseProgressView } from "./release/progress";
import { DeploymentRecord, findDeployment, toRecord } from "./release/records";
import { endpointsOf, validStack } from "./shared";

export interface StatusRequest {
  /** The stack; without it, `deploymentId` is searched in every stack file's stack. */
  readonly stack?: string;
  readonly deploymentId?: string;
}

export interface StatusResult {
  readonly stack: string;
  /** True when this deployment is what the stack runs now (its latest succeeded update). */
  readonly live: boolean;
  readonly deployment: DeploymentRecord;
  /** The endpoints, for the live deployment only. */
  readonly endpoints: Record<string, string>;
  /** A release rolled out in steps that is in progress or was shifted back (the stack's newest update). */
  readonly release?: ReleaseProgressView;
}

export interface HistoryRequest {
  readonly stack: string;
  /** At most this many updates, newest first. */
  readonly limit?: number;
}

export interface HistoryResult {
  readonly stack: string;
  readonly deployments: readonly DeploymentRecord[];
}

export async function status(ports: Ports, request: StatusRequest): Promise<StatusResult> {
  if (!request.stack && !request.deploymentId) throw new OperationError("USAGE", "status needs --env <env> or --deployment <id>", ExitCodes.usage, "semantest-iac status --env production");
  const stacks = request.stack ? [validStack(request.stack, "status", "semantest-iac status --env production")] : ports.project.stackNames();
  const engine = ports.engine();
  await guard(engine.check());

  for await (const { name, stack } of openEachStack(engine, stacks, !request.stack)) {
    const records = (await guard(stack.history(), name)).map(toRecord);
    const record = request.deploymentId ? findDeployment(records, request.deploymentId) : records[0];
    if (!record) {
      if (request.deploymentId && !request.stack) continue;
      if (request.deploymentId) throw unknownDeployment(request.deploymentId, [name]);
      throw new OperationError("NO_DEPLOYMENTS", `stack ${name} has no updates yet`, ExitCodes.failed, `semantest-iac deploy --env ${name}`);
    }
    const latestSucceeded = records.find((r) => r.result === "succeeded" && r.kind !== "other") ?? records.find((r) => r.result === "succeeded");
    const live = latestSucceeded?.version === record.version;
    const endpoints = live ? endpointsOf(await guard(stack.outputs(), name)) : {};
    const release = record.version === records[0].version ? await guard(releaseProgress(ports, stack), name) : undefined;
    return { stack: name, live, deployment: record, endpoints, ...(release ? { release } : {}) };
  }
  throw unknownDeployment(request.deploymentId ?? "", stacks);
}

export async function history(ports: Ports, request: HistoryRequest): Promise<HistoryResult> {
  const env = validStack(request.stack, "history", "semantest-iac history --env production --limit 20");
  const limit = request.limit;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    throw new OperationError("USAGE", `--limit ${JSON.stringify(String(limit))} is not a count; expected a whole number >= 1`, ExitCodes.usage, "semantest-iac history --env production --limit 20");
  }
  const engine = ports.engine();
  await guard(engine.check());
  const stack = await guard(engine.openStack(env), env);
  return { stack: env, deployments: (await guard(stack.history(limit), env)).map(toRecord).slice(0, limit) };
}

function unknownDeployment(id: string, stacks: readonly string[]): OperationError {
  return new OperationError(
    "UNKNOWN_DEPLOYMENT",
    `no deployment ${id} in the history of ${stacks.length ? `stack ${stacks.join(", ")}` : "any stack"}`,
    ExitCodes.usage,
    "check the id with `semantest-iac history --env <env>` (ids are 26-character ULIDs)",
  );
}
