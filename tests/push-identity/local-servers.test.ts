/**
 * The local STS and Entra ID under malformed input: every parser throws its own error type (never
 * a crash), every server answers each request with a 200 or a 4xx and keeps serving (seeded
 * fast-check, bounded).
 */
import fc from "fast-check";
import { checkFederationSettings } from "../../runtime/aws/push-federation";
import { parseWebIdentityTokenRequest, StsRequestError } from "../../runtime/local/aws/sts";
import { EntraError, parseTokenRequest, scopeResource } from "../../runtime/local/azure/federation";
import { PushConfigurationError } from "../../runtime/shared/push-contract";
import { trustTestCertificate } from "../push/support/tls";
import { ROLE_KEY, startRig, TENANT_ID, type Rig } from "./support";

jest.setTimeout(60_000);

const form = fc.dictionary(fc.oneof(fc.constantFrom("Action", "Audience.member.1", "Audience.member.2", "SigningAlgorithm", "DurationSeconds", "grant_type", "client_id", "client_assertion_type", "client_assertion", "scope"), fc.string({ maxLength: 12 })), fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom("RS256", "ES384", "HS256", "60", "3601", "-1", "1e3", "client_credentials", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", "https://webpubsub.azure.com/.default")), { maxKeys: 8 });

describe("parsers", () => {
  it("parseWebIdentityTokenRequest: a request or a StsRequestError naming the parameter (seeded)", () => {
    fc.assert(
      fc.property(form, (fields) => {
        try {
          const parsed = parseWebIdentityTokenRequest(new URLSearchParams(fields));
          return parsed.audience.length >= 1 && parsed.durationSeconds >= 60 && parsed.durationSeconds <= 3600;
        } catch (error) {
          return error instanceof StsRequestError && error.status === 400 && /Audience|audience|SigningAlgorithm|DurationSeconds/.test(error.message);
        }
      }),
      { seed: 221, numRuns: 400 },
    );
  });

  it("parseTokenRequest and scopeResource: a request or an EntraError with an AADSTS code (seeded)", () => {
    fc.assert(
      fc.property(form, (fields) => {
        try {
          const parsed = parseTokenRequest(new URLSearchParams(fields));
          return scopeResource(parsed.scope, ["https://webpubsub.azure.com"]) === "https://webpubsub.azure.com";
        } catch (error) {
          return error instanceof EntraError && /^AADSTS\d+: /.test(error.message) && error.status >= 400 && error.status < 500;
        }
      }),
      { seed: 222, numRuns: 400 },
    );
  });

  it("checkFederationSettings: refuses non-GUIDs and non-https authorities naming the setting (seeded)", () => {
    const guid = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    expect(() => checkFederationSettings({ tenantId: "contoso", clientId: guid })).toThrow(/SEMANTEST_PUSH_TENANT_ID: "contoso" is not a tenant id; allowed: a GUID/);
    expect(() => checkFederationSettings({ tenantId: guid, clientId: guid, authorityHost: "http://127.0.0.1:1" })).toThrow(/SEMANTEST_PUSH_AUTHORITY_HOST: "http:\/\/127.0.0.1:1" is not an https URL/);
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), fc.option(fc.string({ maxLength: 40 }), { nil: undefined }), (tenantId, clientId, authorityHost) => {
        try {
          checkFederationSettings({ tenantId, clientId, authorityHost });
          return true;
        } catch (error) {
          return error instanceof PushConfigurationError && /^SEMANTEST_PUSH_(TENANT_ID|CLIENT_ID|AUTHORITY_HOST): /.test(error.message);
        }
      }),
      { seed: 223, numRuns: 300 },
    );
  });
});

describe("servers keep serving", () => {
  let rig: Rig;
  let untrust: () => void;
  beforeAll(async () => {
    untrust = trustTestCertificate();
    rig = await startRig();
  });
  afterAll(async () => {
    await rig.close();
    untrust();
  });

  const post = async (url: string, body: string, headers: Record<string, string> = {}) => {
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body });
    return { status: response.status, text: await response.text() };
  };
  /** Node's https (whose tls.connect trustTestCertificate patches; global fetch does not use it). */
  const https = (url: string, method = "POST", body = "") =>
    import("https").then(({ request }) => new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(url, { method, headers: { "content-type": "application/x-www-form-urlencoded" } }, (res) => {
        let text = "";
        res.on("data", (c: Buffer) => (text += c.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on("error", reject);
      req.end(body);
    }));

  it("the local STS answers every form with 200 or a 4xx XML error (seeded), then still issues a token", async () => {
    await fc.assert(
      fc.asyncProperty(form, fc.boolean(), async (fields, signed) => {
        const answer = await post(`${rig.sts.endpoint}/`, new URLSearchParams(fields).toString(), signed ? { authorization: `AWS4-HMAC-SHA256 Credential=${ROLE_KEY}/20261130/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=00` } : {});
        return answer.status === 200 || (answer.status >= 400 && answer.status < 500 && answer.text.includes("<ErrorResponse"));
      }),
      { seed: 224, numRuns: 60 },
    );
    const ok = await post(`${rig.sts.endpoint}/`, "Action=GetWebIdentityToken&Version=2011-06-15&Audience.member.1=api%3A%2F%2FAzureADTokenExchange&SigningAlgorithm=RS256", { authorization: `AWS4-HMAC-SHA256 Credential=${ROLE_KEY}/20261130/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=00` });
    expect(ok.status).toBe(200);
    expect(ok.text).toMatch(/<WebIdentityToken>eyJ[\w-]+\.[\w-]+\.[\w-]+<\/WebIdentityToken>/);
    expect((await post(`${rig.sts.endpoint}/`, "Action=GetWebIdentityToken&Audience.member.1=a&SigningAlgorithm=RS256")).status).toBe(403);
  });

  it("the local Entra ID answers every token request with a 4xx JSON error (seeded), then still serves discovery", async () => {
    await fc.assert(
      fc.asyncProperty(form, async (fields) => {
        const answer = await https(`${rig.entra.authorityHost}/${TENANT_ID}/oauth2/v2.0/token`, "POST", new URLSearchParams(fields).toString());
        return answer.status >= 400 && answer.status < 500 && /"error_codes":\[\d+\]/.test(answer.text);
      }),
      { seed: 225, numRuns: 60 },
    );
    const discovery = await https(`${rig.entra.authorityHost}/${TENANT_ID}/v2.0/.well-known/openid-configuration`, "GET");
    expect(discovery.status).toBe(200);
    expect(JSON.parse(discovery.text)).toMatchObject({ token_endpoint: `${rig.entra.authorityHost}/${TENANT_ID}/oauth2/v2.0/token` });
    expect((await https(`${rig.entra.authorityHost}/another-tenant/oauth2/v2.0/token`)).text).toContain("AADSTS90002");
    expect(rig.entra.calls.every((c) => c.status >= 400 && c.status < 500)).toBe(true);
  });
});
