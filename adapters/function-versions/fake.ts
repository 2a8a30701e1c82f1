/**
 * FOR TESTS (fake engine): function versions held in the fake engine's state file
 * (`functionVersions: { "<function>": { kind, versions, aliased } }`); `remove` deletes from it and
 * records the call, as Lambda would.
 */
import type { FunctionVersions, FunctionVersionStore } from "../../application/ports/function-versions";
import type { ComponentKind } from "../../domain";
import { readFakeState, writeFakeState, type FakeState } from "../engine/fake";

type WithVersions = FakeState & { functionVersions?: Record<string, { kind: ComponentKind; versions: string[]; aliased: string[] }> };

export class FakeVersionStore implements FunctionVersionStore {
  constructor(private readonly stateFile: string) {}

  async list(): Promise<readonly FunctionVersions[]> {
    const state = readFakeState(this.stateFile) as WithVersions;
    return Object.entries(state.functionVersions ?? {}).map(([name, fn]) => ({ kind: fn.kind, function: name, versions: fn.versions, aliased: fn.aliased }));
  }

  async remove(fn: string, version: string): Promise<void> {
    const state = readFakeState(this.stateFile) as WithVersions;
    const entry = state.functionVersions?.[fn];
    if (!entry?.versions.includes(version)) throw new Error(`ResourceNotFoundException: ${fn}:${version} does not exist`);
    if (entry.aliased.includes(version)) throw new Error(`ResourceConflictException: ${fn}:${version} is used by an alias`);
    entry.versions = entry.versions.filter((v) => v !== version);
    state.calls = [...(state.calls ?? []), { op: "deleteFunctionVersion", function: fn, version }];
    writeFakeState(this.stateFile, state);
  }
}
