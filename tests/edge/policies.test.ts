/**
 * Issue 22's policies: each on synthetic, provider-shaped inputs (compliant, non-compliant, missing
 * property, environment), and each tripped on the real program's resources with one input broken.
 */
import { alarmKeyPolicy } from "../../components/aws/alarms";
import { apigatewayDomainTls } from "../../policy/aws/apigateway";
import { dynamodbDeletionProtection } from "../../policy/aws/dynamodb";
import { s3BucketAccessLogging } from "../../policy/aws/s3";
import { keyPolicyAllowsCloudWatch, snsAlarmTopicEncrypted } from "../../policy/aws/sns";
import { productionAzureAlerts } from "../../policy/azure/monitor";
import { azureStorageSharedKeyDisabled } from "../../policy/azure/storage";
import { runPolicies, type RecordedResourceLike } from "../../policy/offline";
import { check, fake, messages, policyDocument } from "../policy/support";
import { runProgram, type Run } from "../support/pulumi-harness";
import { productionAllAwsWithDomains, productionSplitWithDomains } from "./stacks";

const DOMAIN = "aws:apigatewayv2/domainName:DomainName";
const ACM = "arn:aws:acm:us-east-1:123456789012:certificate/abc";

describe("apigateway-domain-tls", () => {
  const policy = apigatewayDomainTls();

  it("accepts a REGIONAL TLS_1_2 domain with an ACM certificate, and one whose certificate is not known yet", async () => {
    const configuration = { endpointType: "REGIONAL", securityPolicy: "TLS_1_2", certificateArn: ACM };
    expect(await check(policy, [fake(DOMAIN, "d", { domainNameConfiguration: configuration })])).toEqual([]);
    expect(await check(policy, [fake(DOMAIN, "d", { domainNameConfiguration: { ...configuration, certificateArn: undefined } })])).toEqual([]);
  });

  it("refuses an edge endpoint, TLS 1.0 and a non-ACM certificate, quoting the resource", async () => {
    const found = messages(await check(policy, [fake(DOMAIN, "rest-api-domain", { domainNameConfiguration: { endpointType: "EDGE", securityPolicy: "TLS_1_0", certificateArn: "arn:aws:iam::1:server-certificate/x" } })]));
    expect(found).toEqual([
      expect.stringMatching(/^API Gateway domain name 'rest-api-domain' \(urn:.*\) has endpointType 'EDGE'; API Gateway v2 serves REGIONAL domain names only\.$/),
      expect.stringContaining("has securityPolicy 'TLS_1_0'; TLS_1_2 is required."),
      expect.stringContaining("uses the certificate 'arn:aws:iam::1:server-certificate/x', which is not an ACM certificate ARN."),
    ]);
  });

  it("refuses a domain without its configuration", async () => {
    expect(messages(await check(policy, [fake(DOMAIN, "d", {})]))).toEqual([expect.stringContaining("endpointType 'missing'"), expect.stringContaining("securityPolicy 'missing'")]);
  });
});

const PROD = { stack: "production" };
const TABLE = "aws:dynamodb/table:Table";

describe("dynamodb-deletion-protection", () => {
  const policy = dynamodbDeletionProtection();
  it("requires deletion protection on production tables only, quoting the value found", async () => {
    expect(await check(policy, [fake(TABLE, "t", { deletionProtectionEnabled: true }, PROD)])).toEqual([]);
    expect(await check(policy, [fake(TABLE, "t", {})])).toEqual([]); // dev
    expect(messages(await check(policy, [fake(TABLE, "websocket-connections", { deletionProtectionEnabled: false }, PROD)]))).toEqual([
      expect.stringMatching(/^DynamoDB table 'websocket-connections' .* has no deletion protection in production \(deletionProtectionEnabled is false\)\.$/),
    ]);
    expect(messages(await check(policy, [fake(TABLE, "t", {}, PROD)]))[0]).toContain("deletionProtectionEnabled is missing");
  });
  it("follows its environments config", async () => {
    expect(await check(policy, [fake(TABLE, "t", {}, { stack: "staging" })], { config: { "dynamodb-deletion-protection": { environments: ["staging", "production"] } } })).toHaveLength(1);
  });
});

describe("sns-alarm-topic-kms-encrypted", () => {
  const policy = snsAlarmTopicEncrypted();
  const key = (policyJson: unknown) => fake("aws:kms/key:Key", "k", { policy: JSON.stringify(policyJson), arn: "arn:aws:kms:us-east-1:123456789012:key/1" }, PROD);
  const topic = (kmsMasterKeyId: string | undefined, dependsOn: RecordedResourceLike[] = []) => fake("aws:sns/topic:Topic", "rest-api-alarms", kmsMasterKeyId ? { kmsMasterKeyId } : {}, { ...PROD, dependsOn });
  const alarmOn = (t: RecordedResourceLike) => fake("aws:cloudwatch/metricAlarm:MetricAlarm", "a", { alarmActions: ["arn"] }, { ...PROD, dependsOn: [t] });

  it("accepts the program's key policy (CloudWatch may use the key), and knows why aws/sns cannot be used", async () => {
    expect(keyPolicyAllowsCloudWatch(JSON.stringify(alarmKeyPolicy("123456789012")))).toBe(true);
    const k = key(alarmKeyPolicy("123456789012"));
    const t = topic("arn:aws:kms:us-east-1:123456789012:key/1", [k]);
    expect(await check(policy, [k, t, alarmOn(t)])).toEqual([]);
  });

  it("refuses an unencrypted topic, the AWS-managed key, and a key CloudWatch may not use", async () => {
    expect(messages(await check(policy, [topic(undefined)]))).toEqual([expect.stringContaining("is not encrypted (kmsMasterKeyId is missing)")]);
    expect(messages(await check(policy, [topic("alias/aws/sns")]))).toEqual([expect.stringContaining("uses the AWS-managed key alias/aws/sns, which CloudWatch alarms cannot publish with")]);
    expect(messages(await check(policy, [topic("arn:aws:kms:us-east-1:123456789012:alias/aws/sns")]))).toHaveLength(1);
    const k = key({ Version: "2012-10-17", Statement: [alarmKeyPolicy("123456789012").Statement[0]] });
    const t = topic("arn:aws:kms:us-east-1:123456789012:key/1", [k]);
    expect(messages(await check(policy, [k, t, alarmOn(t)]))).toEqual([expect.stringContaining("does not let cloudwatch.amazonaws.com use kms:Decrypt and kms:GenerateDataKey*")]);
  });

  it("does not apply outside production by default", async () => {
    expect(await check(policy, [fake("aws:sns/topic:Topic", "t", {})])).toEqual([]);
  });
});

describe("s3-bucket-access-logging", () => {
  const policy = s3BucketAccessLogging();
  const bucket = fake("aws:s3/bucket:Bucket", "aws-platform-artifacts", {}, PROD);
  const logs = fake("aws:s3/bucket:Bucket", "aws-platform-access-logs", {}, PROD);
  const logging = (source: RecordedResourceLike, target: RecordedResourceLike) => ({
    ...fake("aws:s3/bucketLogging:BucketLogging", "l", { targetPrefix: "artifacts/" }, { ...PROD, dependsOn: [source, target] }),
    propertyDependencies: { bucket: [source.urn], targetBucket: [target.urn] },
  });
  it("accepts a logged bucket and exempts its log bucket", async () => {
    expect(await check(policy, [bucket, logs, logging(bucket, logs)])).toEqual([]);
  });
  it("refuses a production bucket without logging; another bucket's logging does not count", async () => {
    expect(messages(await check(policy, [bucket]))).toEqual([expect.stringContaining("'aws-platform-artifacts' (urn:pulumi:production::")]);
    const other = fake("aws:s3/bucket:Bucket", "other", {}, PROD);
    expect(messages(await check(policy, [bucket, other, logs, logging(other, logs)]))).toEqual([expect.stringContaining("'aws-platform-artifacts'")]);
  });
});

describe("azure-storage-shared-key-disabled", () => {
  const policy = azureStorageSharedKeyDisabled();
  const account = (name: string, allowSharedKeyAccess?: boolean) => fake("azure-native:storage:StorageAccount", name, allowSharedKeyAccess === undefined ? {} : { allowSharedKeyAccess });
  it("requires allowSharedKeyAccess: false on every account, the deployment storage included", async () => {
    expect(await check(policy, [account("azure-platform-host-storage", false), account("azure-platform-deployment-storage", false)])).toEqual([]);
    expect(messages(await check(policy, [account("azure-platform-deployment-storage", true)]))).toEqual([expect.stringContaining("'azure-platform-deployment-storage'")]);
    expect(messages(await check(policy, [account("azure-platform-host-storage", true), account("other")]))).toEqual([
      expect.stringContaining("'azure-platform-host-storage' (urn:pulumi:dev::semantest-infrastructure::azure-native:storage:StorageAccount::azure-platform-host-storage) allows shared key access (allowSharedKeyAccess is true)"),
      expect.stringContaining("(allowSharedKeyAccess is missing)"),
    ]);
  });
  it("takes its exemptions from config (accounts a stack adds that still sign with the key)", async () => {
    const found = await check(policy, [account("legacy-files", true)], { config: { "azure-storage-shared-key-disabled": { allowSharedKeyAccounts: ["legacy-files"] } } });
    expect(found).toEqual([]);
  });
});

describe("production-azure-alerts", () => {
  const policy = productionAzureAlerts();
  const app = fake("azure-native:web:WebApp", "websocket-app", { kind: "functionapp,linux" }, PROD);
  const alert = (props: Record<string, unknown>) => ({ ...fake("azure-native:monitor:MetricAlert", "websocket-http-5xx", props, { ...PROD, dependsOn: [app] }), propertyDependencies: { scopes: [app.urn] } });
  it("accepts an app watched by an enabled alert with an action group", async () => {
    expect(await check(policy, [app, alert({ enabled: true, actions: [{ actionGroupId: "/subscriptions/x/actionGroups/g" }] })])).toEqual([]);
  });
  it("refuses an unwatched app, or one whose alert notifies nobody", async () => {
    expect(messages(await check(policy, [app]))).toEqual([expect.stringContaining("Function App 'websocket-app'")]);
    expect(messages(await check(policy, [app, alert({ enabled: true, actions: [] })]))).toHaveLength(1);
    expect(await check(policy, [fake("azure-native:web:WebApp", "dev-app", { kind: "functionapp" })])).toEqual([]); // dev
  });
});

type Change = (inputs: Record<string, unknown>) => void;

function broken(resources: readonly RecordedResourceLike[], name: string, change: Change | "remove"): RecordedResourceLike[] {
  if (!resources.some((r) => r.name === name)) throw new Error(`no resource ${name}`);
  if (change === "remove") return resources.filter((r) => r.name !== name);
  return resources.map((r) => {
    if (r.name !== name) return r;
    const inputs = structuredClone(r.inputs) as Record<string, unknown>;
    change(inputs);
    return { ...r, inputs };
  });
}

describe("the pack on production stacks with domains and notification targets", () => {
  const runs: Record<string, Run> = {};
  beforeAll(async () => {
    runs.aws = await runProgram("production", productionAllAwsWithDomains());
    runs.split = await runProgram("production", productionSplitWithDomains());
  }, 240_000);

  it.each(["aws", "split"])("%s: passes every policy as the program declares it", async (stack) => {
    const violations = await runPolicies(runs[stack]!.resources, { environment: "production", config: { all: "mandatory" } });
    expect(violations.filter((v) => v.policy !== "monthly-budget")).toEqual([]);
  });

  const cases: [string, string, string, Change | "remove", string][] = [
    ["apigateway-domain-tls", "aws", "rest-api-domain", (r) => void ((r.domainNameConfiguration as Record<string, unknown>).securityPolicy = "TLS_1_0"), "rest-api-domain"],
    ["dynamodb-deletion-protection", "aws", "websocket-connections", (r) => void (r.deletionProtectionEnabled = false), "websocket-connections"],
    ["sns-alarm-topic-kms-encrypted", "aws", "rest-api-alarms", (r) => void (r.kmsMasterKeyId = "alias/aws/sns"), "rest-api-alarms"],
    ["sns-alarm-topic-kms-encrypted", "aws", "rest-api-alarms-key", (r) => void (r.policy = policyDocument(alarmKeyPolicy("123456789012").Statement[0]!)), "rest-api-alarms"],
    ["s3-bucket-access-logging", "aws", "aws-platform-artifacts-logging", "remove", "aws-platform-artifacts"],
    ["azure-storage-shared-key-disabled", "split", "azure-platform-host-storage", (r) => void (r.allowSharedKeyAccess = true), "azure-platform-host-storage"],
    ["production-azure-alerts", "split", "websocket-http-5xx", "remove", "websocket-app"],
    ["production-azure-alerts", "split", "websocket-pubsub-connection-quota", (r) => void (r.actions = []), "websocket-pubsub"],
  ];

  it.each(cases)("%s trips (%s stack, %s changed)", async (policy, stack, name, change, quoted) => {
    let resources = broken(runs[stack]!.resources, name, change);
    if (policy === "production-azure-alerts" && quoted === "websocket-pubsub") {
      // Every Web PubSub alert must lose its action group for the service to be unwatched.
      for (const other of ["websocket-pubsub-throttled", "websocket-pubsub-event-handler-errors"]) resources = broken(resources, other, (r) => void (r.actions = []));
    }
    const violations = await runPolicies(resources, { environment: "production", config: { all: "mandatory" } });
    // (Without its logging resource the log bucket is no longer a log destination, so it is reported too.)
    expect(violations.filter((v) => v.policy === policy).map((v) => v.message)).toEqual(expect.arrayContaining([expect.stringContaining(`'${quoted}'`)]));
    expect(violations.filter((v) => v.policy !== policy && v.policy !== "monthly-budget")).toEqual([]);
  });
});
