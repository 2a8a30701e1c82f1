/**
 * The keyless REST-on-AWS -> Web PubSub path on loopback, every piece the real one or its local
 * stand-in: the Web PubSub emulator (runtime/local/azure/web-pubsub.ts) with an identity key, the
 * local STS (runtime/local/aws/sts.ts) and the local Entra ID (runtime/local/azure/federation.ts)
 * that trusts that STS's issuer for one role and also fronts the service REST API over TLS.
 */
import { WebPubSubServiceClient } from "@azure/web-pubsub";
import { randomBytes } from "crypto";
import * as http from "http";
import type { AddressInfo } from "net";
import { startLocalSts, type LocalSts } from "../../runtime/local/aws/sts";
import { startLocalEntra, type FederatedCredential, type LocalEntra } from "../../runtime/local/azure/federation";
import { WebPubSubEmulator } from "../../runtime/local/azure/web-pubsub";
import { PUSH_FEDERATION } from "../../runtime/shared/push-contract";
import { selfSignedCertificate } from "../push/support/tls";

export const HUB = "semantest";
export const ROLE_ARN = "arn:aws:iam::123456789012:role/semantest/rest-api-role-1a2b3c";
export const ROLE_KEY = "AKIARESTROLE00000000";
export const TENANT_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47";
export const CLIENT_ID = "0b5a7d9c-1e2f-4a3b-8c4d-5e6f7a8b9c0d";
export const PRINCIPAL_ID = "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a";

export interface Rig {
  readonly service: WebPubSubEmulator;
  readonly sts: LocalSts;
  readonly entra: LocalEntra;
  /** The service's plain-HTTP base (clients' WebSockets). */
  readonly base: string;
  /** A key-based client for test setup only (client tokens, groups). */
  readonly admin: WebPubSubServiceClient;
  /** Every call the service REST API answered (the admin's included). */
  readonly serviceCalls: readonly { method: string; path: string; status: number }[];
  close(): Promise<void>;
}

/** `credential` overrides the federated credential the identity has (refusal cases). */
export async function startRig(credential: Partial<FederatedCredential> = {}, account: { federationEnabled?: boolean } = {}): Promise<Rig> {
  const accessKey = randomBytes(32).toString("base64");
  const identityKey = randomBytes(32).toString("base64");
  const serviceCalls: { method: string; path: string; status: number }[] = [];
  const service = new WebPubSubEmulator({ accessKey, identityKey, eventHandlers: {}, onServiceCall: (call) => serviceCalls.push(call) });
  const server = http.createServer((req, res) => {
    if (!service.handleRest(req, res)) res.writeHead(404).end();
  });
  service.attach(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  service.setEndpoint(base);
  // The role may only ask for Entra's audience, as components/push/statements.ts allows it.
  const sts = await startLocalSts({ account: "123456789012", principals: { [ROLE_KEY]: ROLE_ARN }, allowedAudiences: [PUSH_FEDERATION.audience], ...account });
  const entra = await startLocalEntra({
    tls: selfSignedCertificate(),
    tenantId: TENANT_ID,
    signingKey: identityKey,
    identities: [{ clientId: CLIENT_ID, principalId: PRINCIPAL_ID, credentials: [{ issuer: sts.issuer, subject: ROLE_ARN, audiences: [PUSH_FEDERATION.audience], ...credential }] }],
    serve: (req, res) => service.handleRest(req, res),
  });
  return {
    service,
    sts,
    entra,
    base,
    admin: new WebPubSubServiceClient(service.connectionString, HUB, { allowInsecureConnection: true }),
    serviceCalls,
    async close() {
      await Promise.all([sts.close(), entra.close()]);
      await service.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The Lambda environment components/push/federation.ts sets, pointed at the rig. */
export function lambdaEnv(rig: Rig): Record<string, string> {
  return {
    SEMANTEST_PUSH_PROVIDER: "azure",
    SEMANTEST_PUSH_ENDPOINT: rig.entra.authorityHost,
    SEMANTEST_PUSH_HUB: HUB,
    SEMANTEST_PUSH_TENANT_ID: TENANT_ID,
    SEMANTEST_PUSH_CLIENT_ID: CLIENT_ID,
    SEMANTEST_PUSH_AUTHORITY_HOST: rig.entra.authorityHost,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: ROLE_KEY,
    AWS_SECRET_ACCESS_KEY: "rest-role-secret",
    AWS_ENDPOINT_URL_STS: rig.sts.endpoint,
  };
}
