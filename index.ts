/**
 * The composition root: read the stack config, validate it in the domain, then declare the
 * components it names. Invalid config fails here, with every problem, before any resource exists.
 */
import * as pulumi from "@pulumi/pulumi";
import { resolveArtifacts } from "./artifacts/resolve";
import { RestApiComponent } from "./components/rest-api";
import { loadConfiguration } from "./components/stack-config";
import { WebSocketComponent } from "./components/websocket";
import { pushWiring } from "./components/push";
import { artifactStoreOutput, createPlatforms } from "./components/platforms";
import { cloudImplementation } from "./components/clouds";
import { registerDeploymentEvents } from "./components/events";
import { releaseOutputs, type ReleaseReport } from "./components/release-outputs";
import { CloudProvider, ComponentKind, DeploymentConfiguration, standardTags } from "./domain";

export = async () => {
  const configuration = loadConfiguration();
  // Before any resource: standard tags, planned events on previews, outcome hooks on updates (DESIGN §6).
  registerDeploymentEvents(configuration, { projectDir: __dirname });
  const building = resolveArtifacts(configuration, __dirname);
  // Handled below; this only keeps a failed build from going unhandled should loading fail first.
  building.catch(() => undefined);
  // Load each cloud's implementation (its Pulumi SDK: most of a preview's loading) while esbuild,
  // in its own process, and zlib, on libuv's threads, build the artifacts; declare nothing until
  // they are built, so a failed build creates no resource.
  for (const provider of configuration.providers) cloudImplementation(provider);
  const artifacts = await building;
  const platforms = createPlatforms(configuration);
  const context = (kind: ComponentKind, provider: CloudProvider) => ({
    configuration,
    tags: componentTags(configuration, kind),
    artifact: artifacts[kind],
    platform: platforms[provider],
  });
  // The WebSocket component first: the REST function's push wiring needs its table / service.
  const websocket = configuration.websocket
    ? new WebSocketComponent("websocket", { settings: configuration.websocket, context: context("websocket", configuration.websocket.provider) })
    : undefined;

  const outputs: Record<string, pulumi.Input<unknown>> = {
    environment: configuration.environment.name,
    // What this update ships: the release id (set by `semantest-iac deploy`) and each component's digest.
    release: {
      id: configuration.release?.id ?? null,
      artifacts: Object.fromEntries(Object.entries(artifacts).map(([kind, artifact]) => [kind, artifact?.digest])),
    },
  };
  // Where each component's function logs, for `semantest-iac logs` (application/logs/sources.ts).
  const logs: Partial<Record<ComponentKind, pulumi.Output<unknown>>> = {};
  outputs.logs = logs;
  const azureContainers: Partial<Record<ComponentKind, pulumi.Output<string> | undefined>> = {};
  let restApiFunction: pulumi.Output<string> | undefined;
  const reports: ReleaseReport[] = [];
  let restApiDomainTarget: pulumi.Output<string> | undefined;
  if (configuration.restApi) {
    const push = pushWiring(configuration.restApi.provider, websocket?.pushTarget, platforms, componentTags(configuration, "rest-api"));
    const restApi = new RestApiComponent("rest-api", { settings: configuration.restApi, context: { ...context("rest-api", configuration.restApi.provider), push } });
    outputs.restApiUrl = restApi.url;
    restApiDomainTarget = restApi.domainTarget;
    if (restApi.alarmTopicArn) outputs.restApiAlarmTopicArn = restApi.alarmTopicArn;
    if (restApi.logs) logs["rest-api"] = restApi.logs;
    azureContainers["rest-api"] = restApi.artifactContainerUrl;
    restApiFunction = restApi.functionName;
    reports.push({ kind: "rest-api", provider: configuration.restApi.provider, liveVersion: restApi.liveVersion, releaseAlarms: restApi.releaseAlarms });
  }
  if (websocket) {
    outputs.webSocketUrl = websocket.url;
    if (websocket.alarmTopicArn) outputs.webSocketAlarmTopicArn = websocket.alarmTopicArn;
    if (websocket.logs) logs.websocket = websocket.logs;
    azureContainers.websocket = websocket.artifactContainerUrl;
    reports.push({ kind: "websocket", provider: configuration.websocket!.provider, liveVersion: websocket.liveVersion, releaseAlarms: websocket.releaseAlarms });
  }
  // The Lambda functions (AWS), whose old published versions `semantest-iac prune` deletes.
  const lambdaFunctions = Object.fromEntries(
    [["rest-api", restApiFunction], ["websocket", websocket?.functionName]].filter(([, name]) => name !== undefined),
  );
  if (Object.keys(lambdaFunctions).length > 0) outputs.lambdaFunctions = lambdaFunctions;
  // What a release reads back: the versions serving the stable share and the alarms gating a shift (issue 20).
  Object.assign(outputs, releaseOutputs(reports));
  // Custom domains: the name and the cloud host it must resolve to (a CNAME target when DNS is kept elsewhere).
  const domains = [["rest-api", configuration.restApi, restApiDomainTarget], ["websocket", configuration.websocket, websocket?.domainTarget]] as const;
  const customDomains = Object.fromEntries(domains.flatMap(([kind, settings, target]) => (settings?.domain && target ? [[kind, { name: settings.domain.name, target }]] : [])));
  if (Object.keys(customDomains).length > 0) outputs.customDomains = customDomains;
  // Where the artifacts live, for rollback's preflight (adapters/artifact-store/cloud.ts reads it).
  outputs.artifactStore = artifactStoreOutput(configuration, platforms, azureContainers);
  return outputs;
};

function componentTags(configuration: DeploymentConfiguration, kind: ComponentKind) {
  return standardTags({
    environment: configuration.environment.name,
    component: kind,
    deploymentId: configuration.release?.id,
    extra: configuration.tags,
  });
}
