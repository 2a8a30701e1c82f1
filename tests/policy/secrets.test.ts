import fc from "fast-check";
import { credentialLike, isSecretName, noPlaintextSecrets, words } from "../../policy/security/secrets";
import { check, fake, messages } from "./support";

const policy = noPlaintextSecrets();
const lambda = (variables: Record<string, unknown>) =>
  fake("aws:lambda/function:Function", "rest-api-function", { runtime: "nodejs22.x", handler: "index.handler", role: "arn", environment: { variables } });
const app = (appSettings: { name: string; value: unknown }[]) => fake("azure-native:web:WebApp", "websocket-app", { kind: "functionapp,linux", siteConfig: { appSettings } });

describe("no-plaintext-secrets", () => {
  it("splits names into words and tells secret names from pointers", () => {
    expect(words("apiToken")).toEqual(["API", "TOKEN"]);
    expect(isSecretName("DB_PASSWORD")).toBe(true);
    expect(isSecretName("stripeApiKey")).toBe(true);
    expect(isSecretName("DB_PASSWORD_ARN")).toBe(false);
    expect(isSecretName("CONNECTIONS_TABLE_NAME")).toBe(false);
    expect(isSecretName("MONKEY_BUSINESS")).toBe(false); // a word, not a substring
  });

  it("recognises credential-looking values and leaves ordinary ones", () => {
    expect(credentialLike("AKIAIOSFODNN7EXAMPLE")).toBe("an AWS access key id");
    expect(credentialLike("DefaultEndpointsProtocol=https;AccountName=x;AccountKey=abc123==;EndpointSuffix=core.windows.net")).toContain("connection string");
    expect(credentialLike("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")).toBe("a random key");
    expect(credentialLike("-----BEGIN RSA PRIVATE KEY-----\nabc")).toBe("a private key");
    for (const value of ["production", "https://semantest.com", "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://x", "01JD3ZK3F4W9Q6N8R2T5V7X9YB"]) {
      expect(credentialLike(value)).toBeUndefined();
    }
  });

  it("never calls a hex digest or a plain word a credential (property)", () => {
    fc.assert(fc.property(fc.stringMatching(/^[0-9a-f]{32,64}$/), (hex) => credentialLike(hex) === undefined));
    fc.assert(fc.property(fc.stringMatching(/^[a-z-]{1,40}$/), (word) => credentialLike(word) === undefined));
  });

  it("accepts ordinary settings and references to Secrets Manager / Key Vault", async () => {
    const found = await check(policy, [
      lambda({ CONNECTIONS_TABLE: "connections", NODE_OPTIONS: "--enable-source-maps", API_TOKEN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:token", DB_PASSWORD_ARN: "arn:aws:ssm:us-east-1:123456789012:parameter/db" }),
      app([{ name: "FUNCTIONS_EXTENSION_VERSION", value: "~4" }, { name: "API_KEY", value: "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/api-key)" }]),
    ]);
    expect(found).toEqual([]);
  });

  it("refuses a secret-named literal and a credential under any name, quoting the resource and the setting", async () => {
    const found = messages(
      await check(policy, [
        lambda({ API_TOKEN: "hunter2", SETTINGS: "AKIAIOSFODNN7EXAMPLE" }),
        app([{ name: "WebPubSubConnectionString", value: "Endpoint=https://x.webpubsub.azure.com;AccessKey=abcDEF123==;Version=1.0;" }]),
        fake("azure-native:web:WebAppApplicationSettings", "websocket-settings", { name: "app", resourceGroupName: "rg", properties: { CLIENT_SECRET: "s3cr3t" } }),
      ]),
    );
    expect(found).toEqual([
      expect.stringMatching(/'rest-api-function'.*environment variable 'API_TOKEN' holds a value/),
      expect.stringMatching(/'rest-api-function'.*environment variable 'SETTINGS' holds an AWS access key id/),
      expect.stringMatching(/'websocket-app'.*app setting 'WebPubSubConnectionString' holds a connection string/),
      expect.stringMatching(/'websocket-settings'.*app setting 'CLIENT_SECRET'/),
    ]);
  });

  it("has nothing to check when a function sets no environment", async () => {
    expect(await check(policy, [fake("aws:lambda/function:Function", "f", { runtime: "nodejs22.x" })])).toEqual([]);
  });

  it("lets config allow a name", async () => {
    expect(await check(policy, [lambda({ PUBLIC_KEY: "not-secret-by-design" })], { config: { "no-plaintext-secrets": { allowNames: ["PUBLIC_KEY"] } } })).toEqual([]);
  });
});

describe("no-plaintext-secrets on identity-based settings and computed values", () => {
  it("accepts `<prefix>__credential: managedidentity` (an identity-based connection names no secret)", async () => {
    const { noPlaintextSecrets } = await import("../../policy/security/secrets");
    const policy = noPlaintextSecrets();
    const violations: string[] = [];
    const props = { properties: { AzureWebJobsStorage__credential: "managedidentity", AzureWebJobsStorage__clientId: "x", API_TOKEN: "plain-value" } };
    await (policy.validateResource as (a: unknown, r: (m: string) => void) => Promise<void> | void)(
      { type: "azure-native:web:WebAppApplicationSettings", name: "s", urn: "urn:s", props, getConfig: () => ({}) },
      (m) => violations.push(m),
    );
    expect(violations).toHaveLength(1);
    expect(violations[0]).toContain("API_TOKEN");
  });

  it("skips a value that cannot be read during a preview instead of failing the whole policy", async () => {
    const { noPlaintextSecrets } = await import("../../policy/security/secrets");
    const policy = noPlaintextSecrets();
    const violations: string[] = [];
    const properties = { get APPLICATIONINSIGHTS_AUTHENTICATION_STRING(): string { throw new Error("can't be known during preview"); }, DB_PASSWORD: "hunter2hunter2" };
    await (policy.validateResource as (a: unknown, r: (m: string) => void) => Promise<void> | void)(
      { type: "azure-native:web:WebAppApplicationSettings", name: "s", urn: "urn:s", props: { properties }, getConfig: () => ({}) },
      (m) => violations.push(m),
    );
    expect(violations).toHaveLength(1);
    expect(violations[0]).toContain("DB_PASSWORD");
  });
});
