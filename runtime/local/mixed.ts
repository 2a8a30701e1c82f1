/**
 * A stack that puts the REST API on AWS and the WebSocket server on Azure (the production plan),
 * run locally: the REST Lambda on the AWS host, the WebSocket Function App beside the Web PubSub
 * emulation on the Azure host. The REST Lambda pushes through its real adapter (runtime/aws/push.ts)
 * with no key, as deployed (components/push/federation.ts): its STSClient gets a web identity token
 * from a local STS (./aws/sts.ts, AWS_ENDPOINT_URL_STS), its ClientAssertionCredential exchanges it
 * at a local Entra ID (./azure/federation.ts, SEMANTEST_PUSH_AUTHORITY_HOST) that trusts that STS's
 * issuer for the REST role, and the access token it gets is signed with the emulator's identity key.
 * The same TLS server fronts the service REST API (the Azure SDK sends bearer tokens over https only).
 */
import { randomBytes, randomUUID } from "crypto";
import { PUSH_ENV, PUSH_FEDERATION } from "../shared/push-contract";
import { startAwsHost } from "./aws/host";
import { startLocalSts, type LocalSts } from "./aws/sts";
import { startLocalEntra, type LocalEntra } from "./azure/federation";
import { LOCAL_HUB, startAzureHost } from "./azure/host";
import { localCertificate } from "./azure/identity";
import type { HostContext, ProviderHost } from "./host";
import { requestUrl } from "./safe-input";

const LOCAL_REGION = "us-east-1";
/** The page negotiates through the REST origin (runtime/local/azure/host.ts). */
const PAGE_NEGOTIATE_PATH = "/_local/negotiate";
/** The REST Lambda's role, as the local STS names its caller (the federated credential's subject). */
export const LOCAL_REST_ROLE_ARN = "arn:aws:iam::000000000000:role/semantest-local-rest-api";
const LOCAL_REST_ACCESS_KEY = "LOCALRESTAPIROLE";

export async function startAwsRestAzureWebSocketHost(context: HostContext): Promise<ProviderHost> {
  const identityKey = randomBytes(32).toString("base64");
  const ws = await startAzureHost({ ...context, only: "websocket" }, { identityKey });
  let sts: LocalSts | undefined;
  let entra: LocalEntra | undefined;
  let rest: ProviderHost;
  try {
    sts = await startLocalSts({ region: LOCAL_REGION, principals: { [LOCAL_REST_ACCESS_KEY]: LOCAL_REST_ROLE_ARN }, allowedAudiences: [PUSH_FEDERATION.audience] });
    const tls = localCertificate(context.workDir);
    const tenantId = randomUUID();
    const clientId = randomUUID();
    entra = await startLocalEntra({
      tls,
      tenantId,
      signingKey: identityKey,
      identities: [{ clientId, principalId: randomUUID(), credentials: [{ issuer: sts.issuer, subject: LOCAL_REST_ROLE_ARN, audiences: [PUSH_FEDERATION.audience] }] }],
      serve: (req, res) => ws.handleWebSocketHttp(req, res),
    });
    rest = await startAwsHost({
      ...context,
      only: "rest-api",
      restPushEnv: {
        [PUSH_ENV.provider]: "azure",
        [PUSH_ENV.endpoint]: entra.authorityHost,
        [PUSH_ENV.hub]: LOCAL_HUB,
        [PUSH_ENV.tenantId]: tenantId,
        [PUSH_ENV.clientId]: clientId,
        [PUSH_ENV.authorityHost]: entra.authorityHost,
        AWS_ENDPOINT_URL_STS: sts.endpoint,
        AWS_ACCESS_KEY_ID: LOCAL_REST_ACCESS_KEY,
        NODE_EXTRA_CA_CERTS: tls.certFile,
      },
    });
  } catch (error) {
    await Promise.all([ws.close(), sts?.close(), entra?.close()]);
    throw error;
  }
  const [stsServer, entraServer] = [sts, entra];
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
      "STS (the REST role's web identity tokens)": stsServer.endpoint,
      "Entra ID (federated credential) and Web PubSub REST API over TLS": entraServer.authorityHost,
    },
    async close() {
      await Promise.all([rest.close(), ws.close()]);
      await Promise.all([stsServer.close(), entraServer.close()]);
    },
  };
}
