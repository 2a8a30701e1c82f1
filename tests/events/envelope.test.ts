import fc from "fast-check";
import { Deployment, EVENT_TYPES, EventTypes } from "../../domain";
import { policyViolated, previewCompleted, resourceEvent, providerOfType, toEnvelope, toEnvelopeChain, UnknownEventTypeError } from "../../domain/events";
import { ulidGenerator } from "../../events";
import { envelopeValidator, expectValidEvents } from "./support/schema";

const at = new Date("2026-11-22T17:00:00.000Z");
const identity = { deploymentId: "01JD0000000000000000000000", stack: "production", environment: "production" };
let counter = 0;
const sequentialIds = () => `01JD${String(++counter).padStart(22, "0")}`;

function lifecycle(kind: "deploy" | "rollback", outcome: "complete" | "fail") {
  const deployment = Deployment.request({
    id: identity.deploymentId,
    kind,
    stack: "production",
    environment: "production",
    components: [{ kind: "rest-api", provider: "aws" }, { kind: "websocket", provider: "azure" }],
    requestedAt: at,
    ...(kind === "rollback" ? { targetVersion: 7, targetDeploymentId: "01JC0000000000000000000000" } : {}),
  });
  deployment.start(new Date(at.getTime() + 1000));
  if (outcome === "complete") deployment.complete(new Date(at.getTime() + 2000), { restApiUrl: "https://api.example.com", webSocketUrl: "wss://ws.example.com" });
  else deployment.fail(new Date(at.getTime() + 2000), "Lambda create failed: AccessDenied");
  return deployment.pullEvents();
}

describe("Semantest's envelope (DESIGN §6)", () => {
  it("wraps a domain event with the contract's fields: id from the generator, ISO UTC timestamp, deployment ids, metadata", () => {
    const [requested] = lifecycle("deploy", "complete");
    const envelope = toEnvelope(requested, { newId: () => "01JDAAAAAAAAAAAAAAAAAAAAAA" });
    expect(envelope).toEqual({
      id: "01JDAAAAAAAAAAAAAAAAAAAAAA",
      type: "infrastructure.deployment.requested",
      timestamp: "2026-11-22T17:00:00.000Z",
      correlationId: identity.deploymentId,
      causationId: null,
      aggregateId: identity.deploymentId,
      payload: expect.objectContaining({ stack: "production", environment: "production", deploymentId: identity.deploymentId }),
      metadata: { source: "infrastructure", version: 1 },
    });
  });

  it("chains a deployment's events by causation: requested -> started -> completed", () => {
    const chain = toEnvelopeChain(lifecycle("deploy", "complete"), { newId: sequentialIds, causationId: null });
    expect(chain.map((e) => e.type)).toEqual([EventTypes.deploymentRequested, EventTypes.deploymentStarted, EventTypes.deploymentCompleted]);
    expect(chain[0].causationId).toBeNull();
    expect(chain[1].causationId).toBe(chain[0].id);
    expect(chain[2].causationId).toBe(chain[1].id);
    expect(chain[2].payload).toMatchObject({ endpoints: { restApiUrl: "https://api.example.com" } });
  });

  it.each([
    ["deploy", "complete"],
    ["deploy", "fail"],
    ["rollback", "complete"],
    ["rollback", "fail"],
  ] as const)("every event of a %s that %ss validates against docs/events/envelope.schema.json", (kind, outcome) => {
    expectValidEvents(toEnvelopeChain(lifecycle(kind, outcome), { newId: ulidGenerator() }));
  });

  it("never produces an envelope of an unknown type", () => {
    const bogus = { type: "infrastructure.deployment.exploded", aggregateId: "d", occurredAt: at, payload: {} } as never;
    expect(() => toEnvelope(bogus, { newId: sequentialIds })).toThrow(UnknownEventTypeError);
    expect(() => toEnvelope(bogus, { newId: sequentialIds })).toThrow(/allowed: infrastructure\.deployment\.requested/);
  });

  it("refuses an event without a valid date instead of publishing a bad timestamp", () => {
    const event = { type: EventTypes.deploymentStarted, aggregateId: "d", occurredAt: new Date("nope"), payload: {} };
    expect(() => toEnvelope(event, { newId: sequentialIds })).toThrow(/not a valid date/);
  });

  it("the schema rejects what the contract forbids: unknown type, local timestamps, missing metadata, a failed resource without its error", () => {
    const validate = envelopeValidator();
    const good = toEnvelope(resourceEvent("created", identity, { urn: "urn:pulumi:production::p::aws:s3/bucket:Bucket::b", resourceType: "aws:s3/bucket:Bucket", name: "b", component: "platform", provider: "aws" }, at), { newId: ulidGenerator() });
    expect(validate(good)).toEqual([]);
    expect(validate({ ...good, type: "infrastructure.resource.exploded" })).not.toEqual([]);
    expect(validate({ ...good, timestamp: "2026-11-22T18:00:00+01:00" })).not.toEqual([]);
    expect(validate({ ...good, metadata: { source: "infrastructure" } })).not.toEqual([]);
    expect(validate({ ...good, id: "not-a-ulid" })).not.toEqual([]);
    expect(validate({ ...good, type: "infrastructure.resource.failed" })).not.toEqual([]);
  });

  it("resource, preview and policy events validate, for any outcome and facts (property)", () => {
    const validate = envelopeValidator();
    const newId = ulidGenerator();
    fc.assert(
      fc.property(
        fc.constantFrom("planned", "created", "updated", "replaced", "deleted", "failed" as const),
        fc.constantFrom("rest-api", "websocket", "platform" as const),
        fc.constantFrom("aws:lambda/function:Function", "azure-native:web:WebApp", "semantest:components:RestApi"),
        fc.stringMatching(/^[a-z][a-z0-9-]{0,30}$/),
        fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true }),
        (outcome, component, type, name, when) => {
          const failure = outcome === "failed" ? { operation: "create", error: "boom" } : undefined;
          const facts = { urn: `urn:pulumi:dev::p::${type}::${name}`, resourceType: type, name, component, provider: providerOfType(type) };
          return validate(toEnvelope(resourceEvent(outcome, identity, facts, when, failure), { newId })).length === 0;
        },
      ),
    );
    const preview = previewCompleted(identity, { mode: "offline", resourceTypes: ["aws:s3/bucket:Bucket", "aws:s3/bucket:Bucket"], policyViolations: 0 }, at);
    expect(preview.payload.resourceTypes).toEqual({ "aws:s3/bucket:Bucket": 2 });
    const policy = policyViolated(identity, { policy: "lambda-timeout", level: "mandatory", urn: "urn:pulumi:x::y::aws:lambda/function:Function::f", message: "too long" }, at);
    expectValidEvents([toEnvelope(preview, { newId }), toEnvelope(policy, { newId })]);
  });

  it("has a type for every event the domain names, each documented in the schema", () => {
    const schema = require("../../docs/events/envelope.schema.json");
    expect([...schema.properties.type.enum].sort()).toEqual([...EVENT_TYPES].sort());
  });

  it("attributes resource types to their cloud", () => {
    expect(providerOfType("aws:lambda/function:Function")).toBe("aws");
    expect(providerOfType("awsx:ec2:Vpc")).toBe("aws");
    expect(providerOfType("azure-native:web:WebApp")).toBe("azure");
    expect(providerOfType("pulumi:providers:aws")).toBe("aws");
    expect(providerOfType("pulumi:providers:azure-native")).toBe("azure");
    expect(providerOfType("semantest:components:RestApi")).toBeNull();
  });
});

describe("docs/events.md", () => {
  const fs = require("fs") as typeof import("fs");
  const text = fs.readFileSync(require("path").resolve(__dirname, "../../docs/events.md"), "utf8");
  const examples = [...text.matchAll(/```json\n([\s\S]*?)\n```/g)].map((m) => JSON.parse(m[1])).filter((e) => e.metadata);

  it("shows an example of every event type, and every example validates against the schema", () => {
    expect([...new Set(examples.map((e) => e.type))].sort()).toEqual([...EVENT_TYPES].sort());
    expectValidEvents(examples);
  });
});
