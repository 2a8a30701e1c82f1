import * as fs from "fs";
import * as path from "path";
import type { ComponentSettings, DeploymentConfiguration } from "../domain";
import { ARTIFACT_DIR, artifactFileName, ComponentArtifacts, ComponentArtifact } from "./artifact";
import { buildArtifact } from "./build";
import { RECIPES, type CloudRecipes } from "./recipes";

/**
 * The artifact of each deployed component.
 *
 * - `semantest:release` names a digest (a CLI deploy, or a rollback): that digest, with the local
 *   zip when this machine has it cached, else `path: undefined` and the implementation points at
 *   the copy already in the stack's artifact store (rollback, DESIGN §8).
 * - It names none (a plain `pulumi up`): the component is built now from its cloud's recipe, so
 *   the program deploys the code of the working tree.
 * - No recipe for the component's cloud: no artifact (the implementation decides what that means).
 */
export async function resolveArtifacts(
  configuration: DeploymentConfiguration,
  projectDir: string,
  recipes: Readonly<Record<string, CloudRecipes>> = RECIPES,
): Promise<ComponentArtifacts> {
  const artifacts: Partial<Record<string, ComponentArtifact>> = {};
  for (const component of configuration.components) {
    const digest = configuration.release?.artifacts[component.kind];
    const resolved = digest ? releasedArtifact(component, digest, projectDir) : await builtArtifact(component, projectDir, recipes);
    if (resolved) artifacts[component.kind] = resolved;
  }
  return artifacts;
}

function releasedArtifact(component: ComponentSettings, digest: string, projectDir: string): ComponentArtifact {
  const file = path.join(projectDir, ARTIFACT_DIR, artifactFileName(component.kind, component.provider, digest));
  return { kind: component.kind, provider: component.provider, digest, path: fs.existsSync(file) ? file : undefined };
}

async function builtArtifact(
  component: ComponentSettings,
  projectDir: string,
  recipes: Readonly<Record<string, CloudRecipes>>,
): Promise<ComponentArtifact | undefined> {
  const recipe = recipes[component.provider]?.[component.kind];
  if (!recipe) return undefined;
  const built = await buildArtifact(recipe(component, projectDir));
  return { kind: built.kind, provider: built.provider, digest: built.digest, path: built.path };
}
