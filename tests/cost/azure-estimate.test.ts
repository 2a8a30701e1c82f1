/**
 * Three Azure traffic profiles against hand calculations. Every number below is typed from the
 * public price pages (West Europe, pay-as-you-go, USD), not read from application/cost/prices:
 *   Functions  https://azure.microsoft.com/pricing/details/functions/  Flex on demand $0.000026/GB-s, $0.40/M executions;
 *              always ready baseline $0.000004/GB-s, execution $0.000016/GB-s, $0.40/M executions
 *   Web PubSub https://azure.microsoft.com/pricing/details/web-pubsub/ Free_F1 $0; Standard_S1 $1.61/unit/day with
 *              1,000,000 messages/unit/day included, then $1.00/M; messages are 2 KB units of outbound traffic
 *   Storage    https://azure.microsoft.com/pricing/details/storage/blobs/ hot LRS $0.0196/GB-month
 *   Monitor    https://azure.microsoft.com/pricing/details/monitor/ Log Analytics $2.99/GB, retention beyond 31 days $0.10/GB-month
 * A month is 730 hours (30.416667 days, 2,628,000 seconds).
 */
import { estimateCost } from "../../application/cost";
import { azureFunction, azurePlatform, expectWithinOnePercent, StackBuilder, trafficOf } from "./fixtures";

const DAYS = 730 / 24;

describe("Azure estimate against a hand calculation", () => {
  it("profile 1, production defaults: WebSocket on Flex 2048 MB on demand + Standard_S1 x1, 365-day workspace", () => {
    const b = new StackBuilder();
    azurePlatform(b, 365);
    azureFunction(b, "websocket", { instanceMemoryMB: 2048, maximumInstanceCount: 100 }, { name: "Standard_S1", tier: "Standard", capacity: 1 });
    const estimate = estimateCost({ resources: b.resources, traffic: trafficOf("production") });

    // 20M messages + 3 system events x 100,000 connections = 20.3M executions of 50 ms at 2 GB.
    const flex = 20_300_000 * 0.05 * 2 * 0.000026 + 20.3 * 0.4; // 2,030,000 GB-s = 52.78; + 8.12
    // One unit for 30.416667 days; 20M 1 KB messages are under the 30.4M included.
    const pubsub = 1 * DAYS * 1.61; // 48.970833
    const ingestedGb = (20_300_000 * 2048) / 1e9; // 41.5744 GB
    const workspace = ingestedGb * 2.99 + ingestedGb * ((365 - 31) / DAYS) * 0.1; // 124.307456 + 45.652...
    const storage = 2 * 5 * 0.0196; // two accounts of 5 GB
    const hand = flex + pubsub + workspace + storage; // ≈ 280.03
    expectWithinOnePercent(estimate.monthly.total, hand);
    expectWithinOnePercent(estimate.monthly.byComponent.websocket, flex + pubsub);
  });

  it("profile 2, busy hub: Standard_S1 x2, 100M messages of 3 KB, one always-ready instance, 30-day workspace", () => {
    const b = new StackBuilder();
    azurePlatform(b, 30);
    azureFunction(b, "websocket", { instanceMemoryMB: 2048, alwaysReady: [{ name: "http", instanceCount: 1 }] }, { name: "Standard_S1", capacity: 2 });
    const traffic = trafficOf("production", {
      websocket: { messagesPerMonth: 100_000_000, messageBytes: 3 * 1024, connectionsPerMonth: 200_000, meanDurationMs: 20 },
      logBytesPerInvocation: 300,
      storageGb: 2,
    });
    const estimate = estimateCost({ resources: b.resources, traffic });

    const executions = 100_000_000 + 3 * 200_000; // 100.6M
    const baseline = 1 * 2 * 2_628_000 * 0.000004; // 5,256,000 GB-s = 21.024
    const flex = baseline + executions * 0.02 * 2 * 0.000016 + (executions / 1e6) * 0.4; // + 64.384 + 40.24
    const billedMessages = 100_000_000 * 2; // 3 KB is two 2 KB units
    const included = 2 * 1_000_000 * DAYS; // 60,833,333
    const pubsub = 2 * DAYS * 1.61 + ((billedMessages - included) / 1e6) * 1.0; // 97.94 + 139.17
    const workspace = ((executions * 300) / 1e9) * 2.99; // 30 days is inside the free 31
    const storage = 2 * 2 * 0.0196;
    const hand = flex + pubsub + workspace + storage; // ≈ 453.09
    expectWithinOnePercent(estimate.monthly.total, hand);
  });

  it("profile 3, dev on Azure: REST + WebSocket on Flex 512 MB, Free_F1", () => {
    const b = new StackBuilder();
    azurePlatform(b, 30);
    azureFunction(b, "rest-api", { instanceMemoryMB: 512 });
    azureFunction(b, "websocket", { instanceMemoryMB: 512 }, { name: "Free_F1", capacity: 1 });
    const estimate = estimateCost({ resources: b.resources, traffic: trafficOf("dev") });

    const rest = 100_000 * 0.1 * 0.5 * 0.000026 + 0.1 * 0.4; // 5,000 GB-s = 0.13; + 0.04
    const wsExecutions = 100_000 + 3 * 1_000;
    const ws = wsExecutions * 0.05 * 0.5 * 0.000026 + (wsExecutions / 1e6) * 0.4; // 0.06695 + 0.0412
    const workspace = (((100_000 + wsExecutions) * 1024) / 1e9) * 2.99; // 0.2078 GB
    const storage = 2 * 1 * 0.0196;
    const hand = rest + ws + workspace + storage; // Free_F1 costs nothing
    expectWithinOnePercent(estimate.monthly.total, hand);
    expect(estimate.monthly.byResource["websocket-pubsub"].monthly).toBe(0);
  });
});
