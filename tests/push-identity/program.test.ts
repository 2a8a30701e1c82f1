/**
 * The production program (REST on AWS, WebSocket on Azure) under mocks: the push from the REST
 * Lambda to Web PubSub needs no key. A user-assigned identity trusts the account's outbound
 * federation issuer for exactly the REST role, owns the one Web PubSub service, and the Lambda's
 * settings and role name it without any secret.
 */
import type { RecordedResource } from "../../adapters/engine/offline/evaluate";
import { webIdentityTokenStatements } from "../../components/push/statements";
import { runProgram, type Run } from "../support/pulumi-harness";

let run: Run;
beforeAll(async () => {
  // A preview, as `preview --offline` and `pulumi preview` see it: what the new identity and role
  // compute is unknown ("<computed>"), and where each input comes from is recorded.
  run = await runProgram("production");
}, 120_000);

const from = (resource: RecordedResource, input: string) => (resource.propertyDependencies?.[input] ?? []).map((urn) => urn.split("::").pop());

const env = () => ((run.get("aws:lambda/function:Function", "rest-api-function").inputs.environment as { variables: Record<string, string> }).variables);
const statements = () => (JSON.parse(String(run.get("aws:iam/rolePolicy:RolePolicy", "rest-api-role-policy").inputs.policy)) as { Statement: { Sid: string; Action: string[]; Resource: unknown; Condition?: unknown }[] }).Statement;

describe("REST on AWS -> Web PubSub on Azure, keyless", () => {
  it("declares a user-assigned identity in the stack's resource group", () => {
    const identity = run.get("azure-native:managedidentity:UserAssignedIdentity", "push-identity");
    expect(identity.inputs).toMatchObject({ resourceGroupName: expect.any(String), location: expect.any(String) });
  });

  it("trusts the account's outbound federation issuer for the REST role only, with Entra's one audience", () => {
    const credential = run.get("azure-native:managedidentity:FederatedIdentityCredential", "push-aws-role");
    expect(credential.inputs.issuer).toMatch(/^https:\/\/\d{12}-offline\.tokens\.sts\.global\.api\.aws$/); // the data source's IssuerIdentifier (mocked)
    expect(credential.inputs.audiences).toEqual(["api://AzureADTokenExchange"]);
    // The subject is the REST function's role ARN, on the push identity.
    expect(credential.inputs.subject).toMatch(/^arn:aws:iam::\d{12}:role\/rest-api-role-[0-9a-f]+$/);
    expect(from(credential, "subject")).toEqual(["rest-api-role"]);
    expect(from(credential, "resourceName")).toEqual(["push-identity"]);
  });

  it("gives that identity Web PubSub Service Owner on the service, nothing else", () => {
    const grants = run.all("azure-native:authorization:RoleAssignment").filter((g) => g.name.startsWith("push-"));
    expect(grants.map((g) => g.name)).toEqual(["push-webpubsub-owner"]);
    expect(grants[0]!.inputs).toMatchObject({ principalType: "ServicePrincipal", roleDefinitionId: expect.stringMatching(/\/roleDefinitions\/12cf5a90-567b-43ae-8102-96cf46c7d9b4$/), scope: "websocket-pubsub-id" });
    expect(from(grants[0]!, "principalId")).toEqual(["push-identity"]);
    expect(from(grants[0]!, "scope")).toEqual(["websocket-pubsub"]);
  });

  it("sets endpoint, hubs, tenant and client id on the Lambda: no secret, no secret ARN", () => {
    const variables = env();
    expect(variables).toMatchObject({
      SEMANTEST_PUSH_PROVIDER: "azure",
      SEMANTEST_PUSH_ENDPOINT: expect.stringMatching(/^https:\/\/.+\.webpubsub\.azure\.com$/),
      SEMANTEST_PUSH_HUB: "semantest,semantest_canary",
      // The identity's tenant and client id, known once it exists.
      SEMANTEST_PUSH_TENANT_ID: "<computed>",
      SEMANTEST_PUSH_CLIENT_ID: "<computed>",
    });
    expect(from(run.get("aws:lambda/function:Function", "rest-api-function"), "environment")).toContain("push-identity");
    expect(Object.keys(variables).filter((k) => /CREDENTIAL|CONNECTION_STRING|AUTHORITY_HOST/.test(k))).toEqual([]);
    expect(run.all("aws:secretsmanager/secret:Secret").filter((s) => s.name.startsWith("push-"))).toEqual([]);
  });

  it("lets the REST role get web identity tokens for Entra only (audience, RS256, 300 s), and read no push secret", () => {
    const sts = statements().filter((s) => s.Action.includes("sts:GetWebIdentityToken"));
    expect(sts).toEqual(webIdentityTokenStatements());
    expect(sts[0]!.Condition).toEqual({
      "ForAllValues:StringEquals": { "sts:IdentityTokenAudience": ["api://AzureADTokenExchange"] },
      Null: { "sts:IdentityTokenAudience": "false" },
      StringEquals: { "sts:SigningAlgorithm": "RS256" },
      NumericLessThanEquals: { "sts:DurationSeconds": 300 },
    });
    expect(statements().filter((s) => s.Sid === "PushReadsItsCredential")).toEqual([]);
  });
});
