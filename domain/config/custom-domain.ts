/**
 * `semantest:components.<component>.domain`: the host name clients use instead of the cloud's
 * generated one (`api.extension.semantest.com` rather than `<id>.execute-api.<region>.amazonaws.com`),
 * and where its certificate and DNS records come from.
 *
 * ```yaml
 * domain:
 *   name: api.extension.semantest.com
 *   hostedZoneId: Z0123456789ABCDEFGHIJ                    # AWS: Route 53 validates the certificate, aliases the name
 *   certificateArn: arn:aws:acm:us-east-1:123456789012:certificate/…  # AWS, instead: an ISSUED certificate, DNS kept elsewhere
 *   dnsZoneId: /subscriptions/…/providers/Microsoft.Network/dnszones/semantest.com  # Azure DNS
 *   keyVaultCertificate: { vaultId: /subscriptions/…/vaults/kv-semantest, name: ws-semantest }  # Azure Web PubSub
 * ```
 *
 * Fields of the other cloud are accepted (a component can move with `--provider`); the fields the
 * component's cloud needs are required, and checked here before any resource exists.
 */
import type { CloudProvider } from "./cloud-provider";
import type { ComponentKind } from "./component-kind";
import { field, isObject, unknownKeys } from "./fields";
import { fail, Parsed, problem, ProblemCollector } from "./problem";

export interface KeyVaultCertificateRef {
  /** `/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.KeyVault/vaults/<vault>` */
  readonly vaultId: string;
  /** The certificate's name in that vault. */
  readonly name: string;
}

export interface CustomDomain {
  /** Lower-case, without a trailing dot. */
  readonly name: string;
  /** AWS: the Route 53 public hosted zone that holds `name`. */
  readonly hostedZoneId?: string;
  /** AWS: an issued ACM certificate for `name`, in the stack's `aws:region`. */
  readonly certificateArn?: string;
  /** Azure: the Azure DNS zone that holds `name`. */
  readonly dnsZoneId?: string;
  /** Azure Web PubSub: the Key Vault certificate the service serves (it has no managed certificates). */
  readonly keyVaultCertificate?: KeyVaultCertificateRef;
}

export const CUSTOM_DOMAIN_KEYS = ["name", "hostedZoneId", "certificateArn", "dnsZoneId", "keyVaultCertificate"] as const;

/**
 * RFC 1035 §2.3.4 (and API Gateway's "Your domain name must follow the RFC 1035 specification"):
 * labels of 1 to 63 letters, digits and hyphens, not starting or ending with a hyphen; 255 octets
 * on the wire, which is 253 characters written out (RFC 2181 §11; one length octet per label and
 * the root label account for the other two).
 */
export const DOMAIN_NAME_MAX = 253;
export const DOMAIN_LABEL_MAX = 63;
const LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** Route 53 hosted zone ids: `Z` and upper-case letters/digits, at most 32 characters (Route 53 API Reference, HostedZone `Id`). */
export const HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,31}$/;
/** `arn:<partition>:acm:<region>:<account>:certificate/<id>` (ACM API Reference, CertificateArn). */
export const ACM_CERTIFICATE_ARN = /^arn:aws(-cn|-us-gov)?:acm:([a-z0-9-]+):(\d{12}):certificate\/[A-Za-z0-9-]{1,64}$/;
/** An Azure DNS zone's resource id; the zone name is its last segment. */
export const AZURE_DNS_ZONE_ID = /^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[-\w.()]{1,90}\/providers\/Microsoft\.Network\/dnszones\/([^/]+)$/i;
/** A Key Vault's resource id; vault names are 3-24 letters, digits and hyphens (Microsoft Learn, "Key Vault naming"). */
export const KEY_VAULT_ID = /^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[-\w.()]{1,90}\/providers\/Microsoft\.KeyVault\/vaults\/([A-Za-z][A-Za-z0-9-]{1,22}[A-Za-z0-9])$/i;
/** Key Vault object names: 1-127 letters, digits and hyphens (Microsoft Learn, "About keys, secrets, and certificates", object names). */
export const KEY_VAULT_OBJECT_NAME = /^[A-Za-z0-9-]{1,127}$/;

/** Why `name` is not a host name this program can serve, or undefined when it is one. */
export function hostNameProblem(name: string): string | undefined {
  if (name.length > DOMAIN_NAME_MAX) return `is ${name.length} characters long; allowed: a host name of at most ${DOMAIN_NAME_MAX} characters (RFC 1035)`;
  if (name.startsWith("*.")) return "is a wildcard; allowed: one host name (Azure managed certificates and Web PubSub custom domains do not take wildcards)";
  const labels = name.split(".");
  if (labels.length < 2) return "is not a fully qualified host name; allowed: a name with at least two labels, such as api.example.com";
  const bad = labels.find((label) => label.length === 0 || label.length > DOMAIN_LABEL_MAX || !LABEL.test(label));
  if (bad !== undefined) {
    return `has the label ${JSON.stringify(bad.slice(0, 70))}; allowed: labels of 1 to ${DOMAIN_LABEL_MAX} letters, digits and hyphens, not starting or ending with a hyphen (RFC 1035)`;
  }
  if (/^\d+$/.test(labels[labels.length - 1])) return "ends in a numeric label (an IP address is not a domain); allowed: a host name such as api.example.com";
  return undefined;
}

/** The zone name of an Azure DNS zone id (lower-case), or undefined when `id` is not one. */
export function azureDnsZoneName(id: string): string | undefined {
  return AZURE_DNS_ZONE_ID.exec(id)?.[1]?.toLowerCase();
}

/** `api.semantest.com` in zone `semantest.com` -> `api`; undefined when the name is not under the zone; `@` at the apex. */
export function relativeRecordName(name: string, zone: string): string | undefined {
  if (name === zone) return "@";
  return name.endsWith(`.${zone}`) ? name.slice(0, -zone.length - 1) : undefined;
}

/** `https://<vault>.vault.azure.net/` of a Key Vault id (the base URI Web PubSub's custom certificate takes). */
export function keyVaultBaseUri(vaultId: string): string | undefined {
  const vault = KEY_VAULT_ID.exec(vaultId)?.[1];
  return vault ? `https://${vault.toLowerCase()}.vault.azure.net/` : undefined;
}

/** What the cloud hosting the component needs besides the name. */
export interface DomainContext {
  readonly kind: ComponentKind;
  readonly provider: CloudProvider;
  /** Azure WebSocket: the Web PubSub SKU (custom domains need Premium). */
  readonly sku?: string;
}

/** Web PubSub serves custom domains from the Premium tier up (Microsoft Learn, "Configure a custom domain for Azure Web PubSub Service", prerequisites). */
export const WEB_PUBSUB_DOMAIN_SKUS = ["Premium_P1"] as const;

export function parseCustomDomain(raw: unknown, path: string, context: DomainContext): Parsed<CustomDomain> {
  const settings = typeof raw === "string" ? { name: raw } : raw;
  if (!isObject(settings)) return fail(problem(path, raw, `is not a host name or an object; allowed: "api.example.com" or { ${CUSTOM_DOMAIN_KEYS.join(", ")} }`));
  const found = new ProblemCollector();
  found.add(...unknownKeys(path, settings, CUSTOM_DOMAIN_KEYS));
  const at = (key: string) => (typeof raw === "string" ? path : `${path}.${key}`);

  const rawName = field(settings, "name");
  let name: string | undefined;
  if (typeof rawName !== "string" || rawName.trim() === "") {
    found.add(problem(at("name"), rawName, "is not a host name; allowed: a name such as api.example.com"));
  } else {
    const candidate = rawName.trim().toLowerCase().replace(/\.$/, "");
    const why = hostNameProblem(candidate);
    if (why) found.add(problem(at("name"), rawName, why));
    else name = candidate;
  }

  const hostedZoneId = optional(settings, "hostedZoneId", `${path}.hostedZoneId`, found, (v) =>
    HOSTED_ZONE_ID.test(v) ? undefined : "is not a Route 53 hosted zone id; allowed: Z followed by up to 31 upper-case letters and digits, e.g. Z0123456789ABCDEFGHIJ",
  );
  const certificateArn = optional(settings, "certificateArn", `${path}.certificateArn`, found, (v) =>
    ACM_CERTIFICATE_ARN.test(v) ? undefined : "is not an ACM certificate ARN; allowed: arn:aws:acm:<region>:<account>:certificate/<id>",
  );
  const dnsZoneId = optional(settings, "dnsZoneId", `${path}.dnsZoneId`, found, (v) =>
    AZURE_DNS_ZONE_ID.test(v) ? undefined : "is not an Azure DNS zone id; allowed: /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/dnszones/<zone>",
  );
  const keyVaultCertificate = parseKeyVaultCertificate(field(settings, "keyVaultCertificate"), `${path}.keyVaultCertificate`, found);

  if (name && dnsZoneId) {
    const zone = azureDnsZoneName(dnsZoneId)!;
    const record = relativeRecordName(name, zone);
    if (record === undefined) found.add(problem(`${path}.dnsZoneId`, dnsZoneId, `is the zone ${JSON.stringify(zone)}, which does not hold ${JSON.stringify(name)}; allowed: the zone of the name or of a parent of it`));
    // A CNAME cannot sit at a zone apex beside its SOA and NS records (RFC 1034 §3.6.2), and App
    // Service validates a Function App's subdomain by CNAME (Microsoft Learn, "Map an existing custom DNS name").
    else if (record === "@" && context.provider === "azure") found.add(problem(at("name"), rawName, `is the apex of the zone ${JSON.stringify(zone)}; allowed on azure: a subdomain (it is mapped by a CNAME record, which an apex cannot hold)`));
  }

  found.add(...providerRequirements(path, { hostedZoneId, certificateArn, dnsZoneId, keyVaultCertificate }, context));
  return found.result(() => ({
    name: name!,
    ...(hostedZoneId ? { hostedZoneId } : {}),
    ...(certificateArn ? { certificateArn } : {}),
    ...(dnsZoneId ? { dnsZoneId } : {}),
    ...(keyVaultCertificate ? { keyVaultCertificate } : {}),
  }));
}

function providerRequirements(path: string, domain: Omit<CustomDomain, "name">, context: DomainContext) {
  const problems = [];
  if (context.provider === "aws" && !domain.hostedZoneId && !domain.certificateArn) {
    // API Gateway serves a custom domain only with an issued ACM certificate; without a zone the
    // program cannot answer the certificate's DNS validation, so it needs one already issued.
    problems.push(problem(path, undefined, "has no certificate source on provider aws; allowed: hostedZoneId (Route 53 validates the certificate and aliases the name) or certificateArn (an issued ACM certificate; you point the name at the API yourself)"));
  }
  if (context.provider === "azure" && !domain.dnsZoneId) {
    // App Service refuses the host name binding until the CNAME and the asuid TXT record exist,
    // and their values are known only once the app is declared: the program writes them.
    problems.push(problem(`${path}.dnsZoneId`, undefined, "is required on provider azure: the Azure DNS zone where the program writes the CNAME and domain-verification records the binding needs"));
  }
  if (context.provider === "azure" && context.kind === "websocket") {
    // (An unparsable SKU is reported on its own field already.)
    if (context.sku !== undefined && !(WEB_PUBSUB_DOMAIN_SKUS as readonly string[]).includes(context.sku)) {
      problems.push(problem(path.replace(/\.domain$/, ".sku"), context.sku, `does not serve custom domains; allowed with a domain: ${WEB_PUBSUB_DOMAIN_SKUS.join(", ")} (Web PubSub custom domains need the Premium tier)`));
    }
    if (!domain.keyVaultCertificate) {
      problems.push(problem(`${path}.keyVaultCertificate`, undefined, "is required for a Web PubSub custom domain: { vaultId, name } of a Key Vault certificate for the name (Web PubSub has no managed certificates)"));
    }
  }
  return problems;
}

function optional(raw: Readonly<Record<string, unknown>>, key: string, path: string, found: ProblemCollector, check: (value: string) => string | undefined): string | undefined {
  const value = field(raw, key);
  if (value === undefined) return undefined;
  if (typeof value !== "string") {
    found.add(problem(path, value, "is not a string"));
    return undefined;
  }
  const why = value.length > 1024 ? `is ${value.length} characters long; allowed: at most 1024` : check(value);
  if (why) {
    found.add(problem(path, value, why));
    return undefined;
  }
  return value;
}

function parseKeyVaultCertificate(raw: unknown, path: string, found: ProblemCollector): KeyVaultCertificateRef | undefined {
  if (raw === undefined) return undefined;
  if (!isObject(raw)) {
    found.add(problem(path, raw, "is not an object; allowed: { vaultId, name }"));
    return undefined;
  }
  found.add(...unknownKeys(path, raw, ["vaultId", "name"]));
  const vaultId = optional(raw, "vaultId", `${path}.vaultId`, found, (v) =>
    KEY_VAULT_ID.test(v) ? undefined : "is not a Key Vault id; allowed: /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.KeyVault/vaults/<vault>",
  );
  const name = optional(raw, "name", `${path}.name`, found, (v) => (KEY_VAULT_OBJECT_NAME.test(v) ? undefined : "is not a Key Vault certificate name; allowed: 1 to 127 letters, digits and hyphens"));
  if (field(raw, "vaultId") === undefined) found.add(problem(`${path}.vaultId`, undefined, "is required"));
  if (field(raw, "name") === undefined) found.add(problem(`${path}.name`, undefined, "is required"));
  return vaultId && name ? { vaultId, name } : undefined;
}

/**
 * Checks across the stack: an ACM certificate must live in the API's region (API Gateway
 * Developer Guide, "Set up a Regional custom domain name": "the certificate must be in the same
 * Region as your API"), and one name cannot serve two components (API Gateway: "You can't map
 * WebSocket APIs to the same custom domain name as an HTTP API or REST API"; across clouds one
 * name has one DNS answer).
 */
export function stackDomainProblems(
  domains: readonly { readonly path: string; readonly provider: CloudProvider; readonly domain: CustomDomain }[],
  awsRegion: string | undefined,
) {
  const problems = [];
  for (const { path, provider, domain } of domains) {
    const region = domain.certificateArn ? ACM_CERTIFICATE_ARN.exec(domain.certificateArn)?.[2] : undefined;
    if (provider === "aws" && region && awsRegion && region !== awsRegion) {
      problems.push(problem(`${path}.certificateArn`, domain.certificateArn, `is in ${region}; allowed: a certificate in aws:region ${awsRegion} (a regional API Gateway domain uses a certificate of its own region)`));
    }
  }
  const [first, second] = domains;
  if (first && second && first.domain.name === second.domain.name) {
    problems.push(problem(`${second.path}.name`, second.domain.name, `is also ${first.path}'s name; allowed: a different host name per component (a WebSocket API cannot share a custom domain with an HTTP API)`));
  }
  return problems;
}
