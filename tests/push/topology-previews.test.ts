/**
 * Offline previews (the real CLI, subprocess) of the four REST/WebSocket topologies: each shows
 * what the REST function needs to push (settings, IAM statements, role assignments, secret
 * stores), no plaintext credential anywhere in the JSON, and no policy violation.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runCli } from "../support/cli";

jest.setTimeout(120_000);

interface Resource {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
}
interface Preview {
  readonly resources: Resource[];
  readonly policies: { violations: unknown[] };
}

function stackFile(dir: string, name: string, rest: "aws" | "azure", websocket: "aws" | "azure"): string {
  const file = path.join(dir, `Pulumi.${name}.yaml`);
  fs.writeFileSync(
    file,
    [
      "config:",
      "  aws:region: us-east-1",
      "  azure-native:location: westeurope",
      "  semantest:environment: staging",
      "  semantest:components:",
      "    rest-api:",
      `      provider: ${rest}`,
      "      cors:",
      '        allowOrigins: ["https://staging.semantest.com"]',
      "    websocket:",
      `      provider: ${websocket}`,
      "",
    ].join("\n"),
  );
  return file;
}

let dir: string;
const previews: Record<string, Preview> = {};
const raw: Record<string, string> = {};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "push-topologies-"));
  // One after the other: each is a full program evaluation on a shared 2-core machine.
  for (const [name, rest, ws] of [["aws-aws", "aws", "aws"], ["azure-azure", "azure", "azure"], ["aws-azure", "aws", "azure"], ["azure-aws", "azure", "aws"]] as const) {
    const result = await runCli(["preview", "--config", stackFile(dir, name, rest, ws), "--offline", "--json"]);
    if (result.code !== 0) throw new Error(`${name}: exit ${result.code}: ${result.stderr}`);
    raw[name] = result.stdout;
    previews[name] = JSON.parse(result.stdout) as Preview;
  }
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const find = (preview: Preview, type: string, name: string) => {
  const found = preview.resources.find((r) => r.type === type && r.name === name);
  if (!found) throw new Error(`no ${type} ${name}; have ${preview.resources.map((r) => `${r.type} ${r.name}`).join(", ")}`);
  return found;
};
const lambdaEnv = (preview: Preview) => (find(preview, "aws:lambda/function:Function", "rest-api-function").inputs.environment as { variables: Record<string, string> }).variables;
const rolePolicy = (preview: Preview, name: string) => JSON.parse(String(find(preview, "aws:iam/rolePolicy:RolePolicy", name).inputs.policy)) as { Statement: { Sid: string; Action: string[]; Resource: string | string[] }[] };
const appSettings = (preview: Preview) => find(preview, "azure-native:web:WebAppApplicationSettings", "rest-api-settings").inputs.properties as Record<string, string>;
const pushStatements = (preview: Preview, name: string) => rolePolicy(preview, name).Statement.filter((s) => s.Sid.startsWith("Push"));

describe("offline previews of the four topologies", () => {
  it.each(["aws-aws", "azure-azure", "aws-azure", "azure-aws"])("%s: no policy violation, no plaintext credential", (name) => {
    expect(previews[name].policies.violations).toEqual([]);
    expect(raw[name]).not.toMatch(/AccessKey=(?!\[secret\])[A-Za-z0-9+/=]{8,}/);
    expect(raw[name]).not.toMatch(/"secretAccessKey"|AKIA[0-9A-Z]{16}/);
  });

  it("REST on AWS -> WebSocket on AWS: the registry and @connections of that stage only, by the REST role", () => {
    const env = lambdaEnv(previews["aws-aws"]);
    expect(env).toMatchObject({ SEMANTEST_PUSH_PROVIDER: "aws", SEMANTEST_PUSH_REGION: "us-east-1", SEMANTEST_PUSH_ENDPOINT: expect.stringMatching(/^https:\/\/[\w-]+\.execute-api\.us-east-1\.amazonaws\.com\/staging$/), SEMANTEST_PUSH_TABLE: expect.any(String) });
    const statements = pushStatements(previews["aws-aws"], "rest-api-role-policy");
    expect(statements.map((s) => [s.Sid, s.Action])).toEqual([
      ["PushReadsConnectionRegistry", ["dynamodb:Query", "dynamodb:BatchWriteItem"]],
      ["PushToConnections", ["execute-api:ManageConnections"]],
    ]);
    expect(statements[0].Resource).toMatch(/^arn:aws:dynamodb:us-east-1:\d{12}:table\/websocket-connections/);
    expect(statements[1].Resource).toEqual([expect.stringMatching(/\/staging\/POST\/@connections\/\*$/), expect.stringMatching(/\/staging\/DELETE\/@connections\/\*$/)]);
  });

  it("REST on Azure -> Web PubSub on Azure: endpoint and hub only, Web PubSub Service Owner for the REST app's identity on that service", () => {
    const preview = previews["azure-azure"];
    expect(appSettings(preview)).toMatchObject({ SEMANTEST_PUSH_PROVIDER: "azure", SEMANTEST_PUSH_HUB: "semantest,semantest_canary", SEMANTEST_PUSH_ENDPOINT: expect.stringMatching(/^https:\/\/.+\.webpubsub\.azure\.com$/) });
    expect(Object.keys(appSettings(preview)).filter((k) => k.startsWith("SEMANTEST_PUSH_CREDENTIAL"))).toEqual([]);
    const grant = find(preview, "azure-native:authorization:RoleAssignment", "push-webpubsub-owner").inputs;
    expect(grant.roleDefinitionId).toMatch(/roleDefinitions\/12cf5a90-567b-43ae-8102-96cf46c7d9b4$/);
    expect(grant.scope).toBe("websocket-pubsub-id"); // the service's id, as a preview shows it (known after create)
    expect(grant.principalType).toBe("ServicePrincipal");
  });

  it("REST on AWS -> Web PubSub on Azure: no key; the REST role's STS token is trusted by a user-assigned identity that owns the service", () => {
    const preview = previews["aws-azure"];
    const env = lambdaEnv(preview);
    expect(env).toMatchObject({ SEMANTEST_PUSH_PROVIDER: "azure", SEMANTEST_PUSH_HUB: "semantest,semantest_canary", SEMANTEST_PUSH_ENDPOINT: expect.stringMatching(/^https:\/\/.+\.webpubsub\.azure\.com$/), SEMANTEST_PUSH_TENANT_ID: expect.any(String), SEMANTEST_PUSH_CLIENT_ID: expect.any(String) }); // the new identity's, known after create
    expect(Object.keys(env).filter((k) => k.startsWith("SEMANTEST_PUSH_CREDENTIAL"))).toEqual([]);
    expect(preview.resources.filter((r) => r.type.startsWith("aws:secretsmanager/"))).toEqual([]);
    expect(find(preview, "azure-native:managedidentity:FederatedIdentityCredential", "push-aws-role").inputs).toMatchObject({ audiences: ["api://AzureADTokenExchange"], issuer: expect.stringMatching(/^https:\/\/.+\.tokens\.sts\.global\.api\.aws$/) });
    expect(find(preview, "azure-native:authorization:RoleAssignment", "push-webpubsub-owner").inputs.roleDefinitionId).toMatch(/roleDefinitions\/12cf5a90-567b-43ae-8102-96cf46c7d9b4$/);
    expect(rolePolicy(preview, "rest-api-role-policy").Statement.filter((s) => s.Action.includes("sts:GetWebIdentityToken"))).toHaveLength(1);
  });

  it("REST on Azure -> API Gateway on AWS: a least-privilege IAM user's key in Key Vault, readable by the REST identity at the secret's scope", () => {
    const preview = previews["azure-aws"];
    const settings = appSettings(preview);
    expect(settings).toMatchObject({ SEMANTEST_PUSH_PROVIDER: "aws", SEMANTEST_PUSH_CREDENTIAL_URI: expect.stringMatching(/^https:\/\/[a-z0-9-]{3,24}\.vault\.azure\.net\/secrets\/push-aws-credential$/) });
    const userPolicy = JSON.parse(String(find(preview, "aws:iam/userPolicy:UserPolicy", "push-caller-policy").inputs.policy)) as { Statement: { Sid: string }[] };
    expect(userPolicy.Statement.map((s) => s.Sid)).toEqual(["PushReadsConnectionRegistry", "PushToConnections"]);
    expect(find(preview, "azure-native:keyvault:Secret", "push-aws-credential").inputs).toMatchObject({ properties: "[secret]", vaultName: settings.SEMANTEST_PUSH_CREDENTIAL_URI.split(/[/.]/)[2] });
    expect(find(preview, "azure-native:keyvault:Vault", "push-vault").inputs.properties).toMatchObject({ enableRbacAuthorization: true });
    const grant = find(preview, "azure-native:authorization:RoleAssignment", "push-secret-reader").inputs;
    expect(grant).toMatchObject({ roleDefinitionId: expect.stringMatching(/roleDefinitions\/4633458b-17de-408a-b874-0445c86b69e6$/), scope: "push-aws-credential-id" });
  });
});
