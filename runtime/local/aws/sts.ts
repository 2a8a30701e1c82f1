/**
 * A local AWS STS that answers `GetWebIdentityToken` (IAM outbound identity federation) for the
 * roles it knows, and publishes its account issuer's OIDC discovery document and keys, so a REST
 * Lambda's real code path (runtime/aws/push-federation.ts: STSClient, endpoint from
 * AWS_ENDPOINT_URL_STS) runs locally and a local Entra ID (runtime/local/azure/federation.ts) can
 * verify what it issues exactly as Entra verifies AWS's tokens.
 *
 * - Wire format: the awsQuery protocol STSClient speaks (`POST /`, form body `Action=
 *   GetWebIdentityToken&Version=2011-06-15&Audience.member.1=…&SigningAlgorithm=…&DurationSeconds=…`;
 *   answer `<GetWebIdentityTokenResponse><GetWebIdentityTokenResult><WebIdentityToken>…
 *   <Expiration>…`; errors `<ErrorResponse><Error><Type>Sender</Type><Code>…</Code><Message>…`
 *   with HTTP 400 or 403: AWS STS API Reference, "GetWebIdentityToken" and "Common Errors").
 * - Parameters as STS checks them (GetWebIdentityTokenRequest in @aws-sdk/client-sts): Audience
 *   required, SigningAlgorithm `RS256` or `ES384`, DurationSeconds 60 to 3600, default 300.
 * - The token: `iss` the issuer, `aud` the audience (a string for one, an array for several),
 *   `sub` the caller's role ARN, `iat`/`exp`/`jti`, and the AWS claims under
 *   `https://sts.amazonaws.com/` (IAM User Guide, "Understanding token claims").
 * - The issuer hosts `/.well-known/openid-configuration` and `/.well-known/jwks.json`
 *   (IAM API Reference, "EnableOutboundWebIdentityFederation": IssuerIdentifier).
 *
 * The caller is the access key id of the request's SigV4 `Authorization` header, mapped to a role
 * ARN by `principals`; an unsigned request or an unknown key is refused (403). The signature
 * itself is not recomputed: this server is for loopback use by the gateway's own functions. The
 * role's policy conditions on the audience and the account's feature switch can be emulated
 * (`allowedAudiences`, `federationEnabled`).
 */
import { randomUUID } from "crypto";
import * as http from "http";
import type { AddressInfo } from "net";
import { exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";
import { answerClientErrors, guardRequests, requestUrl } from "../safe-input";
import { readBody } from "./http-api";

const MAX_REQUEST_BYTES = 16 * 1024;
export const STS_NAMESPACE = "https://sts.amazonaws.com/";
export const STS_SIGNING_ALGORITHMS = ["RS256", "ES384"] as const;
const MAX_AUDIENCES = 10;

export interface LocalStsOptions {
  /** The account the roles are in (the `aws_account` claim). @default "000000000000" */
  readonly account?: string;
  /** @default "us-east-1" */
  readonly region?: string;
  /** Access key id -> the role ARN STS answers for (the token's `sub`). */
  readonly principals: Readonly<Record<string, string>>;
  /**
   * The audiences the roles' policies allow (their `ForAllValues:StringEquals` on
   * `sts:IdentityTokenAudience`, components/push/statements.ts): a request for any other is
   * AccessDenied, as IAM answers it. @default any audience
   */
  readonly allowedAudiences?: readonly string[];
  /** false: the account has not enabled outbound identity federation (403 OutboundWebIdentityFederationDisabledException). @default true */
  readonly federationEnabled?: boolean;
  readonly host?: string;
}

export interface LocalSts {
  /** `http://127.0.0.1:<port>`: AWS_ENDPOINT_URL_STS. */
  readonly endpoint: string;
  /** The account's issuer URL (what GetOutboundWebIdentityFederationInfo returns): the tokens' `iss`. */
  readonly issuer: string;
  /** The public keys (the JWKS document's `keys`). */
  readonly keys: readonly JWK[];
  /** Every GetWebIdentityToken answered or refused, for tests and the gateway's log. */
  readonly calls: readonly { principal?: string; audience: string[]; status: number; code?: string }[];
  close(): Promise<void>;
}

export class StsRequestError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

export interface WebIdentityTokenRequest {
  readonly audience: string[];
  readonly signingAlgorithm: (typeof STS_SIGNING_ALGORITHMS)[number];
  readonly durationSeconds: number;
}

/** Parses a GetWebIdentityToken form body the way STS validates it; throws StsRequestError (400) naming the parameter. */
export function parseWebIdentityTokenRequest(form: URLSearchParams): WebIdentityTokenRequest {
  const audience: string[] = [];
  for (let i = 1; form.has(`Audience.member.${i}`); i++) audience.push(form.get(`Audience.member.${i}`)!);
  if (audience.length === 0) throw new StsRequestError(400, "ValidationError", "1 validation error detected: Value null at 'audience' failed to satisfy constraint: Member must not be null");
  if (audience.length > MAX_AUDIENCES) throw new StsRequestError(400, "ValidationError", `Audience has ${audience.length} members; allowed: 1 to ${MAX_AUDIENCES}`);
  const bad = audience.find((a) => a.length === 0 || a.length > 1000);
  if (bad !== undefined) throw new StsRequestError(400, "ValidationError", `Audience member ${JSON.stringify(bad.slice(0, 80))} is not 1 to 1000 characters`);
  const algorithm = form.get("SigningAlgorithm");
  if (!(STS_SIGNING_ALGORITHMS as readonly (string | null)[]).includes(algorithm)) {
    throw new StsRequestError(400, "ValidationError", `SigningAlgorithm ${JSON.stringify(algorithm)} is not supported; allowed: ${STS_SIGNING_ALGORITHMS.join(", ")}`);
  }
  const rawDuration = form.get("DurationSeconds");
  const duration = rawDuration === null ? 300 : Number(rawDuration);
  if (!Number.isInteger(duration) || duration < 60 || duration > 3600) {
    throw new StsRequestError(400, "ValidationError", `DurationSeconds ${JSON.stringify(rawDuration)} is out of range; allowed: an integer from 60 to 3600`);
  }
  return { audience, signingAlgorithm: algorithm as WebIdentityTokenRequest["signingAlgorithm"], durationSeconds: duration };
}

const xml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function answerXml(res: http.ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "content-type": "text/xml", "x-amzn-requestid": randomUUID() }).end(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
}

function answerError(res: http.ServerResponse, error: StsRequestError): void {
  answerXml(res, error.status, `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${xml(error.code)}</Code><Message>${xml(error.message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`);
}

export async function startLocalSts(options: LocalStsOptions): Promise<LocalSts> {
  const account = options.account ?? "000000000000";
  const region = options.region ?? "us-east-1";
  const host = options.host ?? "127.0.0.1";
  const pairs = {
    RS256: await generateKeyPair("RS256"),
    ES384: await generateKeyPair("ES384"),
  };
  const kids = { RS256: randomUUID(), ES384: randomUUID() };
  const keys: JWK[] = await Promise.all(
    (Object.keys(pairs) as (keyof typeof pairs)[]).map(async (alg) => ({ ...(await exportJWK(pairs[alg].publicKey)), kid: kids[alg], alg, use: "sig" })),
  );
  const calls: { principal?: string; audience: string[]; status: number; code?: string }[] = [];
  let issuer = "";

  const issue = async (req: http.IncomingMessage, form: URLSearchParams): Promise<string> => {
    const keyId = /Credential=([^/,\s]+)\//.exec(String(req.headers.authorization ?? ""))?.[1];
    if (!keyId) throw new StsRequestError(403, "MissingAuthenticationToken", "Request is missing Authentication Token (a SigV4 Authorization header)");
    const principal = Object.prototype.hasOwnProperty.call(options.principals, keyId) ? options.principals[keyId] : undefined;
    if (!principal) throw new StsRequestError(403, "InvalidClientTokenId", `The security token included in the request is invalid (access key ${JSON.stringify(keyId.slice(0, 40))} is not one of this local STS's principals)`);
    const request = parseWebIdentityTokenRequest(form);
    if (options.federationEnabled === false) {
      throw new StsRequestError(403, "OutboundWebIdentityFederationDisabledException", "Outbound web identity federation is disabled for this account");
    }
    const refused = options.allowedAudiences ? request.audience.find((a) => !options.allowedAudiences!.includes(a)) : undefined;
    if (refused !== undefined) {
      throw new StsRequestError(403, "AccessDenied", `User: ${principal} is not authorized to perform: sts:GetWebIdentityToken (audience ${JSON.stringify(refused.slice(0, 80))} is not allowed by its policy)`);
    }
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({
      [STS_NAMESPACE]: { aws_account: account, source_region: region, principal_id: principal },
    })
      .setProtectedHeader({ alg: request.signingAlgorithm, kid: kids[request.signingAlgorithm], typ: "JWT" })
      .setIssuer(issuer)
      .setAudience(request.audience.length === 1 ? request.audience[0]! : request.audience)
      .setSubject(principal)
      .setIssuedAt(now)
      .setExpirationTime(now + request.durationSeconds)
      .setJti(randomUUID())
      .sign(pairs[request.signingAlgorithm].privateKey);
    calls.push({ principal, audience: request.audience, status: 200 });
    const expiration = new Date((now + request.durationSeconds) * 1000).toISOString();
    return `<GetWebIdentityTokenResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetWebIdentityTokenResult><WebIdentityToken>${token}</WebIdentityToken><Expiration>${expiration}</Expiration></GetWebIdentityTokenResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></GetWebIdentityTokenResponse>`;
  };

  const server = http.createServer(
    guardRequests(async (req, res) => {
      const path = requestUrl(req.url)?.pathname;
      if (req.method === "GET" && path === "/.well-known/openid-configuration") {
        return void res.writeHead(200, { "content-type": "application/json" }).end(
          JSON.stringify({ issuer, jwks_uri: `${issuer}/.well-known/jwks.json`, response_types_supported: ["id_token"], subject_types_supported: ["public"], id_token_signing_alg_values_supported: [...STS_SIGNING_ALGORITHMS] }),
        );
      }
      if (req.method === "GET" && path === "/.well-known/jwks.json") return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys }));
      const body = await readBody(req, MAX_REQUEST_BYTES);
      if (req.method !== "POST" || path !== "/") return answerError(res, new StsRequestError(400, "InvalidAction", `${req.method} ${path ?? "(bad URL)"} is not served here; allowed: POST / (Action=GetWebIdentityToken), GET /.well-known/openid-configuration, GET /.well-known/jwks.json`));
      if (!body) return answerError(res, new StsRequestError(400, "ValidationError", `the request is larger than ${MAX_REQUEST_BYTES} bytes`));
      const form = new URLSearchParams(body.toString("utf8"));
      const action = form.get("Action");
      if (action !== "GetWebIdentityToken") return answerError(res, new StsRequestError(400, "InvalidAction", `Action ${JSON.stringify(action)} is not served here; allowed: GetWebIdentityToken`));
      try {
        answerXml(res, 200, await issue(req, form));
      } catch (error) {
        if (!(error instanceof StsRequestError)) throw error;
        calls.push({ audience: form.getAll("Audience.member.1"), status: error.status, code: error.code });
        answerError(res, error);
      }
    }),
  );
  answerClientErrors(server);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve());
  });
  const endpoint = `http://${host}:${(server.address() as AddressInfo).port}`;
  issuer = endpoint;
  return {
    endpoint,
    issuer,
    keys,
    calls,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
