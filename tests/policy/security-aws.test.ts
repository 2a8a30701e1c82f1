import { iamNoUnexplainedWildcardResource, iamNoWildcardAction, manageConnectionsScoped } from "../../policy/aws/iam";
import { lambdaNotPublic } from "../../policy/aws/lambda";
import { s3BucketEncrypted, s3BucketPublicAccessBlocked, s3BucketTlsOnly } from "../../policy/aws/s3";
import { dynamodbEncrypted } from "../../policy/aws/dynamodb";
import { check, fake, messages, policyDocument } from "./support";

const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const TABLE_ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/connections";
const STAGE_ARN = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3/live/POST/@connections/*";

describe("iam-no-wildcard-action", () => {
  const policy = iamNoWildcardAction();

  it("accepts a statement listing exact actions", async () => {
    const doc = policyDocument({ Effect: "Allow", Action: ["dynamodb:PutItem", "dynamodb:DeleteItem"], Resource: TABLE_ARN });
    expect(await check(policy, [fake(ROLE_POLICY, "ws-table-access", { role: "r", policy: doc })])).toEqual([]);
  });

  it("refuses '*' and 'service:*' actions, quoting the resource and the statement", async () => {
    const doc = policyDocument({ Sid: "Everything", Effect: "Allow", Action: "*", Resource: TABLE_ARN }, { Effect: "Allow", Action: ["dynamodb:*"], Resource: TABLE_ARN });
    const found = await check(policy, [fake(ROLE_POLICY, "ws-table-access", { role: "r", policy: doc })]);
    expect(found.map((v) => v.policy)).toEqual(["iam-no-wildcard-action", "iam-no-wildcard-action"]);
    expect(found[0]!.message).toContain("'ws-table-access' (urn:pulumi:dev::semantest-infrastructure::aws:iam/rolePolicy:RolePolicy::ws-table-access)");
    expect(found[0]!.message).toContain("statement 'Everything' allows the wildcard action '*'");
    expect(found[1]!.message).toContain("statement #2 allows the wildcard action 'dynamodb:*'");
    expect(found[0]!.level).toBe("mandatory");
  });

  it("refuses Allow + NotAction, inline role policies and AdministratorAccess attachments; ignores Deny statements", async () => {
    const role = fake("aws:iam/role:Role", "fn-role", {
      assumeRolePolicy: policyDocument({ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }),
      inlinePolicies: [{ name: "inline", policy: policyDocument({ Effect: "Allow", NotAction: "iam:*", Resource: TABLE_ARN }, { Effect: "Deny", Action: "*", Resource: "*" }) }],
    });
    const attachment = fake("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "fn-admin", { role: "r", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" });
    const found = messages(await check(policy, [role, attachment]));
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/'fn-role'.*inlinePolicies\[inline\].*NotAction/);
    expect(found[1]).toMatch(/'fn-admin'.*AdministratorAccess/);
  });

  it("treats a missing or unreadable document honestly: nothing to check vs. cannot check", async () => {
    expect(await check(policy, [fake("aws:iam/role:Role", "bare-role", { assumeRolePolicy: "{}" })])).toEqual([]);
    const found = messages(await check(policy, [fake(ROLE_POLICY, "broken", { role: "r", policy: "{not json" })]));
    expect(found[0]).toMatch(/'broken'.*policy is not valid JSON/);
  });

  it("is advisory when the config file makes it so", async () => {
    const doc = policyDocument({ Effect: "Allow", Action: "*", Resource: "*" });
    const found = await check(policy, [fake(ROLE_POLICY, "p", { role: "r", policy: doc })], { config: { "iam-no-wildcard-action": "advisory" } });
    expect(found.map((v) => v.level)).toEqual(["advisory"]);
  });
});

describe("iam-no-wildcard-resource-without-reason", () => {
  const policy = iamNoUnexplainedWildcardResource();

  it("accepts scoped resources, allowlisted actions, a WildcardResource<Reason> Sid and Deny statements", async () => {
    const doc = policyDocument(
      { Effect: "Allow", Action: "dynamodb:PutItem", Resource: TABLE_ARN },
      { Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" },
      { Sid: "WildcardResourceLogsDescribeHasNoArn", Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "*" },
      { Effect: "Deny", Action: "s3:*", Resource: "*" },
    );
    expect(await check(policy, [fake(ROLE_POLICY, "ok", { role: "r", policy: doc })])).toEqual([]);
  });

  it("refuses '*' resources for actions that support resource-level permissions", async () => {
    const doc = policyDocument({ Effect: "Allow", Action: ["dynamodb:PutItem", "xray:PutTraceSegments"], Resource: "*" });
    const found = messages(await check(policy, [fake(ROLE_POLICY, "ws-table", { role: "r", policy: doc })]));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/'ws-table'.*grants 'dynamodb:PutItem' on every resource \('\*'\) without a documented reason/);
  });

  it("does not accept the bare Sid prefix as a reason, nor NotResource", async () => {
    const doc = policyDocument({ Sid: "WildcardResource", Effect: "Allow", Action: "sqs:SendMessage", Resource: "*" }, { Effect: "Allow", Action: "sqs:SendMessage", NotResource: TABLE_ARN });
    expect(await check(policy, [fake(ROLE_POLICY, "q", { role: "r", policy: doc })])).toHaveLength(2);
  });

  it("takes its allowlist from config", async () => {
    const doc = policyDocument({ Effect: "Allow", Action: "sqs:SendMessage", Resource: "*" });
    const resources = [fake(ROLE_POLICY, "q", { role: "r", policy: doc })];
    expect(await check(policy, resources)).toHaveLength(1);
    expect(await check(policy, resources, { config: { "iam-no-wildcard-resource-without-reason": { allowedActions: ["sqs:SendMessage"] } } })).toEqual([]);
  });
});

describe("apigateway-manage-connections-scoped", () => {
  const policy = manageConnectionsScoped();
  const grant = (Resource: unknown) => fake(ROLE_POLICY, "ws-manage", { role: "r", policy: policyDocument({ Effect: "Allow", Action: "execute-api:ManageConnections", Resource }) });

  it("accepts one API stage's @connections ARN", async () => {
    expect(await check(policy, [grant(STAGE_ARN)])).toEqual([]);
  });

  it("refuses a wildcard API, a wildcard stage or '*'", async () => {
    for (const resource of ["*", "arn:aws:execute-api:us-east-1:123456789012:*/live/POST/@connections/*", "arn:aws:execute-api:us-east-1:123456789012:a1b2c3/*/POST/@connections/*"]) {
      const found = messages(await check(policy, [grant(resource)]));
      expect(found).toHaveLength(1);
      expect(found[0]).toContain(`'ws-manage'`);
      expect(found[0]).toContain(`'${resource}'`);
    }
  });

  it("refuses a grant with no Resource at all, ignores statements that do not grant it", async () => {
    expect(messages(await check(policy, [grant(undefined)]))[0]).toContain("no Resource");
    const other = fake(ROLE_POLICY, "other", { role: "r", policy: policyDocument({ Effect: "Allow", Action: "dynamodb:PutItem", Resource: "*" }) });
    expect(await check(policy, [other])).toEqual([]);
  });

  it("is disabled by config", async () => {
    expect(await check(policy, [grant("*")], { config: { "apigateway-manage-connections-scoped": "disabled" } })).toEqual([]);
  });
});

describe("lambda-not-public", () => {
  const policy = lambdaNotPublic();
  const permission = (props: Record<string, unknown>) => fake("aws:lambda/permission:Permission", "rest-api-invoke", { action: "lambda:InvokeFunction", function: "fn", ...props });

  it("accepts API Gateway invoking with a sourceArn and an IAM-auth function URL", async () => {
    const resources = [
      permission({ principal: "apigateway.amazonaws.com", sourceArn: "arn:aws:execute-api:us-east-1:123456789012:a1b2c3/*" }),
      fake("aws:lambda/functionUrl:FunctionUrl", "internal-url", { functionName: "fn", authorizationType: "AWS_IAM" }),
    ];
    expect(await check(policy, resources)).toEqual([]);
  });

  it("refuses principal '*' without a sourceArn, a public URL, and a service principal from any account", async () => {
    const found = messages(
      await check(policy, [
        permission({ principal: "*" }),
        fake("aws:lambda/functionUrl:FunctionUrl", "public-url", { functionName: "fn", authorizationType: "NONE" }),
        permission({ principal: "apigateway.amazonaws.com" }),
        permission({ principal: "*", functionUrlAuthType: "NONE", action: "lambda:InvokeFunctionUrl" }),
      ]),
    );
    expect(found).toHaveLength(4);
    expect(found[0]).toMatch(/Lambda permission 'rest-api-invoke'.*principal '\*' without a sourceArn/);
    expect(found[1]).toMatch(/Function URL 'public-url'.*authorizationType 'NONE'/);
    expect(found[2]).toMatch(/'apigateway\.amazonaws\.com' without a sourceArn or sourceAccount/);
    expect(found[3]).toMatch(/functionUrlAuthType 'NONE'/);
  });

  it("treats a function URL without authorizationType as public", async () => {
    expect(messages(await check(policy, [fake("aws:lambda/functionUrl:FunctionUrl", "u", { functionName: "fn" })]))[0]).toContain("'(missing)'");
  });

  it("lets config allow a named public URL", async () => {
    const url = fake("aws:lambda/functionUrl:FunctionUrl", "webhook-url", { functionName: "fn", authorizationType: "NONE" });
    expect(await check(policy, [url], { config: { "lambda-not-public": { allowPublicUrls: ["webhook-url"] } } })).toEqual([]);
  });
});

describe("S3 bucket policies", () => {
  const bucket = fake("aws:s3/bucket:Bucket", "aws-platform-artifacts", { forceDestroy: false, tags: {} });
  const block = (flags: Partial<Record<string, boolean>> = {}) =>
    fake("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "aws-platform-artifacts-public-access", { bucket: "b", blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true, ...flags }, { dependsOn: [bucket] });
  const sse = (algorithm: string) =>
    fake("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "aws-platform-artifacts-encryption", { bucket: "b", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: algorithm } }] }, { dependsOn: [bucket] });
  const tlsPolicy = (secure: string) =>
    fake("aws:s3/bucketPolicy:BucketPolicy", "aws-platform-artifacts-policy", {
      bucket: "b",
      policy: policyDocument({ Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"], Condition: { Bool: { "aws:SecureTransport": secure } } }),
    }, { dependsOn: [bucket] });

  it("accept a bucket with all four public access flags, SSE-KMS and a TLS-only policy", async () => {
    const found = await check([s3BucketPublicAccessBlocked(), s3BucketEncrypted(), s3BucketTlsOnly()], [bucket, block(), sse("aws:kms"), tlsPolicy("false")]);
    expect(found).toEqual([]);
  });

  it("report a bucket with nothing configured, once per policy, at the bucket's URN", async () => {
    const found = await check([s3BucketPublicAccessBlocked(), s3BucketEncrypted(), s3BucketTlsOnly()], [bucket]);
    expect(found.map((v) => v.policy)).toEqual(["s3-bucket-public-access-blocked", "s3-bucket-encrypted", "s3-bucket-tls-only"]);
    expect(new Set(found.map((v) => v.urn))).toEqual(new Set([bucket.urn]));
    for (const v of found) expect(v.message).toContain("'aws-platform-artifacts'");
  });

  it("name the public access flag left false, a public ACL, a wrong algorithm and a policy that allows HTTP", async () => {
    const publicBucket = fake("aws:s3/bucket:Bucket", "aws-platform-artifacts", { acl: "public-read" });
    expect(messages(await check(s3BucketPublicAccessBlocked(), [publicBucket, block({ restrictPublicBuckets: false })]))).toEqual([
      expect.stringContaining("public ACL 'public-read'"),
      expect.stringContaining("does not set restrictPublicBuckets to true"),
    ]);
    expect(await check(s3BucketEncrypted(), [bucket, sse("none")])).toHaveLength(1);
    expect(await check(s3BucketTlsOnly(), [bucket, tlsPolicy("true")])).toHaveLength(1);
  });

  it("are advisory under the dev config", async () => {
    const found = await check([s3BucketTlsOnly()], [bucket], { config: { all: "advisory" } });
    expect(found.map((v) => v.level)).toEqual(["advisory"]);
  });
});

describe("dynamodb-table-encrypted", () => {
  const policy = dynamodbEncrypted();
  const table = (props: Record<string, unknown>) => fake("aws:dynamodb/table:Table", "websocket-connections", { billingMode: "PAY_PER_REQUEST", hashKey: "connectionId", ...props });

  it("accepts KMS encryption", async () => {
    expect(await check(policy, [table({ serverSideEncryption: { enabled: true } })])).toEqual([]);
  });
  it("refuses explicit false and a missing block", async () => {
    expect(messages(await check(policy, [table({ serverSideEncryption: { enabled: false } })]))[0]).toMatch(/'websocket-connections'.*is false/);
    expect(messages(await check(policy, [table({})]))[0]).toMatch(/is missing/);
  });
  it("accepts the AWS owned key when config says so (but not an explicit false)", async () => {
    const config = { "dynamodb-table-encrypted": { allowAwsOwnedKey: true } };
    expect(await check(policy, [table({})], { config })).toEqual([]);
    expect(await check(policy, [table({ serverSideEncryption: { enabled: false } })], { config })).toHaveLength(1);
  });
});
