import type { StackValidationPolicy } from "@pulumi/policy";
import { resolveEnvironment, stackOfUrn } from "../../policy/lib/environment";
import { enforcementLevelOf, engineProps, linkGraph, policyConfigOf, runPolicies } from "../../policy/offline";
import { packPolicies } from "../../policy/pack";
import { resourcePolicy, stackPolicy } from "../../policy/lib/policy";
import { fake } from "./support";

describe("environment resolution", () => {
  it("prefers config, then the stack tag, then the URN's stack, then production", () => {
    const urn = "urn:pulumi:staging::p::aws:s3/bucket:Bucket::b";
    expect(stackOfUrn(urn)).toBe("staging");
    expect(resolveEnvironment({ config: { environment: "dev" }, urn })).toBe("dev");
    expect(resolveEnvironment({ stackTags: new Map([["environment", "production"]]), urn })).toBe("production");
    expect(resolveEnvironment({ urn })).toBe("staging");
    expect(resolveEnvironment({ urn: "urn:pulumi:feature-42::p::t::n" })).toBe("production");
    expect(resolveEnvironment({ config: { environment: "qa" } })).toBe("production");
  });
});

describe("the offline runner", () => {
  const policy = packPolicies().find((p) => p.name === "log-retention-set")!;

  it("resolves levels like the engine: the policy's entry, then `all`, then the policy's, then the pack's", () => {
    expect(enforcementLevelOf(policy, undefined, "advisory")).toBe("mandatory");
    expect(enforcementLevelOf(policy, { all: "advisory" }, "mandatory")).toBe("advisory");
    expect(enforcementLevelOf(policy, { all: "advisory", "log-retention-set": "mandatory" }, "mandatory")).toBe("mandatory");
    expect(enforcementLevelOf(policy, { "log-retention-set": { enforcementLevel: "disabled" } }, "mandatory")).toBe("disabled");
    expect(enforcementLevelOf({ ...policy, enforcementLevel: undefined }, undefined, "advisory")).toBe("advisory");
  });

  it("gives getConfig the schema defaults, the environment and the configured properties, never the level", () => {
    expect(policyConfigOf(policy, { "log-retention-set": { enforcementLevel: "advisory", minimumDays: 14 } }, "dev")).toEqual({ productionMinimumDays: 365, minimumDays: 14, environment: "dev" });
  });

  it("refuses a config naming a policy the pack does not have", async () => {
    await expect(runPolicies([], { config: { "no-such-policy": "advisory" } })).rejects.toThrow(/'no-such-policy', which is not a policy of semantest-policy/);
  });

  it("turns recorded unknowns into the engine's unknown values, so reading one is a 'can't run' advisory", async () => {
    expect(engineProps({ a: "<computed>", b: ["<computed>"], c: undefined })).toEqual({ a: "04da6b54-80e4-46f7-96ec-b56ff0331ba9", b: ["04da6b54-80e4-46f7-96ec-b56ff0331ba9"] });
    const found = await runPolicies([fake("aws:cloudwatch/logGroup:LogGroup", "logs", { retentionInDays: "<computed>" })], { policies: [policy] });
    expect(found).toEqual([{ policy: "log-retention-set", level: "advisory", urn: expect.stringContaining("logs"), message: expect.stringContaining("can't be known during preview") }]);
  });

  it("honours notApplicable and reports a policy that throws, naming it and the resource", async () => {
    const skips = resourcePolicy({ name: "skips", description: "d", concern: "governance" }, (args) => args.notApplicable("not here"));
    expect(await runPolicies([fake("t:m:T", "r", {})], { policies: [skips] })).toEqual([]);
    const throws = resourcePolicy({ name: "throws", description: "d", concern: "governance" }, () => {
      throw new Error("boom");
    });
    await expect(runPolicies([fake("t:m:T", "r", {})], { policies: [throws] })).rejects.toThrow(/policy 'throws' failed on urn:pulumi:dev::semantest-infrastructure::t:m:T::r: boom/);
  });

  it("links parents, dependencies and property dependencies like the policy server", () => {
    const parent = fake("semantest:components:RestApi", "rest-api", {});
    const table = fake("aws:dynamodb/table:Table", "t", {}, { parent: parent.urn });
    const fn = { ...fake("aws:lambda/function:Function", "f", {}, { dependsOn: [table], parent: parent.urn }), propertyDependencies: { environment: [table.urn] } };
    const [, linkedTable, linkedFn] = linkGraph([parent, table, fn]);
    expect(linkedFn!.parent?.name).toBe("rest-api");
    expect(linkedFn!.dependencies.map((d) => d.name)).toEqual(["t"]);
    expect(linkedFn!.propertyDependencies.environment!.map((d) => d.name)).toEqual(["t"]);
    expect(linkedTable!.opts.parent).toBe(parent.urn);
    expect(linkedFn!.isType({ __pulumiType: "aws:lambda/function:Function" } as never)).toBe(true);
    expect(linkedFn!.asType({ __pulumiType: "aws:s3/bucket:Bucket" } as never)).toBeUndefined();
  });

  it("runs stack policies once, after the resource policies, with the stack's resources", async () => {
    const seen: number[] = [];
    const counting: StackValidationPolicy = stackPolicy({ name: "counting", description: "d", concern: "governance" }, (args, report) => {
      seen.push(args.resources.length);
      report("stack-level", args.resources[0]!.urn);
    });
    const found = await runPolicies([fake("t:m:T", "a", {}), fake("t:m:T", "b", {})], { policies: [counting], config: { all: "advisory" } });
    expect(seen).toEqual([2]);
    expect(found).toEqual([{ policy: "counting", level: "advisory", urn: expect.stringContaining("::a"), message: "stack-level" }]);
  });
});
