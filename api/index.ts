/**
 * semantest-iac as a library: the same use cases the CLI runs, as typed functions.
 *
 *   import { deploy, status } from "semantest-iac";
 *   const result = await deploy({ stack: "staging" });        // what `deploy --env staging --json` prints
 *
 * Each function resolves to the object the CLI prints with `--json`, or rejects with an
 * `OperationError` whose `code`, `message`, `fix`, `details` and `exitCode` are what the CLI
 * reports. Nothing is printed and nobody is asked: an operation that needs confirmation (a move
 * between clouds, a rollback, a destroy) needs `yes: true`. docs/api.md has the details.
 */
import * as path from "path";
import { deploy as deployUseCase, DeployRequest, DeployResult } from "../application/deploy";
import { destroy as destroyUseCase, DestroyRequest, DestroyResult } from "../application/destroy";
import { flushEvents as flushUseCase, FlushRequest, FlushResult } from "../application/events-flush";
import { OnlinePreviewResult, OfflinePreviewRequest, previewOffline, previewOnline } from "../application/preview";
import { prune as pruneUseCase, PruneRequest, PruneResult } from "../application/prune";
import { abortRelease as abortUseCase, AbortRequest, AbortResult } from "../application/release/abort";
import { rollback as rollbackUseCase, RollbackRequest, RollbackResult } from "../application/rollback";
import { history as historyUseCase, HistoryRequest, HistoryResult, status as statusUseCase, StatusRequest, StatusResult } from "../application/status";
import { silentProgress, type EngineProgress, type OfflinePreviewDocument, type Ports } from "../application/ports";
import { composePorts } from "../adapters/compose";
import { billingSources } from "../adapters/billing";
import { stackCost, type ActualCostResult, type StackCostRequest } from "../application/cost/actual";
import { nodeTransport } from "../adapters/invoke/node-transport";
import { readLogs, type LogLine, type LogsRequest, type LogsResult } from "../application/logs/read-logs";
import { invoke as invokeUseCase, type InvokeRequest, type InvokeResult } from "../application/invoke/invoke";

export { OperationError } from "../application/errors";
export { ExitCodes } from "../application/exit-codes";
export type { ExitCode } from "../application/exit-codes";
export type { DeploymentRecord } from "../application/release/records";
export type { EngineProgress, OfflinePreviewDocument, ActualCostResult };
export type { InvokeRequest, InvokeResult, LogLine, LogsRequest, LogsResult };
export type { AbortRequest, AbortResult, DeployRequest, DeployResult, DestroyRequest, DestroyResult, FlushRequest, FlushResult, HistoryRequest, HistoryResult, OnlinePreviewResult, PruneRequest, PruneResult, RollbackRequest, RollbackResult, StatusRequest, StatusResult };

/** Where and how an operation runs. Every field is optional. */
export interface ApiOptions {
  /** The Pulumi project directory (holds Pulumi.yaml and the Pulumi.<stack>.yaml files). Default: this package's directory. */
  readonly projectDir?: string;
  /** Environment variables the engine sees (PULUMI_*, AWS_*, SEMANTEST_IAC_*). Default: process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** Live engine events (resource started/done, diagnostics, policy results). */
  readonly onProgress?: (progress: EngineProgress) => void;
  /** Warnings, e.g. a sink outage (the events stay in the outbox). Default: ignored. */
  readonly onWarning?: (message: string) => void;
}

export type PreviewRequest = OfflinePreviewRequest & { readonly offline?: boolean };

const PACKAGE_DIR = path.resolve(__dirname, "..");

function ports(options: ApiOptions = {}): Ports {
  const onProgress = options.onProgress;
  return composePorts({
    projectDir: options.projectDir ?? PACKAGE_DIR,
    env: options.env ?? process.env,
    progress: onProgress ? { ...silentProgress, engine: onProgress } : silentProgress,
    warn: options.onWarning ?? (() => undefined),
  });
}

/** Builds the artifacts, records a new release and runs `up` (`semantest-iac deploy`). */
export function deploy(request: DeployRequest, options?: ApiOptions): Promise<DeployResult> {
  return deployUseCase(ports(options), request);
}

/** What a deploy would change, with policy results (`semantest-iac preview`); `offline: true` needs no cloud and no Pulumi CLI. */
export function preview(request: PreviewRequest & { readonly offline: true }, options?: ApiOptions): Promise<OfflinePreviewDocument>;
export function preview(request: PreviewRequest & { readonly offline?: false }, options?: ApiOptions): Promise<OnlinePreviewResult>;
export async function preview(request: PreviewRequest, options?: ApiOptions): Promise<OfflinePreviewDocument | OnlinePreviewResult> {
  if (request.offline) return (await previewOffline(ports(options), request)).document;
  return previewOnline(ports(options), request);
}

/** The latest deployment of a stack, or one deployment by id (`semantest-iac status`). */
export function status(request: StatusRequest, options?: ApiOptions): Promise<StatusResult> {
  return statusUseCase(ports(options), request);
}

/** What a stack has been billed this month, next to its estimate (`status --cost`'s `cost`). Cloud credentials come from the SDKs' usual chains. */
export function cost(request: Pick<StackCostRequest, "stack"> & { readonly today?: Date }, options?: ApiOptions): Promise<ActualCostResult> {
  const env = options?.env ?? process.env;
  return stackCost(ports(options), billingSources(env), { stack: request.stack, today: request.today ?? new Date(), fallbackSubscriptionId: env.AZURE_SUBSCRIPTION_ID ?? env.ARM_SUBSCRIPTION_ID });
}

/** A stack's updates, newest first (`semantest-iac history`). */
export function history(request: HistoryRequest, options?: ApiOptions): Promise<HistoryResult> {
  return historyUseCase(ports(options), request);
}

/** Restores the exact config of an earlier succeeded update and runs `up` without rebuilding (`semantest-iac rollback`). Needs `yes: true`. */
export function rollback(request: RollbackRequest, options?: ApiOptions): Promise<RollbackResult> {
  return rollbackUseCase(ports(options), request);
}

/** Aborts the release rolled out in steps on a stack: one update puts 100% back on the previous release (`semantest-iac rollback --env <stack>`). Needs `yes: true`. */
export function abortRelease(request: AbortRequest, options?: ApiOptions): Promise<AbortResult> {
  return abortUseCase(ports(options), request);
}

/** Removes every resource of a stack (`semantest-iac destroy`). Needs `yes: true` (and the production guard for production). */
export function destroy(request: DestroyRequest, options?: ApiOptions): Promise<DestroyResult> {
  return destroyUseCase(ports(options), request);
}

/** Deletes the artifacts and Lambda versions no rollback needs (`semantest-iac prune`). Needs `yes: true` unless `dryRun`. */
export function prune(request: PruneRequest, options?: ApiOptions): Promise<PruneResult> {
  return pruneUseCase(ports(options), request);
}

/** Re-sends what earlier runs could not deliver from a stack's outbox (`semantest-iac events flush`). */
export function flushEvents(request: FlushRequest, options?: ApiOptions): Promise<FlushResult> {
  return flushUseCase(ports(options), request);
}

/**
 * A stack's function logs, each line with the release that wrote it (`semantest-iac logs`). With
 * `follow: true`, lines go to `onLine` as they arrive until `signal` aborts; the result then counts them.
 */
export function logs(request: LogsRequest, options?: ApiOptions): Promise<LogsResult> {
  return readLogs(ports(options), request);
}

/** One call to a deployed component at the URL its stack outputs name (`semantest-iac invoke`); `ok` is false for a non-2xx status or no WebSocket reply. */
export function invoke(request: InvokeRequest, options?: ApiOptions): Promise<InvokeResult> {
  return invokeUseCase(ports(options), nodeTransport(), request);
}
