/**
 * FOR TESTS (fake engine): a store holding exactly the digests listed in the fake engine's state
 * file (`artifacts`); `purge` empties that list and records the call, as a real purge would.
 */
import type { ArtifactStore, ListedArtifact, PurgeReport, StoredArtifact } from "../../application/ports/artifacts";
import { readFakeState, writeFakeState } from "../engine/fake";
import { objectKey } from "./cloud";

export class FakeArtifactStore implements ArtifactStore {
  constructor(private readonly stateFile: string) {}

  locate(artifact: StoredArtifact): string {
    return `fake://artifacts/${objectKey(artifact)}`;
  }

  locations(): readonly string[] {
    return ["fake://artifacts"];
  }

  async exists(artifact: StoredArtifact): Promise<boolean> {
    return (readFakeState(this.stateFile).artifacts ?? []).includes(artifact.digest);
  }

  async purge(): Promise<PurgeReport> {
    const state = readFakeState(this.stateFile);
    const removed = state.artifacts?.length ?? 0;
    state.artifacts = [];
    state.calls = [...(state.calls ?? []), { op: "purgeArtifacts", removed }];
    writeFakeState(this.stateFile, state);
    return { locations: [{ location: "fake://artifacts", removed }] };
  }

  async list(): Promise<readonly ListedArtifact[]> {
    return (readFakeState(this.stateFile).artifacts ?? []).map((digest) => ({ digest, provider: "aws" as const, location: `fake://artifacts/${digest}` }));
  }

  async remove(artifacts: readonly ListedArtifact[]): Promise<number> {
    const state = readFakeState(this.stateFile);
    const gone = new Set(artifacts.map((a) => a.digest));
    const before = state.artifacts ?? [];
    state.artifacts = before.filter((d) => !gone.has(d));
    state.calls = [...(state.calls ?? []), { op: "removeArtifacts", digests: [...gone] }];
    writeFakeState(this.stateFile, state);
    return before.length - state.artifacts.length;
  }
}
