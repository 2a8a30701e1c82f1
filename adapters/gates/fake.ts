/**
 * Release gates FOR TESTS ONLY, scripted in the fake engine's state file (`alarms`): each read of an
 * alarm takes the next state of its list (the last one stays), so a test says "ok at the first
 * check, alarm at the second". Every read is recorded in `calls` as `{ op: "gates" }`.
 */
import type { GateState, ReleaseGates } from "../../application/ports/gates";
import { releaseAlarmsOf } from "../../application/ports/gates";
import { readFakeState, writeFakeState } from "../engine/fake";

export class FakeReleaseGates implements ReleaseGates {
  constructor(private readonly file: string) {}

  async states(outputs: Readonly<Record<string, unknown>>): Promise<readonly GateState[]> {
    const names = releaseAlarmsOf(outputs);
    const state = readFakeState(this.file);
    const script = state.alarms ?? {};
    const read = (name: string, cloud: "aws" | "azure"): GateState => {
      const entry = script[name];
      if (!entry || entry.states.length === 0) return { name, cloud, state: "ok" };
      const current = entry.states.length > 1 ? entry.states.shift()! : entry.states[0];
      return { name, cloud: entry.cloud ?? cloud, state: current };
    };
    const states = [...names.aws.map((n) => read(n, "aws")), ...names.azure.map((n) => read(n, "azure"))];
    state.calls = [...(state.calls ?? []), { op: "gates", states }];
    writeFakeState(this.file, state);
    return states;
  }
}
