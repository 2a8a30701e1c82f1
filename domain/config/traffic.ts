import { DEFAULTS } from "./defaults";
import { Environment } from "./environment";
import { field, isObject, RawObject, unknownKeys } from "./fields";
import { Parsed, problem, ProblemCollector } from "./problem";

export type { RestApiTraffic, TrafficProfile, WebSocketTraffic } from "./traffic-profile";
import type { TrafficProfile } from "./traffic-profile";

export const REST_API_TRAFFIC_KEYS = ["requestsPerMonth", "meanDurationMs", "requestBytes", "responseBytes"] as const;
export const WEBSOCKET_TRAFFIC_KEYS = ["connectionsPerMonth", "connectionMinutesPerMonth", "messagesPerMonth", "messageBytes", "meanDurationMs"] as const;
export const TRAFFIC_KEYS = ["rest-api", "websocket", "logBytesPerInvocation", "storageGb", "natDataGbPerMonth"] as const;

/** Upper bound of any traffic figure: far above any real month, small enough to keep sums exact-ish. */
export const TRAFFIC_MAX = 1e15;
/** Longest duration a handler can run (Lambda's 15 minutes; Flex Consumption allows unbounded, 15 min is our cap). */
const DURATION_MAX_MS = 900_000;

const PATH = "semantest:traffic";

/** Parses `semantest:traffic`, filling omitted fields from the environment's defaults. */
export function parseTraffic(raw: unknown, environment: Environment): Parsed<TrafficProfile> {
  const defaults = DEFAULTS[environment.name].traffic;
  const found = new ProblemCollector();
  if (raw === undefined) return found.result(() => defaults);
  if (!isObject(raw)) {
    found.add(problem(PATH, raw, `is not an object; expected a map with ${TRAFFIC_KEYS.join(", ")}`));
    return found.result(() => defaults);
  }
  found.add(...unknownKeys(PATH, raw, TRAFFIC_KEYS));
  const restApi = readSection(raw, "rest-api", REST_API_TRAFFIC_KEYS, defaults.restApi, found);
  const websocket = readSection(raw, "websocket", WEBSOCKET_TRAFFIC_KEYS, defaults.websocket, found);
  const logBytesPerInvocation = readAmount(`${PATH}.logBytesPerInvocation`, field(raw, "logBytesPerInvocation"), defaults.logBytesPerInvocation, TRAFFIC_MAX, found);
  const storageGb = readAmount(`${PATH}.storageGb`, field(raw, "storageGb"), defaults.storageGb, TRAFFIC_MAX, found);
  const natDataGbPerMonth = readAmount(`${PATH}.natDataGbPerMonth`, field(raw, "natDataGbPerMonth"), defaults.natDataGbPerMonth, TRAFFIC_MAX, found);
  return found.result(() => ({ restApi, websocket, logBytesPerInvocation, storageGb, natDataGbPerMonth }));
}

function readSection<T extends object>(
  raw: RawObject,
  key: string,
  keys: readonly (keyof T & string)[],
  defaults: T,
  found: ProblemCollector,
): T {
  const path = `${PATH}.${key}`;
  const section = field(raw, key);
  if (section === undefined) return defaults;
  if (!isObject(section)) {
    found.add(problem(path, section, `is not an object; expected a map with ${keys.join(", ")}`));
    return defaults;
  }
  found.add(...unknownKeys(path, section, keys));
  const read = { ...defaults } as Record<string, number>;
  for (const name of keys) {
    const max = name === "meanDurationMs" ? DURATION_MAX_MS : TRAFFIC_MAX;
    read[name] = readAmount(`${path}.${name}`, field(section, name), (defaults as Record<string, number>)[name], max, found);
  }
  return read as T;
}

/** A non-negative finite number (fractions allowed: a mean), or the default when absent. */
function readAmount(path: string, value: unknown, fallback: number, max: number, found: ProblemCollector): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    found.add(problem(path, value, `is not a number; allowed: 0 to ${max}`));
  } else if (value < 0) {
    found.add(problem(path, value, `is negative; allowed: 0 to ${max}`));
  } else if (value > max) {
    found.add(problem(path, value, `is above the maximum of ${max}`));
  } else {
    return value;
  }
  return fallback;
}
