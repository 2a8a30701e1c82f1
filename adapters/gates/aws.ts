/**
 * Release gates on AWS: the state of the CloudWatch alarms a release's shifts wait on (the stack
 * output `releaseAlarms.aws`, components/aws/canary-alarms.ts), read with DescribeAlarms through
 * the official CloudWatch client. The shape is the `gates` port's (issue 20 contract):
 * `{ name, cloud: "aws", state: "ok" | "alarm" | "insufficient-data" }`.
 */
import { CloudWatchClient, DescribeAlarmsCommand, type StateValue } from "@aws-sdk/client-cloudwatch";

export type GateState = "ok" | "alarm" | "insufficient-data";

export interface AwsGateReading {
  readonly name: string;
  readonly cloud: "aws";
  readonly state: GateState;
}

/** DescribeAlarms takes at most 100 alarm names per call (CloudWatch API reference, DescribeAlarms, AlarmNames). */
export const DESCRIBE_ALARMS_MAX_NAMES = 100;
/** An alarm name is 1 to 255 characters (CloudWatch API reference, PutMetricAlarm, AlarmName). */
export const ALARM_NAME_MAX = 255;

const STATES: Readonly<Record<StateValue, GateState>> = { OK: "ok", ALARM: "alarm", INSUFFICIENT_DATA: "insufficient-data" };

/** Input the gate cannot read (a bad name, or alarms CloudWatch does not know): never a silent pass. */
export class AlarmGateError extends Error {
  constructor(
    readonly code: "INVALID_ALARM_NAME" | "ALARMS_NOT_FOUND" | "UNKNOWN_ALARM_STATE",
    message: string,
  ) {
    super(message);
  }
}

/**
 * The state of each named alarm, in the order given (duplicates read once). An alarm CloudWatch
 * does not return is an error naming it, not "ok": a gate that cannot see its alarm must not pass.
 */
export async function awsAlarmStates(names: readonly string[], client: CloudWatchClient = new CloudWatchClient({})): Promise<AwsGateReading[]> {
  const bad = names.filter((name) => typeof name !== "string" || name.length === 0 || name.length > ALARM_NAME_MAX);
  if (bad.length > 0) {
    throw new AlarmGateError("INVALID_ALARM_NAME", `releaseAlarms.aws: ${bad.map((n) => JSON.stringify(n)).join(", ")} ${bad.length > 1 ? "are not alarm names" : "is not an alarm name"}; allowed: 1 to ${ALARM_NAME_MAX} characters`);
  }
  const unique = [...new Set(names)];
  const states = new Map<string, GateState>();
  for (let i = 0; i < unique.length; i += DESCRIBE_ALARMS_MAX_NAMES) {
    const chunk = unique.slice(i, i + DESCRIBE_ALARMS_MAX_NAMES);
    let token: string | undefined;
    do {
      const page = await client.send(new DescribeAlarmsCommand({ AlarmNames: chunk, AlarmTypes: ["MetricAlarm", "CompositeAlarm"], NextToken: token }));
      for (const alarm of [...(page.MetricAlarms ?? []), ...(page.CompositeAlarms ?? [])]) {
        if (!alarm.AlarmName) continue;
        const state = alarm.StateValue ? STATES[alarm.StateValue] : undefined;
        if (!state) throw new AlarmGateError("UNKNOWN_ALARM_STATE", `alarm ${JSON.stringify(alarm.AlarmName)} has state ${JSON.stringify(alarm.StateValue)}; known: OK, ALARM, INSUFFICIENT_DATA`);
        states.set(alarm.AlarmName, state);
      }
      token = page.NextToken;
    } while (token);
  }
  const missing = unique.filter((name) => !states.has(name));
  if (missing.length > 0) {
    throw new AlarmGateError("ALARMS_NOT_FOUND", `CloudWatch has no alarm named ${missing.map((n) => JSON.stringify(n)).join(", ")} (from releaseAlarms.aws): was it deleted, or is the client on another account or region?`);
  }
  return unique.map((name) => ({ name, cloud: "aws" as const, state: states.get(name)! }));
}
