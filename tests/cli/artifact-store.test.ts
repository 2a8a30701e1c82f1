/**
 * The real artifact store adapter: the AWS SDK's S3 HeadObject against a local HTTP server
 * (AWS_ENDPOINT_URL_S3), and where it looks for each cloud's artifacts.
 */
import * as http from "http";
import type { AddressInfo } from "net";
import { CloudArtifactStore, locationFromOutputs } from "../../adapters/artifact-store/cloud";

const DIGEST = `sha256:${"a".repeat(64)}`;

describe("CloudArtifactStore", () => {
  let server: http.Server;
  const requests: string[] = [];
  const saved = { ...process.env };
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      res.statusCode = req.url?.startsWith("/semantest-artifacts/artifacts/rest-api/") ? 200 : req.url?.includes("forbidden") ? 403 : 404;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    process.env.AWS_ENDPOINT_URL_S3 = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    process.env.AWS_ACCESS_KEY_ID = "test";
    process.env.AWS_SECRET_ACCESS_KEY = "test";
  });
  afterAll(async () => {
    process.env = saved;
    await new Promise((resolve) => server.close(resolve));
  });

  it("asks S3 (HeadObject) for the artifact under the stack's bucket and prefix", async () => {
    const store = new CloudArtifactStore(locationFromOutputs({ artifactStore: { aws: { bucket: "semantest-artifacts", region: "us-east-1" } } }));
    expect(await store.exists({ kind: "rest-api", provider: "aws", digest: DIGEST })).toBe(true);
    expect(await store.exists({ kind: "websocket", provider: "aws", digest: DIGEST })).toBe(false);
    // The key the AWS components upload to (components/aws/policies.ts artifactKey).
    expect(requests).toEqual([`HEAD /semantest-artifacts/artifacts/rest-api/${"a".repeat(64)}.zip`, `HEAD /semantest-artifacts/artifacts/websocket/${"a".repeat(64)}.zip`]);
  });

  it("reports an S3 error other than not-found instead of calling the artifact missing", async () => {
    const store = new CloudArtifactStore({ aws: { bucket: "forbidden", region: "us-east-1" } });
    await expect(store.exists({ kind: "rest-api", provider: "aws", digest: DIGEST })).rejects.toBeDefined();
  });

  it("names each cloud's location, and refuses to guess when the stack exports none", async () => {
    const located = new CloudArtifactStore(locationFromOutputs({ artifactStore: { aws: { bucket: "b" }, azure: { containers: { websocket: "https://acct.blob.core.windows.net/websocket-deployments/" } } } }));
    expect(located.locate({ kind: "rest-api", provider: "aws", digest: DIGEST })).toBe(`s3://b/artifacts/rest-api/${"a".repeat(64)}.zip`);
    expect(located.locate({ kind: "websocket", provider: "azure", digest: DIGEST })).toBe(`https://acct.blob.core.windows.net/websocket-deployments/releases/sha256-${"a".repeat(64)}/released-package.zip`);
    expect(() => located.locate({ kind: "rest-api", provider: "azure", digest: DIGEST })).toThrow("artifactStore.azure.containers.rest-api");
    const unknown = new CloudArtifactStore(locationFromOutputs({ artifactStore: "nope" }));
    await expect(unknown.exists({ kind: "rest-api", provider: "aws", digest: DIGEST })).rejects.toMatchObject({ code: "NO_ARTIFACT_STORE" });
    expect(() => unknown.locate({ kind: "websocket", provider: "azure", digest: DIGEST })).toThrow("stack output artifactStore.azure)");
  });
});
