/**
 * The artifact store port: does the stack's bucket (AWS) or container (Azure) still hold an
 * artifact? A rollback checks every artifact it needs before it changes anything.
 */
import { artifactKey } from "../../components/aws/policies";
import { packageBlobName } from "../../components/azure/naming";
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
 * `{ aws: { bucket, region? }, azure: { containers: { "rest-api": <container URL>, websocket: ... } } }`
 * (AWS: one stack-owned bucket; Azure: each Function App's deployment container).
 */
export interface ArtifactStoreLocation {
  readonly aws?: { readonly bucket: string; readonly region?: string };
  readonly azure?: { readonly containers: Readonly<Partial<Record<ComponentKind, string>>> };
}

export function locationFromOutputs(outputs: Readonly<Record<string, unknown>>): ArtifactStoreLocation {
  const raw = outputs.artifactStore;
  const store = raw && typeof raw === "object" ? (raw as Record<string, Record<string, unknown> | undefined>) : {};
  const aws = store.aws && typeof store.aws.bucket === "string" ? { bucket: store.aws.bucket, region: str(store.aws.region) } : undefined;
  const containers = store.azure?.containers;
  const azure =
    containers && typeof containers === "object"
      ? { containers: Object.fromEntries(Object.entries(containers as Record<string, unknown>).filter(([, url]) => typeof url === "string")) as Partial<Record<ComponentKind, string>> }
      : undefined;
  return { ...(aws ? { aws } : {}), ...(azure ? { azure } : {}) };
}

const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** The object / blob name the components give an artifact (components/aws/policies.ts, components/azure/naming.ts). */
export function objectKey(artifact: StoredArtifact): string {
  return artifact.provider === "aws" ? artifactKey(artifact.kind, artifact.digest) : packageBlobName(artifact.digest);
}

export class MissingStoreLocationError extends Error {
  readonly code = "NO_ARTIFACT_STORE" as const;
}

/** The real stores: S3 HeadObject and Azure Blob `exists`, with the SDKs' default credentials. */
export class CloudArtifactStore implements ArtifactStore {
  constructor(private readonly location: ArtifactStoreLocation) {}

  locate(artifact: StoredArtifact): string {
    if (artifact.provider === "aws") {
      return `s3://${this.require("aws").bucket}/${objectKey(artifact)}`;
    }
    return `${this.container(artifact.kind).replace(/\/$/, "")}/${objectKey(artifact)}`;
  }

  async exists(artifact: StoredArtifact): Promise<boolean> {
    if (artifact.provider === "aws") {
      const aws = this.require("aws");
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { S3Client, HeadObjectCommand } = require("@aws-sdk/client-s3") as typeof import("@aws-sdk/client-s3");
      const client = new S3Client(aws.region ? { region: aws.region } : {});
      try {
        await client.send(new HeadObjectCommand({ Bucket: aws.bucket, Key: objectKey(artifact) }));
        return true;
      } catch (error) {
        const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        if (status === 404 || (error as Error).name === "NotFound") return false;
        throw error;
      } finally {
        client.destroy();
      }
    }
    const url = this.container(artifact.kind);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { ContainerClient } = require("@azure/storage-blob") as typeof import("@azure/storage-blob");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { DefaultAzureCredential } = require("@azure/identity") as typeof import("@azure/identity");
    return new ContainerClient(url, new DefaultAzureCredential()).getBlobClient(objectKey(artifact)).exists();
  }

  private container(kind: ComponentKind): string {
    const url = this.require("azure").containers[kind];
    if (!url) {
      throw new MissingStoreLocationError(`the stack exports no deployment container for ${kind} on azure (stack output artifactStore.azure.containers.${kind})`);
    }
    return url;
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
