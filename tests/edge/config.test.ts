/**
 * Issue 22: `semantest:components.<c>.domain` and `semantest:notifications`, parsed in the domain.
 * Every refusal names the field, quotes the value and says what is allowed; generated input never
 * makes the parser throw.
 */
import fc from "fast-check";
import {
  DeploymentConfiguration,
  formatProblem,
  hostNameProblem,
  parseCustomDomain,
  parseNotifications,
  relativeRecordName,
  type DomainContext,
} from "../../domain";

const ZONE_ID = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-dns/providers/Microsoft.Network/dnszones/semantest.com";
const VAULT_ID = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-sec/providers/Microsoft.KeyVault/vaults/kv-semantest";
const CERT_ARN = "arn:aws:acm:us-east-1:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
const aws: DomainContext = { kind: "rest-api", provider: "aws" };
const azureRest: DomainContext = { kind: "rest-api", provider: "azure" };
const azureWs: DomainContext = { kind: "websocket", provider: "azure", sku: "Premium_P1" };
const PATH = "semantest:components.rest-api.domain";

function problems(raw: unknown, context: DomainContext): string[] {
  const parsed = parseCustomDomain(raw, PATH, context);
  return parsed.ok ? [] : parsed.error.map(formatProblem);
}

describe("domain: parseCustomDomain", () => {
  it("accepts a name with a Route 53 zone on AWS, lower-cased and without the trailing dot", () => {
    expect(parseCustomDomain({ name: "API.Extension.Semantest.com.", hostedZoneId: "Z0123456789ABCDEFGHIJ" }, PATH, aws)).toEqual({
      ok: true,
      value: { name: "api.extension.semantest.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" },
    });
  });

  it("accepts an issued certificate instead of a zone on AWS", () => {
    const parsed = parseCustomDomain({ name: "api.semantest.com", certificateArn: CERT_ARN }, PATH, aws);
    expect(parsed.ok && parsed.value.certificateArn).toBe(CERT_ARN);
  });

  it("refuses a bare name on AWS: it needs a zone or a certificate, and says which", () => {
    expect(problems("api.semantest.com", aws)).toEqual([
      `${PATH}: (missing) has no certificate source on provider aws; allowed: hostedZoneId (Route 53 validates the certificate and aliases the name) or certificateArn (an issued ACM certificate; you point the name at the API yourself)`,
    ]);
  });

  it.each([
    ["a wildcard", "*.semantest.com", "is a wildcard"],
    ["one label", "localhost", "at least two labels"],
    ["a label with an underscore", "api_v1.semantest.com", 'has the label "api_v1"'],
    ["a label starting with a hyphen", "-api.semantest.com", 'has the label "-api"'],
    ["an empty label", "api..semantest.com", 'has the label ""'],
    ["a 64-character label", `${"a".repeat(64)}.semantest.com`, "labels of 1 to 63"],
    ["an IP address", "10.0.0.1", "numeric label"],
    ["a 254-character name", `${"a.".repeat(126)}com`, "at most 253"],
  ])("refuses %s, quoting it", (_what, name, why) => {
    const found = problems({ name, hostedZoneId: "Z123" }, aws);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`${PATH}.name: ${JSON.stringify(name).slice(0, 60)}`);
    expect(found[0]).toContain(why);
  });

  it("refuses malformed ids, naming each field", () => {
    const found = problems({ name: "api.semantest.com", hostedZoneId: "zone-1", certificateArn: "arn:aws:iam::1:role/x", dnsZoneId: "semantest.com", colour: "blue" }, aws);
    expect(found.map((p) => p.split(":")[1])).toEqual(
      expect.arrayContaining(["components.rest-api.domain.colour", "components.rest-api.domain.hostedZoneId", "components.rest-api.domain.certificateArn", "components.rest-api.domain.dnsZoneId"]),
    );
    expect(found.join("\n")).toContain('"zone-1" is not a Route 53 hosted zone id; allowed: Z followed by');
  });

  it("on Azure needs the DNS zone, under which the name must be, and not at its apex", () => {
    expect(problems({ name: "api.semantest.com" }, azureRest)).toEqual([
      `${PATH}.dnsZoneId: (missing) is required on provider azure: the Azure DNS zone where the program writes the CNAME and domain-verification records the binding needs`,
    ]);
    expect(problems({ name: "api.other.com", dnsZoneId: ZONE_ID }, azureRest)[0]).toContain('is the zone "semantest.com", which does not hold "api.other.com"');
    expect(problems({ name: "semantest.com", dnsZoneId: ZONE_ID }, azureRest)[0]).toContain("is the apex of the zone");
    expect(parseCustomDomain({ name: "api.semantest.com", dnsZoneId: ZONE_ID }, PATH, azureRest).ok).toBe(true);
  });

  it("on Azure Web PubSub needs Premium and a Key Vault certificate", () => {
    const standard = problems({ name: "ws.semantest.com", dnsZoneId: ZONE_ID }, { ...azureWs, sku: "Standard_S1" });
    expect(standard).toEqual([
      'semantest:components.rest-api.sku: "Standard_S1" does not serve custom domains; allowed with a domain: Premium_P1 (Web PubSub custom domains need the Premium tier)',
      `${PATH}.keyVaultCertificate: (missing) is required for a Web PubSub custom domain: { vaultId, name } of a Key Vault certificate for the name (Web PubSub has no managed certificates)`,
    ]);
    const parsed = parseCustomDomain({ name: "ws.semantest.com", dnsZoneId: ZONE_ID, keyVaultCertificate: { vaultId: VAULT_ID, name: "ws-semantest" } }, PATH, azureWs);
    expect(parsed.ok && parsed.value.keyVaultCertificate).toEqual({ vaultId: VAULT_ID, name: "ws-semantest" });
  });

  it("gives the record name relative to its zone", () => {
    expect(relativeRecordName("api.extension.semantest.com", "semantest.com")).toBe("api.extension");
    expect(relativeRecordName("semantest.com", "semantest.com")).toBe("@");
    expect(relativeRecordName("notsemantest.com", "semantest.com")).toBeUndefined();
  });

  it("never throws on generated input, and every problem names a path under the field and quotes something", () => {
    const anything = fc.oneof(fc.string({ maxLength: 300 }), fc.anything({ maxDepth: 3 }), fc.record({ name: fc.oneof(fc.domain(), fc.string()), hostedZoneId: fc.string(), dnsZoneId: fc.string() }, { requiredKeys: [] }));
    fc.assert(
      fc.property(anything, fc.constantFrom(aws, azureRest, azureWs), (raw, context) => {
        const parsed = parseCustomDomain(raw, PATH, context);
        if (!parsed.ok) {
          expect(parsed.error.length).toBeGreaterThan(0);
          for (const p of parsed.error) {
            expect(p.path.startsWith("semantest:components.rest-api.")).toBe(true);
            expect(p.message).toMatch(/allowed|required|needs/);
          }
        }
      }),
      { numRuns: 400, seed: 2211 },
    );
  });

  it("accepts every generated RFC 1035 host name (fast-check's domain arbitrary) that is not a wildcard or numeric", () => {
    fc.assert(
      fc.property(fc.domain(), (name) => {
        const why = hostNameProblem(name.toLowerCase());
        // fast-check's domain() may end in an all-numeric TLD-less label only when it is an IP-like name; none are.
        expect(why).toBeUndefined();
        const parsed = parseCustomDomain({ name, hostedZoneId: "Z1" }, PATH, aws);
        expect(parsed.ok && parsed.value.name).toBe(name.toLowerCase());
      }),
      { numRuns: 300, seed: 22 },
    );
  });
});

describe("domain: parseNotifications", () => {
  it("defaults to nobody, and keeps each target once", () => {
    expect(parseNotifications(undefined)).toEqual({ ok: true, value: { email: [], webhooks: [] } });
    expect(parseNotifications({ email: ["oncall@semantest.com", "oncall@semantest.com"], webhooks: ["https://hooks.example.com/a"] })).toEqual({
      ok: true,
      value: { email: ["oncall@semantest.com"], webhooks: ["https://hooks.example.com/a"] },
    });
  });

  it("refuses plain-HTTP webhooks, credentials in URLs, non-addresses and unknown keys, naming each", () => {
    const parsed = parseNotifications({ email: ["ops", "a@b.com, c@d.com"], webhooks: ["http://hooks.example.com", "https://user:pw@hooks.example.com"], pager: "x" });
    expect(parsed.ok).toBe(false);
    const text = parsed.ok ? [] : parsed.error.map(formatProblem);
    expect(text).toEqual([
      'semantest:notifications.pager: "x" is not a known setting; allowed: email, webhooks',
      'semantest:notifications.email[0]: "ops" is not an email address; allowed: one address such as oncall@example.com',
      'semantest:notifications.email[1]: "a@b.com, c@d.com" is not an email address; allowed: one address such as oncall@example.com',
      'semantest:notifications.webhooks[0]: "http://hooks.example.com" uses http; allowed: an https:// URL (alarm details must not travel in clear)',
      expect.stringContaining('semantest:notifications.webhooks[1]: "https://user:pw@hooks.example.com" carries a user name or password'),
    ]);
  });

  it("refuses more webhooks than an action group takes", () => {
    const parsed = parseNotifications({ webhooks: Array.from({ length: 11 }, (_, i) => `https://h.example.com/${i}`) });
    expect(parsed.ok ? "" : formatProblem(parsed.error[0])).toContain("has 11 items; allowed: at most 10");
  });

  it("never throws on generated input", () => {
    fc.assert(
      fc.property(fc.anything({ maxDepth: 3 }), fc.record({ email: fc.array(fc.oneof(fc.constantFrom("a@b.co", "x@y", "a b@c.com"), fc.string()), { maxLength: 5 }), webhooks: fc.array(fc.oneof(fc.constantFrom("https://h.example.com/x", "http://h.example.com", "https://u:p@h.example.com", "ftp://x"), fc.string()), { maxLength: 5 }) }), (a, b) => {
        for (const raw of [a, b]) {
          const parsed = parseNotifications(raw);
          if (!parsed.ok) for (const p of parsed.error) expect(p.path.startsWith("semantest:notifications")).toBe(true);
        }
      }),
      { numRuns: 150, seed: 5 },
    );
  });
});

describe("domain: the stack's domains together", () => {
  const base = { "aws:region": "us-east-1", "azure-native:location": "westeurope", "semantest:environment": "production" };
  const parse = (components: unknown, extra: Record<string, unknown> = {}) => DeploymentConfiguration.parse({ stack: "production", values: { ...base, "semantest:components": components, ...extra } });

  it("refuses a certificate outside aws:region and one name on two components", () => {
    const parsed = parse({
      "rest-api": { domain: { name: "api.semantest.com", certificateArn: CERT_ARN.replace("us-east-1", "eu-west-1") } },
      websocket: { domain: { name: "api.semantest.com", hostedZoneId: "Z1" } },
    });
    expect(parsed.ok ? [] : parsed.error.map(formatProblem)).toEqual([
      `semantest:components.rest-api.domain.certificateArn: "${CERT_ARN.replace("us-east-1", "eu-west-1")}" is in eu-west-1; allowed: a certificate in aws:region us-east-1 (a regional API Gateway domain uses a certificate of its own region)`,
      'semantest:components.websocket.domain.name: "api.semantest.com" is also semantest:components.rest-api.domain\'s name; allowed: a different host name per component (a WebSocket API cannot share a custom domain with an HTTP API)',
    ]);
  });

  it("carries the domain and the notification targets into the configuration", () => {
    const parsed = parse({ "rest-api": { domain: { name: "api.semantest.com", hostedZoneId: "Z1" } } }, { "semantest:notifications": { email: ["oncall@semantest.com"] } });
    if (!parsed.ok) throw new Error(parsed.error.map(formatProblem).join("\n"));
    expect(parsed.value.restApi?.domain).toEqual({ name: "api.semantest.com", hostedZoneId: "Z1" });
    expect(parsed.value.notifications).toEqual({ email: ["oncall@semantest.com"], webhooks: [] });
  });
});
