/**
 * The artifact store through the real SDKs: `prune` lists (ListObjectsV2, Blob list) and deletes
 * current objects; `destroy --purge-artifacts`: S3 ListObjectVersions + DeleteObjects (every
 * version and delete marker, page by page) and Azure Blob list + delete, each against a local
 * HTTP recorder that answers the way the services document.
 */
import { AnonymousCredential } from "@azure/storage-blob";
import { CloudArtifactStore } from "../../adapters/artifact-store/cloud";
import { recorder } from "./recorder";

const hexOf = (n: number) => n.toString(16).padStart(64, "0");
const sha = (n: number) => `sha256:${hexOf(n)}`;
/** A Blob service stand-in: lists these blob names (one page) and accepts deletes. */
function blobRecorder(names: readonly string[]) {
  return recorder((req, res) => {
    if (req.method === "GET" && req.url.includes("comp=list")) {
      res.setHeader("content-type", "application/xml");
      const blobs = names.map((n) => `<Blob><Name>${n}</Name><Properties><Content-Length>10</Content-Length><BlobType>BlockBlob</BlobType></Properties></Blob>`).join("");
      res.end(`<?xml version="1.0" encoding="utf-8"?><EnumerationResults ServiceEndpoint="http://127.0.0.1/" ContainerName="c"><Blobs>${blobs}</Blobs><NextMarker /></EnumerationResults>`);
    } else {
      res.statusCode = req.method === "DELETE" ? 202 : 400;
      res.end();
    }
  });
}

const S3_NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';

describe("purging the artifact store", () => {
  it("S3: deletes every version and delete marker of every key, following the version pages", async () => {
    const s3 = await recorder((req, res) => {
      res.setHeader("content-type", "application/xml");
      if (req.method === "GET" && req.url.includes("versions")) {
        const second = req.url.includes("key-marker=k2");
        res.end(
          second
            ? `<?xml version="1.0" encoding="UTF-8"?><ListVersionsResult ${S3_NS}><Name>b</Name><IsTruncated>false</IsTruncated><Version><Key>k2</Key><VersionId>v2b</VersionId></Version></ListVersionsResult>`
            : `<?xml version="1.0" encoding="UTF-8"?><ListVersionsResult ${S3_NS}><Name>b</Name><IsTruncated>true</IsTruncated><NextKeyMarker>k2</NextKeyMarker><NextVersionIdMarker>v2a</NextVersionIdMarker><Version><Key>k1</Key><VersionId>v1</VersionId></Version><Version><Key>k2</Key><VersionId>v2a</VersionId></Version><DeleteMarker><Key>k0</Key><VersionId>d0</VersionId></DeleteMarker></ListVersionsResult>`,
        );
      } else if (req.method === "POST" && req.url.includes("delete")) {
        res.end(`<?xml version="1.0" encoding="UTF-8"?><DeleteResult ${S3_NS}></DeleteResult>`);
      } else {
        res.statusCode = 400;
        res.end();
      }
    });
    try {
      const store = new CloudArtifactStore({ aws: { bucket: "semantest-artifacts", region: "us-east-1" } }, { s3: { endpoint: s3.url, forcePathStyle: true, credentials: { accessKeyId: "test", secretAccessKey: "test" } } });
      expect(store.locations()).toEqual(["s3://semantest-artifacts"]);
      expect(await store.purge()).toEqual({ locations: [{ location: "s3://semantest-artifacts", removed: 4 }] });
      const deletes = s3.requests.filter((r) => r.method === "POST");
      expect(deletes).toHaveLength(2);
      expect(deletes[0].body).toContain("<Key>k1</Key><VersionId>v1</VersionId>");
      expect(deletes[0].body).toContain("<Key>k0</Key><VersionId>d0</VersionId>");
      expect(deletes[1].body).toContain("<Key>k2</Key><VersionId>v2b</VersionId>");
      expect(s3.requests[0].url).toMatch(/^\/semantest-artifacts\/?\?versions/);
    } finally {
      await s3.close();
    }
  });

  it("S3: an object S3 refuses to delete fails the purge, naming it", async () => {
    const s3 = await recorder((req, res) => {
      res.setHeader("content-type", "application/xml");
      if (req.method === "GET") res.end(`<ListVersionsResult ${S3_NS}><IsTruncated>false</IsTruncated><Version><Key>locked.zip</Key><VersionId>v</VersionId></Version></ListVersionsResult>`);
      else res.end(`<DeleteResult ${S3_NS}><Error><Key>locked.zip</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error></DeleteResult>`);
    });
    try {
      const store = new CloudArtifactStore({ aws: { bucket: "b", region: "us-east-1" } }, { s3: { endpoint: s3.url, forcePathStyle: true, credentials: { accessKeyId: "t", secretAccessKey: "t" } } });
      await expect(store.purge()).rejects.toThrow("locked.zip (AccessDenied: Access Denied)");
    } finally {
      await s3.close();
    }
  });

  it("Azure Blob: lists each deployment container and deletes every blob with its snapshots", async () => {
    const blob = await blobRecorder(["releases/sha256-aa/released-package.zip", "released-package.zip"]);
    try {
      const container = `${blob.url}/account/rest-api-deployments`;
      const store = new CloudArtifactStore({ azure: { containers: { "rest-api": container } } }, { azureCredential: new AnonymousCredential() });
      expect(await store.purge()).toEqual({ locations: [{ location: container, removed: 2 }] });
      const deletes = blob.requests.filter((r) => r.method === "DELETE").map((r) => decodeURIComponent(r.url));
      expect(deletes).toEqual(["/account/rest-api-deployments/releases/sha256-aa/released-package.zip", "/account/rest-api-deployments/released-package.zip"]);
    } finally {
      await blob.close();
    }
  });

  it("S3: lists artifacts page by page (ListObjectsV2) and deletes the current objects in one DeleteObjects", async () => {
    const s3 = await recorder((req, res) => {
      res.setHeader("content-type", "application/xml");
      if (req.method === "GET" && req.url.includes("list-type=2")) {
        const second = req.url.includes("continuation-token=t2");
        res.end(
          second
            ? `<ListBucketResult ${S3_NS}><IsTruncated>false</IsTruncated><Contents><Key>artifacts/websocket/${hexOf(2)}.zip</Key></Contents></ListBucketResult>`
            : `<ListBucketResult ${S3_NS}><IsTruncated>true</IsTruncated><NextContinuationToken>t2</NextContinuationToken><Contents><Key>artifacts/rest-api/${hexOf(1)}.zip</Key></Contents><Contents><Key>artifacts/rest-api/README</Key></Contents></ListBucketResult>`,
        );
      } else if (req.method === "POST" && req.url.includes("delete")) res.end(`<DeleteResult ${S3_NS}></DeleteResult>`);
      else {
        res.statusCode = 400;
        res.end();
      }
    });
    try {
      const store = new CloudArtifactStore({ aws: { bucket: "b", region: "us-east-1" } }, { s3: { endpoint: s3.url, forcePathStyle: true, credentials: { accessKeyId: "t", secretAccessKey: "t" } } });
      const listed = await store.list();
      expect(listed).toEqual([
        { digest: sha(1), kind: "rest-api", provider: "aws", location: `s3://b/artifacts/rest-api/${hexOf(1)}.zip` },
        { digest: sha(2), kind: "websocket", provider: "aws", location: `s3://b/artifacts/websocket/${hexOf(2)}.zip` },
      ]);
      expect(await store.remove(listed.slice(0, 1))).toBe(1);
      const deletes = s3.requests.filter((r) => r.method === "POST");
      expect(deletes).toHaveLength(1);
      expect(deletes[0].body).toContain(`<Key>artifacts/rest-api/${hexOf(1)}.zip</Key>`);
      expect(deletes[0].body).not.toContain("VersionId");
    } finally {
      await s3.close();
    }
  });

  it("Azure Blob: lists the release packages of each container and deletes one with its snapshots", async () => {
    const blob = await blobRecorder([`releases/sha256-${hexOf(3)}/released-package.zip`]);
    try {
      const container = `${blob.url}/account/c`;
      const store = new CloudArtifactStore({ azure: { containers: { websocket: container } } }, { azureCredential: new AnonymousCredential() });
      const listed = await store.list();
      expect(listed).toEqual([{ digest: sha(3), kind: "websocket", provider: "azure", location: `${container}/releases/sha256-${hexOf(3)}/released-package.zip` }]);
      expect(blob.requests[0].url).toContain("prefix=releases");
      expect(await store.remove(listed)).toBe(1);
      const deleted = blob.requests.find((r) => r.method === "DELETE")!;
      expect(decodeURIComponent(deleted.url)).toBe(`/account/c/releases/sha256-${hexOf(3)}/released-package.zip`);
    } finally {
      await blob.close();
    }
  });

});
