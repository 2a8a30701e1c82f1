import type { DomainEvent } from "../../domain/deployment/domain-event";
import { DeploymentIdentity, providerOfType, ResourceComponent, resourceEvent, ResourceFacts, ResourceOutcome } from "../../domain/events";
import { componentOfQualifiedType, qualifiedTypeOf } from "./resource-identity";

/** What Pulumi passes a resource hook (ResourceHookArgs in @pulumi/pulumi >= 3.182). */
export interface HookArgs {
  readonly urn: string;
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly newInputs?: Record<string, unknown>;
  readonly oldInputs?: Record<string, unknown>;
  readonly newOutputs?: Record<string, unknown>;
  readonly oldOutputs?: Record<string, unknown>;
}

/** What Pulumi passes an error hook (ErrorHookArgs). */
export interface ErrorArgs extends Omit<HookArgs, "newOutputs"> {
  readonly failedOperation: string;
  /** Newest first. */
  readonly errors: readonly string[];
}

export interface OutcomeContext {
  readonly identity: DeploymentIdentity;
  /** URN -> component, as the transformation recorded them (resources no longer declared fall back to the URN). */
  readonly components: ReadonlyMap<string, ResourceComponent>;
  /** Wraps, records and durably publishes; returns the envelope id. Must not throw. */
  readonly emit: (event: DomainEvent<object>, causationId?: string) => string | undefined;
  readonly now: () => Date;
  readonly warn: (message: string) => void;
}

export interface OutcomeHandlers {
  afterCreate(args: HookArgs): void;
  afterUpdate(args: HookArgs): void;
  afterDelete(args: HookArgs): void;
  /** Records the failure and returns false: never asks the engine to retry. */
  onError(args: ErrorArgs): boolean;
}

/**
 * Turns the engine's resource hooks into outcome events. A replacement reaches hooks as a create
 * and a delete of the same URN (create-before-delete by default, the other order with
 * deleteBeforeReplace): the first half is reported as it happens (created / deleted), the second
 * as `replaced`, caused by the first, so consumers see the replacement as soon as it is complete.
 */
export function createOutcomeHandlers(context: OutcomeContext): OutcomeHandlers {
  const halves = new Map<string, { readonly outcome: "created" | "deleted"; readonly eventId: string | undefined }>();

  const facts = (args: HookArgs): ResourceFacts => {
    const component = context.components.get(args.urn) ?? componentOfQualifiedType(qualifiedTypeOf(args.urn));
    return {
      urn: args.urn,
      resourceType: args.type,
      name: args.name,
      component,
      provider: providerOfType(args.type),
      ...(args.id ? { physicalId: args.id } : {}),
    };
  };
  const record = (outcome: ResourceOutcome, args: HookArgs, causationId?: string, failure?: { operation: string; error: string }) =>
    context.emit(resourceEvent(outcome, context.identity, facts(args), context.now(), failure), causationId);
  const guarded = <A>(what: string, handler: (args: A) => void) => (args: A) => {
    try {
      handler(args);
    } catch (error) {
      // An event problem must never fail a deployment.
      context.warn(`could not record ${what}: ${(error as Error).message}`);
    }
  };
  const half = (outcome: "created" | "deleted", args: HookArgs) => {
    const other = halves.get(args.urn);
    if (other && other.outcome !== outcome) {
      halves.delete(args.urn);
      record("replaced", args, other.eventId);
      return;
    }
    halves.set(args.urn, { outcome, eventId: record(outcome, args) });
  };

  return {
    afterCreate: guarded("a created resource", (args: HookArgs) => half("created", args)),
    afterUpdate: guarded("an updated resource", (args: HookArgs) => void record("updated", args)),
    afterDelete: guarded("a deleted resource", (args: HookArgs) => half("deleted", args)),
    onError(args: ErrorArgs): boolean {
      guarded("a failed resource", (a: ErrorArgs) => {
        void record("failed", a, undefined, { operation: a.failedOperation, error: a.errors[0] ?? "unknown error" });
      })(args);
      return false;
    },
  };
}
