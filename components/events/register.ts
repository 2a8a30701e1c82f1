import * as pulumi from "@pulumi/pulumi";
import type { DeploymentConfiguration } from "../../domain";
import type { DomainEvent } from "../../domain/deployment/domain-event";
import { DeploymentIdentity, ResourceComponent, toEnvelope } from "../../domain/events";
import { CAUSATION_ID_ENV, createPublisher, DEPLOYMENT_ID_ENV, EventPublisher, ulidGenerator } from "../../events";
import { PlannedResource, plannedEvent, planResource, TransformContext } from "./events-transform";
import { describeLeftOff } from "./resource-tags";
import { transformUnderMocks } from "./mock-engine";
import { createOutcomeHandlers, ErrorArgs, HookArgs } from "./outcome-hooks";
import { notifyListeners } from "./recorder";

export interface DeploymentEventsOptions {
  /** The project directory (the outbox and file sinks are relative to it). Default: the working directory. */
  readonly projectDir?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly now?: () => Date;
}

export interface DeploymentEvents {
  readonly identity: DeploymentIdentity;
  /** `engine`: a real Pulumi preview/update; `mocks`: Pulumi's mocks (offline preview, tests). */
  readonly mode: "engine" | "mocks";
  /** Whether outcome hooks are attached (engine with resource hooks: Pulumi CLI >= 3.182.0). */
  readonly outcomeHooks: boolean;
  readonly publisher: EventPublisher | undefined;
}

/** Stable names: the engine stores them in state and calls them again for resources a later program no longer declares. */
export const HOOK_NAMES = {
  afterCreate: "semantest-events-after-create",
  afterUpdate: "semantest-events-after-update",
  afterDelete: "semantest-events-after-delete",
  onError: "semantest-events-on-error",
} as const;

/**
 * The stack transformation (DESIGN §6). Call first in the program, before any resource:
 *
 * - every resource whose type takes a tags map gets the standard tags (environment, component,
 *   managed-by, deployment-id, plus `semantest:tags`), component taken from its parent chain;
 * - during a preview every resource is recorded as `infrastructure.resource.planned`;
 * - during an update every resource carries resource hooks that publish created / updated /
 *   replaced / deleted / failed with the engine's real outcome — also under a plain
 *   `pulumi up -s production`, since the program registers them itself.
 *
 * Under the engine it is a `registerResourceTransform` (engine-side transforms, which also reach
 * the children of packaged components such as awsx); under mocks the same function runs through
 * transformUnderMocks. Events go to the outbox and sinks of `semantest:events` (network sinks only
 * on updates, or on previews with publishOnPreview), and to in-process listeners (recorder.ts).
 */
export function registerDeploymentEvents(configuration: DeploymentConfiguration, options: DeploymentEventsOptions = {}): DeploymentEvents {
  const env = options.env ?? process.env;
  const now = options.now ?? (() => new Date());
  const newId = ulidGenerator();
  const warn = (message: string) => void pulumi.log.warn(`semantest events: ${message}`);
  const identity: DeploymentIdentity = {
    deploymentId: env[DEPLOYMENT_ID_ENV] || configuration.release?.id || newId(),
    stack: configuration.stack,
    environment: configuration.environment.name,
  };
  const causedBy = env[CAUSATION_ID_ENV] || null;
  const engine = pulumi.runtime.hasEngine();
  const preview = pulumi.runtime.isDryRun();
  const features = engineFeatures();

  const publisher = engine
    ? createPublisher(configuration.events, {
        projectDir: options.projectDir ?? process.cwd(),
        stack: configuration.stack,
        preview,
        awsRegion: configuration.regions.aws?.name ?? env.AWS_REGION,
        env,
        newId,
        onWarning: warn,
      })
    : undefined;
  // Deliver what the background rounds have not when the program's work is done. Not close():
  // the engine may still call the hooks after the event loop first runs dry.
  let unflushed = false;
  if (publisher) {
    process.on("beforeExit", () => {
      if (!unflushed) return;
      unflushed = false;
      void publisher.flush().catch(() => undefined);
    });
  }

  const emit = (event: DomainEvent<object>, causationId?: string): string | undefined => {
    try {
      const envelope = toEnvelope(event, { newId, correlationId: identity.deploymentId, causationId: causationId ?? causedBy });
      notifyListeners(envelope);
      if (publisher) {
        publisher.publishSync([envelope]);
        unflushed = true;
      }
      return envelope.id;
    } catch (error) {
      warn(`could not record ${event.type}: ${(error as Error).message}`);
      return undefined;
    }
  };

  const components = new Map<string, ResourceComponent>();
  const context: TransformContext = {
    identity,
    project: pulumi.getProject(),
    tags: { environment: identity.environment, releaseId: configuration.release?.id, extra: configuration.tags },
    providers: { "rest-api": configuration.restApi?.provider, websocket: configuration.websocket?.provider },
    components,
    isUnknown: (value) => pulumi.isUnknown(value),
    now,
  };

  if (!engine) {
    transformUnderMocks(pulumi, (registration) => planResource(registration, context, "mock"), (urn, planned) => {
      components.set(urn, planned.facts.component);
      reportLeftOffTags(planned);
      if (preview) emit(plannedEvent({ ...planned.facts, urn }, context));
    }, warn);
    return { identity, mode: "mocks", outcomeHooks: false, publisher };
  }

  if (!features.transforms) {
    warn("this Pulumi CLI does not support resource transforms: no standard tags and no deployment events (upgrade the Pulumi CLI to 3.182.0 or later)");
    return { identity, mode: "engine", outcomeHooks: false, publisher };
  }
  const hooks = features.resourceHooks ? outcomeHooks(identity, components, emit, now, warn, features.errorHooks) : undefined;
  if (!hooks && !preview) warn("this Pulumi CLI does not support resource hooks: no created/updated/deleted events (upgrade the Pulumi CLI to 3.182.0 or later)");

  pulumi.runtime.registerResourceTransform(engineTransform(context, { preview, hooks, emit }));
  return { identity, mode: "engine", outcomeHooks: hooks !== undefined, publisher };
}

/**
 * The transform the engine calls for every registration (`registerResourceTransform`): the
 * engine gives the parent as a URN-only resource. Adds the standard tags and our hooks, and
 * records `planned` during a preview.
 */
export function engineTransform(
  context: TransformContext,
  options: { readonly preview: boolean; readonly hooks: pulumi.ResourceHookBinding | undefined; readonly emit: (event: DomainEvent<object>) => unknown },
): pulumi.ResourceTransform {
  return async (args) => {
    const parentUrn = args.opts.parent ? await urnOf(args.opts.parent) : undefined;
    const planned = planResource({ type: args.type, name: args.name, custom: args.custom, props: args.props as Record<string, unknown>, parentUrn }, context, "engine");
    reportLeftOffTags(planned);
    if (options.preview) options.emit(plannedEvent(planned.facts, context));
    if (!planned.props && !options.hooks) return undefined;
    const ignoreChanges = [...new Set([...(args.opts.ignoreChanges ?? []), ...planned.ignoreChanges])];
    return {
      props: planned.props ?? args.props,
      opts: {
        ...args.opts,
        ...(ignoreChanges.length > 0 ? { ignoreChanges } : {}),
        ...(options.hooks ? { hooks: mergeHooks(args.opts.hooks, options.hooks) } : {}),
      },
    };
  };
}

/** Says, on the deploy log, which tags a resource could not take and why (never silently). */
function reportLeftOffTags(planned: PlannedResource): void {
  if (planned.tagsLeftOff.length === 0) return;
  void pulumi.log.warn(describeLeftOff(planned.facts.name, planned.facts.resourceType, planned.tagsLeftOff));
}

function outcomeHooks(
  identity: DeploymentIdentity,
  components: ReadonlyMap<string, ResourceComponent>,
  emit: (event: DomainEvent<object>, causationId?: string) => string | undefined,
  now: () => Date,
  warn: (message: string) => void,
  errorHooks: boolean,
): pulumi.ResourceHookBinding {
  const handlers = createOutcomeHandlers({ identity, components, emit, now, warn });
  const options: pulumi.ResourceHookOptions = { ignoreErrors: true };
  return {
    afterCreate: [new pulumi.ResourceHook(HOOK_NAMES.afterCreate, (args) => handlers.afterCreate(args as HookArgs), options)],
    afterUpdate: [new pulumi.ResourceHook(HOOK_NAMES.afterUpdate, (args) => handlers.afterUpdate(args as HookArgs), options)],
    afterDelete: [new pulumi.ResourceHook(HOOK_NAMES.afterDelete, (args) => handlers.afterDelete(args as HookArgs), options)],
    ...(errorHooks ? { onError: [new pulumi.ErrorHook(HOOK_NAMES.onError, (args) => handlers.onError(args as ErrorArgs))] } : {}),
  };
}

/** Adds our hooks to whatever the resource already binds, once each (by name). */
export function mergeHooks(existing: pulumi.ResourceHookBinding | undefined, ours: pulumi.ResourceHookBinding): pulumi.ResourceHookBinding {
  const merged: Record<string, unknown[]> = {};
  const keys = new Set([...Object.keys(existing ?? {}), ...Object.keys(ours)]) as Set<keyof pulumi.ResourceHookBinding>;
  for (const key of keys) {
    const list = [...((existing?.[key] ?? []) as { name?: string }[]), ...((ours[key] ?? []) as { name?: string }[])];
    const names = new Set<string>();
    merged[key] = list.filter((hook) => {
      if (!hook.name) return true;
      if (names.has(hook.name)) return false;
      names.add(hook.name);
      return true;
    });
  }
  return merged as pulumi.ResourceHookBinding;
}

function urnOf(resource: pulumi.Resource): Promise<string> {
  return new Promise((resolve) => resource.urn.apply((urn) => resolve(urn)));
}

/**
 * What the engine supports, as the SDK learnt it at startup (GetDeploymentInfo / SupportsFeature).
 * The SDK keeps it in its internal state store; there is no public accessor, hence the guarded read.
 */
function engineFeatures(): { transforms: boolean; resourceHooks: boolean; errorHooks: boolean } {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const store = (require("@pulumi/pulumi/runtime/state") as { getStore(): Record<string, unknown> }).getStore();
    return { transforms: store.supportsTransforms === true, resourceHooks: store.supportsResourceHooks === true, errorHooks: store.supportsErrorHooks === true };
  } catch {
    return { transforms: false, resourceHooks: false, errorHooks: false };
  }
}
