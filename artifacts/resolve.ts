import * as fs from "fs";
import * as path from "path";
import type { DeploymentConfiguration } from "../domain";
import { ARTIFACT_DIR, artifactFileName, ComponentArtifacts, ComponentArtifact } from "./artifact";

/**
 * The artifact of each deployed component, as named by `semantest:release`: its digest, and the
 * local zip when this machine has it cached. Components the release does not name get none.
 */
export async function resolveArtifacts(configuration: DeploymentConfiguration, projectDir: string): Promise<ComponentArtifacts> {
  const artifacts: Partial<Record<string, ComponentArtifact>> = {};
  for (const component of configuration.components) {
    const digest = configuration.release?.artifacts[component.kind];
    if (!digest) continue;
    const file = path.join(projectDir, ARTIFACT_DIR, artifactFileName(component.kind, component.provider, digest));
    artifacts[component.kind] = {
      kind: component.kind,
      provider: component.provider,
      digest,
      path: fs.existsSync(file) ? file : undefined,
    };
  }
  return artifacts;
}
