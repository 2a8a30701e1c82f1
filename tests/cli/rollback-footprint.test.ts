/**
 * What a rollback changes, measured offline (DESIGN §8): the program is evaluated under mocks with
 * the live release and with the release to restore (other deployment id, other artifact digests),
 * and every resource's inputs are compared. Data-driven over the stack files and over both clouds.
 */
import { readStackFile, stackFilePath } from "../../cli/offline/stack-file";
import { rollbackFootprint } from "../../cli/release/footprint";
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
    const codeOnly = rollbackFootprint(live.resources, restored.resources, { ignoreTags: ["deployment-id"] });
    const components = codeOnly.filter((f) => f.componentType !== null);
    expect(components.map((f) => f.component).sort()).toEqual(Object.keys(values(c, null)["semantest:components"] as object).sort());
    for (const footprint of components) {
      expect(footprint.resources).toBeGreaterThan(3);
      expect(footprint.changes.length).toBeGreaterThanOrEqual(1);
      expect(footprint.changes.length).toBeLessThanOrEqual(3);
      for (const change of footprint.changes) expect(change.change).toBe("update");
    }
    // Platform resources (bucket, resource group, storage, monitoring) do not move at all.
    expect(codeOnly.filter((f) => f.componentType === null).flatMap((f) => f.changes)).toEqual([]);

    // With every input compared, the only other difference is the `deployment-id` tag (see the report).
    const everything = rollbackFootprint(live.resources, restored.resources);
    const tagOnly = everything.flatMap((f) => f.changes).filter((ch) => !codeOnly.some((g) => g.changes.some((h) => h.urn === ch.urn)));
    for (const change of tagOnly) expect(change.keys.filter((k) => k !== "tags" && k !== "tagsAll")).toEqual([]);
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
    options: { retainOnDelete: false, protect: false, aliases: [] },
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
});
