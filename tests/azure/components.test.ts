import type { RecordedResource } from "../../adapters/engine/offline/evaluate";
import { ROLES } from "../../components/azure/naming";
import { runProgram, type Run } from "../support/pulumi-harness";
import { azureConfig, fakeZip, REST_DIGEST, runAzure, WS_DIGEST } from "./support/azure-run";

const T = {
  group: "azure-native:resources:ResourceGroup",
  account: "azure-native:storage:StorageAccount",
  container: "azure-native:storage:BlobContainer",
  blob: "azure-native:storage:Blob",
  workspace: "azure-native:operationalinsights:Workspace",
  insights: "azure-native:applicationinsights:Component",
  plan: "azure-native:web:AppServicePlan",
  app: "azure-native:web:WebApp",
  settings: "azure-native:web:WebAppApplicationSettings",
  role: "azure-native:authorization:RoleAssignment",
  deployment: "azure-native:resources:Deployment",
  pubsub: "azure-native:webpubsub:WebPubSub",
  hub: "azure-native:webpubsub:WebPubSubHub",
} as const;

const children = (run: Run, type: string, name: string) =>
  run
    .childrenOf(run.get(type, name))
    .map((r) => `${r.type} ${r.name}`)
    .sort();

const byName = (run: Run, type: string, name: string): Record<string, unknown> => run.get(type, name).inputs;

describe("Azure components under mocks (dev, both components on Azure, code built)", () => {
  let run: Run;
  beforeAll(async () => {
    run = await runAzure("dev", azureConfig("dev"), {
      "rest-api": { digest: REST_DIGEST, path: fakeZip() },
      websocket: { digest: WS_DIGEST, path: fakeZip() },
    });
  });

  it("declares exactly the shared platform once, with its five resources", () => {
    expect(run.all("semantest:azure:Platform").map((r) => r.name)).toEqual(["azure-platform"]);
    expect(children(run, "semantest:azure:Platform", "azure-platform")).toEqual([
      `${T.insights} azure-platform-insights`,
      `${T.workspace} azure-platform-logs`,
      `${T.group} azure-platform-group`,
      `${T.account} azure-platform-deployment-storage`,
      `${T.account} azure-platform-host-storage`,
    ].sort());
  });

  it("declares exactly the REST API's resources, parented to the component and named rest-api-<role>", () => {
    expect(children(run, "semantest:components:RestApi", "rest-api")).toEqual([
      `${T.app} rest-api-app`,
      `${T.blob} rest-api-package`,
      `${T.container} rest-api-deployments`,
      `${T.deployment} rest-api-onedeploy`,
      `${T.plan} rest-api-plan`,
      `${T.role} rest-api-deployment-storage-access`,
      `${T.role} rest-api-host-storage-access`,
      `${T.role} rest-api-monitoring-access`,
      `${T.settings} rest-api-settings`,
    ].sort());
  });

  it("declares exactly the WebSocket's resources: the same Function App set plus Web PubSub and its hub", () => {
    expect(children(run, "semantest:components:WebSocket", "websocket")).toEqual([
      `${T.app} websocket-app`,
      `${T.blob} websocket-package`,
      `${T.container} websocket-deployments`,
      `${T.deployment} websocket-onedeploy`,
      `${T.hub} websocket-hub`,
      `${T.plan} websocket-plan`,
      `${T.pubsub} websocket-pubsub`,
      `${T.role} websocket-deployment-storage-access`,
      `${T.role} websocket-host-storage-access`,
      `${T.role} websocket-monitoring-access`,
      `${T.settings} websocket-settings`,
    ].sort());
  });

  it("keeps both storage accounts HTTPS-only, TLS 1.2+, without public blobs; the host account refuses shared keys", () => {
    for (const name of ["azure-platform-host-storage", "azure-platform-deployment-storage"]) {
      expect(byName(run, T.account, name)).toMatchObject({ enableHttpsTrafficOnly: true, minimumTlsVersion: "TLS1_2", allowBlobPublicAccess: false });
      expect(byName(run, T.account, name).accountName).toMatch(/^[a-z0-9]{3,24}$/);
    }
    expect(byName(run, T.account, "azure-platform-host-storage").allowSharedKeyAccess).toBe(false);
    // Pulumi's storage.Blob uploads with the account key (pulumi-azure-native#2015).
    expect(byName(run, T.account, "azure-platform-deployment-storage").allowSharedKeyAccess).toBe(true);
  });

  it("sends telemetry to a workspace-based Application Insights with local auth off and the environment's retention", () => {
    const workspace = run.get(T.workspace, "azure-platform-logs");
    expect(workspace.inputs.retentionInDays).toBe(30);
    expect(byName(run, T.insights, "azure-platform-insights")).toMatchObject({ ingestionMode: "LogAnalytics", disableLocalAuth: true, retentionInDays: 30 });
    expect(run.get(T.insights, "azure-platform-insights").dependencies).toContain(workspace.urn); // workspaceResourceId = the workspace's id
  });

  it("puts every Function App on its own Flex Consumption (FC1, Linux) plan", () => {
    for (const name of ["rest-api", "websocket"]) {
      expect(byName(run, T.plan, `${name}-plan`)).toMatchObject({ kind: "functionapp", sku: { name: "FC1", tier: "FlexConsumption" }, reserved: true });
      expect(run.get(T.app, `${name}-app`).dependencies).toContain(run.get(T.plan, `${name}-plan`).urn);
    }
  });

  it("runs Node 22 on Linux, HTTPS only, TLS 1.2, FTPS disabled, with a system-assigned identity and the settings' scale", () => {
    for (const name of ["rest-api", "websocket"]) {
      const app = byName(run, T.app, `${name}-app`);
      expect(app).toMatchObject({
        kind: "functionapp,linux",
        httpsOnly: true,
        identity: { type: "SystemAssigned" },
        siteConfig: { minTlsVersion: "1.2", scmMinTlsVersion: "1.2", ftpsState: "Disabled" },
        functionAppConfig: { runtime: { name: "node", version: "22" }, scaleAndConcurrency: { maximumInstanceCount: 40, instanceMemoryMB: 2048 } },
      });
    }
    expect(byName(run, T.app, "rest-api-app")).toMatchObject({ siteConfig: { cors: { allowedOrigins: ["https://semantest.com"], supportCredentials: false } } });
    // negotiate is called from the same browser origins as the REST API
    expect(byName(run, T.app, "websocket-app")).toMatchObject({ siteConfig: { cors: { allowedOrigins: ["https://semantest.com"] } } });
  });

  it("reads its deployment container with its identity, not a connection string", () => {
    const storage = (byName(run, T.app, "rest-api-app").functionAppConfig as { deployment: { storage: Record<string, unknown> } }).deployment.storage;
    expect(storage).toEqual({
      type: "blobContainer",
      value: expect.stringMatching(/^https:\/\/stpkgdev[0-9a-f]{8}\.blob\.core\.windows\.net\/rest-api-deployments$/),
      authentication: { type: "SystemAssignedIdentity" },
    });
  });

  it("connects the host to AzureWebJobsStorage and Application Insights by identity: no keys in the app settings", () => {
    const settings = byName(run, T.settings, "rest-api-settings").properties as Record<string, string>;
    expect(settings.AzureWebJobsStorage__accountName).toMatch(/^stfndev[0-9a-f]{8}$/);
    expect(settings.APPLICATIONINSIGHTS_AUTHENTICATION_STRING).toBe("Authorization=AAD");
    expect(settings).not.toHaveProperty("AzureWebJobsStorage");
    expect(JSON.stringify(settings)).not.toMatch(/AccountKey=/);
    expect(settings).not.toHaveProperty("FUNCTIONS_WORKER_RUNTIME"); // Flex takes it from functionAppConfig
  });

  it("grants the app's identity exactly Blob Data Owner on host storage, Blob Data Contributor on deployments, Metrics Publisher on App Insights", () => {
    const grant = (role: string) => run.get(T.role, `rest-api-${role}`).inputs;
    const principal = grant("host-storage-access").principalId;
    expect(principal).toMatch(/^[0-9a-f-]{36}$/);
    expect(grant("host-storage-access")).toMatchObject({ principalType: "ServicePrincipal", roleDefinitionId: expect.stringContaining(ROLES.storageBlobDataOwner) });
    // Scopes are the resources' ids (the offline mocks give ids as `<logical name>-id`).
    expect(grant("host-storage-access").scope).toBe("azure-platform-host-storage-id");
    expect(grant("deployment-storage-access")).toMatchObject({ roleDefinitionId: expect.stringContaining(ROLES.storageBlobDataContributor) });
    expect(grant("deployment-storage-access").scope).toBe("azure-platform-deployment-storage-id");
    expect(grant("monitoring-access")).toMatchObject({ roleDefinitionId: expect.stringContaining(ROLES.monitoringMetricsPublisher) });
    expect(grant("monitoring-access").scope).toBe("azure-platform-insights-id");
    for (const role of ["host-storage-access", "deployment-storage-access", "monitoring-access"]) {
      expect(grant(role).principalId).toBe(principal);
      expect(grant(role).roleDefinitionId).toMatch(/^\/subscriptions\/0{8}-0{4}-0{4}-0{4}-0{12}\/providers\/Microsoft\.Authorization\/roleDefinitions\//);
    }
  });

  it("uploads the zip under its digest and keeps it when a later release replaces it", () => {
    const blob = run.get(T.blob, "rest-api-package");
    expect(blob.inputs).toMatchObject({ blobName: `releases/sha256-${"a".repeat(64)}/released-package.zip`, containerName: "rest-api-deployments", contentType: "application/zip" });
    expect(blob.options.retainOnDelete).toBe(true);
    expect(run.get(T.blob, "websocket-package").inputs.blobName).toBe(`releases/sha256-${"b".repeat(64)}/released-package.zip`);
  });

  it("publishes the package with one deploy (Microsoft.Web/sites/extensions onedeploy), after the blob, the role grants and the app settings", () => {
    const deploy = run.get(T.deployment, "rest-api-onedeploy");
    const template = (deploy.inputs.properties as { mode: string; template: { resources: Record<string, unknown>[] } });
    expect(template.mode).toBe("Incremental");
    const appName = run.get(T.app, "rest-api-app").inputs.name as string;
    expect(template.template.resources).toEqual([
      {
        type: "Microsoft.Web/sites/extensions",
        apiVersion: "2024-04-01",
        name: `${appName}/onedeploy`,
        properties: { packageUri: expect.stringMatching(new RegExp(`/rest-api-deployments/releases/sha256-a{64}/released-package\\.zip$`)), remoteBuild: false },
      },
    ]);
    for (const dependency of [run.get(T.blob, "rest-api-package"), run.get(T.role, "rest-api-deployment-storage-access"), run.get(T.app, "rest-api-app"), run.get(T.settings, "rest-api-settings")]) {
      expect(deploy.dependencies).toContain(dependency.urn);
    }
  });

  it("registers Web PubSub's hub: handler URL on the Function App, connect/connected/disconnected and every user event, anonymous connects denied", () => {
    const appHost = `${run.get(T.app, "websocket-app").inputs.name as string}.azurewebsites.net`;
    expect(byName(run, T.hub, "websocket-hub")).toMatchObject({
      hubName: "semantest",
      properties: {
        anonymousConnectPolicy: "deny",
        eventHandlers: [{ urlTemplate: `https://${appHost}/webpubsub/events`, userEventPattern: "*", systemEvents: ["connect", "connected", "disconnected"] }],
      },
    });
  });

  it("uses the free Web PubSub tier in dev and gives the app its key only as a secret setting", () => {
    expect(byName(run, T.pubsub, "websocket-pubsub").sku).toEqual({ name: "Free_F1", tier: "Free", capacity: 1 });
    expect(byName(run, T.settings, "websocket-settings").properties).toBe("[secret]");
  });

  it("outputs the https base URL and the wss client URL", () => {
    expect(run.outputs.restApiUrl).toMatch(/^https:\/\/semantest-dev-rest-api-[0-9a-f]{8}\.azurewebsites\.net$/);
    expect(run.outputs.webSocketUrl).toMatch(/^wss:\/\/semantest-dev-websocket-pubsub-[0-9a-f]{8}\.webpubsub\.azure\.com\/client\/hubs\/semantest$/);
  });

  it("tags every Azure resource with environment, managed-by and component", () => {
    const taggable = run.resources.filter((r: RecordedResource) => r.custom && r.type.startsWith("azure-native:") && "tags" in r.inputs);
    expect(taggable.length).toBeGreaterThanOrEqual(10);
    for (const resource of taggable) expect(resource.inputs.tags).toMatchObject({ environment: "dev", "managed-by": "semantest-iac", component: expect.any(String) });
  });
});

describe("Azure components under mocks (production and edge cases)", () => {
  it("uses Standard_S1, 365-day retention and the production stack file's settings", async () => {
    const run = await runAzure("production", azureConfig("production"), { websocket: { digest: WS_DIGEST, path: fakeZip() } });
    expect(byName(run, T.pubsub, "websocket-pubsub").sku).toEqual({ name: "Standard_S1", tier: "Standard", capacity: 1 });
    expect(byName(run, T.workspace, "azure-platform-logs").retentionInDays).toBe(365);
    expect(byName(run, T.app, "websocket-app")).toMatchObject({ functionAppConfig: { scaleAndConcurrency: { maximumInstanceCount: 100 } } });
  });

  it("deploys no code and uploads nothing when there is no artifact", async () => {
    const run = await runAzure("dev", azureConfig("dev"));
    expect(run.all(T.blob)).toHaveLength(0);
    expect(run.all(T.deployment)).toHaveLength(0);
    expect(run.all(T.app)).toHaveLength(2);
  });

  it("on rollback to a zip only the store has, uploads nothing and points one deploy at the retained blob", async () => {
    const run = await runAzure("dev", azureConfig("dev"), { "rest-api": { digest: REST_DIGEST, path: undefined } });
    expect(run.all(T.blob)).toHaveLength(0);
    const template = (run.get(T.deployment, "rest-api-onedeploy").inputs.properties as { template: { resources: { properties: { packageUri: string } }[] } }).template;
    expect(template.resources[0].properties.packageUri).toMatch(/\/rest-api-deployments\/releases\/sha256-a{64}\/released-package\.zip$/);
  });

  it("the production stack file (REST on AWS, WebSocket on Azure) declares the platform and the WebSocket's Azure resources", async () => {
    const run = await runProgram("production");
    expect(run.all("semantest:azure:Platform")).toHaveLength(1);
    expect(run.all(T.pubsub)).toHaveLength(1);
    expect(run.all(T.hub)).toHaveLength(1);
    expect(run.all(T.app).map((r) => r.name)).toEqual(["websocket-app"]);
    expect(run.outputs.webSocketUrl).toMatch(/^wss:\/\/.+\.webpubsub\.azure\.com\/client\/hubs\/semantest$/);
  });
});
