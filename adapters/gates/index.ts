/**
 * The release gates of the real clouds, composed: CloudWatch alarm states for the names under
 * `releaseAlarms.aws`, Azure Monitor alert states for `releaseAlarms.azure`. Each cloud's reader
 * (and its SDK) loads only when the stack names an alarm on that cloud.
 *
 * The per-cloud readers: `awsAlarmStates(names, client?)` (./aws.ts, CloudWatch DescribeAlarms) and
 * `azureAlertStates(ids, client?)` (./azure.ts, Azure Monitor metric alert status). A stack that
 * names alarms on a cloud without a reader gets an error from `states`, and the rollout treats the
 * step as breached (it fails closed: an unwatched canary never proceeds).
 */
import type { GateState, ReleaseGates } from "../../application/ports/gates";
import { releaseAlarmsOf } from "../../application/ports/gates";

/** Reads the named alarms' states; `outputs` (the stack's) say where, e.g. the AWS region. */
export type AlarmReader = (names: readonly string[], outputs: Readonly<Record<string, unknown>>) => Promise<readonly GateState[]>;

/** The reader of each cloud, when this build has one. */
export const READERS: Readonly<Partial<Record<"aws" | "azure", AlarmReader>>> = {
  aws: (names, outputs) => {
    // The stack's region (stack output artifactStore.aws.region), not the machine's default: the alarms live there.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const region = (require("../artifact-store/cloud") as typeof import("../artifact-store/cloud")).locationFromOutputs(outputs).aws?.region;
    const { CloudWatchClient } = require("@aws-sdk/client-cloudwatch") as typeof import("@aws-sdk/client-cloudwatch");
    return (require("./aws") as typeof import("./aws")).awsAlarmStates(names, new CloudWatchClient(region ? { region } : {}));
    /* eslint-enable @typescript-eslint/no-require-imports */
  },
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  azure: (ids) => (require("./azure") as typeof import("./azure")).azureAlertStates(ids),
};

export class CloudReleaseGates implements ReleaseGates {
  constructor(private readonly readers: Readonly<Partial<Record<"aws" | "azure", AlarmReader>>> = READERS) {}

  async states(outputs: Readonly<Record<string, unknown>>): Promise<readonly GateState[]> {
    const names = releaseAlarmsOf(outputs);
    const states: GateState[] = [];
    for (const cloud of ["aws", "azure"] as const) {
      if (names[cloud].length === 0) continue;
      const reader = this.readers[cloud];
      if (!reader) {
        throw new Error(`the stack names ${names[cloud].length} release alarm(s) on ${cloud} (${names[cloud].join(", ")}), but this build has no ${cloud} alarm reader (adapters/gates/index.ts)`);
      }
      states.push(...(await reader(names[cloud], outputs)));
    }
    return states;
  }
}
