/**
 * What each Azure app runs for `semantest:release` and its `traffic` (issue 20), as pure functions
 * tested without mocks. The program's state is the release record: every outcome of a release (a
 * shift, a rollback, the end) is one `pulumi up` whose inputs say exactly what is live.
 *
 * `traffic = { previous: { id, artifacts, versions? }, weight }`: `weight` in [0, 1] is the NEW
 * release's share; absent = all on the new release; 0 = all back on `previous`. It is read
 * defensively here (components/azure never trusts a shape it did not parse), so the program works
 * whether or not the domain's parser already carries the field.
 */
import type { ComponentKind } from "../../domain";

export interface TrafficView {
  readonly previousId: string;
  readonly previousArtifacts: Readonly<Partial<Record<ComponentKind, string>>>;
  readonly weight: number;
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** The release's `traffic`, when it is well formed; anything else reads as none (the domain reports it). */
export function readTraffic(release: unknown): TrafficView | undefined {
  if (!release || typeof release !== "object") return undefined;
  const traffic = (release as { traffic?: unknown }).traffic;
  if (!traffic || typeof traffic !== "object") return undefined;
  const { previous, weight } = traffic as { previous?: unknown; weight?: unknown };
  if (typeof weight !== "number" || !Number.isFinite(weight) || weight < 0 || weight > 1) return undefined;
  if (!previous || typeof previous !== "object") return undefined;
  const { id, artifacts } = previous as { id?: unknown; artifacts?: unknown };
  const previousArtifacts: Partial<Record<ComponentKind, string>> = {};
  if (artifacts && typeof artifacts === "object") {
    for (const [kind, digest] of Object.entries(artifacts as Record<string, unknown>)) {
      if ((kind === "rest-api" || kind === "websocket") && typeof digest === "string" && DIGEST.test(digest)) previousArtifacts[kind] = digest;
    }
  }
  return { previousId: typeof id === "string" ? id : "", previousArtifacts, weight };
}

/**
 * The WebSocket on Azure: a stable app (hub `semantest`, where `negotiate` lives) and a canary app
 * (hub `semantest_canary`). During a release the stable app keeps the previous code and the canary
 * runs the new one; `weight` is the share of new connections `negotiate` sends to the canary hub.
 * Outside a release both run the release's code and nothing is assigned to the canary hub.
 */
export interface WebSocketPlan {
  /** The digest the stable app runs; undefined = the release's (or the built) artifact. */
  readonly stableDigest: string | undefined;
  /** The share of new connections assigned to the canary hub (0 outside a release and on rollback). */
  readonly weight: number;
  /** A release is in progress with two versions live (the canary app runs the new code). */
  readonly split: boolean;
  /** Rolled back: the canary's connections are closed with a reconnect reason (components/azure/hub-drain.ts). */
  readonly retired: boolean;
}

export function webSocketPlan(release: unknown, newDigest: string | undefined): WebSocketPlan {
  const traffic = readTraffic(release);
  const previous = traffic?.previousArtifacts.websocket;
  // No previous code, or the same code: nothing to split (this release does not change the WebSocket).
  if (!traffic || !previous || previous === newDigest) return { stableDigest: undefined, weight: 0, split: false, retired: false };
  return { stableDigest: previous, weight: traffic.weight, split: true, retired: traffic.weight === 0 };
}

/**
 * The REST API on Azure: Flex Consumption cannot split invocations between two versions of one app
 * (no deployment slots; "Site update strategies in Flex Consumption", FAQ: rolling updates "don't
 * provide a separate environment for you to canary test changes or route a percentage of live
 * traffic to"). So a REST release on Azure is blue/green between packages behind the app's own
 * endpoint: the previous package serves 100% until the weight reaches 1, then one rolling update
 * (zero downtime) switches to the new one; weight 0 puts the previous package back. The new share
 * is never more than the weight asks for.
 */
export function restServedDigest(release: unknown): string | undefined {
  const traffic = readTraffic(release);
  const previous = traffic?.previousArtifacts["rest-api"];
  if (!traffic || !previous || traffic.weight >= 1) return undefined;
  return previous;
}
