/**
 * The rehearsal's cloud model on hand-made recordings: each rule can fail, so a rehearsal that
 * passes means something (retained objects survive, blobs are not re-created, buckets empty).
 */
import { applyStep, objectOf, STEPS, targetsOf } from "../../bench/lifecycle-rehearsal";
import type { RecordedResource } from "../../adapters/engine/offline/evaluate";
import { expectedChanges, unexpected } from "./expectations";

const rec = (name: string, type: string, inputs: Record<string, unknown>, retainOnDelete = false, component = "RestApi"): RecordedResource => ({
  urn: `urn:pulumi:dev::semantest-infrastructure::semantest:components:${component}$${type}::${name}`,
  type,
  name,
  parent: null,
  custom: true,
  inputs,
  dependencies: [],
  options: { retainOnDelete, protect: false, aliases: [], ignoreChanges: [] },
});
const step = STEPS[0];
const s3Object = (key: string, retain: boolean) => rec("rest-api-artifact", "aws:s3/bucketObject:BucketObject", { bucket: "b", key }, retain);
const lambda = (key: string) => rec("rest-api-function", "aws:lambda/function:Function", { s3Bucket: "b", s3Key: key });

describe("the rehearsal's cloud model", () => {
  it("keeps a retained object after the stack forgets it, so a rollback can point back at it", () => {
    const first = applyStep(step, [], [s3Object("v1.zip", true), lambda("v1.zip")], new Set());
    const second = applyStep(step, [s3Object("v1.zip", true), lambda("v1.zip")], [s3Object("v2.zip", true), lambda("v2.zip")], first.cloudObjects);
    const rollback = applyStep(step, [s3Object("v2.zip", true), lambda("v2.zip")], [lambda("v1.zip")], second.cloudObjects);
    expect(rollback.missingTargets).toEqual([]);
    expect([...rollback.cloudObjects].sort()).toEqual(["s3:v1.zip", "s3:v2.zip"]);
  });

  it("reports the rollback's missing target when the replaced object was not retained", () => {
    const first = applyStep(step, [], [s3Object("v1.zip", false), lambda("v1.zip")], new Set());
    const second = applyStep(step, [s3Object("v1.zip", false), lambda("v1.zip")], [s3Object("v2.zip", false), lambda("v2.zip")], first.cloudObjects);
    const rollback = applyStep(step, [s3Object("v2.zip", false), lambda("v2.zip")], [lambda("v1.zip")], second.cloudObjects);
    expect(rollback.missingTargets).toEqual([{ resource: "rest-api-function", object: "s3:v1.zip" }]);
  });

  it("refuses to create a package blob the container already has, and lets S3 overwrite its object", () => {
    const blob = rec("rest-api-package", "azure-native:storage:Blob", { accountName: "st", containerName: "c", blobName: "v1.zip" }, true);
    expect(applyStep(step, [], [blob], new Set(["blob:st/c/v1.zip"])).createsExisting).toEqual([{ resource: "rest-api-package", type: blob.type, object: "blob:st/c/v1.zip" }]);
    expect(applyStep(step, [], [s3Object("v1.zip", true)], new Set(["s3:v1.zip"])).createsExisting).toEqual([]);
  });

  it("blocks deleting a bucket that still holds objects unless forceDestroy is on", () => {
    const bucket = (forceDestroy: boolean) => rec("aws-platform-artifacts", "aws:s3/bucket:Bucket", { forceDestroy });
    expect(applyStep(step, [bucket(false)], [], new Set(["s3:v1.zip"])).blockedDeletes).toHaveLength(1);
    const forced = applyStep(step, [bucket(true)], [], new Set(["s3:v1.zip"]));
    expect(forced.blockedDeletes).toEqual([]);
    expect([...forced.cloudObjects]).toEqual([]);
  });

  it("reads the objects code points at: a Lambda's S3 key, a one-deploy's packageUri (query string dropped)", () => {
    expect(targetsOf(lambda("a/b.zip"))).toEqual(["s3:a/b.zip"]);
    const deploy = rec("x-onedeploy", "azure-native:resources:Deployment", {
      properties: { template: { resources: [{ properties: { packageUri: "https://st.blob.core.windows.net/c/releases/v1.zip?sv=2024&sig=x" } }] } },
    });
    expect(targetsOf(deploy)).toEqual(["blob:st/c/releases/v1.zip"]);
    expect(objectOf(lambda("k"))).toBeUndefined();
  });
});

describe("step expectations", () => {
  const providers = { "rest-api": "aws", websocket: "azure" } as const;
  const [, , codeChange] = STEPS;

  it("a code change of the AWS REST API replaces its object and updates its function, nothing else", () => {
    const expectation = expectedChanges(STEPS[1], codeChange, providers);
    expect(expectation.must.map((m) => `${m.op} ${m.name}`).sort()).toEqual(["replace rest-api-artifact", "update rest-api-function"]);
  });

  it("flags a change nobody expected, naming it", () => {
    const expectation = expectedChanges(STEPS[0], STEPS[1], providers);
    const before = [rec("websocket-onedeploy", "azure-native:resources:Deployment", { tags: { "deployment-id": "A" } }, false, "WebSocket")];
    const after = [rec("websocket-onedeploy", "azure-native:resources:Deployment", { tags: { "deployment-id": "B" } }, false, "WebSocket")];
    expect(unexpected({ ...applyStep(STEPS[1], before, after, new Set()), evaluationMs: 0 }, expectation)).toEqual([
      "websocket-onedeploy (azure-native:resources:Deployment): unexpected update [tags]",
    ]);
  });

  it("a WebSocket timeout change on AWS needs a new stage deployment, or a stage that deploys by itself", () => {
    const aws = { "rest-api": "aws", websocket: "aws" } as const;
    const expectation = expectedChanges(STEPS[2], STEPS[3], aws);
    const stage = (autoDeploy: boolean) => rec("websocket-stage", "aws:apigatewayv2/stage:Stage", { autoDeploy }, false, "WebSocket");
    const fn = (timeout: number) => rec("websocket-function", "aws:lambda/function:Function", { timeout }, false, "WebSocket");
    const integration = (ms: number) => rec("websocket-integration", "aws:apigatewayv2/integration:Integration", { timeoutMilliseconds: ms }, false, "WebSocket");
    const run = (autoDeploy: boolean) =>
      unexpected({ ...applyStep(STEPS[3], [stage(autoDeploy), fn(10), integration(10000)], [stage(autoDeploy), fn(20), integration(20000)], new Set()), evaluationMs: 0 }, expectation);
    expect(run(false)).toEqual(["websocket-deployment: expected replace [triggers], but it does not change"]);
    expect(run(true)).toEqual([]);
  });
});
