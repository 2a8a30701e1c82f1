/**
 * The AWS side of the local gateway: the same zips a deploy uploads (artifacts/aws.ts recipes, built
 * by artifacts/build.ts) run as local Lambdas behind an HTTP API and a WebSocket API emulation, with
 * dynalite as the connections table. Nothing in the handlers knows it is local: the management
 * endpoint and the DynamoDB endpoint come from their environment, as in the cloud.
 */
import { ScanCommand } from "@aws-sdk/client-dynamodb";
import * as path from "path";
import { awsArtifactSpec } from "../../../artifacts/aws";
import { buildArtifact } from "../../../artifacts/build";
import { Environment, parseComponentSettings, type ComponentKind, type ComponentSettings } from "../../../domain";
import type { HostContext, ProviderHost } from "../host";
import { createConnectionsTable, startDynalite } from "./dynamodb";
import { HttpApiEmulator } from "./http-api";
import { LocalAlias, LOCAL_VERSIONS } from "./alias";
import { LocalLambda } from "./lambda";
import { handleLambdaInvoke } from "./lambda-api";
import { ApiGatewayWebSocketEmulator } from "./websocket-api";
import { authEnv, connectAuthorizer, httpApiJwtAuthorizer } from "../auth";

/** components/aws/auth.ts AUTHORIZER_HANDLER (runtime/ may not import components/). */
const AUTHORIZER_HANDLER = "authorizer.handler";

export const LOCAL_TABLE = "semantest-local-connections";
export const LOCAL_STAGE = "local";

/** The dev environment's defaults for a component on AWS (memory, timeout, variables, entry, idle timeout). */
export function devSettings(kind: ComponentKind, provider: "aws" | "azure"): ComponentSettings {
  const parsed = parseComponentSettings(kind, { provider }, Environment.of("dev"), `semantest:components.${kind}`);
  if (!parsed.ok) throw new Error(`default ${kind} settings do not parse: ${JSON.stringify(parsed)}`);
  return parsed.value;
}

export async function startAwsHost(context: HostContext): Promise<ProviderHost> {
  const { log } = context;
  const dynamo = await startDynalite();
  await createConnectionsTable(dynamo.client, LOCAL_TABLE);
  const managementEndpoint = `${context.webSocketBaseUrl}/${LOCAL_STAGE}`;
  const settings = context.components
    ? { rest: context.components.restApi, ws: context.components.websocket }
    : { rest: devSettings("rest-api", "aws"), ws: devSettings("websocket", "aws") };

  // With a release in progress, each function runs twice, as versions "1" (previous) and "2" (new),
  // behind a weighted alias; the WebSocket handler pins connections through the local Invoke API.
  const traffic = context.traffic;
  const build = async (kind: ComponentKind, component: ComponentSettings, env: Record<string, string>) => {
    const artifact = await buildArtifact(awsArtifactSpec(component, context.projectDir));
    const instance = (version?: string) =>
      LocalLambda.fromZip({
        name: kind,
        zipPath: artifact.path,
        workDir: path.join(context.workDir, "aws"),
        timeoutSeconds: Math.min(component.timeoutSeconds, 29),
        memoryMb: component.memoryMb,
        env: { ...component.variables, ...env },
        output: (line) => log.function(version ? `${kind}:${version}` : kind, line),
        version,
      });
    const alias = traffic
      ? LocalAlias.weighted(await instance(LOCAL_VERSIONS.previous), await instance(LOCAL_VERSIONS.next), traffic)
      : LocalAlias.single("$LATEST", await instance());
    await alias.start();
    // With auth, the `$connect` authorizer runs from the same zip as its own function, as deployed (components/aws/auth.ts).
    const authorizer = component.kind === "websocket" && component.auth
      ? await LocalLambda.fromZip({ name: `${kind}-authorizer`, zipPath: artifact.path, workDir: path.join(context.workDir, "aws"), handler: AUTHORIZER_HANDLER, timeoutSeconds: 10, env: authEnv(component), output: (line) => log.function(`${kind}-authorizer`, line) })
      : undefined;
    await authorizer?.start();
    return { lambda: alias, digest: artifact.digest, authorizer };

  };
  const wsEnv = {
    CONNECTIONS_TABLE: LOCAL_TABLE,
    SEMANTEST_MANAGEMENT_ENDPOINT: managementEndpoint,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    // Where the handler's LambdaClient forwards an event to its connection's version (lambda-api.ts).
    AWS_ENDPOINT_URL_LAMBDA: context.webSocketBaseUrl,
  };
  // The settings the stack gives a REST function that pushes to WebSocket clients (SEMANTEST_PUSH_*,
  // the push contract of runtime/shared/push-contract.ts), pointing at this gateway.
  const pushEnv = { SEMANTEST_PUSH_PROVIDER: "aws", SEMANTEST_PUSH_ENDPOINT: managementEndpoint, SEMANTEST_PUSH_TABLE: LOCAL_TABLE, SEMANTEST_PUSH_REGION: "us-east-1" };
  const buildAll = async () => {
    // The REST function gets the registry and @connections too, so its own code can push to
    // WebSocket clients (ApiGatewayManagementApiClient) as a deployed one can.
    const restEnv = context.restPushEnv ?? { ...wsEnv, ...pushEnv };
    const [rest, ws] = await Promise.all([
      context.only === "websocket" ? undefined : build("rest-api", settings.rest, restEnv),
      context.only === "rest-api" ? undefined : build("websocket", settings.ws, wsEnv),
    ]);
    log.info(`built ${[rest && `rest-api ${rest.digest.slice(0, 19)}`, ws && `websocket ${ws.digest.slice(0, 19)}`].filter(Boolean).join(" and ")} (aws artifacts)`);
    if (traffic) log.info(`release in progress: versions ${LOCAL_VERSIONS.previous} (previous) and ${LOCAL_VERSIONS.next} (new, weight ${traffic.weight}, seed ${traffic.seed ?? 1}) side by side`);
    return { rest: rest?.lambda, ws: ws?.lambda, wsAuthorizer: ws?.authorizer };
  };
  const stopAll = (built: Awaited<ReturnType<typeof buildAll>>) => Promise.all([built.rest?.stop(), built.ws?.stop(), built.wsAuthorizer?.stop()]);
  const running = (lambda: LocalAlias | undefined, kind: ComponentKind): LocalAlias => {
    if (!lambda) throw new Error(`${kind} does not run on this host`);
    return lambda;
  };
  let functions = await buildAll();

  const http = new HttpApiEmulator({
    apiId: "local-http",
    invoke: (event, requestId) => running(functions.rest, "rest-api").invoke(event, requestId),
    onInvocation: (e) => log.invocation("rest", `${e.method} ${e.path}`, e.status, e.ms, e.error),
    // API Gateway's JWT authorizer, when the REST API has auth (runtime/local/auth.ts).
    ...(settings.rest.kind === "rest-api" && settings.rest.auth ? { authorize: httpApiJwtAuthorizer(settings.rest.auth) } : {}),
  });
  const idleSeconds = context.idleTimeoutSeconds ?? (settings.ws.kind === "websocket" ? settings.ws.idleTimeoutSeconds : 600);
  const websocket = new ApiGatewayWebSocketEmulator({
    apiId: "local-ws",
    stage: LOCAL_STAGE,
    limits: { idleSeconds },
    invoke: (event, requestId) => running(functions.ws, "websocket").invoke(event, requestId),
    onInvocation: (e) => log.invocation("ws", `${e.route} ${e.connectionId}`, e.status, e.ms, e.error),
    onManagement: (e) => log.invocation("mgmt", `${e.method} @connections/${e.connectionId}`, e.status),
    ...(settings.ws.kind === "websocket" && settings.ws.auth
      ? { authorizeConnect: connectAuthorizer({ tokenSource: settings.ws.auth.tokenSource, invoke: (event, requestId) => {
            if (!functions.wsAuthorizer) throw new Error("the $connect authorizer does not run on this host");
            return functions.wsAuthorizer.invoke(event, requestId);
          } }) }
      : {}),
  });

  return {
    handleRest: (req, res) => http.handle(req, res),
    attachWebSocket: (server) => websocket.attach(server),
    handleWebSocketHttp: (req, res) =>
      handleLambdaInvoke(req, res, {
        functions: () => new Map([["rest-api", functions.rest], ["websocket", functions.ws]]),
        onInvocation: (e) => log.invocation("function", `Invoke ${e.functionName}:${e.qualifier}`, e.status),
      }) || websocket.handleManagement(req, res),
    async reload() {
      const next = await buildAll();
      const previous = functions;
      functions = next;
      await stopAll(previous);
    },
    async registry() {
      const items = await dynamo.client.send(new ScanCommand({ TableName: LOCAL_TABLE }));
      const connections: string[] = [];
      const topics: Record<string, string[]> = {};
      for (const item of items.Items ?? []) {
        const pk = item.pk?.S ?? "";
        const sk = item.sk?.S ?? "";
        if (pk === "connections") connections.push(sk);
        else if (pk.startsWith("topic#")) (topics[pk.slice("topic#".length)] ??= []).push(sk);
      }
      return { connections: connections.sort(), topics };
    },
    page: { provider: "aws", webSocketUrl: `${context.webSocketBaseUrl.replace(/^http/, "ws")}/${LOCAL_STAGE}` },
    urls: {
      "REST API (HTTP API v2 -> Lambda)": context.restBaseUrl,
      "WebSocket API": `${context.webSocketBaseUrl.replace(/^http/, "ws")}/${LOCAL_STAGE}`,
      "@connections endpoint": `${managementEndpoint}/@connections/{connectionId}`,
      "DynamoDB (dynalite)": dynamo.endpoint,
    },
    async close() {
      await websocket.close();
      await stopAll(functions);
      await dynamo.close();
    },
  };
}
