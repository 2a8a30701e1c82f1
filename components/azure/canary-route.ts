/**
 * `CanaryRoute`: a Pulumi dynamic resource per canary hub, the visible record of a WebSocket
 * release on Azure (issue 20): the share of new connections `negotiate` assigns to the canary hub
 * and whether the canary is retired. The share itself reaches `negotiate` through the stable app's
 * settings, which are secret as a whole (they hold the Web PubSub connection strings), so without
 * this record a shift or a rollback would be invisible in previews and diffs.
 *
 * On retirement (a rollback: weight 0 while a release is in progress) it closes the canary hub's
 * connections with a reconnect reason ("rollback stops assigning and closes the canary's
 * connections with a reason clients can reconnect on"), inside the same `pulumi up`, after the
 * stable app's settings stopped assigning the hub (it depends on them), so reconnecting clients
 * land on the stable version. Its state is what was done. Deleting it does nothing.
 */
import * as pulumi from "@pulumi/pulumi";
import type { HubDrainInputs } from "../../runtime/azure/hub-drain";
import { loadAtRunTime } from "./load-at-run-time";
import { PROVIDER_OPERATIONS_PATH } from "./provider-operations";

export interface CanaryRouteInputs extends HubDrainInputs {
  /** The share of new connections assigned to this hub (mirrors the stable app's `SEMANTEST_CANARY`). */
  readonly weight: number;
}

/** The inputs whose change is an update of the record (any of them). */
export const ROUTE_KEYS = ["endpoint", "hub", "weight", "retired", "releaseId"] as const;

/** Where create and update find `closeIfRetired` in the provider process (a plain string, captured as one). */
const OPERATIONS = PROVIDER_OPERATIONS_PATH;

/**
 * Serialized by Pulumi into every CanaryRoute's `__provider` input: closing a hub is loaded by name
 * when it runs (./load-at-run-time.ts), so the text holds only these methods and `diff`'s keys.
 */
export const canaryRouteProvider: pulumi.dynamic.ResourceProvider = {
  async diff(_id: string, olds: CanaryRouteInputs, news: CanaryRouteInputs) {
    return { changes: ROUTE_KEYS.some((key) => olds[key] !== news[key]), replaces: [], deleteBeforeReplace: false };
  },
  async create(inputs: CanaryRouteInputs) {
    await loadAtRunTime<typeof import("./provider-operations")>(OPERATIONS).closeIfRetired(undefined, inputs);
    return { id: `${inputs.hub}/route`, outs: { ...inputs } };
  },
  async update(_id: string, olds: CanaryRouteInputs, news: CanaryRouteInputs) {
    await loadAtRunTime<typeof import("./provider-operations")>(OPERATIONS).closeIfRetired(olds, news);
    return { outs: { ...news } };
  },
  async delete() {},
};

export type CanaryRouteArgs = { readonly [K in keyof CanaryRouteInputs]: pulumi.Input<CanaryRouteInputs[K]> };

export class CanaryRoute extends pulumi.dynamic.Resource {
  readonly weight!: pulumi.Output<number>;
  readonly retired!: pulumi.Output<boolean>;

  constructor(name: string, args: CanaryRouteArgs, opts?: pulumi.CustomResourceOptions) {
    super(canaryRouteProvider, name, { ...args, weight: args.weight, retired: args.retired }, opts, "semantest-azure", "CanaryRoute");
  }
}
