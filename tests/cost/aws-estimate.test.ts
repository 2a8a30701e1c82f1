/**
 * Three AWS traffic profiles against hand calculations. Every number below is typed from the
 * public price pages (US East, N. Virginia), not read from application/cost/prices:
 *   Lambda   https://aws.amazon.com/lambda/pricing/       $0.20 per 1M requests; GB-s x86 $0.0000166667, Arm $0.0000133334
 *   API GW   https://aws.amazon.com/api-gateway/pricing/  HTTP $1.00/M requests (512 KB units); WebSocket $1.00/M messages (32 KB units), $0.25/M connection-minutes
 *   DynamoDB https://aws.amazon.com/dynamodb/pricing/on-demand/  $0.625/M WRU, $0.125/M RRU, $0.25 per GB-month
 *   CloudWatch https://aws.amazon.com/cloudwatch/pricing/ logs $0.50/GB ingested, $0.03/GB-month stored; alarm $0.10/month
 *   VPC      https://aws.amazon.com/vpc/pricing/          NAT $0.045/hour + $0.045/GB; public IPv4 $0.005/hour
 *   S3       https://aws.amazon.com/s3/pricing/           $0.023/GB-month; PUT $0.005 per 1,000
 * A month is 730 hours (30.416667 days).
 */
import { estimateCost } from "../../application/cost";
import { awsPlatform, awsRestApi, awsWebSocket, expectWithinOnePercent, StackBuilder, trafficOf } from "./fixtures";

const DAYS = 730 / 24;

describe("AWS estimate against a hand calculation", () => {
  it("profile 1, dev defaults: REST + WebSocket on arm64 512 MB, 7-day logs", () => {
    const b = new StackBuilder();
    awsPlatform(b);
    awsRestApi(b, { memorySize: 512, architectures: ["arm64"] }, { retention: 7 });
    awsWebSocket(b, { memorySize: 512, architectures: ["arm64"] }, { retention: 7 });
    const estimate = estimateCost({ resources: b.resources, traffic: trafficOf("dev") });

    // REST: 100,000 requests of 100 ms at 0.5 GB.
    const restLambda = 0.1 * 0.2 + 100_000 * 0.1 * 0.5 * 0.0000133334; // 0.02 + 5,000 GB-s = 0.086667
    const restHttp = 0.1 * 1.0; // 1 KB requests: one 512 KB unit each
    const restLogGroup = (100_000 * 1024) / 1e9 * 0.5 + (100_000 * 1024) / 1e9 * (7 / DAYS) * 0.03; // 0.0512 + 0.000707
    // WebSocket: 100,000 messages + 2 x 1,000 connection events = 102,000 invocations of 50 ms at 0.5 GB.
    const wsLambda = 0.102 * 0.2 + 102_000 * 0.05 * 0.5 * 0.0000133334; // 0.0204 + 0.034
    const wsApi = 0.1 * 1.0 + 0.03 * 0.25; // 100,000 messages of 1 KB; 30,000 connection-minutes
    const wsTable = 0.002 * 0.625 + 0.1 * 0.125; // 2,000 writes, 100,000 reads; storage is under a micro-dollar
    const wsLogGroup = (102_000 * 1024) / 1e9 * 0.5 + (102_000 * 1024) / 1e9 * (7 / DAYS) * 0.03;
    const s3 = 1 * 0.023 + 2 * (0.005 / 1000); // 1 GB stored; two artifacts uploaded once
    const hand = restLambda + restHttp + 2 * restLogGroup + wsLambda + wsApi + wsTable + 2 * wsLogGroup + s3;
    // = 0.086667 + 0.1 + 0.103814 + 0.0544 + 0.1075 + 0.01375 + 0.105890 + 0.02301 ≈ 0.595
    expectWithinOnePercent(estimate.monthly.total, hand);
    expectWithinOnePercent(estimate.monthly.byComponent["rest-api"], restLambda + restHttp + 2 * restLogGroup + 0.005 / 1000);
    expect(Object.keys(estimate.monthly.byResource)).not.toContain("rest-api-role");
  });

  it("profile 2, production REST API: x86 1024 MB, 10M requests, 365-day logs, 3 alarms, VPC with a NAT per AZ", () => {
    const b = new StackBuilder();
    awsPlatform(b);
    awsRestApi(b, { memorySize: 1024, architectures: ["x86_64"] }, {
      retention: 365,
      alarms: 3,
      vpc: { natGateways: { strategy: "OnePerAz" }, numberOfAvailabilityZones: 3 },
    });
    const estimate = estimateCost({ resources: b.resources, traffic: trafficOf("production") });

    const lambda = 10 * 0.2 + 10_000_000 * 0.12 * 1 * 0.0000166667; // 2 + 1,200,000 GB-s x $0.0000166667 = 22.00004
    const http = 10 * 1.0; // 10M requests of 1 KB
    const ingestedGb = (10_000_000 * 2048) / 1e9; // 20.48 GB per log group
    const logGroup = ingestedGb * 0.5 + ingestedGb * (365 / DAYS) * 0.03; // 10.24 + 245.76 GB-month x 0.03 = 17.6128
    const alarms = 3 * 0.1;
    const nat = 3 * 730 * 0.045 + 50 * 0.045 + 3 * 730 * 0.005; // 98.55 + 2.25 + 10.95
    const s3 = 5 * 0.023 + 0.005 / 1000;
    const hand = lambda + http + 2 * logGroup + alarms + nat + s3; // ≈ 179.54
    expectWithinOnePercent(estimate.monthly.total, hand);
    expectWithinOnePercent(estimate.monthly.byResource["rest-api-vpc"].monthly, nat);
  });

  it("profile 3, large payloads: x86 128 MB default, 600 KB requests, 40 KB messages, logs kept forever, PITR", () => {
    const b = new StackBuilder();
    awsRestApi(b, {}, { retention: 0 });
    awsWebSocket(b, {}, { retention: 0, pitr: true });
    const traffic = trafficOf("staging", {
      restApi: { requestsPerMonth: 2_000_000, meanDurationMs: 300, requestBytes: 600 * 1024 },
      websocket: { messagesPerMonth: 5_000_000, messageBytes: 40_000, connectionsPerMonth: 50_000, connectionMinutesPerMonth: 43_800_000 },
      logBytesPerInvocation: 500,
    });
    const estimate = estimateCost({ resources: b.resources, traffic });

    // No memorySize: Lambda's default 128 MB = 0.125 GB; no architectures: x86_64.
    const restLambda = 2 * 0.2 + 2_000_000 * 0.3 * 0.125 * 0.0000166667; // 0.4 + 75,000 GB-s = 1.65
    const restHttp = 2_000_000 * 2 * (1.0 / 1e6); // 600 KB is two 512 KB units
    const restLogGb = (2_000_000 * 500) / 1e9; // 1 GB; never expires: 12 months stored
    const restLogGroup = restLogGb * 0.5 + restLogGb * 12 * 0.03;
    const wsInvocations = 5_000_000 + 2 * 50_000;
    const wsLambda = (wsInvocations / 1e6) * 0.2 + wsInvocations * 0.05 * 0.125 * 0.0000166667;
    const wsApi = 5 * 2 * 1.0 + 43.8 * 0.25; // 40 KB = two 32 KB units; 43.8M connection-minutes
    // 43.8M connection-minutes / 43,800 minutes = 1,000 concurrent connections of 1 KB = 1.024e-3 GB.
    const storedGb = (1000 * 1024) / 1e9;
    const wsTable = 0.1 * 0.625 + 5 * 0.125 + storedGb * 0.25 + storedGb * 0.2;
    const wsLogGb = (wsInvocations * 500) / 1e9;
    const wsLogGroup = wsLogGb * 0.5 + wsLogGb * 12 * 0.03;
    const puts = 2 * (0.005 / 1000);
    const hand = restLambda + restHttp + 2 * restLogGroup + wsLambda + wsApi + wsTable + 2 * wsLogGroup + puts;
    expectWithinOnePercent(estimate.monthly.total, hand);
    expect(estimate.assumptions).toContain("rest-api-logs: logs never expire; storage counts 12 months of them");
  });
});
