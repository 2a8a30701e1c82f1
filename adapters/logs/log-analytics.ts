/**
 * The log reader on Azure: the Function App's rows in the Log Analytics workspace behind its
 * workspace-based Application Insights (tables AppTraces, AppExceptions and AppRequests, where
 * `AppRoleName` is the Function App's name), through Microsoft's LogsQueryClient
 * (@azure/monitor-query-logs). `follow` polls with a five-minute overlap: Azure Monitor makes an
 * entry queryable some time after it is written (Microsoft Learn, "Log data ingestion time in Azure
 * Monitor": typically 20 seconds to 3 minutes).
 */
import type { TokenCredential } from "@azure/core-auth";
import { LogsQueryClient, LogsQueryResultStatus, type LogsTable } from "@azure/monitor-query-logs";
import { pollFollow, type LogBatch, type LogEvent, type LogQuery, type LogReader, type LogSource } from "../../application/logs";

type AzureSource = Extract<LogSource, { provider: "azure" }>;

export interface LogAnalyticsReaderOptions {
  /** A client of one's own (tests: pointed at a recorder). */
  readonly client?: LogsQueryClient;
  readonly credential?: TokenCredential;
  /** The Log Analytics API endpoint (sovereign clouds). @default https://api.loganalytics.io */
  readonly endpoint?: string;
  /** Between two polls while following. @default 10000 */
  readonly pollMs?: number;
  /** At most this many rows per read (the result says `truncated`). @default 10000 */
  readonly maxEvents?: number;
}

/** The KQL for one component's rows: the filter is a verbatim string (the filter forbids `"`), the app name letters, digits and hyphens. */
export function componentQuery(appName: string, filter: string | undefined, maxEvents: number): string {
  if (!/^[A-Za-z0-9-]+$/.test(appName)) throw new Error(`app name ${JSON.stringify(appName)} is not a Function App name`);
  if (filter !== undefined && /["\r\n]/.test(filter)) throw new Error(`filter ${JSON.stringify(filter)} contains a double quote or a line break`);
  return [
    "union isfuzzy=true",
    '  (AppTraces | project TimeGenerated, AppRoleName, Message, Table = "AppTraces", ItemId = _ItemId),',
    '  (AppExceptions | project TimeGenerated, AppRoleName, Message = strcat(ExceptionType, ": ", OuterMessage), Table = "AppExceptions", ItemId = _ItemId),',
    '  (AppRequests | project TimeGenerated, AppRoleName, Message = strcat(Name, " ", ResultCode, " ", toint(DurationMs), "ms"), Table = "AppRequests", ItemId = _ItemId)',
    `| where AppRoleName == "${appName}"`,
    ...(filter === undefined ? [] : [`| where Message contains_cs @"${filter}"`]),
    "| order by TimeGenerated asc",
    `| take ${maxEvents + 1}`,
  ].join("\n");
}

export class LogAnalyticsLogReader implements LogReader {
  private readonly client: LogsQueryClient;
  private readonly pollMs: number;
  private readonly maxEvents: number;

  constructor(
    private readonly source: AzureSource,
    options: LogAnalyticsReaderOptions = {},
  ) {
    this.client = options.client ?? new LogsQueryClient(options.credential ?? defaultCredential(), options.endpoint ? { endpoint: options.endpoint } : {});
    this.pollMs = options.pollMs ?? 10_000;
    this.maxEvents = options.maxEvents ?? 10_000;
  }

  async read(query: LogQuery): Promise<LogBatch> {
    const endMs = query.endMs ?? Date.now();
    const result = await this.client.queryWorkspace(this.source.workspaceId, componentQuery(this.source.appName, query.filter, this.maxEvents), {
      startTime: new Date(query.startMs),
      endTime: new Date(endMs),
    });
    if (result.status === LogsQueryResultStatus.PartialFailure) {
      throw new Error(`the query returned a partial result: ${result.partialError.code}: ${result.partialError.message}`);
    }
    const events = result.tables.flatMap(rowsOf);
    return { events: events.slice(0, this.maxEvents), truncated: events.length > this.maxEvents };
  }

  follow(query: LogQuery, onEvent: (event: LogEvent) => void, signal: AbortSignal): Promise<void> {
    return pollFollow((q) => this.read(q), query, onEvent, signal, { intervalMs: this.pollMs, overlapMs: 5 * 60_000 });
  }
}

function rowsOf(table: LogsTable): LogEvent[] {
  const column = (name: string) => table.columnDescriptors.findIndex((c) => c.name === name);
  const [time, message, kind, id] = [column("TimeGenerated"), column("Message"), column("Table"), column("ItemId")];
  if (time < 0 || message < 0) throw new Error(`the query answered a table without TimeGenerated and Message (columns: ${table.columnDescriptors.map((c) => c.name).join(", ")})`);
  return table.rows.map((row) => {
    const at = row[time];
    const timestamp = at instanceof Date ? at.getTime() : Date.parse(String(at));
    return {
      timestamp,
      message: String(row[message] ?? ""),
      ...(kind >= 0 && row[kind] ? { stream: String(row[kind]) } : {}),
      ...(id >= 0 && row[id] ? { id: String(row[id]) } : {}),
    };
  });
}

function defaultCredential(): TokenCredential {
  // Loaded with the reader only: @azure/identity pulls in MSAL.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { DefaultAzureCredential } = require("@azure/identity") as typeof import("@azure/identity");
  return new DefaultAzureCredential();
}
