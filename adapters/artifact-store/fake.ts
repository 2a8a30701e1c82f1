/**
 * FOR TESTS (fake engine): a store holding exactly the digests listed in the fake engine's state
 * file (`artifacts`); `purge` empties that list and records the call, as a real purge would.
 */
import type { ArtifactStore, PurgeReport, StoredArtifact } from "../../application/ports/artifacts";
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
}
