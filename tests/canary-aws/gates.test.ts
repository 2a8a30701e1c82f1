/** awsAlarmStates: the real CloudWatchClient against a local recorder (no account). */
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { AlarmGateError, awsAlarmStates } from "../../adapters/gates/aws";
import { READERS } from "../../adapters/gates";
import { startCloudWatchRecorder, type CloudWatchRecorder } from "./cloudwatch-recorder";

let recorder: CloudWatchRecorder;
let client: CloudWatchClient;

beforeAll(async () => {
  recorder = await startCloudWatchRecorder();
  client = new CloudWatchClient({ endpoint: recorder.url, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" }, maxAttempts: 1 });
});

afterAll(async () => {
  client.destroy();
  await recorder.close();
});

beforeEach(() => {
  recorder.calls.length = 0;
  recorder.alarms.clear();
  recorder.pageSize = 50;
});

describe("the composed AWS reader (adapters/gates/index.ts)", () => {
  it("asks CloudWatch in the stack's region (artifactStore.aws.region), not the machine's default", async () => {
    recorder.alarms.set("rest-api-canary-errors-1a2b3c4", "OK");
    const saved = { ...process.env };
    Object.assign(process.env, { AWS_ENDPOINT_URL_CLOUDWATCH: recorder.url, AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "local", AWS_SECRET_ACCESS_KEY: "local", AWS_MAX_ATTEMPTS: "1" });
    try {
      const states = await READERS.aws!(["rest-api-canary-errors-1a2b3c4"], { artifactStore: { aws: { bucket: "b", region: "eu-west-3" } } });
      expect(states).toEqual([{ name: "rest-api-canary-errors-1a2b3c4", cloud: "aws", state: "ok" }]);
      expect(recorder.regions.at(-1)).toBe("eu-west-3");
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });
});

describe("awsAlarmStates", () => {
  it("maps each alarm's StateValue, in the order asked, with one signed DescribeAlarms", async () => {
    recorder.alarms.set("rest-api-canary-errors-1a2b3c4", "OK");
    recorder.alarms.set("websocket-canary-errors-5d6e7f8", "ALARM");
    recorder.alarms.set("other", "INSUFFICIENT_DATA");
    const states = await awsAlarmStates(["websocket-canary-errors-5d6e7f8", "other", "rest-api-canary-errors-1a2b3c4", "other"], client);
    expect(states).toEqual([
      { name: "websocket-canary-errors-5d6e7f8", cloud: "aws", state: "alarm" },
      { name: "other", cloud: "aws", state: "insufficient-data" },
      { name: "rest-api-canary-errors-1a2b3c4", cloud: "aws", state: "ok" },
    ]);
    expect(recorder.calls).toEqual([
      { target: "GraniteServiceVersion20100801.DescribeAlarms", signed: true, body: { AlarmNames: ["websocket-canary-errors-5d6e7f8", "other", "rest-api-canary-errors-1a2b3c4"], AlarmTypes: ["MetricAlarm", "CompositeAlarm"] } },
    ]);
  });

  it("asks for at most 100 names per call and follows NextToken", async () => {
    const names = Array.from({ length: 150 }, (_, i) => `alarm-${i}`);
    for (const name of names) recorder.alarms.set(name, "OK");
    recorder.pageSize = 40;
    const states = await awsAlarmStates(names, client);
    expect(states.map((s) => s.name)).toEqual(names);
    expect(recorder.calls.map((c) => [c.body.AlarmNames?.length, c.body.NextToken ?? null])).toEqual([
      [100, null], [100, "40"], [100, "80"], [50, null], [50, "40"],
    ]);
  });

  it("fails naming the alarms CloudWatch does not know (a gate never passes blind)", async () => {
    recorder.alarms.set("known", "OK");
    const error = await awsAlarmStates(["known", "deleted-alarm"], client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlarmGateError);
    expect(error).toMatchObject({ code: "ALARMS_NOT_FOUND", message: expect.stringContaining('no alarm named "deleted-alarm"') });
  });

  it("refuses a name CloudWatch could not hold, before any request", async () => {
    const error = await awsAlarmStates(["", "x".repeat(256)], client).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "INVALID_ALARM_NAME", message: expect.stringContaining("allowed: 1 to 255 characters") });
    expect(recorder.calls).toHaveLength(0);
  });

  it("reads nothing for no names", async () => {
    expect(await awsAlarmStates([], client)).toEqual([]);
    expect(recorder.calls).toHaveLength(0);
  });

  it("passes CloudWatch's own error through, typed", async () => {
    recorder.alarms.set("a", "OK");
    recorder.failNext = { status: 400, type: "InvalidNextToken", message: "The service cannot process the token" };
    await expect(awsAlarmStates(["a"], client)).rejects.toMatchObject({ name: "InvalidNextToken" });
  });
});
