/**
 * adapters/account/aws.ts with the real AWS SDK v3 clients against a local recorder: what each
 * call sends and how each answer (and error) is read.
 */
import { AwsSdkAccountProbe } from "../../adapters/account";
import { AwsRecorder, DEFAULT_WORLD, startAwsRecorder } from "./recorders/aws-recorder";

describe("AwsSdkAccountProbe (real SDK clients, local recorder)", () => {
  let recorder: AwsRecorder;
  let probe: AwsSdkAccountProbe;
  beforeAll(async () => {
    recorder = await startAwsRecorder();
    probe = new AwsSdkAccountProbe({ region: "us-east-1", endpoint: recorder.endpoint, credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" } });
  });
  afterAll(() => recorder.close());
  beforeEach(() => {
    recorder.world = structuredClone(DEFAULT_WORLD);
    recorder.calls.length = 0;
  });

  it("reads the caller identity from STS, and surfaces STS's error code", async () => {
    await expect(probe.callerIdentity()).resolves.toEqual({ account: "123456789012", arn: "arn:aws:iam::123456789012:user/ada" });
    recorder.world = { ...recorder.world, identity: undefined };
    await expect(probe.callerIdentity()).rejects.toMatchObject({ name: "InvalidClientTokenId" });
  });

  it("reads API Gateway's CloudWatch role, undefined when the account has none", async () => {
    await expect(probe.apiGatewayCloudWatchRoleArn()).resolves.toBeUndefined();
    recorder.world = { ...recorder.world, cloudwatchRoleArn: "arn:aws:iam::123456789012:role/apigw-logs" };
    await expect(probe.apiGatewayCloudWatchRoleArn()).resolves.toBe("arn:aws:iam::123456789012:role/apigw-logs");
  });

  it("falls back to the AWS default Elastic IP quota when the account never changed it", async () => {
    await expect(probe.elasticIpQuota()).resolves.toBe(5);
    expect(recorder.calls.map((c) => c.operation)).toEqual(["GetServiceQuota", "GetAWSDefaultServiceQuota"]);
    recorder.world = { ...recorder.world, elasticIpQuota: 12 };
    await expect(probe.elasticIpQuota()).resolves.toBe(12);
  });

  it("counts Elastic IPs in use and the stack's own by its tags", async () => {
    recorder.world = {
      ...recorder.world,
      addresses: [
        { publicIp: "203.0.113.1", tags: { environment: "production", "managed-by": "semantest-iac" } },
        { publicIp: "203.0.113.2", tags: { environment: "staging", "managed-by": "semantest-iac" } },
        { publicIp: "203.0.113.3", tags: {} },
      ],
    };
    await expect(probe.elasticIpsInUse({ environment: "production", "managed-by": "semantest-iac" })).resolves.toEqual({ total: 3, own: 1 });
  });

  it("reads Lambda's account concurrency", async () => {
    recorder.world = { ...recorder.world, lambda: { limit: 10, unreserved: 10 } };
    await expect(probe.lambdaConcurrency()).resolves.toEqual({ limit: 10, unreserved: 10 });
  });
});
