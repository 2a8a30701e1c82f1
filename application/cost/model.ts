import type { TrafficProfile } from "../../domain";

/** A declared resource as the offline preview lists it (type token, inputs, parent URN). */
export interface CostResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly parent: string | null;
  readonly inputs: Readonly<Record<string, unknown>>;
}

/** One billed quantity of one resource: what, how much, at which price, from which page. */
export interface CostLine {
  readonly item: string;
  readonly quantity: number;
  readonly unit: string;
  /** US dollars per unit. */
  readonly unitPrice: number;
  readonly amount: number;
  readonly source: string;
}

export interface ResourceCost {
  readonly type: string;
  /** The top-level component the resource belongs to (`rest-api`, `websocket`, `aws-platform`, ...). */
  readonly component: string;
  readonly monthly: number;
  readonly lines: readonly CostLine[];
}

/** The `cost` section of the preview document. Estimates, not bills (docs/cost.md). */
export interface CostEstimate {
  readonly currency: "USD";
  readonly monthly: {
    readonly total: number;
    readonly byComponent: Readonly<Record<string, number>>;
    /** Keyed by resource name; only resources with a billed quantity appear. */
    readonly byResource: Readonly<Record<string, ResourceCost>>;
  };
  /** Every assumption the figures rest on, as sentences. */
  readonly assumptions: readonly string[];
  readonly prices: { readonly source: readonly string[]; readonly asOf: string };
}

export interface CostInput {
  readonly resources: readonly CostResource[];
  readonly traffic: TrafficProfile;
  /** The stack's regions, to say when they differ from the price books' regions. */
  readonly regions?: { readonly aws?: string; readonly azure?: string };
}

/** Which traffic a resource serves, from the component it belongs to. */
export type TrafficKind = "rest-api" | "websocket" | "shared";

/** What a resource's estimator gets: its inputs, its component, and the whole deployment's figures. */
export interface ResourceContext {
  readonly resource: CostResource;
  readonly component: string;
  readonly kind: TrafficKind;
  readonly traffic: TrafficProfile;
  /** Function invocations per month per cloud (shared log workspaces are fed by them all). */
  readonly invocations: Readonly<Record<"aws" | "azure", number>>;
  readonly assume: (sentence: string) => void;
}

/** Rounds money and quantities to a millionth: sums stay exact enough, JSON stays readable. */
export const round6 = (n: number): number => Math.round(n * 1e6) / 1e6;
