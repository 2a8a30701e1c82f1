import * as pulumi from "@pulumi/pulumi";
import { createOutcomeHandlers, HOOK_NAMES, mergeHooks } from "../../components/events";
import { ErrorArgs, HookArgs } from "../../components/events/outcome-hooks";
import type { DomainEvent } from "../../domain/deployment/domain-event";
import { EventEnvelope, ResourceComponent, toEnvelope } from "../../domain/events";
import { ulidGenerator } from "../../events";
import { expectValidEvents } from "./support/schema";

const identity = { deploymentId: "01JD0000000000000000000042", stack: "production", environment: "production" };
const FUNCTION_URN = "urn:pulumi:production::semantest-infrastructure::semantest:components:RestApi$aws:lambda/function:Function::rest-api-function";
const WEBAPP_URN = "urn:pulumi:production::semantest-infrastructure::semantest:components:WebSocket$azure-native:web:WebApp::websocket-app";

/** The handlers wired as register.ts wires them, publishing into a list. */
function handlers(components: Map<string, ResourceComponent> = new Map()) {
  const events: EventEnvelope[] = [];
  const warnings: string[] = [];
  const newId = ulidGenerator();
  const emit = (event: DomainEvent<object>, causationId?: string) => {
    const envelope = toEnvelope(event, { newId, correlationId: identity.deploymentId, causationId: causationId ?? null });
    events.push(envelope);
    return envelope.id;
  };
  const h = createOutcomeHandlers({ identity, components, emit, now: () => new Date("2026-11-22T17:00:00Z"), warn: (m) => warnings.push(m) });
  return { h, events, warnings };
}

/** Arguments exactly as @pulumi/pulumi's callback server builds them from the engine's ResourceHookRequest. */
function hookArgs(urn: string, id: string, extra: Partial<HookArgs> = {}): HookArgs {
  const segments = urn.split("::");
  const qualified = segments[2].split("$");
  return { urn, id, name: segments[3], type: qualified[qualified.length - 1], ...extra };
}

describe("the outcome hooks, invoked with the arguments Pulumi passes", () => {
  it("reports afterCreate as created, with the resource's URN, type, component, provider and physical id", () => {
    const { h, events } = handlers(new Map([[FUNCTION_URN, "rest-api"]]));
    h.afterCreate(hookArgs(FUNCTION_URN, "rest-api-function-1a2b", { newInputs: { runtime: "nodejs22.x" }, newOutputs: { arn: "arn:aws:lambda:us-east-1:123:function:x" } }));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: "infrastructure.resource.created",
      correlationId: identity.deploymentId,
      aggregateId: identity.deploymentId,
      payload: { urn: FUNCTION_URN, resourceType: "aws:lambda/function:Function", name: "rest-api-function", component: "rest-api", provider: "aws", physicalId: "rest-api-function-1a2b", stack: "production" },
    });
    expectValidEvents(events);
  });

  it("reports afterUpdate as updated and afterDelete of a resource no longer declared as deleted, its component read from the URN", () => {
    const { h, events } = handlers();
    h.afterUpdate(hookArgs(WEBAPP_URN, "/subscriptions/s/resourceGroups/g/providers/Microsoft.Web/sites/app", { oldInputs: {}, newInputs: {}, oldOutputs: {}, newOutputs: {} }));
    h.afterDelete(hookArgs(FUNCTION_URN, "old-function", { oldInputs: {}, oldOutputs: {} }));
    expect(events.map((e) => [e.type, (e.payload as { component: string }).component, (e.payload as { provider: string }).provider])).toEqual([
      ["infrastructure.resource.updated", "websocket", "azure"],
      ["infrastructure.resource.deleted", "rest-api", "aws"],
    ]);
    expectValidEvents(events);
  });

  it("reports a create-before-delete replacement as created, then replaced caused by it", () => {
    const { h, events } = handlers();
    h.afterCreate(hookArgs(FUNCTION_URN, "new-id"));
    h.afterDelete(hookArgs(FUNCTION_URN, "old-id"));
    expect(events.map((e) => e.type)).toEqual(["infrastructure.resource.created", "infrastructure.resource.replaced"]);
    expect(events[1].causationId).toBe(events[0].id);
  });

  it("reports a delete-before-replace replacement as deleted, then replaced caused by it", () => {
    const { h, events } = handlers();
    h.afterDelete(hookArgs(FUNCTION_URN, "old-id"));
    h.afterCreate(hookArgs(FUNCTION_URN, "new-id"));
    expect(events.map((e) => e.type)).toEqual(["infrastructure.resource.deleted", "infrastructure.resource.replaced"]);
    expect(events[1].causationId).toBe(events[0].id);
    expect((events[1].payload as { physicalId: string }).physicalId).toBe("new-id");
  });

  it("reports a failed operation with the engine's newest error, and never asks for a retry", () => {
    const { h, events } = handlers();
    const args: ErrorArgs = { ...hookArgs(FUNCTION_URN, ""), newInputs: {}, failedOperation: "create", errors: ["AccessDeniedException: not authorized to perform lambda:CreateFunction", "older error"] };
    expect(h.onError(args)).toBe(false);
    expect(events[0]).toMatchObject({ type: "infrastructure.resource.failed", payload: { operation: "create", error: "AccessDeniedException: not authorized to perform lambda:CreateFunction" } });
    expect(events[0].payload).not.toHaveProperty("physicalId");
    expectValidEvents(events);
  });

  it("never throws into the engine: a publishing problem becomes a warning", () => {
    const warnings: string[] = [];
    const h = createOutcomeHandlers({
      identity,
      components: new Map(),
      emit: () => {
        throw new Error("disk full");
      },
      now: () => new Date(),
      warn: (m) => warnings.push(m),
    });
    expect(() => h.afterCreate(hookArgs(FUNCTION_URN, "x"))).not.toThrow();
    expect(h.onError({ ...hookArgs(FUNCTION_URN, "x"), failedOperation: "update", errors: [] })).toBe(false);
    expect(warnings).toEqual([expect.stringMatching(/disk full/), expect.stringMatching(/disk full/)]);
  });
});

describe("binding the hooks to resources", () => {
  const stub = (name: string) => ({ name, callback: () => undefined }) as unknown as pulumi.ResourceHook;

  it("adds ours after the resource's own hooks, once each by name", () => {
    const own = { afterCreate: [stub("users-hook")] };
    const ours = { afterCreate: [stub(HOOK_NAMES.afterCreate)], afterDelete: [stub(HOOK_NAMES.afterDelete)] };
    const merged = mergeHooks(own, ours);
    expect(merged.afterCreate!.map((h) => (h as pulumi.ResourceHook).name)).toEqual(["users-hook", HOOK_NAMES.afterCreate]);
    expect(mergeHooks(merged, ours).afterCreate!.map((h) => (h as pulumi.ResourceHook).name)).toEqual(["users-hook", HOOK_NAMES.afterCreate]);
    expect(merged.afterDelete!.map((h) => h.name)).toEqual([HOOK_NAMES.afterDelete]);
  });

  it("uses stable, distinct names (the engine finds delete hooks of removed resources by name)", () => {
    expect(new Set(Object.values(HOOK_NAMES)).size).toBe(4);
    expect(Object.values(HOOK_NAMES).every((n) => /^semantest-events-[a-z-]+$/.test(n))).toBe(true);
  });
});

describe("the engine-side transform (registerResourceTransform), called with a TransformRequest's arguments", () => {
  const { engineTransform } = require("../../components/events") as typeof import("../../components/events");
  const REST_API_URN = "urn:pulumi:production::semantest-infrastructure::semantest:components:RestApi::rest-api";
  const STACK_URN = "urn:pulumi:production::semantest-infrastructure::pulumi:pulumi:Stack::semantest-infrastructure-production";

  function setup(preview: boolean) {
    const emitted: DomainEvent<object>[] = [];
    const components = new Map<string, ResourceComponent>();
    const context = {
      identity,
      project: "semantest-infrastructure",
      tags: { environment: "production", releaseId: "rel-7", extra: { owner: "devops" } },
      providers: { "rest-api": "aws" as const },
      components,
      isUnknown: (v: unknown) => pulumi.isUnknown(v),
      now: () => new Date("2026-11-22T17:00:00Z"),
    };
    const stub = (name: string) => ({ name, callback: () => undefined }) as unknown as pulumi.ResourceHook;
    const hooks = { afterCreate: [stub(HOOK_NAMES.afterCreate)], afterUpdate: [stub(HOOK_NAMES.afterUpdate)], afterDelete: [stub(HOOK_NAMES.afterDelete)] };
    return { emitted, components, transform: engineTransform(context, { preview, hooks, emit: (e) => emitted.push(e) }) };
  }

  it("tags a child of the RestApi component, binds the outcome hooks and, on a preview, records it as planned under its engine URN", async () => {
    const { emitted, transform } = setup(true);
    await transform({ custom: false, type: "semantest:components:RestApi", name: "rest-api", props: {}, opts: { parent: new pulumi.DependencyResource(STACK_URN) } });
    const result = await transform({
      custom: true,
      type: "aws:lambda/function:Function",
      name: "rest-api-function",
      props: { runtime: "nodejs22.x", tags: { team: "web" } },
      opts: { parent: new pulumi.DependencyResource(REST_API_URN) },
    });
    expect(result!.props).toEqual({ runtime: "nodejs22.x", tags: { owner: "devops", team: "web", environment: "production", component: "rest-api", "managed-by": "semantest-iac", "deployment-id": "rel-7" } });
    expect(result!.opts.hooks!.afterCreate!.map((h) => (h as pulumi.ResourceHook).name)).toEqual([HOOK_NAMES.afterCreate]);
    expect(result!.opts.hooks!.afterDelete!.map((h) => h.name)).toEqual([HOOK_NAMES.afterDelete]);
    expect(emitted.map((e) => (e.payload as { urn: string }).urn)).toEqual([REST_API_URN, `urn:pulumi:production::semantest-infrastructure::semantest:components:RestApi$aws:lambda/function:Function::rest-api-function`]);
    expect(emitted[1].payload).toMatchObject({ component: "rest-api", provider: "aws" });
    expect(emitted[0].payload).toMatchObject({ component: "rest-api", provider: "aws" });
  });

  it("follows the parent chain below a nested component, and records nothing during an update", async () => {
    const { emitted, components, transform } = setup(false);
    const nestedUrn = `urn:pulumi:production::semantest-infrastructure::semantest:components:RestApi$my:nested:Thing::rest-api-thing`;
    await transform({ custom: false, type: "my:nested:Thing", name: "rest-api-thing", props: {}, opts: { parent: new pulumi.DependencyResource(REST_API_URN) } });
    const result = await transform({ custom: true, type: "aws:iam/rolePolicy:RolePolicy", name: "p", props: { policy: "{}" }, opts: { parent: new pulumi.DependencyResource(nestedUrn) } });
    expect(result!.props).toEqual({ policy: "{}" });
    expect(components.get(`urn:pulumi:production::semantest-infrastructure::semantest:components:RestApi$my:nested:Thing$aws:iam/rolePolicy:RolePolicy::p`)).toBe("rest-api");
    expect(emitted).toEqual([]);
  });
});
