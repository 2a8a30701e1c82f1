/**
 * The gates port's cloud composition (adapters/gates/index.ts) and how a rollout treats gates it
 * cannot read: as a breach (an unwatched canary never proceeds).
 */
import { CloudReleaseGates } from "../../adapters/gates";
import { deploy } from "../../application/deploy";
import { releaseAlarmsOf } from "../../application/ports/gates";
import { ALARMS, OUTPUTS, rolloutWorld, worldPorts, type RolloutWorld } from "./world";

describe("release gates on the clouds", () => {
  it("reads each cloud's alarms with that cloud's reader, and nothing when the stack names none", async () => {
    const asked: string[] = [];
    const gates = new CloudReleaseGates({
      aws: async (names) => names.map((name) => (asked.push(`aws:${name}`), { name, cloud: "aws" as const, state: "alarm" as const })),
      azure: async (names) => names.map((name) => (asked.push(`azure:${name}`), { name, cloud: "azure" as const, state: "insufficient-data" as const })),
    });
    expect(await gates.states(OUTPUTS)).toEqual([
      { name: ALARMS.aws[0], cloud: "aws", state: "alarm" },
      { name: ALARMS.azure[0], cloud: "azure", state: "insufficient-data" },
    ]);
    expect(asked).toEqual([`aws:${ALARMS.aws[0]}`, `azure:${ALARMS.azure[0]}`]);
    expect(await new CloudReleaseGates({}).states({ restApiUrl: "https://x" })).toEqual([]);
  });

  it("fails naming the cloud and the alarms when this build has no reader for them", async () => {
    await expect(new CloudReleaseGates({}).states(OUTPUTS)).rejects.toThrow(`the stack names 1 release alarm(s) on aws (${ALARMS.aws[0]}), but this build has no aws alarm reader (adapters/gates/index.ts)`);
  });

  it("reads releaseAlarms leniently: anything but lists of names is ignored", () => {
    expect(releaseAlarmsOf({ releaseAlarms: { aws: ["a", 3, ""], azure: "b" } })).toEqual({ aws: ["a"], azure: [] });
    expect(releaseAlarmsOf({ releaseAlarms: ["a"] })).toEqual({ aws: [], azure: [] });
  });
});

describe("a rollout whose gates cannot be read", () => {
  let w: RolloutWorld;
  afterEach(() => w.cleanup());

  it("shifts back at the first check, saying why", async () => {
    w = rolloutWorld({ rollout: { strategy: "canary", gates: { verify: false } } });
    const ports = worldPorts(w, { gates: () => new CloudReleaseGates({}) });
    const error = await deploy(ports, { stack: "production" }).catch((e) => e);
    expect(error).toMatchObject({ code: "RELEASE_REVERTED", details: { rollout: { reason: "alarm", detail: expect.stringMatching(/^could not read the release alarms: the stack names 1 release alarm\(s\) on aws/) } } });
    expect(w.calls("wait")).toHaveLength(1);
    expect(w.release().traffic?.weight).toBe(0);
  });
});
