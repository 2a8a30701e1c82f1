import { DEFAULT_EVENTS_FILE } from "./defaults";
import { isObject, readBoolean, readInteger, readOneOf, readString, unknownKeys } from "./fields";
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
  if (raw.sinks !== undefined) {
    if (!Array.isArray(raw.sinks)) found.add(problem(`${path}.sinks`, raw.sinks, "is not a list of sinks"));
    else sinks = raw.sinks.map((sink, i) => found.take(parseSink(sink, `${path}.sinks[${i}]`))).filter((s): s is SinkConfig => s !== undefined);
  }
  const publishOnPreview = raw.publishOnPreview === undefined ? false : found.take(readBoolean(`${path}.publishOnPreview`, raw.publishOnPreview));
  return found.result(() => ({ sinks, publishOnPreview: publishOnPreview! }));
}

function parseSink(raw: unknown, path: string): Parsed<SinkConfig> {
  if (!isObject(raw)) return fail(problem(path, raw, `is not a sink; expected { kind: ${SINK_KINDS.join(" | ")}, ... }`));
  const kind = readOneOf(`${path}.kind`, raw.kind, SINK_KINDS, "sink kind");
  if (!kind.ok) return kind;
  const found = new ProblemCollector();
  found.add(...unknownKeys(path, raw, SINK_KEYS[kind.value]));
  switch (kind.value) {
    case "file": {
      const file = raw.path === undefined ? DEFAULT_EVENTS_FILE : found.take(readString(`${path}.path`, raw.path, "a file path"));
      return found.result(() => ({ kind: "file", path: file! }));
    }
    case "http": {
      const url = found.take(readUrl(`${path}.url`, raw.url, ["http:", "https:"]));
      const timeoutMs = raw.timeoutMs === undefined ? HTTP_SINK_DEFAULTS.timeoutMs : found.take(readInteger(`${path}.timeoutMs`, raw.timeoutMs, 100, 60000, "http sink timeout"));
      const maxAttempts = raw.maxAttempts === undefined ? HTTP_SINK_DEFAULTS.maxAttempts : found.take(readInteger(`${path}.maxAttempts`, raw.maxAttempts, 1, 20, "http sink attempts"));
      const tokenEnv = raw.tokenEnv === undefined ? undefined : found.take(readString(`${path}.tokenEnv`, raw.tokenEnv, "an environment variable name"));
      return found.result(() => ({ kind: "http", url: url!, timeoutMs: timeoutMs!, maxAttempts: maxAttempts!, ...(tokenEnv ? { tokenEnv } : {}) }));
    }
    case "eventbridge": {
      const eventBusName = raw.eventBusName === undefined ? "default" : found.take(readString(`${path}.eventBusName`, raw.eventBusName, "an event bus name"));
      const region = raw.region === undefined ? undefined : found.take(readString(`${path}.region`, raw.region, "a region"));
      return found.result(() => ({ kind: "eventbridge", eventBusName: eventBusName!, region }));
    }
    case "eventgrid": {
      const endpoint = found.take(readUrl(`${path}.endpoint`, raw.endpoint, ["https:"]));
      const accessKeyEnv = raw.accessKeyEnv === undefined ? undefined : found.take(readString(`${path}.accessKeyEnv`, raw.accessKeyEnv, "an environment variable name"));
      return found.result(() => ({ kind: "eventgrid", endpoint: endpoint!, accessKeyEnv }));
    }
  }
}

function readUrl(path: string, raw: unknown, protocols: readonly string[]): Parsed<string> {
  if (typeof raw === "string") {
    try {
      if (protocols.includes(new URL(raw).protocol)) return { ok: true, value: raw };
    } catch {
      // fall through to the problem below
    }
  }
  return fail(problem(path, raw, `is not a URL; allowed schemes: ${protocols.map((p) => p.replace(":", "")).join(", ")}`));
}
