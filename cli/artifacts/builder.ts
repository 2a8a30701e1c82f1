/**
 * The artifact builder port: bundle a component's code into its content-addressed zip (DESIGN §8).
 * The real builder is artifacts/ (`RECIPES` + `buildArtifact`); the fake engine's state may name
 * the digests to "build" for tests.
 */
import type { CloudProvider, ComponentKind, ComponentSettings } from "../../domain";

export interface BuiltArtifact {
  readonly kind: ComponentKind;
  readonly provider: CloudProvider;
  readonly digest: string;
  readonly path?: string;
}

export interface ArtifactBuilder {
  /** The component's artifact, or undefined when its cloud has no recipe for it (nothing to ship). */
  build(settings: ComponentSettings): Promise<BuiltArtifact | undefined>;
}

export class ArtifactBuildUnavailableError extends Error {
  readonly code = "NO_ARTIFACT_BUILDER" as const;
}

/** The project's own recipes and builder (esbuild + deterministic zip), loaded when a deploy needs them. */
export class ProjectArtifactBuilder implements ArtifactBuilder {
  constructor(private readonly projectDir: string) {}

  async build(settings: ComponentSettings): Promise<BuiltArtifact | undefined> {
    // Loaded here, not imported: esbuild is only needed when something is built.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { RECIPES } = require("../../artifacts/recipes") as typeof import("../../artifacts/recipes");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { buildArtifact } = require("../../artifacts/build") as typeof import("../../artifacts/build");
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
