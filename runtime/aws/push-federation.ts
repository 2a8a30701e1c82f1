/**
 * The Azure credential of a REST Lambda pushing to Web PubSub, without any key (components/push/
 * federation.ts declares both sides):
 *
 * - AWS STS `GetWebIdentityToken` gives the function's role a JWT for the audience
 *   `api://AzureADTokenExchange` (IAM outbound identity federation). The call goes to the regional
 *   STS endpoint of the function's region: "The GetWebIdentityToken API is not available on the
 *   STS Global endpoint" (IAM User Guide, "Getting started with outbound identity federation");
 *   STSClient uses the regional one unless `useGlobalEndpoint` (default false in
 *   @aws-sdk/client-sts's endpoint parameters).
 * - `ClientAssertionCredential` (@azure/identity) sends it as the client assertion of the
 *   user-assigned identity's client id, and Entra ID answers with that identity's access token when
 *   the assertion's issuer, subject and audience match its federated identity credential.
 *
 * `AWS_ENDPOINT_URL_STS` and `SEMANTEST_PUSH_AUTHORITY_HOST` point both at local servers in the
 * local gateway (runtime/local/aws/sts.ts, runtime/local/azure/federation.ts); unset when deployed.
 */
import { GetWebIdentityTokenCommand, STSClient } from "@aws-sdk/client-sts";
import type { TokenCredential } from "@azure/core-auth";
import { ClientAssertionCredential } from "@azure/identity";
import { PUSH_ENV, PUSH_FEDERATION, PushConfigurationError } from "../shared/push-contract";

export interface FederationSettings {
  /** The Entra tenant of the user-assigned identity. */
  readonly tenantId: string;
  /** The user-assigned identity's client id. */
  readonly clientId: string;
  /** A local token endpoint's host (`https://127.0.0.1:<port>`); Entra's public cloud when absent. */
  readonly authorityHost?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Refuses settings Entra would refuse later with a vaguer message, naming the setting. */
export function checkFederationSettings(settings: FederationSettings): FederationSettings {
  if (!GUID.test(settings.tenantId)) throw new PushConfigurationError(`${PUSH_ENV.tenantId}: ${JSON.stringify(settings.tenantId)} is not a tenant id; allowed: a GUID`);
  if (!GUID.test(settings.clientId)) throw new PushConfigurationError(`${PUSH_ENV.clientId}: ${JSON.stringify(settings.clientId)} is not a client id; allowed: a GUID`);
  if (settings.authorityHost !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(settings.authorityHost);
    } catch {
      url = undefined;
    }
    // MSAL only talks to an https authority.
    if (url?.protocol !== "https:") throw new PushConfigurationError(`${PUSH_ENV.authorityHost}: ${JSON.stringify(settings.authorityHost)} is not an https URL`);
  }
  return settings;
}

/** One STS web identity token for Entra ID, with the function's own role; errors say what the account or role lacks. */
export async function stsAssertion(sts: STSClient): Promise<string> {
  // @aws-sdk/* is the Lambda runtime's own copy (artifacts/aws.ts LAMBDA_EXTERNALS): one older
  // than the GetWebIdentityToken release (IAM outbound identity federation, November 2025) lacks it.
  if (typeof GetWebIdentityTokenCommand !== "function") {
    throw new PushConfigurationError("this @aws-sdk/client-sts has no GetWebIdentityTokenCommand (the runtime's SDK predates IAM outbound identity federation); bundle a newer @aws-sdk/client-sts");
  }
  let token: string | undefined;
  try {
    const answer = await sts.send(
      new GetWebIdentityTokenCommand({ Audience: [PUSH_FEDERATION.audience], SigningAlgorithm: PUSH_FEDERATION.signingAlgorithm, DurationSeconds: PUSH_FEDERATION.durationSeconds }),
    );
    token = answer.WebIdentityToken;
  } catch (error) {
    const name = (error as { name?: string }).name ?? "Error";
    const why =
      name === "OutboundWebIdentityFederationDisabledException"
        ? "the AWS account has not enabled outbound identity federation (once per account: `aws iam enable-outbound-web-identity-federation`)"
        : name === "AccessDenied" || name === "AccessDeniedException"
          ? `the function's role may not call sts:GetWebIdentityToken for ${PUSH_FEDERATION.audience} (components/push/statements.ts)`
          : "STS refused it";
    throw new PushConfigurationError(`sts:GetWebIdentityToken failed (${name}: ${(error as Error).message}): ${why}`);
  }
  if (!token) throw new PushConfigurationError("sts:GetWebIdentityToken answered without a WebIdentityToken");
  return token;
}

/** The credential WebPubSubServiceClient calls the service with: Entra tokens of the federated identity. */
export function federatedCredential(settings: FederationSettings, sts: STSClient = new STSClient({})): TokenCredential {
  const { tenantId, clientId, authorityHost } = checkFederationSettings(settings);
  // A local authority is not one of Entra's clouds: skip MSAL's instance discovery, which asks
  // login.microsoftonline.com about it (@azure/identity AuthorityValidationOptions).
  const local = authorityHost ? { authorityHost, disableInstanceDiscovery: true } : {};
  return new ClientAssertionCredential(tenantId, clientId, () => stsAssertion(sts), local);
}
