/**
 * Finding 5 of issue 12: a clean, deliberate teardown is possible. Before the fix the artifact
 * bucket had `forceDestroy: false` while every artifact object is retained, so `pulumi destroy`
 * ended in BucketNotEmpty.
 */
import { runProgram } from "../support/pulumi-harness";
import { PRODUCTION_ALL_AWS } from "./production-all-aws";

describe("tearing a stack down", () => {
  it.each([
    ["dev", undefined],
    ["production", PRODUCTION_ALL_AWS],
  ])("%s: the artifact bucket empties itself (every object and version) when it is deleted", async (stack, config) => {
    const run = await runProgram(stack, config);
    expect(run.get("aws:s3/bucket:Bucket", "aws-platform-artifacts").inputs.forceDestroy).toBe(true);
    // Objects stay retained for rollbacks while the stack lives; only the bucket's deletion removes them.
    for (const object of run.all("aws:s3/bucketObject:BucketObject")) expect(object.options.retainOnDelete).toBe(true);
    // Nothing the stack owns is protected (a protected resource would stop `pulumi destroy`).
    expect(run.resources.filter((r) => r.options.protect).map((r) => r.name)).toEqual([]);
  });
});
