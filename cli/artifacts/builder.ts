/**
 * The artifact builder port: bundle a component's code into its content-addressed zip (DESIGN §8).
 * The real builder lives in artifacts/ (owned by the artifacts work); the fake engine's state may
 * name the digests to "build" for tests.
 */
import * as path from "path";
import type { CloudProvider, ComponentKind } from "../../domain";

export interface BuiltArtifact {
  readonly kind: ComponentKind;
  readonly provider: CloudProvider;
  readonly digest: string;
  readonly path?: string;
}

export interface ArtifactBuilder {
  build(kind: ComponentKind, provider: CloudProvider): Promise<BuiltArtifact>;
}

export class ArtifactBuildUnavailableError extends Error {
  readonly code = "NO_ARTIFACT_BUILDER" as const;
}

type BuildFunction = (request: { kind: ComponentKind; provider: CloudProvider; projectDir: string }) => Promise<{ digest: string; path?: string }>;

/** `artifacts/build.ts`'s `buildArtifact`, loaded when a deploy needs it. */
export class ProjectArtifactBuilder implements ArtifactBuilder {
  constructor(private readonly projectDir: string) {}

  async build(kind: ComponentKind, provider: CloudProvider): Promise<BuiltArtifact> {
    let build: BuildFunction | undefined;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      build = (require(path.join(this.projectDir, "artifacts", "build")) as { buildArtifact?: BuildFunction }).buildArtifact;
    } catch (error) {
      throw new ArtifactBuildUnavailableError(`cannot load the artifact builder (artifacts/build.ts): ${(error as Error).message.split("\n")[0]}`);
    }
    if (typeof build !== "function") throw new ArtifactBuildUnavailableError("artifacts/build.ts exports no buildArtifact function");
    const built = await build({ kind, provider, projectDir: this.projectDir });
    return { kind, provider, digest: built.digest, path: built.path };
  }
}

/** FOR TESTS (fake engine): "builds" the digests the fake state names per component. */
export class ListedArtifactBuilder implements ArtifactBuilder {
  constructor(private readonly digests: Readonly<Record<string, string>>) {}

  async build(kind: ComponentKind, provider: CloudProvider): Promise<BuiltArtifact> {
    const digest = this.digests[kind];
    if (!digest) throw new ArtifactBuildUnavailableError(`the fake state names no build for ${kind}`);
    return { kind, provider, digest };
  }
}
