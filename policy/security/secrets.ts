/**
 * No secret in a function's configuration. Lambda environment variables and App Service app
 * settings are readable by anyone who can read the function's configuration (and, for Pulumi
 * secrets, the engine hands policies the decrypted value), so a secret-named setting must hold a
 * reference (Secrets Manager / SSM ARN, Key Vault reference), never the value; and no setting may
 * hold a value that looks like a credential, whatever its name.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { quote, resourcePolicy } from "../lib/policy";

const SECRET_WORDS = new Set(["SECRET", "SECRETS", "PASSWORD", "PASSWD", "PWD", "TOKEN", "KEY", "APIKEY", "PRIVATEKEY", "CREDENTIAL", "CREDENTIALS"]);
/** A name ending like this names where the secret is, not the secret: `DB_PASSWORD_ARN`. */
const POINTER_WORDS = new Set(["ARN", "NAME", "ID", "URL", "URI", "PATH", "PARAM", "PARAMETER", "REF", "REFERENCE", "VAULT", "ENDPOINT", "HEADER"]);
const REFERENCE = /^(@Microsoft\.KeyVault\(|arn:aws[a-z-]*:(secretsmanager|ssm|kms):|\{\{resolve:)/;

const CREDENTIAL_PATTERNS: readonly { readonly what: string; readonly pattern: RegExp }[] = [
  { what: "an AWS access key id", pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { what: "a private key", pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { what: "a connection string with a key or password", pattern: /(^|;)\s*(AccountKey|SharedAccessKey|AccessKey|Password|Pwd)\s*=\s*[^;\s]+/i },
  { what: "a GitHub token", pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/ },
  { what: "a Slack token", pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { what: "a JSON Web Token", pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
];

/** `apiToken`, `API_TOKEN`, `api-token` -> ["API", "TOKEN"]. */
export function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toUpperCase());
}

export function isSecretName(name: string): boolean {
  const parts = words(name);
  if (parts.length === 0 || POINTER_WORDS.has(parts[parts.length - 1]!)) return false;
  return parts.some((w) => SECRET_WORDS.has(w)) || SECRET_WORDS.has(parts.join(""));
}

function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** What a value looks like when it looks like a credential; undefined otherwise. */
export function credentialLike(value: string): string | undefined {
  if (REFERENCE.test(value)) return undefined;
  const match = CREDENTIAL_PATTERNS.find((p) => p.pattern.test(value));
  if (match) return match.what;
  // Random-looking base64/base64url of 32+ characters with mixed classes: a generated key.
  // Hex digests (entropy <= 4 bits/char) and anything with ':', '.', or spaces are not.
  if (value.length >= 32 && /^[A-Za-z0-9+/=_-]+$/.test(value) && /[a-z]/.test(value) && /[A-Z]/.test(value) && /[0-9]/.test(value) && entropy(value) > 4.2) {
    return "a random key";
  }
  return undefined;
}

export interface Setting {
  readonly name: string;
  readonly value: unknown;
}

/** The named settings of a function, by resource type. */
export function settingsOf(type: string, props: Record<string, unknown>): { where: string; settings: Setting[] } | undefined {
  const entries = (record: unknown): Setting[] =>
    // Values are read lazily: during a preview an unknown one throws when read (see the policy).
    record && typeof record === "object" ? Object.keys(record).map((name) => ({ name, get value() { return (record as Record<string, unknown>)[name]; } })) : [];
  switch (type) {
    case "aws:lambda/function:Function":
      return { where: "environment variable", settings: entries((props.environment as { variables?: unknown } | undefined)?.variables) };
    case "azure-native:web:WebApp": {
      const list = ((props.siteConfig as { appSettings?: { name?: string; value?: unknown }[] } | undefined)?.appSettings ?? []) as { name?: string; value?: unknown }[];
      return { where: "app setting", settings: list.filter((s) => typeof s?.name === "string").map((s) => ({ name: s.name!, value: s.value })) };
    }
    case "azure-native:web:WebAppApplicationSettings":
      return { where: "app setting", settings: entries(props.properties) };
    default:
      return undefined;
  }
}

export function noPlaintextSecrets(): ResourceValidationPolicy {
  return resourcePolicy(
    {
      name: "no-plaintext-secrets",
      concern: "security",
      severity: "critical",
      description:
        "Lambda environment variables and Function App settings hold no secrets: a secret-named setting (…SECRET…, …PASSWORD…, …TOKEN…, …KEY…) holds a Secrets Manager/SSM ARN or a Key Vault reference, and no value looks like a credential.",
      remediationSteps: "Store the value in AWS Secrets Manager or Azure Key Vault; pass its ARN (DB_PASSWORD_ARN) or @Microsoft.KeyVault(SecretUri=...) instead.",
      config: {
        allowNames: { type: "array", items: { type: "string" }, default: [], description: "Setting names that are not secrets despite their name." },
      },
    },
    (args, reportViolation) => {
      const found = settingsOf(args.type, args.props);
      if (!found) return;
      const allowed = args.getConfig<{ allowNames?: string[] }>().allowNames ?? [];
      for (const setting of found.settings) {
        const { name } = setting;
        // A value computed from other resources (an identity's client id) is unknown during a
        // preview; reading it throws. It is not plaintext from config, so it is not this policy's.
        let value: unknown;
        try {
          value = setting.value;
        } catch {
          continue;
        }
        if (allowed.includes(name) || typeof value !== "string" || value === "") continue;
        // An identity-based connection names the identity to use, not a secret (Microsoft Learn,
        // "Azure Functions: identity-based connections": `<prefix>__credential: managedidentity`).
        if (/__credential$/i.test(name) && value.toLowerCase() === "managedidentity") continue;
        const looksLike = credentialLike(value);
        if (looksLike) {
          reportViolation(`${quote(args)} ${found.where} '${name}' holds ${looksLike} in plain text.`);
        } else if (isSecretName(name) && !REFERENCE.test(value)) {
          reportViolation(`${quote(args)} ${found.where} '${name}' holds a value; a secret belongs in Secrets Manager / Key Vault, referenced by ARN or @Microsoft.KeyVault(...).`);
        }
      }
    },
  );
}
