/**
 * The artifact builder adapters: the project's own recipes (artifacts/: esbuild + deterministic
 * zip named by its sha256), and, for the fake engine's tests, digests listed in its state file.
 */
import { ArtifactBuildUnavailableError, type ArtifactBuilder, type BuiltArtifact } from "../application/ports/artifacts";
import type { ComponentSettings } from "../domain";

/** The project's own recipes and builder (esbuild + deterministic zip), loaded when a deploy needs them. */
export class ProjectArtifactBuilder implements ArtifactBuilder {
  constructor(private readonly projectDir: string) {}

  async build(settings: ComponentSettings): Promise<BuiltArtifact | undefined> {
    // Loaded here, not imported: esbuild is only needed when something is built.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { RECIPES } = require("../artifacts/recipes") as typeof import("../artifacts/recipes");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { buildArtifact } = require("../artifacts/build") as typeof import("../artifacts/build");
    const recipe = RECIPES[settings.provider]?.[settings.kind];
    if (!recipe) return undefined;
    const built = await buildArtifact(recipe(settings, this.projectDir));
    return { kind: built.kind, provider: built.provider, digest: built.digest, path: built.path };
  }
}

/** FOR TESTS (fake engine): "builds" the digests the fake state names per component. */
export class ListedArtifactBuilder implements ArtifactBuilder {
  constructor(private readonly digests: Readonly<Record<string, string>>) {}

  async build(settings: ComponentSettings): Promise<BuiltArtifact | undefined> {
    const digest = this.digests[settings.kind];
    if (!digest) throw new ArtifactBuildUnavailableError(`the fake state names no build for ${settings.kind}`);
    return { kind: settings.kind, provider: settings.provider, digest };
  }
}
