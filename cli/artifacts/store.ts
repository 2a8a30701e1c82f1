/**
 * The artifact store port: does the stack's bucket (AWS) or container (Azure) still hold an
 * artifact? A rollback checks every artifact it needs before it changes anything.
 */
import { artifactFileName } from "../../artifacts/artifact";
import type { CloudProvider, ComponentKind } from "../../domain";

export interface StoredArtifact {
  readonly kind: ComponentKind;
  readonly provider: CloudProvider;
  readonly digest: string;
}

export interface ArtifactStore {
  /** Where it looks, for messages (`s3://bucket/key`). */
  locate(artifact: StoredArtifact): string;
  exists(artifact: StoredArtifact): Promise<boolean>;
}

/**
 * Where the program put each cloud's artifacts, from the stack output `artifactStore`:
 * `{ aws: { bucket, region?, prefix? }, azure: { containerUrl, prefix? } }`.
 */
export interface ArtifactStoreLocation {
  readonly aws?: { readonly bucket: string; readonly region?: string; readonly prefix?: string };
  readonly azure?: { readonly containerUrl: string; readonly prefix?: string };
}

export function locationFromOutputs(outputs: Readonly<Record<string, unknown>>): ArtifactStoreLocation {
  const raw = outputs.artifactStore;
  const store = raw && typeof raw === "object" ? (raw as Record<string, Record<string, unknown> | undefined>) : {};
  const aws = store.aws && typeof store.aws.bucket === "string" ? { bucket: store.aws.bucket, region: str(store.aws.region), prefix: str(store.aws.prefix) } : undefined;
  const azure =
    store.azure && typeof store.azure.containerUrl === "string" ? { containerUrl: store.azure.containerUrl, prefix: str(store.azure.prefix) } : undefined;
  return { ...(aws ? { aws } : {}), ...(azure ? { azure } : {}) };
}

const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

export function objectKey(artifact: StoredArtifact, prefix = ""): string {
  return `${prefix}${artifactFileName(artifact.kind, artifact.provider, artifact.digest)}`;
}

export class MissingStoreLocationError extends Error {
  readonly code = "NO_ARTIFACT_STORE" as const;
}

/** The real stores: S3 HeadObject and Azure Blob `exists`, with the SDKs' default credentials. */
export class CloudArtifactStore implements ArtifactStore {
  constructor(private readonly location: ArtifactStoreLocation) {}

  locate(artifact: StoredArtifact): string {
    if (artifact.provider === "aws") {
      const aws = this.require("aws");
      return `s3://${aws.bucket}/${objectKey(artifact, aws.prefix)}`;
    }
    const azure = this.require("azure");
    return `${azure.containerUrl.replace(/\/$/, "")}/${objectKey(artifact, azure.prefix)}`;
  }

  async exists(artifact: StoredArtifact): Promise<boolean> {
    if (artifact.provider === "aws") {
      const aws = this.require("aws");
      const { S3Client, HeadObjectCommand } = await import("@aws-sdk/client-s3");
      const client = new S3Client(aws.region ? { region: aws.region } : {});
      try {
        await client.send(new HeadObjectCommand({ Bucket: aws.bucket, Key: objectKey(artifact, aws.prefix) }));
        return true;
      } catch (error) {
        const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        if (status === 404 || (error as Error).name === "NotFound") return false;
        throw error;
      } finally {
        client.destroy();
      }
    }
    const azure = this.require("azure");
    const { ContainerClient } = await import("@azure/storage-blob");
    const { DefaultAzureCredential } = await import("@azure/identity");
    const container = new ContainerClient(azure.containerUrl, new DefaultAzureCredential());
    return container.getBlobClient(objectKey(artifact, azure.prefix)).exists();
  }

  private require<P extends CloudProvider>(provider: P): NonNullable<ArtifactStoreLocation[P]> {
    const location = this.location[provider];
    if (!location) {
      throw new MissingStoreLocationError(
        `the stack exports no artifact store for ${provider} (stack output artifactStore.${provider}); cannot check that the artifacts still exist`,
      );
    }
    return location as NonNullable<ArtifactStoreLocation[P]>;
  }
}

/** FOR TESTS (fake engine): the store holds exactly the digests listed in the fake state. */
export class ListedArtifactStore implements ArtifactStore {
  constructor(private readonly digests: readonly string[]) {}

  locate(artifact: StoredArtifact): string {
    return `fake://artifacts/${objectKey(artifact)}`;
  }

  async exists(artifact: StoredArtifact): Promise<boolean> {
    return this.digests.includes(artifact.digest);
  }
}
