/**
 * The outcome hooks driven through @pulumi/pulumi's own callback server, the way the engine drives
 * them: the engine sends a ResourceHookRequest / ErrorHookRequest (protobuf, inputs and outputs as
 * google.protobuf.Struct) to the program's callback server, which decodes it into the arguments
 * of the hook function. Only the engine is replaced: a fake monitor records the registrations.
 */
import * as gstruct from "google-protobuf/google/protobuf/struct_pb";
import { createOutcomeHandlers, HOOK_NAMES } from "../../components/events";
import type { DomainEvent } from "../../domain/deployment/domain-event";
import { EventEnvelope, toEnvelope } from "../../domain/events";
import { ulidGenerator } from "../../events";
import { expectValidEvents } from "./support/schema";

const { CallbackServer } = require("@pulumi/pulumi/runtime/callbacks");
const resproto = require("@pulumi/pulumi/proto/resource_pb");
const callbackproto = require("@pulumi/pulumi/proto/callback_pb");

const URN = "urn:pulumi:production::semantest-infrastructure::semantest:components:WebSocket$aws:dynamodb/table:Table::websocket-connections";
const identity = { deploymentId: "01JD0000000000000000000077", stack: "production", environment: "production" };

describe("outcome hooks through Pulumi's callback server", () => {
  const tokens = new Map<string, string>();
  const monitor = {
    registerResourceHook(req: { getName(): string; getCallback(): { getToken(): string } }, done: (err: null) => void) {
      tokens.set(req.getName(), req.getCallback().getToken());
      done(null);
    },
    registerErrorHook(req: { getName(): string; getCallback(): { getToken(): string } }, done: (err: null) => void) {
      tokens.set(req.getName(), req.getCallback().getToken());
      done(null);
    },
  };
  let server: { registerResourceHook(h: unknown): Promise<void>; registerErrorHook(h: unknown): Promise<void>; invoke(call: unknown, cb: (err: unknown, resp: { getResponse_asU8(): Uint8Array }) => void): Promise<void>; shutdown(): void };
  const events: EventEnvelope[] = [];

  beforeAll(async () => {
    server = new CallbackServer(monitor);
    const newId = ulidGenerator();
    const handlers = createOutcomeHandlers({
      identity,
      components: new Map(),
      emit: (event: DomainEvent<object>, causationId?: string) => {
        const envelope = toEnvelope(event, { newId, correlationId: identity.deploymentId, causationId: causationId ?? null });
        events.push(envelope);
        return envelope.id;
      },
      now: () => new Date("2026-11-22T17:00:00Z"),
      warn: () => undefined,
    });
    // The same shape register.ts gives pulumi.ResourceHook / pulumi.ErrorHook.
    await server.registerResourceHook({ name: HOOK_NAMES.afterCreate, callback: handlers.afterCreate, opts: { ignoreErrors: true } });
    await server.registerResourceHook({ name: HOOK_NAMES.afterUpdate, callback: handlers.afterUpdate, opts: { ignoreErrors: true } });
    await server.registerResourceHook({ name: HOOK_NAMES.afterDelete, callback: handlers.afterDelete, opts: { ignoreErrors: true } });
    await server.registerErrorHook({ name: HOOK_NAMES.onError, callback: handlers.onError });
  });
  afterAll(() => server.shutdown());

  function invoke(hook: string, request: { serializeBinary(): Uint8Array }): Promise<Uint8Array> {
    const call = new callbackproto.CallbackInvokeRequest();
    call.setToken(tokens.get(hook));
    call.setRequest(request.serializeBinary());
    return new Promise((resolve, reject) => void server.invoke({ request: call }, (err, resp) => (err ? reject(err) : resolve(resp.getResponse_asU8()))));
  }

  function hookRequest(id: string, fields: { newInputs?: object; oldInputs?: object; newOutputs?: object; oldOutputs?: object }, urn = URN) {
    const request = new resproto.ResourceHookRequest();
    request.setUrn(urn);
    request.setId(id);
    request.setName("websocket-connections");
    request.setType("aws:dynamodb/table:Table");
    if (fields.newInputs) request.setNewInputs(gstruct.Struct.fromJavaScript(fields.newInputs as never));
    if (fields.oldInputs) request.setOldInputs(gstruct.Struct.fromJavaScript(fields.oldInputs as never));
    if (fields.newOutputs) request.setNewOutputs(gstruct.Struct.fromJavaScript(fields.newOutputs as never));
    if (fields.oldOutputs) request.setOldOutputs(gstruct.Struct.fromJavaScript(fields.oldOutputs as never));
    return request;
  }

  it("registers every hook under its stable name", () => {
    expect([...tokens.keys()].sort()).toEqual(Object.values(HOOK_NAMES).sort());
  });

  it("turns after_create, after_update and after_delete requests into created, updated and deleted events", async () => {
    events.length = 0;
    const table = { billingMode: "PAY_PER_REQUEST", tags: { environment: "production" } };
    for (const [hook, request] of [
      [HOOK_NAMES.afterCreate, hookRequest("websocket-connections-1", { newInputs: table, newOutputs: { ...table, arn: "arn:aws:dynamodb:us-east-1:123456789012:table/websocket-connections-1" } })],
      [HOOK_NAMES.afterUpdate, hookRequest("websocket-connections-1", { oldInputs: table, newInputs: table, oldOutputs: table, newOutputs: table })],
      // Another table (the same URN created and deleted in one run would be a replacement).
      [HOOK_NAMES.afterDelete, hookRequest("websocket-connections-0", { oldInputs: table, oldOutputs: table }, URN.replace("::websocket-connections", "::websocket-sessions"))],
    ] as const) {
      const response = resproto.ResourceHookResponse.deserializeBinary(await invoke(hook, request));
      expect(response.getError()).toBe("");
    }
    expect(events.map((e) => [e.type, (e.payload as { physicalId?: string }).physicalId, (e.payload as { component: string }).component])).toEqual([
      ["infrastructure.resource.created", "websocket-connections-1", "websocket"],
      ["infrastructure.resource.updated", "websocket-connections-1", "websocket"],
      ["infrastructure.resource.deleted", "websocket-connections-0", "websocket"],
    ]);
    expectValidEvents(events);
  });

  it("turns an ErrorHookRequest into a failed event and answers: do not retry", async () => {
    events.length = 0;
    const request = new resproto.ErrorHookRequest();
    request.setUrn(URN);
    request.setId("");
    request.setName("websocket-connections");
    request.setType("aws:dynamodb/table:Table");
    request.setNewInputs(gstruct.Struct.fromJavaScript({ billingMode: "PAY_PER_REQUEST" }));
    request.setFailedOperation("create");
    request.setErrorsList(["ResourceInUseException: Table already exists: websocket-connections", "an older error"]);
    const response = resproto.ErrorHookResponse.deserializeBinary(await invoke(HOOK_NAMES.onError, request));
    expect(response.getRetry()).toBe(false);
    expect(response.getError()).toBe("");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: "infrastructure.resource.failed", payload: { operation: "create", error: "ResourceInUseException: Table already exists: websocket-connections", urn: URN } });
    expectValidEvents(events);
  });
});
