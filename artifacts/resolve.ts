import * as fs from "fs";
import * as path from "path";
import type { ComponentSettings, DeploymentConfiguration } from "../domain";
import { ARTIFACT_DIR, artifactFileName, ComponentArtifacts, ComponentArtifact } from "./artifact";
import { buildArtifact, type ArtifactSpec, type BuiltArtifact } from "./build";
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
 *
 * The components build at the same time: esbuild bundles in its own process and zlib compresses on
 * libuv's threads, so two builds overlap on a 2-core machine.
 */
export async function resolveArtifacts(
  configuration: DeploymentConfiguration,
  projectDir: string,
  recipes: Readonly<Record<string, CloudRecipes>> = RECIPES,
): Promise<ComponentArtifacts> {
  const resolved = await Promise.all(
    configuration.components.map((component) => {
      const digest = configuration.release?.artifacts[component.kind];
      return digest ? releasedArtifact(component, digest, projectDir) : builtArtifact(component, projectDir, recipes);
    }),
  );
  const artifacts: Partial<Record<string, ComponentArtifact>> = {};
  for (const artifact of resolved) if (artifact) artifacts[artifact.kind] = artifact;
  return artifacts;
}

/** Builds started ahead of the program (`startArtifactBuilds`), by the spec they build, until the program takes them. */
const started = new Map<string, { readonly recipes: object; readonly build: Promise<BuiltArtifact> }>();

/**
 * Starts building the artifacts `resolveArtifacts` will ask for, before the program runs: the
 * offline preview calls it before it loads the Pulumi SDK and the program, so the bundling and
 * compressing overlap with that loading (a first preview builds both components; issue 15). The
 * program's own `resolveArtifacts` takes each build whose spec is the same (the same bytes: a
 * build depends on its spec and the files only); a spec the program does not ask for is built
 * for nothing and dropped. Returns what forgets the builds nobody took.
 */
export function startArtifactBuilds(
  configuration: DeploymentConfiguration,
  projectDir: string,
  recipes: Readonly<Record<string, CloudRecipes>> = RECIPES,
): () => void {
  const keys: string[] = [];
  for (const component of configuration.components) {
    if (configuration.release?.artifacts[component.kind]) continue;
    const spec = recipes[component.provider]?.[component.kind]?.(component, projectDir);
    if (!spec) continue;
    const key = specIdentity(spec);
    const build = buildArtifact(spec);
    // Awaited by the program's resolveArtifacts (which reports a failure); unhandled if nobody takes it.
    build.catch(() => undefined);
    started.set(key, { recipes, build });
    keys.push(key);
  }
  return () => keys.forEach((key) => started.delete(key));
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
  const spec = recipe(component, projectDir);
  const key = specIdentity(spec);
  // A build started with other recipes is another build, even for the same spec.
  const early = started.get(key)?.recipes === recipes ? started.get(key) : undefined;
  if (early) started.delete(key);
  const built = await (early?.build ?? buildArtifact(spec));
  return { kind: built.kind, provider: built.provider, digest: built.digest, path: built.path };
}

/** Everything a build depends on besides the files: the spec, extra files' bytes included. */
function specIdentity(spec: ArtifactSpec): string {
  return JSON.stringify(spec, function (this: Record<string, unknown>, key: string, value: unknown) {
    // `value` is already Buffer#toJSON's array of numbers; the holder still has the Buffer.
    const raw = this[key];
    return Buffer.isBuffer(raw) ? raw.toString("base64") : value;
  });
}
