import * as path from "path";
import { runOfflinePreview } from "../../adapters/engine/offline/preview";
import { recordEvents, isTaggable, TAGGABLE_SOURCES } from "../../components/events";
import { COMPONENT_BY_TYPE } from "../../components/events/resource-identity";
import type { EventEnvelope } from "../../domain/events";
import { PROJECT_DIR, runProgram, Run, stackConfig } from "../support/pulumi-harness";
import { expectValidEvents } from "./support/schema";

const STACKS = ["dev", "staging", "production"] as const;

async function runRecording(stack: string, config?: Readonly<Record<string, unknown>>, preview = true): Promise<{ run: Run; events: EventEnvelope[] }> {
  const recording = recordEvents();
  try {
    const run = await runProgram(stack, config, preview);
    return { run, events: recording.stop() };
  } finally {
    recording.stop();
  }
}

/** The component a resource belongs to, walking its recorded parents (independently of the transformation). */
function componentByParents(run: Run, urn: string): string {
  const byUrn = new Map(run.resources.map((r) => [r.urn, r]));
  for (let current = byUrn.get(urn); current; current = current.parent ? byUrn.get(current.parent) : undefined) {
    const kind = COMPONENT_BY_TYPE[current.type];
    if (kind) return kind;
  }
  return "platform";
}

describe.each(STACKS)("the stack transformation under mocks, %s stack file", (stack) => {
  let run: Run;
  let events: EventEnvelope[];
  beforeAll(async () => {
    ({ run, events } = await runRecording(stack));
  });

  it("records exactly one infrastructure.resource.planned per declared resource, with its URN, type and component", () => {
    expect(run.resources.length).toBeGreaterThan(0);
    expect(events.every((e) => e.type === "infrastructure.resource.planned")).toBe(true);
    const planned = events.map((e) => (e.payload as { urn: string }).urn);
    expect([...planned].sort()).toEqual(run.resources.map((r) => r.urn).sort());
    for (const resource of run.resources) {
      const event = events.find((e) => (e.payload as { urn: string }).urn === resource.urn)!;
      expect(event.payload).toMatchObject({ stack, environment: stack, resourceType: resource.type, name: resource.name, component: componentByParents(run, resource.urn) });
    }
  });

  it("gives every event of the run one correlation id and validates each against the schema", () => {
    expect(new Set(events.map((e) => e.correlationId)).size).toBe(1);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expectValidEvents(events);
  });

  it("tags every resource whose type takes tags with the standard tags, and no other", async () => {
    const { values } = await stackConfig(stack);
    const extra = (values["semantest:tags"] ?? {}) as Record<string, string>;
    const releaseId = (values["semantest:release"] as { id?: string } | undefined)?.id;
    const taggable = run.resources.filter((r) => r.custom && isTaggable(r.type));
    expect(taggable.length).toBeGreaterThan(0);
    for (const resource of taggable) {
      expect({ urn: resource.urn, tags: resource.inputs.tags }).toEqual({
        urn: resource.urn,
        tags: expect.objectContaining({
          ...extra,
          environment: stack,
          component: componentByParents(run, resource.urn),
          "managed-by": "semantest-iac",
          ...(releaseId ? { "deployment-id": releaseId } : {}),
        }),
      });
    }
    for (const resource of run.resources.filter((r) => !isTaggable(r.type))) {
      // Types without a tags input (role policies, permissions, routes, role assignments) are left alone.
      expect({ urn: resource.urn, tags: resource.inputs.tags }).toEqual({ urn: resource.urn, tags: undefined });
    }
  });
});

describe("the stack transformation", () => {
  it("puts the planned events in the offline preview document, followed by preview.completed, for every stack file", async () => {
    for (const stack of STACKS) {
      const result = await runOfflinePreview({ projectDir: PROJECT_DIR, env: stack, program: () => require(path.join(PROJECT_DIR, "index.ts"))() });
      if (!result.ok) throw new Error(result.error.message);
      const { document } = result.value;
      const planned = document.events.filter((e) => e.type === "infrastructure.resource.planned");
      expect(planned.map((e) => (e.payload as { urn: string }).urn).sort()).toEqual(document.resources.map((r) => r.urn).sort());
      const completed = document.events.filter((e) => e.type === "infrastructure.preview.completed");
      expect(completed).toHaveLength(1);
      expect(completed[0].payload).toMatchObject({ stack, mode: "offline", resourceCount: document.resources.length, policyViolations: document.policies.violations.length });
      expect(document.events.filter((e) => e.type === "infrastructure.policy.violated")).toHaveLength(document.policies.violations.length);
      expectValidEvents(document.events);
    }
  });

  it("merges the standard tags into tags an implementation set itself, the standard keys winning", async () => {
    const recording = recordEvents();
    const { runUnderMocks } = await import("../support/pulumi-harness");
    const run = await runUnderMocks(async (load) => {
      const { registerDeploymentEvents } = load<typeof import("../../components/events")>("components/events/index.ts");
      const { loadConfiguration } = load<typeof import("../../components/stack-config")>("components/stack-config.ts");
      const pulumi = load<typeof import("@pulumi/pulumi")>("node_modules/@pulumi/pulumi");
      registerDeploymentEvents(loadConfiguration());
      class Raw extends pulumi.CustomResource {
        constructor(type: string, name: string, props: Record<string, unknown>) {
          super(type, name, props);
        }
      }
      new Raw("aws:s3/bucket:Bucket", "own-tags", { tags: { team: "web", environment: "wrong" } });
      new Raw("aws:iam/rolePolicy:RolePolicy", "untaggable", { policy: "{}" });
      new Raw("azure-native:authorization:RoleAssignment", "assignment", { principalId: "p" });
      new Raw("azure-native:web:WebApp", "site", {});
    }, { stack: "staging", config: { "semantest:environment": "staging", "semantest:tags": { owner: "devops" }, "semantest:release": { id: "rel-42" } } });
    recording.stop();
    expect(run.get("aws:s3/bucket:Bucket", "own-tags").inputs.tags).toEqual({ team: "web", owner: "devops", environment: "staging", component: "platform", "managed-by": "semantest-iac", "deployment-id": "rel-42" });
    expect(run.get("aws:iam/rolePolicy:RolePolicy", "untaggable").inputs).toEqual({ policy: "{}" });
    expect(run.get("azure-native:authorization:RoleAssignment", "assignment").inputs.tags).toBeUndefined();
    expect(run.get("azure-native:web:WebApp", "site").inputs.tags).toMatchObject({ environment: "staging", "managed-by": "semantest-iac" });
    expect(recording.events.map((e) => e.correlationId)).toEqual(Array(4).fill("rel-42"));
  });

  it("joins the deployment the CLI hands over in SEMANTEST_DEPLOYMENT_ID / SEMANTEST_CAUSATION_ID", async () => {
    process.env.SEMANTEST_DEPLOYMENT_ID = "01JD00000000000000000000CL";
    process.env.SEMANTEST_CAUSATION_ID = "01JD00000000000000000000ST";
    try {
      const { events } = await runRecording("dev");
      expect(events.length).toBeGreaterThan(0);
      expect(new Set(events.map((e) => `${e.correlationId} ${e.aggregateId} ${e.causationId}`))).toEqual(new Set(["01JD00000000000000000000CL 01JD00000000000000000000CL 01JD00000000000000000000ST"]));
    } finally {
      delete process.env.SEMANTEST_DEPLOYMENT_ID;
      delete process.env.SEMANTEST_CAUSATION_ID;
    }
  });

  it("records no planned event when the program runs as an update", async () => {
    const { events } = await runRecording("dev", undefined, false);
    expect(events).toEqual([]);
  });

  it("decides taggability from the installed providers' own typings", () => {
    const installed = (pkg: string) => require(path.join(PROJECT_DIR, "node_modules", pkg, "package.json")).version;
    for (const source of TAGGABLE_SOURCES) expect({ pkg: source.package, version: source.version }).toEqual({ pkg: source.package, version: installed(source.package) });
    for (const type of ["aws:lambda/function:Function", "aws:apigatewayv2/api:Api", "aws:apigatewayv2/stage:Stage", "aws:dynamodb/table:Table", "aws:iam/role:Role", "azure-native:web:WebApp", "azure-native:webpubsub:WebPubSub", "azure-native:storage:StorageAccount"]) {
      expect({ type, taggable: isTaggable(type) }).toEqual({ type, taggable: true });
    }
    for (const type of ["aws:iam/rolePolicy:RolePolicy", "aws:lambda/permission:Permission", "aws:apigatewayv2/route:Route", "aws:apigatewayv2/integration:Integration", "aws:autoscaling/group:Group", "azure-native:authorization:RoleAssignment", "semantest:components:RestApi"]) {
      expect({ type, taggable: isTaggable(type) }).toEqual({ type, taggable: false });
    }
  });

  it("knows the components' type tokens (DESIGN §4)", () => {
    const { REST_API_TYPE } = require("../../components/rest-api");
    const { WEBSOCKET_TYPE } = require("../../components/websocket");
    expect(COMPONENT_BY_TYPE).toEqual({ [REST_API_TYPE]: "rest-api", [WEBSOCKET_TYPE]: "websocket" });
  });
});
