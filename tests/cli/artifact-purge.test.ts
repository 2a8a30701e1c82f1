/**
 * `destroy --purge-artifacts` through the real SDKs: S3 ListObjectVersions + DeleteObjects (every
 * version and delete marker, page by page) and Azure Blob list + delete, each against a local
 * HTTP recorder that answers the way the services document.
 */
import * as http from "http";
import type { AddressInfo } from "net";
import { AnonymousCredential } from "@azure/storage-blob";
import { CloudArtifactStore } from "../../adapters/artifact-store/cloud";

interface Recorded {
  method: string;
  url: string;
  body: string;
}

async function recorder(answer: (req: Recorded, res: http.ServerResponse) => void): Promise<{ url: string; requests: Recorded[]; close(): Promise<void> }> {
  const requests: Recorded[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const recorded = { method: req.method ?? "", url: req.url ?? "", body };
      requests.push(recorded);
      answer(recorded, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
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
    const blob = await recorder((req, res) => {
      if (req.method === "GET" && req.url.includes("comp=list")) {
        res.setHeader("content-type", "application/xml");
        res.end(
          `<?xml version="1.0" encoding="utf-8"?><EnumerationResults ServiceEndpoint="http://127.0.0.1/" ContainerName="rest-api-deployments"><Blobs><Blob><Name>releases/sha256-aa/released-package.zip</Name><Properties><Content-Length>10</Content-Length><BlobType>BlockBlob</BlobType></Properties></Blob><Blob><Name>released-package.zip</Name><Properties><Content-Length>10</Content-Length><BlobType>BlockBlob</BlobType></Properties></Blob></Blobs><NextMarker /></EnumerationResults>`,
        );
      } else if (req.method === "DELETE") {
        res.statusCode = 202;
        res.end();
      } else {
        res.statusCode = 400;
        res.end();
      }
    });
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
});
