/**
 * `semantest-iac preview --offline --json` as a user runs it: the production stack (WebSocket on
 * Azure) and a stack with both components on Azure list every Azure resource, with real-looking
 * URLs, and pass the policy pack.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runCli } from "../support/cli";

jest.setTimeout(120_000);

interface PreviewDocument {
  readonly resources: { type: string; name: string; parent: string | null }[];
  readonly outputs: Record<string, string>;
  readonly policies: { violations: unknown[] };
}

const AZURE_PLATFORM = [
  "azure-native:authorization:RoleAssignment azure-platform-deployer-package-access",
  "azure-native:applicationinsights:Component azure-platform-insights",
  "azure-native:operationalinsights:Workspace azure-platform-logs",
  "azure-native:resources:ResourceGroup azure-platform-group",
  "azure-native:storage:StorageAccount azure-platform-deployment-storage",
  "azure-native:storage:StorageAccount azure-platform-host-storage",
  "semantest:azure:Platform azure-platform",
];
const functionApp = (name: string) => [
  `azure-native:authorization:RoleAssignment ${name}-deployment-storage-access`,
  `azure-native:authorization:RoleAssignment ${name}-host-queue-access`,
  `azure-native:authorization:RoleAssignment ${name}-host-storage-access`,
  `azure-native:authorization:RoleAssignment ${name}-host-table-access`,
  `azure-native:authorization:RoleAssignment ${name}-monitoring-access`,
  `azure-native:managedidentity:UserAssignedIdentity ${name}-identity`,
  `pulumi-nodejs:dynamic/semantest-azure:CodeDeployment ${name}-code`,
  `azure-native:storage:BlobContainer ${name}-deployments`,
  `azure-native:web:AppServicePlan ${name}-plan`,
  `azure-native:web:WebApp ${name}-app`,
  `azure-native:web:WebAppApplicationSettings ${name}-settings`,
];
// Issue 20: a canary app with its own hub, the route record that closes it on rollback, the
// deployer's right to close connections, the release gates (tests/canary-azure).
const RELEASE_GATE = (name: string) => `azure-native:monitor:MetricAlert ${name}-release-5xx`;
/** The alarms in production (components/azure/alerts.ts): an action group and the metric alerts. */
const alerts = (name: string, pubsub: boolean) => [
  `azure-native:monitor:ActionGroup ${name}-action-group`,
  ...["errors", "http-5xx", "throttles", ...(pubsub ? ["pubsub-connection-quota", "pubsub-event-handler-errors", "pubsub-throttled"] : [])].map((role) => `azure-native:monitor:MetricAlert ${name}-${role}`),
];
const WEBSOCKET = [
  ...functionApp("websocket"),
  ...alerts("websocket", true),
  // The canary app (issue 20) is watched like the stable one, without a second set of Web PubSub alerts.
  ...alerts("websocket-canary", false),
  "azure-native:authorization:RoleAssignment websocket-pubsub-access",
  "azure-native:webpubsub:WebPubSub websocket-pubsub",
  "azure-native:webpubsub:WebPubSubHub websocket-hub",
  ...functionApp("websocket-canary"),
  "azure-native:authorization:RoleAssignment websocket-canary-pubsub-access",
  "azure-native:webpubsub:WebPubSubHub websocket-canary-hub",
  "azure-native:authorization:RoleAssignment websocket-deployer-pubsub-access",
  "pulumi-nodejs:dynamic/semantest-azure:CanaryRoute websocket-canary-route",
  RELEASE_GATE("websocket-canary"),
];

const azureResources = (doc: PreviewDocument) =>
  doc.resources
    .filter((r) => r.type.startsWith("azure-native:") || r.type.startsWith("semantest:azure:") || r.type.startsWith("pulumi-nodejs:dynamic/semantest-azure:"))
    .map((r) => `${r.type} ${r.name}`)
    .sort();

async function preview(args: string[]): Promise<PreviewDocument> {
  const result = await runCli(["preview", ...args, "--offline", "--json"]);
  expect({ code: result.code, stderr: result.code === 0 ? "" : result.stderr }).toEqual({ code: 0, stderr: "" });
  return JSON.parse(result.stdout) as PreviewDocument;
}

describe("preview --offline with Azure components", () => {
  it("production: lists the platform and every WebSocket resource, a wss URL, and no policy violation", async () => {
    const doc = await preview(["--env", "production"]);
    // REST on AWS pushes with no key: a user-assigned identity trusting the REST role, owner of the service (components/push/federation.ts).
    const push = ["azure-native:managedidentity:UserAssignedIdentity push-identity", "azure-native:managedidentity:FederatedIdentityCredential push-aws-role", "azure-native:authorization:RoleAssignment push-webpubsub-owner"];
    expect(azureResources(doc)).toEqual([...AZURE_PLATFORM, ...WEBSOCKET, ...push].sort());
    expect(doc.outputs.webSocketUrl).toMatch(/^wss:\/\/semantest-production-websocket-pubsub-[0-9a-f]{8}\.webpubsub\.azure\.com\/client\/hubs\/semantest$/);
    expect(doc.policies.violations).toEqual([]);
  });

  it("both components on Azure (--config): the REST Function App too, an https URL, and no policy violation", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "azure-stack-"));
    const file = path.join(dir, "Pulumi.azure.yaml");
    fs.writeFileSync(
      file,
      [
        "config:",
        "  azure-native:location: westeurope",
        "  semantest:environment: staging",
        "  semantest:components:",
        "    rest-api:",
        "      provider: azure",
        "    websocket:",
        "      provider: azure",
      ].join("\n"),
    );
    const doc = await preview(["--env", "staging", "--config", file]);
    // push-webpubsub-owner: the REST identity may push to the service (components/push, tests/push).
    expect(azureResources(doc)).toEqual([...AZURE_PLATFORM, ...WEBSOCKET, ...functionApp("rest-api"), ...alerts("rest-api", false), RELEASE_GATE("rest-api"), "azure-native:authorization:RoleAssignment push-webpubsub-owner"].sort());
    expect(doc.outputs.restApiUrl).toMatch(/^https:\/\/semantest-staging-rest-api-[0-9a-f]{8}\.azurewebsites\.net$/);
    // The REST app's settings hold its identity's client id (unknown in a preview): the secrets
    // policy skips that value instead of giving up on the whole resource, so there is no note left.
    expect(doc.policies.violations).toEqual([]);
  });
});
