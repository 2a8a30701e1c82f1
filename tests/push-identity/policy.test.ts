/**
 * `webpubsub-key-not-in-secrets-manager`: compliant, non-compliant, missing property, config
 * override; and its parser of connection strings never throws (seeded fast-check).
 */
import fc from "fast-check";
import { isWebPubSubConnectionString, webPubSubKeyNotInSecretsManager } from "../../policy/aws/secrets-manager";
import { check, fake, messages } from "../policy/support";

const TYPE = "aws:secretsmanager/secretVersion:SecretVersion";
const KEYED = "Endpoint=https://websocket-pubsub.webpubsub.azure.com;AccessKey=b2ZmbGluZS1wcmltYXJ5;Version=1.0;";

describe("webpubsub-key-not-in-secrets-manager", () => {
  const policy = webPubSubKeyNotInSecretsManager();

  it("refuses a production secret version holding a Web PubSub connection string, quoting the resource", async () => {
    const found = messages(await check(policy, [fake(TYPE, "push-webpubsub-credential-value", { secretId: "arn", secretString: KEYED }, { stack: "production" })]));
    expect(found).toEqual([expect.stringMatching(/^Secrets Manager secret version 'push-webpubsub-credential-value' \(urn:pulumi:production::.*\) holds a Web PubSub connection string with an access key in production/)]);
  });

  it("refuses a secret version whose value derives from the Web PubSub service, even masked as in an offline preview", async () => {
    const service = fake("azure-native:webpubsub:WebPubSub", "websocket-pubsub", { sku: { name: "Premium_P1" } }, { stack: "production" });
    const version = { ...fake(TYPE, "push-webpubsub-credential-value", { secretString: "[secret]" }, { stack: "production", dependsOn: [service] }), propertyDependencies: { secretString: [service.urn] } };
    expect(messages(await check(policy, [service, version]))).toEqual([expect.stringContaining("stores a value read from Web PubSub service 'websocket-pubsub'")]);
    const unrelated = { ...version, propertyDependencies: { secretId: [service.urn] } };
    expect(messages(await check(policy, [service, unrelated]))).toEqual([]);
  });

  it("accepts other secrets, a secret version without a string, and a keyless connection string", async () => {
    const resources = [
      fake(TYPE, "app-secret", { secretString: "s3cr3t" }, { stack: "production" }),
      fake(TYPE, "binary", { secretBinary: "AAAA" }, { stack: "production" }),
      fake(TYPE, "keyless", { secretString: "Endpoint=https://x.webpubsub.azure.com;Version=1.0;" }, { stack: "production" }),
      fake(TYPE, "storage", { secretString: "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=k;EndpointSuffix=core.windows.net" }, { stack: "production" }),
    ];
    expect(messages(await check(policy, resources))).toEqual([]);
  });

  it("holds production only by default; config environments widens it", async () => {
    const dev = [fake(TYPE, "v", { secretString: KEYED }, { stack: "dev" })];
    expect(messages(await check(policy, dev))).toEqual([]);
    expect(messages(await check(policy, dev, { config: { "webpubsub-key-not-in-secrets-manager": { environments: ["dev", "production"] } } }))).toHaveLength(1);
  });
});

describe("isWebPubSubConnectionString", () => {
  it("recognises the service's format in any field order and case", () => {
    expect(isWebPubSubConnectionString(KEYED)).toBe(true);
    expect(isWebPubSubConnectionString("accesskey=abc;endpoint=https://A.WEBPUBSUB.AZURE.COM/;")).toBe(true);
    expect(isWebPubSubConnectionString("Endpoint=https://a.webpubsub.azure.com:443;AccessKey=x==;Version=1.0")).toBe(true);
    expect(isWebPubSubConnectionString("Endpoint=https://a.service.signalr.net;AccessKey=x;")).toBe(false);
  });

  it("answers a boolean for any string (seeded)", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[A-Za-z=;:/. ]{0,80}$/)), (text) => typeof isWebPubSubConnectionString(text) === "boolean"),
      { seed: 22, numRuns: 300 },
    );
  });
});
