/**
 * `secure:` values in a component's `variables`, end to end: the config accepts them as secrets,
 * the program stores them in Secrets Manager / Key Vault and gives the function a reference only
 * (offline previews: no plaintext, no policy violation), and the bundled Lambda resolves the
 * reference at cold start with the real Secrets Manager client against a local recorder.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DeploymentConfiguration } from "../../domain";
import { markSecureVariables, secureVariablesIn } from "../../components/secrets/secure-variables";
import { loadBundledHandler, withEnv } from "../aws/bundled";
import { httpEvent } from "../aws/fixtures";
import { runCli } from "../support/cli";
import { startSecretsManager } from "./support/recorders";

jest.setTimeout(120_000);
const CIPHERTEXT = "v1:Zm9vYmFyYmF6cXV4:c2VjcmV0LWNpcGhlcnRleHQtZm9yLXRlc3Rz";

function config(provider: "aws" | "azure", variables: Record<string, unknown>) {
  return { stack: "dev", values: { "aws:region": "us-east-1", "azure-native:location": "westeurope", "semantest:environment": "dev", "semantest:components": { "rest-api": { provider, variables } } } };
}

describe("the config", () => {
  it("reads { secure } variables as secrets, apart from plain ones", () => {
    const parsed = DeploymentConfiguration.parse(config("aws", { PLAIN: "1", API_TOKEN: { secure: CIPHERTEXT } }));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.restApi?.variables).toEqual({ PLAIN: "1" });
    expect(parsed.value.restApi?.secrets).toEqual({ API_TOKEN: CIPHERTEXT });
  });

  it("still refuses a value that is neither a string nor a secret, naming it", () => {
    const parsed = DeploymentConfiguration.parse(config("aws", { N: 3, S: { secure: 1 } }));
    expect(parsed.ok).toBe(false);
    const text = JSON.stringify(parsed);
    expect(text).toContain("semantest:components.rest-api.variables.N");
    expect(text).toContain("semantest:components.rest-api.variables.S");
  });

  it("marks the stack file's secure leaves in the decrypted config the engine hands the program", () => {
    const file = ["config:", "  semantest:components:", "    rest-api:", "      variables:", "        PLAIN: a", "        API_TOKEN:", `          secure: ${CIPHERTEXT}`].join("\n");
    expect(secureVariablesIn(file)).toEqual({ "rest-api": ["API_TOKEN"] });
    const decrypted = { "semantest:components": { "rest-api": { variables: { PLAIN: "a", API_TOKEN: "the-plaintext" } } } };
    expect(markSecureVariables(decrypted, secureVariablesIn(file))).toEqual({ "semantest:components": { "rest-api": { variables: { PLAIN: "a", API_TOKEN: { secure: "the-plaintext" } } } } });
    // A secret components key with no readable stack file: every variable is a secret, never the other way round.
    expect(markSecureVariables(decrypted, "all")).toEqual({ "semantest:components": { "rest-api": { variables: { PLAIN: { secure: "a" }, API_TOKEN: { secure: "the-plaintext" } } } } });
  });
});

describe("offline previews with a secret variable", () => {
  let dir: string;
  beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "push-secrets-"))));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function preview(provider: "aws" | "azure") {
    const file = path.join(dir, `Pulumi.secrets-${provider}.yaml`);
    fs.writeFileSync(file, ["config:", "  aws:region: us-east-1", "  azure-native:location: westeurope", "  semantest:environment: dev", "  semantest:components:", "    rest-api:", `      provider: ${provider}`, "      variables:", "        GREETING: hello", "        API_TOKEN:", `          secure: ${CIPHERTEXT}`, ""].join("\n"));
    const result = await runCli(["preview", "--config", file, "--offline", "--json"]);
    if (result.code !== 0) throw new Error(result.stderr);
    const doc = JSON.parse(result.stdout) as { resources: { type: string; name: string; inputs: Record<string, unknown> }[]; policies: { violations: unknown[] } };
    const find = (type: string, name: string) => doc.resources.find((r) => r.type === type && r.name === name)!;
    return { raw: result.stdout, doc, find };
  }

  it("AWS: a Secrets Manager secret, its ARN in the environment, GetSecretValue on it for this role only", async () => {
    const { raw, doc, find } = await preview("aws");
    expect(doc.policies.violations).toEqual([]);
    expect(raw).not.toContain(CIPHERTEXT.slice(3));
    const env = (find("aws:lambda/function:Function", "rest-api-function").inputs.environment as { variables: Record<string, string> }).variables;
    expect(env.GREETING).toBe("hello");
    expect(env.API_TOKEN).toBeUndefined();
    expect(env.SEMANTEST_SECRET_ARN__API_TOKEN).toMatch(/^arn:aws:secretsmanager:/);
    expect(find("aws:secretsmanager/secretVersion:SecretVersion", "rest-api-secret-api-token-value").inputs.secretString).toBe("[secret]");
    const policy = JSON.parse(String(find("aws:iam/rolePolicy:RolePolicy", "rest-api-role-policy").inputs.policy)) as { Statement: { Sid: string; Resource: unknown }[] };
    expect(policy.Statement.find((s) => s.Sid === "ReadOwnSecretVariables")?.Resource).toEqual([env.SEMANTEST_SECRET_ARN__API_TOKEN]);
  });

  it("Azure: a Key Vault secret, a Key Vault reference app setting, Key Vault Secrets User for the app on that secret", async () => {
    const { raw, doc, find } = await preview("azure");
    expect(doc.policies.violations).toEqual([]);
    expect(raw).not.toContain(CIPHERTEXT.slice(3));
    const settings = find("azure-native:web:WebAppApplicationSettings", "rest-api-settings").inputs.properties as Record<string, string>;
    expect(settings.GREETING).toBe("hello");
    expect(settings.API_TOKEN).toMatch(/^@Microsoft\.KeyVault\(SecretUri=https:\/\/kv-rest-api-[0-9a-f]{8}\.vault\.azure\.net\/secrets\/API-TOKEN\/\)$/);
    expect(find("azure-native:keyvault:Secret", "rest-api-secret-api-token").inputs).toMatchObject({ properties: "[secret]", secretName: "API-TOKEN" });
    expect(find("azure-native:authorization:RoleAssignment", "rest-api-secret-api-token-reader").inputs).toMatchObject({
      roleDefinitionId: expect.stringMatching(/4633458b-17de-408a-b874-0445c86b69e6$/),
      scope: "rest-api-secret-api-token-id",
    });
  });
});

describe("the bundled REST Lambda with a secret variable", () => {
  it("reads it from Secrets Manager at cold start, with its own role, before the app loads", async () => {
    const arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rest-api-secret-api-token-AbCdEf";
    const secrets = await startSecretsManager({ [arn]: "s3cr3t-value" });
    const restore = withEnv({ AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "AKIARESTROLE00000000", AWS_SECRET_ACCESS_KEY: "x", AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url, SEMANTEST_SECRET_ARN__API_TOKEN: arn });
    try {
      delete process.env.API_TOKEN;
      const { handler } = await loadBundledHandler<(e: unknown, c: unknown) => Promise<{ statusCode: number; body: string }>>("rest-api", "tests/push/apps/secret-echo.ts");
      const context = { awsRequestId: "r", getRemainingTimeInMillis: () => 1000 };
      for (let i = 0; i < 3; i++) {
        const result = await handler(httpEvent("GET", "/"), context);
        expect(result.statusCode).toBe(200);
        expect(JSON.parse(result.body)).toEqual({ present: true, sha256: createHash("sha256").update("s3cr3t-value").digest("hex") });
      }
      expect(secrets.calls).toEqual([{ path: "/", target: "secretsmanager.GetSecretValue", body: { SecretId: arn }, auth: "AKIARESTROLE00000000" }]);
    } finally {
      delete process.env.API_TOKEN;
      restore();
      await secrets.close();
    }
  });

  it("answers 500 app_unavailable naming nothing secret when the secret is missing, and retries on the next request", async () => {
    const arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:missing";
    const secrets = await startSecretsManager({});
    const restore = withEnv({ AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "AKIARESTROLE00000000", AWS_SECRET_ACCESS_KEY: "x", AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url, SEMANTEST_SECRET_ARN__API_TOKEN: arn });
    const errors = jest.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const { handler } = await loadBundledHandler<(e: unknown, c: unknown) => Promise<{ statusCode: number; body: string }>>("rest-api", "tests/push/apps/secret-echo.ts");
      const context = { awsRequestId: "r", getRemainingTimeInMillis: () => 1000 };
      expect((await handler(httpEvent("GET", "/"), context)).statusCode).toBe(500);
      expect(JSON.stringify(errors.mock.calls)).toContain("variable API_TOKEN: its secret arn:aws:secretsmanager:us-east-1:123456789012:secret:missing could not be read: ResourceNotFoundException");
      expect((await handler(httpEvent("GET", "/"), context)).statusCode).toBe(500);
      expect(secrets.calls).toHaveLength(2);
    } finally {
      errors.mockRestore();
      restore();
      await secrets.close();
    }
  });
});
