/**
 * A stack that puts the REST API on AWS and the WebSocket server on Azure (the production plan),
 * run locally: the REST Lambda on the AWS host, the WebSocket Function App beside the Web PubSub
 * emulation on the Azure host. The REST Lambda pushes through its real adapter (runtime/aws/push.ts):
 * the push settings name Azure, and the Web PubSub connection string (the emulator's, with its
 * random access key) sits in a local Secrets Manager the Lambda reads with SecretsManagerClient,
 * exactly where a deployed one reads it (components/push stores it in Secrets Manager).
 */
import { PUSH_ENV } from "../shared/push-contract";
import { startAwsHost } from "./aws/host";
import { startSecretsManager } from "./aws/secrets-manager";
import { LOCAL_HUB, startAzureHost } from "./azure/host";
import type { HostContext, ProviderHost } from "./host";
import { requestUrl } from "./safe-input";

const LOCAL_REGION = "us-east-1";
/** The page negotiates through the REST origin (runtime/local/azure/host.ts). */
const PAGE_NEGOTIATE_PATH = "/_local/negotiate";

export async function startAwsRestAzureWebSocketHost(context: HostContext): Promise<ProviderHost> {
  const ws = await startAzureHost({ ...context, only: "websocket" });
  const secrets = await startSecretsManager(LOCAL_REGION).catch(async (error: unknown) => {
    await ws.close();
    throw error;
  });
  let rest: ProviderHost;
  try {
    const arn = secrets.put("semantest-local/web-pubsub-connection-string", ws.urls["Web PubSub connection string"] ?? "");
    rest = await startAwsHost({
      ...context,
      only: "rest-api",
      restPushEnv: {
        [PUSH_ENV.provider]: "azure",
        [PUSH_ENV.hub]: LOCAL_HUB,
        [PUSH_ENV.credentialArn]: arn,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
      },
    });
  } catch (error) {
    await Promise.all([ws.close(), secrets.close()]);
    throw error;
  }
  return {
    handleRest: (req, res) => (requestUrl(req.url)?.pathname === PAGE_NEGOTIATE_PATH ? ws.handleRest(req, res) : rest.handleRest(req, res)),
    attachWebSocket: (server) => ws.attachWebSocket(server),
    handleWebSocketHttp: (req, res) => ws.handleWebSocketHttp(req, res),
    async reload() {
      await Promise.all([rest.reload(), ws.reload()]);
    },
    registry: () => ws.registry(),
    page: ws.page,
    urls: {
      "REST API (HTTP API v2 -> Lambda)": rest.urls["REST API (HTTP API v2 -> Lambda)"] ?? context.restBaseUrl,
      ...Object.fromEntries(Object.entries(ws.urls).filter(([name]) => !name.startsWith("REST API"))),
      "Secrets Manager (the Web PubSub connection string)": secrets.endpoint,
    },
    async close() {
      await Promise.all([rest.close(), ws.close()]);
      await secrets.close();
    },
  };
}
