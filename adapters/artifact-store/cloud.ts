/**
 * The artifact store adapter on the clouds' SDKs: does the stack's bucket (AWS) or deployment
 * container (Azure) still hold an artifact (a rollback checks every one it needs before it changes
 * anything), and emptying them for `destroy --purge-artifacts`.
 */
import { MissingStoreLocationError, type ArtifactStore, type ListedArtifact, type PurgeReport, type StoredArtifact } from "../../application/ports/artifacts";
import { artifactKey } from "../../components/aws/policies";
import { packageBlobName } from "../../components/azure/naming";
import { COMPONENT_KINDS, type CloudProvider, type ComponentKind } from "../../domain";

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

/** Client settings for tests and non-default endpoints (an S3-compatible recorder, Azurite). */
export interface CloudStoreClients {
  readonly s3?: import("@aws-sdk/client-s3").S3ClientConfig;
  /** An Azure credential; default: DefaultAzureCredential. */
  readonly azureCredential?: import("@azure/core-auth").TokenCredential | import("@azure/storage-blob").StorageSharedKeyCredential | import("@azure/storage-blob").AnonymousCredential;
}

/** The real stores: S3 and Azure Blob through the official SDKs, with their default credentials. */
export class CloudArtifactStore implements ArtifactStore {
  constructor(
    private readonly location: ArtifactStoreLocation,
    private readonly clients: CloudStoreClients = {},
  ) {}

  locate(artifact: StoredArtifact): string {
    if (artifact.provider === "aws") {
      return `s3://${this.require("aws").bucket}/${objectKey(artifact)}`;
    }
    return `${this.container(artifact.kind).replace(/\/$/, "")}/${objectKey(artifact)}`;
  }

  locations(): readonly string[] {
    return [...(this.location.aws ? [`s3://${this.location.aws.bucket}`] : []), ...Object.values(this.location.azure?.containers ?? {})];
  }

  async exists(artifact: StoredArtifact): Promise<boolean> {
    if (artifact.provider === "aws") {
      const { HeadObjectCommand } = s3Sdk();
      return this.withS3(async (client, bucket) => {
        try {
          await client.send(new HeadObjectCommand({ Bucket: bucket, Key: objectKey(artifact) }));
          return true;
        } catch (error) {
          const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
          if (status === 404 || (error as Error).name === "NotFound") return false;
          throw error;
        }
      });
    }
    if (!this.clients.azureCredential) {
      // With the operator's Entra token (the deployment storage refuses shared keys); a refusal for
      // want of a blob data role is turned into a message naming the role and the account.
      /* eslint-disable @typescript-eslint/no-require-imports */
      const { packageExists } = require("../../components/azure/package-store") as typeof import("../../components/azure/package-store");
      const { DefaultAzureCredential } = require("@azure/identity") as typeof import("@azure/identity");
      /* eslint-enable @typescript-eslint/no-require-imports */
      return packageExists({ containerUrl: this.container(artifact.kind), blobName: objectKey(artifact), credential: new DefaultAzureCredential() });
    }
    return this.containerClient(this.container(artifact.kind)).getBlobClient(objectKey(artifact)).exists();
  }

  /**
   * Empties every place, every version included: the bucket keeps versions in production, and S3
   * refuses to delete a bucket that still holds any (BucketNotEmpty). DeleteObjects takes at most
   * 1,000 keys per call (Amazon S3 API Reference, DeleteObjects).
   */
  async purge(): Promise<PurgeReport> {
    const locations: { location: string; removed: number }[] = [];
    if (this.location.aws) {
      const { ListObjectVersionsCommand, DeleteObjectsCommand } = s3Sdk();
      const removed = await this.withS3(async (client, bucket) => {
        let count = 0;
        let keyMarker: string | undefined;
        let versionIdMarker: string | undefined;
        do {
          const page = await client.send(new ListObjectVersionsCommand({ Bucket: bucket, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker }));
          const objects = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].filter((o) => o.Key).map((o) => ({ Key: o.Key!, VersionId: o.VersionId }));
          for (let i = 0; i < objects.length; i += 1000) {
            const batch = objects.slice(i, i + 1000);
            const result = await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch, Quiet: true } }));
            if (result.Errors?.length) throw new Error(`S3 refused to delete ${result.Errors.length} object(s), first: ${result.Errors[0].Key} (${result.Errors[0].Code}: ${result.Errors[0].Message})`);
            count += batch.length;
          }
          keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
          versionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
        } while (keyMarker);
        return count;
      });
      locations.push({ location: `s3://${this.location.aws.bucket}`, removed });
    }
    for (const url of Object.values(this.location.azure?.containers ?? {})) {
      const container = this.containerClient(url);
      let removed = 0;
      for await (const blob of container.listBlobsFlat()) {
        await container.getBlobClient(blob.name).delete({ deleteSnapshots: "include" });
        removed += 1;
      }
      locations.push({ location: url, removed });
    }
    return { locations };
  }

  /** Every artifact object / package blob, paged (S3 ListObjectsV2: 1,000 keys a page; Blob list: paged by the SDK). */
  async list(): Promise<readonly ListedArtifact[]> {
    const found: ListedArtifact[] = [];
    if (this.location.aws) {
      const { ListObjectsV2Command } = s3Sdk();
      await this.withS3(async (client, bucket) => {
        let token: string | undefined;
        do {
          const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: "artifacts/", ContinuationToken: token }));
          for (const object of page.Contents ?? []) {
            const parsed = parseArtifactKey(object.Key ?? "");
            if (parsed) found.push({ ...parsed, provider: "aws", location: `s3://${bucket}/${object.Key}` });
          }
          token = page.IsTruncated ? page.NextContinuationToken : undefined;
        } while (token);
      });
    }
    for (const [kind, url] of Object.entries(this.location.azure?.containers ?? {}) as [ComponentKind, string][]) {
      for await (const blob of this.containerClient(url).listBlobsFlat({ prefix: "releases/" })) {
        const digest = parsePackageBlob(blob.name);
        if (digest) found.push({ digest, kind, provider: "azure", location: `${url.replace(/\/$/, "")}/${blob.name}` });
      }
    }
    return found;
  }

  /**
   * Deletes each artifact's current object / blob. In a versioned bucket S3 keeps the data as a
   * noncurrent version behind a delete marker; the platform bucket's lifecycle rule expires those
   * (components/aws/platform.ts). DeleteObjects takes at most 1,000 keys a call.
   */
  async remove(artifacts: readonly ListedArtifact[]): Promise<number> {
    let removed = 0;
    const onS3 = artifacts.filter((a) => a.provider === "aws" && a.kind);
    if (onS3.length > 0) {
      const { DeleteObjectsCommand } = s3Sdk();
      await this.withS3(async (client, bucket) => {
        for (let i = 0; i < onS3.length; i += 1000) {
          const batch = onS3.slice(i, i + 1000).map((a) => ({ Key: objectKey({ kind: a.kind!, provider: "aws", digest: a.digest }) }));
          const result = await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch, Quiet: true } }));
          if (result.Errors?.length) throw new Error(`S3 refused to delete ${result.Errors.length} object(s), first: ${result.Errors[0].Key} (${result.Errors[0].Code}: ${result.Errors[0].Message})`);
          removed += batch.length;
        }
      });
    }
    for (const artifact of artifacts.filter((a) => a.provider === "azure" && a.kind)) {
      await this.containerClient(this.container(artifact.kind!)).getBlobClient(packageBlobName(artifact.digest)).deleteIfExists({ deleteSnapshots: "include" });
      removed += 1;
    }
    return removed;
  }

  private async withS3<T>(work: (client: import("@aws-sdk/client-s3").S3Client, bucket: string) => Promise<T>): Promise<T> {
    const aws = this.require("aws");
    const client = new (s3Sdk().S3Client)({ ...(aws.region ? { region: aws.region } : {}), ...this.clients.s3 });
    try {
      return await work(client, aws.bucket);
    } finally {
      client.destroy();
    }
  }

  private containerClient(url: string): import("@azure/storage-blob").ContainerClient {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { ContainerClient } = require("@azure/storage-blob") as typeof import("@azure/storage-blob");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const credential = this.clients.azureCredential ?? new (require("@azure/identity") as typeof import("@azure/identity")).DefaultAzureCredential();
    return new ContainerClient(url, credential);
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
        `the stack exports no artifact store for ${provider} (stack output artifactStore.${provider}); cannot reach its artifacts`,
      );
    }
    return location as NonNullable<ArtifactStoreLocation[P]>;
  }
}

/** `artifacts/<kind>/<hex>.zip` (components/aws/policies.ts, artifactKey) back to its kind and digest. */
export function parseArtifactKey(key: string): { kind: ComponentKind; digest: string } | undefined {
  const match = /^artifacts\/([a-z-]+)\/([0-9a-f]{64})\.zip$/.exec(key);
  const kind = COMPONENT_KINDS.find((k) => k === match?.[1]);
  return match && kind ? { kind, digest: `sha256:${match[2]}` } : undefined;
}

/** `releases/sha256-<hex>/released-package.zip` (components/azure/naming.ts, packageBlobName) back to its digest. */
export function parsePackageBlob(name: string): string | undefined {
  const match = /^releases\/sha256-([0-9a-f]{64})\/released-package\.zip$/.exec(name);
  return match ? `sha256:${match[1]}` : undefined;
}

// Loaded when a store is used: the SDK is large and most commands never touch a store.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const s3Sdk = () => require("@aws-sdk/client-s3") as typeof import("@aws-sdk/client-s3");
