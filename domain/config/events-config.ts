import { DEFAULT_EVENTS_FILE } from "./defaults";
import { field, isObject, LIST_MAX, readBoolean, readInteger, readOneOf, readString, unknownKeys } from "./fields";
import { fail, Parsed, problem, ProblemCollector } from "./problem";

export const SinkKinds = { file: "file", http: "http", eventbridge: "eventbridge", eventgrid: "eventgrid" } as const;
export type SinkKind = (typeof SinkKinds)[keyof typeof SinkKinds];
export const SINK_KINDS: readonly SinkKind[] = Object.values(SinkKinds);

export interface FileSinkConfig {
  readonly kind: "file";
  /** JSONL file, relative to the project. */
  readonly path: string;
}
export interface HttpSinkConfig {
  readonly kind: "http";
  /** A Semantest server's `/events` endpoint. */
  readonly url: string;
  readonly timeoutMs: number;
  readonly maxAttempts: number;
  /** Name of the environment variable holding a bearer token for the server; absent = no Authorization header. */
  readonly tokenEnv?: string;
}
export interface EventBridgeSinkConfig {
  readonly kind: "eventbridge";
  readonly eventBusName: string;
  /** Defaults to `aws:region`. */
  readonly region: string | undefined;
}
export interface EventGridSinkConfig {
  readonly kind: "eventgrid";
  /** The Event Grid topic endpoint (https://<topic>.<region>-1.eventgrid.azure.net/api/events). */
  readonly endpoint: string;
  /** Name of the environment variable holding the topic key; absent = Microsoft Entra ID credentials. */
  readonly accessKeyEnv: string | undefined;
}
export type SinkConfig = FileSinkConfig | HttpSinkConfig | EventBridgeSinkConfig | EventGridSinkConfig;

export interface EventsConfig {
  readonly sinks: readonly SinkConfig[];
  /** Whether a plain `pulumi preview` may publish to network sinks (it never does by default). */
  readonly publishOnPreview: boolean;
}

export const DEFAULT_EVENTS_CONFIG: EventsConfig = {
  sinks: [{ kind: "file", path: DEFAULT_EVENTS_FILE }],
  publishOnPreview: false,
};

/**
 * String limits of the sinks' settings. URLs: 2,048 characters, the longest URL every HTTP stack in
 * the path accepts (RFC 9110 section 4.1 recommends senders and recipients support at least 8,000;
 * Azure Front Door and API Gateway custom domains stop far earlier). Event bus names: 256
 * characters (Amazon EventBridge API Reference, PutEvents, EventBusName). Environment variable
 * names and regions are short identifiers; 256 / 64 leave room without letting a megabyte through.
 */
export const URL_MAX = 2048;
export const PATH_MAX = 1024;
export const EVENT_BUS_NAME_MAX = 256;
export const NAME_MAX = 256;
export const REGION_MAX = 64;

export const HTTP_SINK_DEFAULTS = { timeoutMs: 5000, maxAttempts: 5 } as const;

export const SINK_KEYS: Readonly<Record<SinkKind, readonly string[]>> = {
  file: ["kind", "path"],
  http: ["kind", "url", "timeoutMs", "maxAttempts", "tokenEnv"],
  eventbridge: ["kind", "eventBusName", "region"],
  eventgrid: ["kind", "endpoint", "accessKeyEnv"],
};

export function parseEventsConfig(raw: unknown, path = "semantest:events"): Parsed<EventsConfig> {
  if (raw === undefined) return { ok: true, value: DEFAULT_EVENTS_CONFIG };
  if (!isObject(raw)) return fail(problem(path, raw, "is not an object; expected { sinks: [...] }"));
  const found = new ProblemCollector();
  found.add(...unknownKeys(path, raw, ["sinks", "publishOnPreview"]));
  let sinks: SinkConfig[] = [...DEFAULT_EVENTS_CONFIG.sinks];
  const rawSinks = field(raw, "sinks");
  if (rawSinks !== undefined) {
    if (!Array.isArray(rawSinks)) found.add(problem(`${path}.sinks`, rawSinks, "is not a list of sinks"));
    else if (rawSinks.length > LIST_MAX) found.add(problem(`${path}.sinks`, rawSinks, `has ${rawSinks.length} sinks; allowed: at most ${LIST_MAX}`));
    else sinks = rawSinks.map((sink, i) => found.take(parseSink(sink, `${path}.sinks[${i}]`))).filter((s): s is SinkConfig => s !== undefined);
  }
  const publishOnPreview = field(raw, "publishOnPreview") === undefined ? false : found.take(readBoolean(`${path}.publishOnPreview`, field(raw, "publishOnPreview")));
  return found.result(() => ({ sinks, publishOnPreview: publishOnPreview! }));
}

function parseSink(raw: unknown, path: string): Parsed<SinkConfig> {
  if (!isObject(raw)) return fail(problem(path, raw, `is not a sink; expected { kind: ${SINK_KINDS.join(" | ")}, ... }`));
  const kind = readOneOf(`${path}.kind`, field(raw, "kind"), SINK_KINDS, "sink kind");
  if (!kind.ok) return kind;
  const found = new ProblemCollector();
  found.add(...unknownKeys(path, raw, SINK_KEYS[kind.value]));
  switch (kind.value) {
    case "file": {
      const file = field(raw, "path") === undefined ? DEFAULT_EVENTS_FILE : found.take(readString(`${path}.path`, field(raw, "path"), "a file path", PATH_MAX));
      return found.result(() => ({ kind: "file", path: file! }));
    }
    case "http": {
      const url = found.take(readUrl(`${path}.url`, field(raw, "url"), ["http:", "https:"]));
      const timeoutMs = field(raw, "timeoutMs") === undefined ? HTTP_SINK_DEFAULTS.timeoutMs : found.take(readInteger(`${path}.timeoutMs`, field(raw, "timeoutMs"), 100, 60000, "http sink timeout"));
      const maxAttempts = field(raw, "maxAttempts") === undefined ? HTTP_SINK_DEFAULTS.maxAttempts : found.take(readInteger(`${path}.maxAttempts`, field(raw, "maxAttempts"), 1, 20, "http sink attempts"));
      const tokenEnv = field(raw, "tokenEnv") === undefined ? undefined : found.take(readString(`${path}.tokenEnv`, field(raw, "tokenEnv"), "an environment variable name", NAME_MAX));
      return found.result(() => ({ kind: "http", url: url!, timeoutMs: timeoutMs!, maxAttempts: maxAttempts!, ...(tokenEnv ? { tokenEnv } : {}) }));
    }
    case "eventbridge": {
      const eventBusName = field(raw, "eventBusName") === undefined ? "default" : found.take(readString(`${path}.eventBusName`, field(raw, "eventBusName"), "an event bus name", EVENT_BUS_NAME_MAX));
      const region = field(raw, "region") === undefined ? undefined : found.take(readString(`${path}.region`, field(raw, "region"), "a region", REGION_MAX));
      return found.result(() => ({ kind: "eventbridge", eventBusName: eventBusName!, region }));
    }
    case "eventgrid": {
      const endpoint = found.take(readUrl(`${path}.endpoint`, field(raw, "endpoint"), ["https:"]));
      const accessKeyEnv = field(raw, "accessKeyEnv") === undefined ? undefined : found.take(readString(`${path}.accessKeyEnv`, field(raw, "accessKeyEnv"), "an environment variable name", NAME_MAX));
      return found.result(() => ({ kind: "eventgrid", endpoint: endpoint!, accessKeyEnv }));
    }
  }
}

function readUrl(path: string, raw: unknown, protocols: readonly string[]): Parsed<string> {
  if (typeof raw === "string" && raw.length > URL_MAX) return fail(problem(path, raw, `is ${raw.length} characters long; allowed: a URL of at most ${URL_MAX}`));
  if (typeof raw === "string") {
    try {
      if (protocols.includes(new URL(raw).protocol)) return { ok: true, value: raw };
    } catch {
      // fall through to the problem below
    }
  }
  return fail(problem(path, raw, `is not a URL; allowed schemes: ${protocols.map((p) => p.replace(":", "")).join(", ")}`));
}
