/**
 * Issue 22: notification targets on both clouds, Azure alerts like the AWS alarms, and the
 * production security controls as the program declares them (under mocks).
 */
import { alarmKeyPolicy, subscriptionName } from "../../components/aws/alarms";
import { accessLogBucketPolicy } from "../../components/aws/access-logs";
import { alertSpecs, GROUP_SHORT_NAME_MAX, groupShortName, receiverName } from "../../components/azure/alerts";
import { SECRET } from "../../adapters/engine/offline/evaluate";
import { runProgram, type Run } from "../support/pulumi-harness";
import { NOTIFICATIONS, productionAllAwsWithDomains, productionSplitWithDomains } from "./stacks";

const SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";

describe("AWS: encrypted alarm topics that notify the configured targets (production, both components on AWS)", () => {
  let run: Run;
  beforeAll(async () => {
    run = await runProgram("production", productionAllAwsWithDomains());
  }, 120_000);

  it("encrypts each alarm topic with its own customer-managed key that CloudWatch may use", () => {
    for (const component of ["rest-api", "websocket"]) {
      const key = run.get("aws:kms/key:Key", `${component}-alarms-key`);
      expect(key.inputs).toMatchObject({ enableKeyRotation: true, deletionWindowInDays: 30 });
      expect(JSON.parse(String(key.inputs.policy))).toEqual(alarmKeyPolicy("123456789012"));
      const topic = run.get("aws:sns/topic:Topic", `${component}-alarms`);
      expect(String(topic.inputs.kmsMasterKeyId)).toMatch(/^arn:aws:kms:us-east-1:123456789012:key\//);
      expect(topic.dependencies).toContain(key.urn);
    }
  });

  it("subscribes every email address and webhook, named by the target, the webhook URL kept secret", () => {
    const subscriptions = run.all(SUBSCRIPTION).filter((s) => s.name.startsWith("rest-api-alarms-"));
    expect(subscriptions.map((s) => [s.name, s.inputs.protocol, s.inputs.endpoint]).sort()).toEqual([
      [subscriptionName("rest-api-alarms", "email", NOTIFICATIONS.email[0]!), "email", "oncall@semantest.com"],
      [subscriptionName("rest-api-alarms", "https", NOTIFICATIONS.webhooks[0]!), "https", SECRET],
    ].sort());
    expect(subscriptionName("t", "email", "a@b.co")).toBe(subscriptionName("t", "email", "a@b.co"));
    expect(subscriptionName("t", "email", "a@b.co")).not.toBe(subscriptionName("t", "email", "c@d.co"));
  });

  it("protects the production connections table from deletion", () => {
    expect(run.get("aws:dynamodb/table:Table", "websocket-connections").inputs.deletionProtectionEnabled).toBe(true);
  });

  it("logs access to the artifact bucket into a private, SSE-S3, TLS-only log bucket that only S3 log delivery for this bucket may write", () => {
    const logging = run.get("aws:s3/bucketLogging:BucketLogging", "aws-platform-artifacts-logging");
    expect(logging.inputs).toMatchObject({ targetPrefix: "artifacts/" });
    expect(logging.propertyDependencies?.bucket).toEqual([run.get("aws:s3/bucket:Bucket", "aws-platform-artifacts").urn]);
    expect(logging.propertyDependencies?.targetBucket).toEqual([run.get("aws:s3/bucket:Bucket", "aws-platform-access-logs").urn]);
    expect(run.get("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "aws-platform-access-logs-encryption").inputs.rules).toEqual([
      { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
    ]);
    expect(run.get("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "aws-platform-access-logs-public-access").inputs).toMatchObject({ blockPublicAcls: true, restrictPublicBuckets: true });
    const policy = JSON.parse(String(run.get("aws:s3/bucketPolicy:BucketPolicy", "aws-platform-access-logs-tls-only").inputs.policy)) as { Statement: Record<string, unknown>[] };
    expect(policy.Statement.map((s) => s.Sid)).toEqual(["DenyInsecureTransport", "S3ServerAccessLogDelivery"]);
    expect(policy.Statement[1]).toMatchObject({
      Principal: { Service: "logging.s3.amazonaws.com" },
      Action: "s3:PutObject",
      Condition: { ArnLike: { "aws:SourceArn": expect.stringMatching(/^arn:aws:s3:::aws-platform-artifacts/) }, StringEquals: { "aws:SourceAccount": "123456789012" } },
    });
    expect(logging.dependencies).toContain(run.get("aws:s3/bucketPolicy:BucketPolicy", "aws-platform-access-logs-tls-only").urn);
  });

  it("the log delivery grant is scoped to the prefix", () => {
    const statement = accessLogBucketPolicy("arn:aws:s3:::logs", "arn:aws:s3:::artifacts", "1").Statement[1] as { Resource: string };
    expect(statement.Resource).toBe("arn:aws:s3:::logs/artifacts/*");
  });
});

describe("dev keeps its smaller footprint", () => {
  it("has no access-log bucket, no table deletion protection, no alarms and so no keys", async () => {
    const run = await runProgram("dev");
    expect(run.all("aws:s3/bucket:Bucket").map((b) => b.name)).toEqual(["aws-platform-artifacts"]);
    expect(run.get("aws:dynamodb/table:Table", "websocket-connections").inputs.deletionProtectionEnabled).toBe(false);
    expect(run.all("aws:kms/key:Key")).toEqual([]);
  }, 120_000);
});

describe("Azure: an action group and metric alerts like the AWS alarms (production topology)", () => {
  let run: Run;
  beforeAll(async () => {
    run = await runProgram("production", productionSplitWithDomains());
  }, 120_000);

  it("declares an action group with the email and webhook receivers, common alert schema, webhook URL secret", () => {
    const group = run.get("azure-native:monitor:ActionGroup", "websocket-action-group");
    expect(group.inputs).toMatchObject({
      location: "Global",
      enabled: true,
      groupShortName: "semantest-ws",
      emailReceivers: [{ name: receiverName("email", "oncall@semantest.com"), emailAddress: "oncall@semantest.com", useCommonAlertSchema: true }],
      // A secret inside a list makes the whole property secret in the state and the preview.
      webhookReceivers: SECRET,
    });
    expect(receiverName("webhook", NOTIFICATIONS.webhooks[0]!)).toMatch(/^webhook-[0-9a-f]{8}$/);
    expect(groupShortName("rest-api").length).toBeLessThanOrEqual(GROUP_SHORT_NAME_MAX);
  });

  it("watches the app's exceptions, 5xx and 429s, and Web PubSub's quota, throttled closes and event-handler failures", () => {
    // The stable app's and the service's; the canary app (issue 20) has its own set, checked below.
    const alerts = run.all("azure-native:monitor:MetricAlert").filter((a) => !a.name.startsWith("websocket-canary-"));
    expect(alerts.map((a) => a.name).sort()).toEqual(alertSpecs("websocket").map((s) => `websocket-${s.role}`).sort());
    const app = { id: "websocket-app-id", inputs: run.get("azure-native:web:WebApp", "websocket-app").inputs };
    const byName = (name: string) => alerts.find((a) => a.name === name)!;
    expect(byName("websocket-http-5xx").inputs).toMatchObject({ scopes: [app.id], windowSize: "PT5M", evaluationFrequency: "PT1M", severity: 1 });
    const quota = byName("websocket-pubsub-connection-quota").inputs.criteria as { allOf: Record<string, unknown>[] };
    expect(quota.allOf[0]).toMatchObject({ metricName: "ConnectionQuotaUtilization", timeAggregation: "Maximum", operator: "GreaterThan", threshold: 80 });
    const throttles = byName("websocket-throttles").inputs.criteria as { allOf: { dimensions: unknown[] }[] };
    expect(throttles.allOf[0]!.dimensions).toEqual([
      { name: "cloud/roleName", operator: "Include", values: [app.inputs.name] },
      { name: "request/resultCode", operator: "Include", values: ["429"] },
    ]);
    for (const alert of alerts) expect(alert.inputs.actions).toEqual([{ actionGroupId: "websocket-action-group-id" }]);
  });

  it("the WebSocket canary app (issue 20) is watched like the stable one, without a second set of Web PubSub alerts", () => {
    const canary = run.all("azure-native:monitor:MetricAlert").filter((a) => a.name.startsWith("websocket-canary-") && a.name !== "websocket-canary-release-5xx");
    expect(canary.map((a) => a.name).sort()).toEqual(alertSpecs("websocket").filter((s) => s.on !== "pubsub").map((s) => `websocket-canary-${s.role}`).sort());
    for (const alert of canary) expect(alert.inputs.actions).toEqual([{ actionGroupId: "websocket-canary-action-group-id" }]);
  });

  it("REST on AWS gets no Azure alerts; the REST alarms notify through SNS", () => {
    expect(run.all("azure-native:monitor:ActionGroup").map((g) => g.name).sort()).toEqual(["websocket-action-group", "websocket-canary-action-group"]);
    expect(run.all(SUBSCRIPTION).map((s) => s.name).every((n) => n.startsWith("rest-api-alarms-"))).toBe(true);
  });

  it("keeps shared keys off on the host storage and the deployment storage (uploads use Entra)", () => {
    expect(run.get("azure-native:storage:StorageAccount", "azure-platform-host-storage").inputs.allowSharedKeyAccess).toBe(false);
    expect(run.get("azure-native:storage:StorageAccount", "azure-platform-deployment-storage").inputs.allowSharedKeyAccess).toBe(false);
  });

  it("turns Web PubSub local auth off in production: upstream events carry managed-identity tokens (tests/wps)", () => {
    expect(run.get("azure-native:webpubsub:WebPubSub", "websocket-pubsub").inputs.disableLocalAuth).toBe(true);
  });
});
