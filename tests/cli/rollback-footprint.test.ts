/**
 * What a rollback changes, measured offline: the program is evaluated under mocks with
 * the live release and with the release to restore (other deployment id, other artifact digests),
 * and every resource's inputs are compared. Data-driven over the stack files and over both clouds.
 */
import { readStackFile, stackFilePath } from "../../adapters/stack-file";
import { rollbackFootprint } from "../../application/release/footprint";
import { CASES, LIVE_RELEASE, PROJECT_DIR, RESTORED_RELEASE } from "../../bench/cli-rollback-footprint";
import { runProgram } from "../support/pulumi-harness";

function values(c: (typeof CASES)[number], release: unknown): Record<string, unknown> {
  const base = { ...readStackFile(stackFilePath(PROJECT_DIR, c.stack)).values } as Record<string, unknown>;
  if (c.components) base["semantest:components"] = c.components;
  base["aws:region"] ??= "us-east-1";
  base["azure-native:location"] ??= "westeurope";
  return { ...base, "semantest:release": release };
}

describe("rollback footprint (offline evaluation, live vs restored release)", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s: each component changes 1 to 3 resources, all in place, nothing outside the components", async (_name, c) => {
    const live = await runProgram(c.stack, values(c, LIVE_RELEASE));
    const restored = await runProgram(c.stack, values(c, RESTORED_RELEASE));
    // Every input compared, as the engine diffs them (honouring each resource's ignoreChanges).
    const footprint = rollbackFootprint(live.resources, restored.resources);
    const components = footprint.filter((f) => f.componentType !== null);
    expect(components.map((f) => f.component).sort()).toEqual(Object.keys(values(c, null)["semantest:components"] as object).sort());
    for (const component of components) {
      expect(component.resources).toBeGreaterThan(3);
      expect(component.changes.length).toBeGreaterThanOrEqual(1);
      expect(component.changes.length).toBeLessThanOrEqual(3);
      for (const change of component.changes) expect(change.change).toBe("update");
    }
    // Platform resources (bucket, resource group, storage, monitoring) do not move at all.
    expect(footprint.filter((f) => f.componentType === null).flatMap((f) => f.changes)).toEqual([]);
    // The deployment-id tag follows the release only where the code is; elsewhere the engine ignores it.
    const tagged = restored.resources.filter((r) => (r.inputs.tags as Record<string, unknown> | undefined)?.["deployment-id"] !== undefined);
    expect(tagged.length).toBeGreaterThan(5);
    for (const resource of tagged) {
      const ignored = resource.options.ignoreChanges ?? [];
      const codeCarrying = ["aws:lambda/function:Function", "azure-native:resources:Deployment"].includes(resource.type) || resource.type.includes("bucketObject") || resource.type === "azure-native:storage:Blob";
      expect([resource.type, ignored.includes('tags["deployment-id"]')]).toEqual([resource.type, !codeCarrying]);
    }
  });
});

describe("rollbackFootprint (pure)", () => {
  const resource = (urn: string, type: string, parent: string | null, inputs: Record<string, unknown>, dependencies: string[] = [], custom = true) => ({
    urn,
    type,
    name: urn.split("::").pop()!,
    parent,
    custom,
    inputs,
    dependencies,
    options: { retainOnDelete: false, protect: false, aliases: [] as string[], ignoreChanges: [] as string[] },
  });
  const component = resource("c::rest-api", "semantest:components:RestApi", null, {}, [], false);

  it("counts updates, creates and deletes per component and lists the dependents of what changed", () => {
    const live = [component, resource("c::fn", "aws:lambda/function:Function", "c::rest-api", { s3Key: "a", tags: { "deployment-id": "A" } }), resource("c::old", "aws:x:Y", "c::rest-api", {})];
    const restored = [
      component,
      resource("c::fn", "aws:lambda/function:Function", "c::rest-api", { s3Key: "b", tags: { "deployment-id": "B" } }),
      resource("c::alias", "aws:lambda/alias:Alias", "c::rest-api", {}, ["c::fn"]),
      resource("c::bucket", "aws:s3/bucket:Bucket", null, { tags: { "deployment-id": "B" } }),
    ];
    const [rest] = rollbackFootprint(live, restored, { ignoreTags: ["deployment-id"] }).filter((f) => f.component === "rest-api");
    expect(rest.changes).toEqual([
      { urn: "c::fn", type: "aws:lambda/function:Function", name: "fn", change: "update", keys: ["s3Key"] },
      { urn: "c::old", type: "aws:x:Y", name: "old", change: "delete", keys: [] },
      { urn: "c::alias", type: "aws:lambda/alias:Alias", name: "alias", change: "create", keys: [] },
    ]);
    const stack = rollbackFootprint(live, restored).find((f) => f.component === "(stack)")!;
    expect(stack.changes.map((c) => c.change)).toEqual(["create"]);
  });

  it("leaves out what a resource's ignoreChanges names, as the engine's diff does", () => {
    const tagged = (id: string, ignoreChanges: string[]) => ({
      ...resource("c::table", "aws:dynamodb/table:Table", "c::rest-api", { tags: { "deployment-id": id, team: "a" }, billingMode: "PAY_PER_REQUEST" }),
      options: { retainOnDelete: false, protect: false, aliases: [], ignoreChanges },
    });
    const ignoring = rollbackFootprint([component, tagged("A", ['tags["deployment-id"]'])], [component, tagged("B", ['tags["deployment-id"]'])]);
    expect(ignoring.flatMap((f) => f.changes)).toEqual([]);
    const diffing = rollbackFootprint([component, tagged("A", [])], [component, tagged("B", [])]);
    expect(diffing.flatMap((f) => f.changes).map((c) => c.keys)).toEqual([["tags"]]);
  });
});
