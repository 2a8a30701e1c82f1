/**
 * Per-connection version split on Web PubSub (issue 20). A WebSocket release in progress runs two
 * Function Apps, each the event handler of its own hub of the same service: the stable app (hub
 * `semantest`, the previous version) and the canary app (hub `semantest_canary`, the new version).
 * A connection belongs to one hub for its whole life, and a hub's events all reach one app, so
 * every message of a connection is handled by one version. `negotiate` (on the stable app) decides
 * the hub of each NEW connection; existing connections stay where they are (they drain).
 *
 * Why hubs: Web PubSub routes events per hub, each hub with its own event handlers (Microsoft Learn,
 * "Azure Web PubSub basic concepts": hub, event handler settings per hub), and a client token is
 * issued for one hub (`getClientAccessToken` of a `WebPubSubServiceClient` built for that hub),
 * so the hub is the service's own unit of routing. Hub names start with a letter and hold letters,
 * digits and underscores only (Azure SDK, WebPubSubServiceClient `hub` parameter), hence the `_`.
 *
 * The choice is a pure function of (salt, key): with a user id the same user lands on the same
 * version on every reconnect during a release, and raising the weight only moves users from stable
 * to canary, never back (the bucket is fixed, the threshold grows). Without a user id the key is
 * random, so the share holds over many connections.
 */
import { createHash, randomUUID } from "crypto";
import { readFileSync } from "fs";

/** App setting of the stable app: `{ hub, weight, salt }` as JSON; absent = no split. */
export const CANARY_SETTING = "SEMANTEST_CANARY";
/** App setting of both apps: the other hubs of the service that broadcasts must also reach (comma-separated). */
export const SIBLING_HUBS_SETTING = "WEBPUBSUB_SIBLING_HUBS";
/** Web PubSub hub names (Azure SDK `WebPubSubServiceClient` `hub`: a letter, then letters, digits or `_`). */
export const HUB_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,127}$/;
/**
 * The close reason prefix of a connection closed because its version is retired (rollback) or
 * replaced: clients reconnect through `negotiate` when they see it (Microsoft's
 * @azure/web-pubsub-client reconnects on its own after any server-side close).
 */
export const RECONNECT_REASON_PREFIX = "reconnect:";

export interface CanaryRoute {
  /** The canary app's hub. */
  readonly hub: string;
  /** The share of NEW connections the canary hub gets, in [0, 1]. */
  readonly weight: number;
  /** Shuffles users per release (the canary's release id or digest). */
  readonly salt: string;
}

export type CanaryParse = { readonly ok: true; readonly route: CanaryRoute | undefined } | { readonly ok: false; readonly message: string };

/** Reads `SEMANTEST_CANARY`; every problem names the field, the value and what is allowed. */
export function parseCanarySetting(raw: string | undefined): CanaryParse {
  if (raw === undefined || raw.trim() === "") return { ok: true, route: undefined };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { ok: false, message: `${CANARY_SETTING} ${JSON.stringify(raw.slice(0, 80))} is not JSON; expected {"hub":"<hub>","weight":<0..1>,"salt":"<text>"}` };
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) return { ok: false, message: `${CANARY_SETTING} is ${JSON.stringify(value)}; expected an object {"hub","weight","salt"}` };
  const { hub, weight, salt } = value as Record<string, unknown>;
  if (typeof hub !== "string" || !HUB_NAME_PATTERN.test(hub)) return { ok: false, message: `${CANARY_SETTING}.hub ${JSON.stringify(hub)} is not a hub name; allowed: a letter, then up to 127 letters, digits or _` };
  if (typeof weight !== "number" || !Number.isFinite(weight) || weight < 0 || weight > 1) return { ok: false, message: `${CANARY_SETTING}.weight ${JSON.stringify(weight)} is not a share; allowed: a number from 0 to 1` };
  if (typeof salt !== "string") return { ok: false, message: `${CANARY_SETTING}.salt ${JSON.stringify(salt)} is not a string` };
  return { ok: true, route: { hub, weight, salt } };
}

/** Reads `WEBPUBSUB_SIBLING_HUBS` (comma-separated hub names); a bad name is an error naming it. */
export function parseHubList(raw: string | undefined): { ok: true; hubs: string[] } | { ok: false; message: string } {
  const hubs = (raw ?? "").split(",").map((h) => h.trim()).filter(Boolean);
  const bad = hubs.find((hub) => !HUB_NAME_PATTERN.test(hub));
  if (bad !== undefined) return { ok: false, message: `${SIBLING_HUBS_SETTING} holds ${JSON.stringify(bad.slice(0, 80))}, which is not a hub name; allowed: a letter, then letters, digits or _` };
  return { ok: true, hubs: [...new Set(hubs)] };
}

/** A number in [0, 1) fixed by (salt, key): the first 48 bits of sha256(salt, key). */
export function bucketOf(salt: string, key: string): number {
  const digest = createHash("sha256").update(salt).update("\u0000").update(key).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

/**
 * The hub of a new connection: the canary's when its bucket falls under the weight. Weight 0 never
 * assigns the canary (rollback stops assigning), weight 1 always does.
 */
export function chooseHub(stableHub: string, route: CanaryRoute | undefined, key: string | undefined, newKey: () => string = randomUUID): string {
  if (!route || route.weight <= 0) return stableHub;
  if (route.weight >= 1) return route.hub;
  return bucketOf(route.salt, key ?? newKey()) < route.weight ? route.hub : stableHub;
}

/** The close reason for connections of a retired version: `reconnect: <why>` (the service keeps it short). */
export function reconnectReason(why: string): string {
  return `${RECONNECT_REASON_PREFIX} ${why}`.slice(0, 120);
}

/** The connection-state key holding the version that accepted the connection (hidden from the app). */
export const VERSION_STATE_KEY = "semantest.version";

/** The pin and the app's own state, from a connection's state. */
export function splitPin(state: Readonly<Record<string, unknown>>): { pinned: string | undefined; state: Record<string, unknown> } {
  const { [VERSION_STATE_KEY]: pinned, ...rest } = state;
  return { pinned: typeof pinned === "string" ? pinned : undefined, state: rest };
}

/**
 * The version of the code running: the sha256 of the bundle itself (the Function App's `index.js`),
 * so two apps, or one app before and after a deploy, agree exactly when they run the same code.
 * Read once per instance (a bundle is a few MB at most). Undefined when the file cannot be read.
 */
export function codeVersion(file: string): string | undefined {
  try {
    return `sha256:${createHash("sha256").update(readFileSync(file)).digest("hex").slice(0, 16)}`;
  } catch {
    return undefined;
  }
}
