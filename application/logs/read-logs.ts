/**
 * The `logs` use case: a stack's function logs since a time, from the sources its `logs` output
 * names, each line with the release that wrote it (from stack history); with `follow`, new lines as
 * they arrive until the caller's signal or the user's interrupt (Ctrl-C) stops it, which is a success.
 */
import { COMPONENT_KINDS, type ComponentKind } from "../../domain";
import { guard } from "../engine-errors";
import { OperationError } from "../errors";
import { ExitCodes } from "../exit-codes";
import type { Ports } from "../ports";
import { toRecord } from "../release/records";
import { validStack } from "../shared";
import { parseFilter } from "./filter";
import type { LogEvent, LogSource } from "./ports";
import { releaseAt, releaseTimeline, type ReleaseWindow } from "./releases";
import { parseSince } from "./since";
import { logSourcesFromOutputs } from "./sources";

export interface LogsRequest {
  readonly stack: string;
  /** One component; default: every component the stack has. */
  readonly component?: string;
  /** How far back: `15m`, `2h`, `7d` or an ISO time. @default "15m" */
  readonly since?: string;
  /** Keep reading new lines until `signal` aborts (or Ctrl-C in the CLI). */
  readonly follow?: boolean;
  /** Text each line must contain (case-sensitive). */
  readonly filter?: string;
  /** Each line as it is read (with `follow`, the only way to see them). */
  readonly onLine?: (line: LogLine) => void;
  /** Ends `follow`. */
  readonly signal?: AbortSignal;
}

export interface LogLine {
  /** ISO 8601. */
  readonly timestamp: string;
  readonly component: ComponentKind;
  readonly provider: "aws" | "azure";
  /** The release live when the line was written (null: history names none). */
  readonly release: string | null;
  /** Written while an update ran: the release it replaced; the line may be from either. */
  readonly releasePrevious?: string | null;
  readonly message: string;
  readonly stream?: string;
}

export interface LogsResult {
  readonly stack: string;
  readonly since: string;
  readonly sources: readonly { readonly component: ComponentKind; readonly provider: "aws" | "azure"; readonly location: string }[];
  /** Without `follow`: every line, oldest first. With `follow`: empty (they went to `onLine`). */
  readonly lines: readonly LogLine[];
  readonly count: number;
  readonly followed: boolean;
  /** Components whose store held more lines than one read returns (narrow --since or add --filter). */
  readonly truncated: readonly ComponentKind[];
}

const EXAMPLE = "semantest-iac logs --env production --component rest-api --since 1h";
const usage = (message: string) => new OperationError("USAGE", message, ExitCodes.usage, EXAMPLE);

export function locationOf(source: LogSource): string {
  return source.provider === "aws" ? `CloudWatch Logs ${source.logGroup} (${source.region})` : `Log Analytics workspace ${source.workspaceId}, app ${source.appName}`;
}

export async function readLogs(ports: Ports, request: LogsRequest): Promise<LogsResult> {
  const stack = validStack(request.stack, "logs", EXAMPLE);
  if (request.component !== undefined && !(COMPONENT_KINDS as readonly string[]).includes(request.component)) {
    throw usage(`--component ${JSON.stringify(request.component)} is not a component; allowed: ${COMPONENT_KINDS.join(", ")}`);
  }
  const since = parseSince(request.since ?? "15m", ports.clock.now().getTime());
  if (!since.ok) throw usage(since.problem);
  const filter = parseFilter(request.filter);
  if (!filter.ok) throw usage(filter.problem);
  if (!ports.logReaders) throw new OperationError("UNSUPPORTED", "this engine has no log readers", ExitCodes.usage, "use the CLI or the API with the default composition");

  const engine = ports.engine();
  await guard(engine.check());
  const opened = await guard(engine.openStack(stack), stack);
  const found = logSourcesFromOutputs(await guard(opened.outputs(), stack), request.component as ComponentKind | undefined);
  if (!found.ok) throw new OperationError("NO_LOG_SOURCES", `stack ${stack}: ${found.problem}`, ExitCodes.usage, `semantest-iac status --env ${stack}`);
  const timeline = releaseTimeline((await guard(opened.history(), stack)).map(toRecord));

  const readers = found.sources.map((source) => ({ source, reader: ports.logReaders!.open(source) }));
  const query = { startMs: since.startMs, filter: filter.filter };
  const sources = found.sources.map((s) => ({ component: s.component, provider: s.provider, location: locationOf(s) }));
  const base = { stack, since: new Date(since.startMs).toISOString(), sources };
  const toLine = (source: LogSource, event: LogEvent) => logLine(source, event, timeline);

  if (!request.follow) {
    const batches = await Promise.all(readers.map(async ({ source, reader }) => ({ source, batch: await readFrom(source, () => reader.read(query)) })));
    const lines = batches.flatMap(({ source, batch }) => batch.events.map((event) => toLine(source, event))).sort((a, b) => a.timestamp.localeCompare(b.timestamp));
    for (const line of lines) request.onLine?.(line);
    const truncated = batches.filter(({ batch }) => batch.truncated).map(({ source }) => source.component);
    return { ...base, lines, count: lines.length, followed: false, truncated };
  }

  const controller = new AbortController();
  const stop = () => controller.abort();
  if (request.signal?.aborted) stop();
  request.signal?.addEventListener("abort", stop, { once: true });
  let count = 0;
  // One source failing stops the others too: nothing keeps polling behind the error.
  const followOne = async ({ source, reader }: (typeof readers)[number]) => {
    try {
      await readFrom(source, () =>
        reader.follow(
          query,
          (event) => {
            count++;
            request.onLine?.(toLine(source, event));
          },
          controller.signal,
        ),
      );
    } catch (error) {
      stop();
      throw error;
    }
  };
  try {
    await ports.onInterrupt(stop, () => Promise.all(readers.map(followOne)));
  } finally {
    request.signal?.removeEventListener("abort", stop);
  }
  return { ...base, lines: [], count, followed: true, truncated: [] };
}

function logLine(source: LogSource, event: LogEvent, timeline: readonly ReleaseWindow[]): LogLine {
  const release = releaseAt(timeline, event.timestamp);
  return {
    timestamp: new Date(event.timestamp).toISOString(),
    component: source.component,
    provider: source.provider,
    release: release.id,
    ...(release.during ? { releasePrevious: release.during.previous } : {}),
    message: event.message,
    ...(event.stream ? { stream: event.stream } : {}),
  };
}

/** A reader's failure (credentials, a missing group, throttling) as one error naming the source. */
async function readFrom<T>(source: LogSource, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof OperationError) throw error;
    const message = String((error as Error)?.message ?? error).split("\n")[0];
    throw new OperationError("LOGS_FAILED", `reading ${source.component} logs from ${locationOf(source)} failed: ${message}`, ExitCodes.failed, source.provider === "aws" ? "check the AWS credentials (logs:FilterLogEvents on the group) and the region" : "check the Azure credentials (Log Analytics Reader on the workspace)");
  }
}
