/**
 * The log reader on AWS: CloudWatch Logs FilterLogEvents on the component's log group (the group
 * the Lambda writes to, `loggingConfig.logGroup`), through the official SDK v3 client. `follow`
 * polls (application/logs/poll.ts) with an overlap, because CloudWatch may index an event after
 * later ones (FilterLogEvents API reference: events are returned "sorted by ingestion time" per page).
 */
import { CloudWatchLogsClient, FilterLogEventsCommand, type FilterLogEventsCommandOutput } from "@aws-sdk/client-cloudwatch-logs";
import { pollFollow, type LogBatch, type LogEvent, type LogQuery, type LogReader, type LogSource } from "../../application/logs";

type AwsSource = Extract<LogSource, { provider: "aws" }>;

export interface CloudWatchReaderOptions {
  /** A client of one's own (tests: pointed at a recorder). Default: the standard chain for the source's region (AWS_ENDPOINT_URL honoured). */
  readonly client?: CloudWatchLogsClient;
  /** Another CloudWatch Logs endpoint (the CLI passes AWS_ENDPOINT_URL_CLOUDWATCH_LOGS / AWS_ENDPOINT_URL from its environment). */
  readonly endpoint?: string;
  /** Between two polls while following. @default 2000 */
  readonly pollMs?: number;
  /** Stop reading after this many events (the result says `truncated`). @default 10000 */
  readonly maxEvents?: number;
}

/** A CloudWatch filter pattern matching `text` as one case-sensitive phrase (quoted term; the filter forbids `"`). */
export function filterPattern(text: string | undefined): string | undefined {
  return text === undefined ? undefined : `"${text}"`;
}

export class CloudWatchLogReader implements LogReader {
  private readonly client: CloudWatchLogsClient;
  private readonly pollMs: number;
  private readonly maxEvents: number;

  constructor(
    private readonly source: AwsSource,
    options: CloudWatchReaderOptions = {},
  ) {
    this.client = options.client ?? new CloudWatchLogsClient({ region: source.region, ...(options.endpoint ? { endpoint: options.endpoint } : {}) });
    this.pollMs = options.pollMs ?? 2000;
    this.maxEvents = options.maxEvents ?? 10_000;
  }

  async read(query: LogQuery): Promise<LogBatch> {
    const events: LogEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page: FilterLogEventsCommandOutput = await this.client.send(
        new FilterLogEventsCommand({
          logGroupName: this.source.logGroup,
          startTime: query.startMs,
          endTime: query.endMs,
          filterPattern: filterPattern(query.filter),
          nextToken,
          limit: Math.min(10_000, this.maxEvents - events.length),
        }),
      );
      for (const event of page.events ?? []) {
        if (event.timestamp === undefined || event.message === undefined) continue;
        events.push({ timestamp: event.timestamp, message: event.message.replace(/\n$/, ""), stream: event.logStreamName, id: event.eventId });
      }
      nextToken = page.nextToken;
    } while (nextToken && events.length < this.maxEvents);
    events.sort((a, b) => a.timestamp - b.timestamp);
    return { events, truncated: Boolean(nextToken) };
  }

  follow(query: LogQuery, onEvent: (event: LogEvent) => void, signal: AbortSignal): Promise<void> {
    return pollFollow((q) => this.read(q), query, onEvent, signal, { intervalMs: this.pollMs, overlapMs: 30_000 });
  }
}
