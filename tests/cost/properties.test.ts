/** Properties of the estimator over arbitrary traffic: seeded and bounded, so fast in `npm test`. */
import fc from "fast-check";
import { CostEstimate, estimateCost } from "../../application/cost";
import type { TrafficProfile } from "../../domain";
import { awsPlatform, awsRestApi, awsWebSocket, azureFunction, azurePlatform, StackBuilder } from "./fixtures";

const RUNS = { seed: 21, numRuns: 200 };

/** Both clouds, every estimated type, fixed costs included (alarms, NAT, Standard units, always ready). */
function everyResource() {
  const b = new StackBuilder();
  awsPlatform(b);
  awsRestApi(b, { memorySize: 1024, architectures: ["arm64"] }, { retention: 30, alarms: 2, vpc: { natGateways: { strategy: "Single" }, numberOfAvailabilityZones: 2 } });
  awsWebSocket(b, { memorySize: 512 }, { retention: 0, pitr: true });
  azurePlatform(b, 90);
  azureFunction(b, "websocket", { instanceMemoryMB: 2048, alwaysReady: [{ name: "http", instanceCount: 2 }] }, { name: "Standard_S1", capacity: 1 });
  return b.resources;
}
const RESOURCES = everyResource();

const amount = fc.double({ min: 0, max: 1e10, noNaN: true, noDefaultInfinity: true });
const duration = fc.double({ min: 0, max: 900_000, noNaN: true, noDefaultInfinity: true });
const traffic: fc.Arbitrary<TrafficProfile> = fc.record({
  restApi: fc.record({ requestsPerMonth: amount, meanDurationMs: duration, requestBytes: amount, responseBytes: amount }),
  websocket: fc.record({ connectionsPerMonth: amount, connectionMinutesPerMonth: amount, messagesPerMonth: amount, messageBytes: amount, meanDurationMs: duration }),
  logBytesPerInvocation: amount,
  storageGb: amount,
  natDataGbPerMonth: amount,
});

/** Every figure of `a` scaled by a factor ≥ 1: at least as much traffic everywhere. */
function scaled(t: TrafficProfile, k: number): TrafficProfile {
  const up = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).map(([key, v]) => [key, key === "meanDurationMs" ? Math.min(900_000, v * k) : v * k])) as T;
  return { ...up({ logBytesPerInvocation: t.logBytesPerInvocation, storageGb: t.storageGb, natDataGbPerMonth: t.natDataGbPerMonth }), restApi: up(t.restApi), websocket: up(t.websocket) };
}

const lines = (e: CostEstimate) => Object.values(e.monthly.byResource).flatMap((r) => r.lines);

describe("cost estimator properties", () => {
  it("is never negative and always finite", () => {
    fc.assert(fc.property(traffic, (t) => {
      const e = estimateCost({ resources: RESOURCES, traffic: t });
      expect(Number.isFinite(e.monthly.total)).toBe(true);
      for (const l of lines(e)) expect(l.amount).toBeGreaterThanOrEqual(0);
      for (const v of Object.values(e.monthly.byComponent)) expect(v).toBeGreaterThanOrEqual(0);
    }), RUNS);
  });

  it("is monotone in traffic: more of every figure never costs less, per resource and in total", () => {
    fc.assert(fc.property(traffic, fc.double({ min: 1, max: 100, noNaN: true }), (t, k) => {
      const low = estimateCost({ resources: RESOURCES, traffic: t });
      const high = estimateCost({ resources: RESOURCES, traffic: scaled(t, k) });
      expect(high.monthly.total).toBeGreaterThanOrEqual(low.monthly.total);
      for (const [name, cost] of Object.entries(low.monthly.byResource)) {
        expect([name, high.monthly.byResource[name].monthly >= cost.monthly]).toEqual([name, true]);
      }
    }), RUNS);
  });

  it("zero traffic leaves only the fixed costs: NAT hours and addresses, alarms, Web PubSub units, always-ready baseline, artifact uploads", () => {
    const zero = scaled(everyTrafficZero(), 1);
    const e = estimateCost({ resources: RESOURCES, traffic: zero });
    const charged = lines(e).filter((l) => l.amount > 0).map((l) => l.item);
    expect(new Set(charged)).toEqual(new Set(["NAT gateway hours", "public IPv4 address hours", "alarm", "units", "always-ready baseline", "PUT requests"]));
    // The fixed part alone: 1 NAT x 730 h x ($0.045 + $0.005) + 2 alarms x $0.10 + 30.4167 unit-days x $1.61
    // + 2 instances x 2 GB x 2,628,000 s x $0.000004 + 2 PUTs x $0.000005.
    expect(e.monthly.total).toBeCloseTo(730 * 0.05 + 0.2 + (730 / 24) * 1.61 + 2 * 2 * 2_628_000 * 0.000004 + 0.00001, 4);
  });

  it("zero traffic on a stack without fixed resources costs exactly 0", () => {
    const b = new StackBuilder();
    awsRestApi(b, { memorySize: 512 }, { retention: 7 });
    const e = estimateCost({ resources: b.resources.filter((r) => r.type !== "aws:s3/bucketObject:BucketObject"), traffic: everyTrafficZero() });
    expect(e.monthly.total).toBe(0);
  });
});

function everyTrafficZero(): TrafficProfile {
  return {
    restApi: { requestsPerMonth: 0, meanDurationMs: 0, requestBytes: 0, responseBytes: 0 },
    websocket: { connectionsPerMonth: 0, connectionMinutesPerMonth: 0, messagesPerMonth: 0, messageBytes: 0, meanDurationMs: 0 },
    logBytesPerInvocation: 0,
    storageGb: 0,
    natDataGbPerMonth: 0,
  };
}
