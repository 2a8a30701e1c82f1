import type { RecordedResource } from "../../adapters/engine/offline/evaluate";
import { hostId, ROLES } from "../../components/azure/naming";
import { FLEX_REJECTED_SITE_CONFIG } from "../../components/azure/site-config";
import { runProgram, type Run } from "../support/pulumi-harness";
import { azureConfig, fakeZip, REST_DIGEST, runAzure, WS_DIGEST } from "./support/azure-run";

// Each evaluation loads the program afresh; on a loaded machine one takes well over the 30 s default.
jest.setTimeout(120_000);

const T = {
  group: "azure-native:resources:ResourceGroup",
  account: "azure-native:storage:StorageAccount",
  container: "azure-native:storage:BlobContainer",
  blob: "azure-native:storage:Blob",
  identity: "azure-native:managedidentity:UserAssignedIdentity",
  code: "pulumi-nodejs:dynamic/semantest-azure:CodeDeployment",
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

  it("declares exactly the shared platform once, with its six resources", () => {
    expect(run.all("semantest:azure:Platform").map((r) => r.name)).toEqual(["azure-platform"]);
    expect(children(run, "semantest:azure:Platform", "azure-platform")).toEqual([
      `${T.insights} azure-platform-insights`,
      `${T.workspace} azure-platform-logs`,
      `${T.group} azure-platform-group`,
      `${T.account} azure-platform-deployment-storage`,
      `${T.account} azure-platform-host-storage`,
      `${T.role} azure-platform-deployer-package-access`,
    ].sort());
  });

  it("declares exactly the REST API's resources, parented to the component and named rest-api-<role>", () => {
    expect(children(run, "semantest:components:RestApi", "rest-api")).toEqual([
      `${T.app} rest-api-app`,
      `${T.code} rest-api-code`,
      `${T.container} rest-api-deployments`,
      `${T.identity} rest-api-identity`,
      `${T.plan} rest-api-plan`,
      `${T.role} rest-api-deployment-storage-access`,
      `${T.role} rest-api-host-queue-access`,
      `${T.role} rest-api-host-storage-access`,
      `${T.role} rest-api-host-table-access`,
      `${T.role} rest-api-monitoring-access`,
      `${T.settings} rest-api-settings`,
      // Issue 20: the release gate on the app's 5xx (components/azure/canary-alerts.ts).
      `azure-native:monitor:MetricAlert rest-api-release-5xx`,
    ].sort());
  });

  it("declares exactly the WebSocket's resources: the same Function App set plus Web PubSub and its hub", () => {
    expect(children(run, "semantest:components:WebSocket", "websocket")).toEqual([
      `${T.app} websocket-app`,
      `${T.code} websocket-code`,
      `${T.container} websocket-deployments`,
      `${T.identity} websocket-identity`,
      `${T.hub} websocket-hub`,
      `${T.plan} websocket-plan`,
      `${T.pubsub} websocket-pubsub`,
      `${T.role} websocket-deployment-storage-access`,
      `${T.role} websocket-host-queue-access`,
      `${T.role} websocket-host-storage-access`,
      `${T.role} websocket-host-table-access`,
      `${T.role} websocket-monitoring-access`,
      `${T.role} websocket-pubsub-access`,
      `${T.settings} websocket-settings`,
      // Issue 20: the canary app with its own hub, the route record that closes it on rollback, its gate
      // (tests/canary-azure holds their behaviour).
      ...["app", "code", "deployments", "identity", "plan", "settings"].map((role) => `${{ app: T.app, code: T.code, deployments: T.container, identity: T.identity, plan: T.plan, settings: T.settings }[role]} websocket-canary-${role}`),
      ...["deployment-storage-access", "host-queue-access", "host-storage-access", "host-table-access", "monitoring-access", "pubsub-access"].map((role) => `${T.role} websocket-canary-${role}`),
      `${T.hub} websocket-canary-hub`,
      `${T.role} websocket-deployer-pubsub-access`,
      `azure-native:monitor:MetricAlert websocket-canary-release-5xx`,
      `pulumi-nodejs:dynamic/semantest-azure:CanaryRoute websocket-canary-route`,
    ].sort());
  });

  it("keeps both storage accounts HTTPS-only, TLS 1.2+, without public blobs, refusing shared keys", () => {
    for (const name of ["azure-platform-host-storage", "azure-platform-deployment-storage"]) {
      expect(byName(run, T.account, name)).toMatchObject({ enableHttpsTrafficOnly: true, minimumTlsVersion: "TLS1_2", allowBlobPublicAccess: false });
      expect(byName(run, T.account, name).accountName).toMatch(/^[a-z0-9]{3,24}$/);
    }
    expect(byName(run, T.account, "azure-platform-host-storage").allowSharedKeyAccess).toBe(false);
    // Packages go up with the deploying identity's token (components/azure/package-deployment.ts; tests/storage).
    expect(byName(run, T.account, "azure-platform-deployment-storage").allowSharedKeyAccess).toBe(false);
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

  it("runs Node 22 on Linux, HTTPS only, TLS 1.2, with its user-assigned identity and the settings' scale", () => {
    for (const name of ["rest-api", "websocket"]) {
      const app = byName(run, T.app, `${name}-app`);
      expect(app).toMatchObject({
        kind: "functionapp,linux",
        httpsOnly: true,
        identity: { type: "UserAssigned", userAssignedIdentities: [`${name}-identity-id`] },
        siteConfig: { minTlsVersion: "1.2", scmMinTlsVersion: "1.2" },
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
      authentication: { type: "UserAssignedIdentity", userAssignedIdentityResourceId: "rest-api-identity-id" },
    });
  });

  it("sends no siteConfig property Flex Consumption refuses, after the SDK's own defaults (ARM 51021)", () => {
    for (const name of ["rest-api", "websocket"]) {
      const siteConfig = byName(run, T.app, `${name}-app`).siteConfig as Record<string, unknown>;
      // The azure-native SDK adds netFrameworkVersion "v4.6" to any siteConfig (pulumi-azure-native#4168).
      for (const refused of Object.keys(FLEX_REJECTED_SITE_CONFIG)) expect(siteConfig).not.toHaveProperty(refused);
      expect(siteConfig).not.toHaveProperty("localMySqlEnabled");
      expect(Object.keys(siteConfig).sort()).toEqual(["cors", "http20Enabled", "minTlsVersion", "scmMinTlsVersion"]);
    }
  });

  it("creates the identity and its role assignments before the app, so the first deploy needs no second run", () => {
    for (const name of ["rest-api", "websocket"]) {
      const app = run.get(T.app, `${name}-app`);
      expect(app.dependencies).toContain(run.get(T.identity, `${name}-identity`).urn);
      for (const role of ["host-storage-access", "host-queue-access", "host-table-access", "deployment-storage-access", "monitoring-access"]) {
        const grant = run.get(T.role, `${name}-${role}`);
        expect(app.dependencies).toContain(grant.urn);
        expect(grant.dependencies).toContain(run.get(T.identity, `${name}-identity`).urn);
        expect(grant.dependencies).not.toContain(app.urn);
      }
    }
  });

  it("connects the host to AzureWebJobsStorage and Application Insights by identity: no keys in the app settings", () => {
    const settings = byName(run, T.settings, "rest-api-settings").properties as Record<string, string>;
    expect(settings.AzureWebJobsStorage__accountName).toMatch(/^stfndev[0-9a-f]{8}$/);
    expect(settings.AzureWebJobsStorage__credential).toBe("managedidentity");
    // The client id is the identity's, known after create (the mocks give no client id).
    expect(run.get(T.settings, "rest-api-settings").propertyDependencies?.properties).toContain(run.get(T.identity, "rest-api-identity").urn);
    expect(settings).not.toHaveProperty("AzureWebJobsStorage");
    expect(JSON.stringify(settings)).not.toMatch(/AccountKey=/);
    expect(settings).not.toHaveProperty("FUNCTIONS_WORKER_RUNTIME"); // Flex takes it from functionAppConfig
  });

  it("gives each app a host id of its own: two apps share one host storage account", () => {
    const restId = (byName(run, T.settings, "rest-api-settings").properties as Record<string, string>).AzureFunctionsWebHost__hostid;
    expect(restId).toMatch(/^[a-z0-9-]{1,32}$/);
    expect(restId).toBe(hostId(run.get(T.app, "rest-api-app").inputs.name as string));
    // (The WebSocket's settings are secret as a whole: they carry the Web PubSub key; same function, its own app name.)
    expect(restId).not.toBe(hostId(run.get(T.app, "websocket-app").inputs.name as string));
  });

  it("grants the app's identity Blob Data Owner, Queue and Table Data Contributor on host storage, Blob Data Contributor on deployments, Metrics Publisher on App Insights", () => {
    const grant = (role: string) => run.get(T.role, `rest-api-${role}`).inputs;
    const principal = grant("host-storage-access").principalId;
    expect(principal).toBe("<computed>"); // the identity's principal id, known after create
    expect(grant("host-storage-access")).toMatchObject({ principalType: "ServicePrincipal", roleDefinitionId: expect.stringContaining(ROLES.storageBlobDataOwner) });
    // azure-functions-host#10995: without queue and table roles the host logs a 403 every ~10 minutes.
    expect(grant("host-queue-access")).toMatchObject({ roleDefinitionId: expect.stringContaining(ROLES.storageQueueDataContributor) });
    expect(grant("host-queue-access").scope).toBe("azure-platform-host-storage-id");
    expect(grant("host-table-access")).toMatchObject({ roleDefinitionId: expect.stringContaining(ROLES.storageTableDataContributor) });
    expect(grant("host-table-access").scope).toBe("azure-platform-host-storage-id");
    // Scopes are the resources' ids (the offline mocks give ids as `<logical name>-id`).
    expect(grant("host-storage-access").scope).toBe("azure-platform-host-storage-id");
    expect(grant("deployment-storage-access")).toMatchObject({ roleDefinitionId: expect.stringContaining(ROLES.storageBlobDataContributor) });
    expect(grant("deployment-storage-access").scope).toBe("azure-platform-deployment-storage-id");
    expect(grant("monitoring-access")).toMatchObject({ roleDefinitionId: expect.stringContaining(ROLES.monitoringMetricsPublisher) });
    expect(grant("monitoring-access").scope).toBe("azure-platform-insights-id");
    for (const role of ["host-storage-access", "host-queue-access", "host-table-access", "deployment-storage-access", "monitoring-access"]) {
      expect(run.get(T.role, `rest-api-${role}`).propertyDependencies?.principalId).toEqual([run.get(T.identity, "rest-api-identity").urn]);
      expect(grant(role).roleDefinitionId).toMatch(/^\/subscriptions\/0{8}-0{4}-0{4}-0{4}-0{12}\/providers\/Microsoft\.Authorization\/roleDefinitions\//);
    }
  });

  it("declares one code deployment per app, identified by app, container, blob and digest, after the app, its settings and its grants", () => {
    const code = run.get(T.code, "rest-api-code");
    expect(code.inputs).toMatchObject({
      appName: run.get(T.app, "rest-api-app").inputs.name,
      blobName: `releases/sha256-${"a".repeat(64)}/released-package.zip`,
      digest: REST_DIGEST,
      containerUrl: expect.stringMatching(/\/rest-api-deployments$/),
      accountName: expect.stringMatching(/^stpkgdev[0-9a-f]{8}$/),
      resourceGroupName: "rg-semantest-dev",
    });
    expect(run.get(T.code, "websocket-code").inputs.blobName).toBe(`releases/sha256-${"b".repeat(64)}/released-package.zip`);
    // No tags: a deployment-id tag following each release is what re-ran one deploy before.
    expect(code.inputs).not.toHaveProperty("tags");
    // No storage:Blob and no ARM deployment: those fail on an existing blob / re-run on every release.
    expect(run.all(T.blob)).toHaveLength(0);
    expect(run.all(T.deployment)).toHaveLength(0);
    for (const dependency of [run.get(T.app, "rest-api-app"), run.get(T.settings, "rest-api-settings"), run.get(T.role, "rest-api-deployment-storage-access"), run.get(T.container, "rest-api-deployments")]) {
      expect(code.dependencies).toContain(dependency.urn);
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

  it("lets the WebSocket app call Web PubSub as its identity (Service Owner on the service, granted before the app)", () => {
    const grant = run.get(T.role, "websocket-pubsub-access");
    expect(grant.inputs).toMatchObject({ roleDefinitionId: expect.stringContaining(ROLES.webPubSubServiceOwner), scope: "websocket-pubsub-id", principalType: "ServicePrincipal" });
    expect(run.get(T.app, "websocket-app").dependencies).toContain(grant.urn);
    expect(run.all(T.role).filter((r) => r.name.startsWith("rest-api-")).map((r) => r.name)).not.toContain("rest-api-pubsub-access");
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
    expect(run.all(T.code)).toHaveLength(0);
    expect(run.all(T.app)).toHaveLength(3); // REST, WebSocket stable and canary (issue 20)
  });

  it("on rollback to a zip only the store has, points the code deployment at the retained blob with no local path", async () => {
    const run = await runAzure("dev", azureConfig("dev"), { "rest-api": { digest: REST_DIGEST, path: undefined } });
    const code = run.get(T.code, "rest-api-code").inputs;
    expect(code.blobName).toBe(`releases/sha256-${"a".repeat(64)}/released-package.zip`);
    expect(code).not.toHaveProperty("packagePath");
  });

  it("the production stack file (REST on AWS, WebSocket on Azure) declares the platform and the WebSocket's Azure resources", async () => {
    const run = await runProgram("production");
    expect(run.all("semantest:azure:Platform")).toHaveLength(1);
    expect(run.all(T.pubsub)).toHaveLength(1);
    expect(run.all(T.hub).map((r) => r.inputs.hubName).sort()).toEqual(["semantest", "semantest_canary"]);
    expect(run.all(T.app).map((r) => r.name).sort()).toEqual(["websocket-app", "websocket-canary-app"]);
    expect(run.outputs.webSocketUrl).toMatch(/^wss:\/\/.+\.webpubsub\.azure\.com\/client\/hubs\/semantest$/);
  });
});
