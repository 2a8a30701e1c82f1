/**
 * The log reader on AWS: CloudWatch Logs FilterLogEvents on the component's log group (the group
 * the Lambda writes to, `loggingConfig.logGroup`), through the official SDK v3 client. `follow`
 * uses Live Tail (StartLiveTail: events pushed about every second as they are ingested) when the
 * source names the group's ARN and the caller may start a session; otherwise it polls
 * FilterLogEvents (application/logs/poll.ts) with an overlap, because CloudWatch may index an event
 * after later ones.
 */
import { CloudWatchLogsClient, FilterLogEventsCommand, StartLiveTailCommand, type FilterLogEventsCommandOutput, type StartLiveTailResponseStream } from "@aws-sdk/client-cloudwatch-logs";
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
  /** Follow with Live Tail when the source has the group's ARN. @default true */
  readonly liveTail?: boolean;
  /** What the user should know while following: live tail unavailable (polling instead), sampled. */
  readonly onNotice?: (message: string) => void;
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
    // StartLiveTail's host prefix ("stream-logs.<region>") cannot apply to an endpoint of one's own.
    this.client = options.client ?? new CloudWatchLogsClient({ region: source.region, ...(options.endpoint ? { endpoint: options.endpoint, disableHostPrefix: true } : {}) });
    this.pollMs = options.pollMs ?? 2000;
    this.maxEvents = options.maxEvents ?? 10_000;
    this.liveTail = options.liveTail ?? true;
    this.notice = options.onNotice ?? (() => undefined);
  }

  private readonly liveTail: boolean;
  private readonly notice: (message: string) => void;

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

  async follow(query: LogQuery, onEvent: (event: LogEvent) => void, signal: AbortSignal): Promise<void> {
    const arn = this.source.logGroupArn;
    if (!this.liveTail || !arn) return this.poll(query, onEvent, signal);
    let stream: AsyncIterable<StartLiveTailResponseStream>;
    try {
      const response = await this.client.send(new StartLiveTailCommand({ logGroupIdentifiers: [arn], logEventFilterPattern: filterPattern(query.filter) }), { abortSignal: signal });
      if (!response.responseStream) throw new Error("the response has no event stream");
      stream = response.responseStream;
    } catch (error) {
      if (signal.aborted) return;
      this.notice(`${this.source.component}: live tail is unavailable (${String((error as Error)?.message ?? error).split("\n")[0]}); following by polling FilterLogEvents every ${this.pollMs / 1000} s`);
      return this.poll(query, onEvent, signal);
    }
    return this.tail(stream, query, onEvent, signal);
  }

  /**
   * The session is open before the backlog is read, and its events wait until the backlog is out:
   * nothing ingested in between is missed, and an event both return is printed once.
   */
  private async tail(stream: AsyncIterable<StartLiveTailResponseStream>, query: LogQuery, onEvent: (event: LogEvent) => void, signal: AbortSignal): Promise<void> {
    const backlogKeys = new Set<string>();
    let buffered: LogEvent[] | undefined = [];
    let last = query.startMs;
    const deliver = (event: LogEvent) => {
      if (backlogKeys.has(contentKey(event))) return;
      last = Math.max(last, event.timestamp);
      onEvent(event);
    };
    const session = { timedOut: false };
    const pump = (async () => {
      for await (const item of stream) {
        if (item.SessionStreamingException) throw new Error(`live tail failed: ${item.SessionStreamingException.message ?? "SessionStreamingException"}`);
        if (item.SessionTimeoutException) {
          session.timedOut = true;
          return;
        }
        if (item.sessionUpdate?.sessionMetadata?.sampled) this.notice(`${this.source.component}: over 500 matching events per second; live tail samples them (add --filter to see every line)`);
        for (const result of item.sessionUpdate?.sessionResults ?? []) {
          if (result.timestamp === undefined || result.message === undefined) continue;
          const event = { timestamp: result.timestamp, message: result.message.replace(/\n$/, ""), ...(result.logStreamName ? { stream: result.logStreamName } : {}) };
          if (buffered) buffered.push(event);
          else deliver(event);
        }
      }
    })().catch((error: unknown) => {
      if (!signal.aborted) throw error;
    });
    // Awaited below; until then a stream failure must not count as an unhandled rejection.
    pump.catch(() => undefined);
    const backlog = await this.read({ startMs: query.startMs, filter: query.filter });
    for (const event of backlog.events) {
      backlogKeys.add(contentKey(event));
      last = Math.max(last, event.timestamp);
      onEvent(event);
    }
    const waiting: LogEvent[] = buffered;
    buffered = undefined;
    for (const event of waiting) deliver(event);
    await pump;
    // A session lasts at most three hours (StartLiveTail API reference, SessionTimeoutException): go on by polling.
    if (session.timedOut && !signal.aborted) {
      this.notice(`${this.source.component}: the live tail session reached its three-hour limit; following by polling`);
      await this.poll({ ...query, startMs: last + 1 }, onEvent, signal);
    }
  }

  private poll(query: LogQuery, onEvent: (event: LogEvent) => void, signal: AbortSignal): Promise<void> {
    return pollFollow((q) => this.read(q), query, onEvent, signal, { intervalMs: this.pollMs, overlapMs: 30_000 });
  }
}

/** Live Tail events carry no event id: the same time, stream and text is the same event. */
const contentKey = (event: LogEvent) => `${event.timestamp}|${event.stream ?? ""}|${event.message}`;
