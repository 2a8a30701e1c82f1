/**
 * A Lambda alias on this machine: one version, or two side by side with the new one weighted
 * (`semantest:release.traffic.weight`), as a weighted `live` alias splits invocations on AWS
 * (Lambda Developer Guide, "Implement Lambda canary deployments using a weighted alias": a simple
 * probabilistic model, per invocation). The draw is seeded, so a local run is reproducible.
 */
import type { InvokeOutcome } from "../worker";
import type { LocalLambda } from "./lambda";

/** The local stand-in for `semantest:release.traffic`: the new version's share, and the draw's seed. */
export interface LocalTraffic {
  /** The new version's share of invocations, from 0 to 1. */
  readonly weight: number;
  /** @default 1 */
  readonly seed?: number;
}

/** The versions a local split runs: the previous release as "1", the new one as "2". */
export const LOCAL_VERSIONS = { previous: "1", next: "2" } as const;

/** mulberry32: a small, well-known 32-bit PRNG; enough for a reproducible split, not for secrets. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function checkLocalTraffic(traffic: LocalTraffic): void {
  if (typeof traffic.weight !== "number" || !Number.isFinite(traffic.weight) || traffic.weight < 0 || traffic.weight > 1) {
    throw new Error(`traffic.weight: ${JSON.stringify(traffic.weight)} is not the new version's share; allowed: a number from 0 to 1`);
  }
  if (traffic.seed !== undefined && !Number.isInteger(traffic.seed)) throw new Error(`traffic.seed: ${JSON.stringify(traffic.seed)} is not a whole number`);
}

export class LocalAlias {
  private readonly random: () => number;

  private constructor(
    private readonly versions: ReadonlyMap<string, LocalLambda>,
    private readonly split?: { readonly previous: string; readonly next: string; readonly weight: number },
    seed = 1,
  ) {
    this.random = seededRandom(seed);
  }

  /** An alias on one version (no release in progress). */
  static single(version: string, lambda: LocalLambda): LocalAlias {
    return new LocalAlias(new Map([[version, lambda]]));
  }

  /** An alias on the previous version with the new one weighted. */
  static weighted(previous: LocalLambda, next: LocalLambda, traffic: LocalTraffic): LocalAlias {
    checkLocalTraffic(traffic);
    const versions = new Map([[LOCAL_VERSIONS.previous, previous], [LOCAL_VERSIONS.next, next]]);
    return new LocalAlias(versions, { previous: LOCAL_VERSIONS.previous, next: LOCAL_VERSIONS.next, weight: traffic.weight }, traffic.seed);
  }

  /** The version the next invocation runs on. */
  pick(): string {
    if (!this.split) return this.versions.keys().next().value as string;
    return this.random() < this.split.weight ? this.split.next : this.split.previous;
  }

  /** An invocation through the alias (API Gateway's integration). */
  invoke(event: unknown, requestId: string): Promise<InvokeOutcome> {
    return this.versions.get(this.pick())!.invoke(event, requestId);
  }

  /** A qualified invocation (`Qualifier`), or undefined when this alias has no such version. */
  version(qualifier: string): LocalLambda | undefined {
    return this.versions.get(qualifier);
  }

  async start(): Promise<void> {
    await Promise.all([...this.versions.values()].map((lambda) => lambda.start()));
  }

  async stop(): Promise<void> {
    await Promise.all([...this.versions.values()].map((lambda) => lambda.stop()));
  }
}
