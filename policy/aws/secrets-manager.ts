/**
 * AWS Secrets Manager: no Web PubSub access key in it. A REST Lambda reaches Web PubSub through
 * IAM outbound identity federation and an Entra identity (components/push/federation.ts), and with
 * the service's local auth disabled the keys stop working anyway; a secret version holding a
 * connection string with an `AccessKey=` is a leftover or a bypass of that.
 *
 * The engine hands policies the decrypted value of a Pulumi secret (see ../security/secrets.ts), so
 * the value itself is checked; the offline preview masks it, so a value derived from a Web PubSub
 * service (its `listWebPubSubKeys`, which carries the service as a dependency) is refused too.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { enforcedEnvironment, environmentsConfig, quote, stackPolicy } from "../lib/policy";
import { ofType } from "../lib/stack";

const SECRET_VERSION = "aws:secretsmanager/secretVersion:SecretVersion";
const WEB_PUBSUB = "azure-native:webpubsub:WebPubSub";

/** `Endpoint=https://<name>.webpubsub.azure.com;AccessKey=…;Version=1.0;` (the service's connection string format), in any order. */
export function isWebPubSubConnectionString(value: string): boolean {
  const fields = new Map(
    value
      .split(";")
      .map((part) => part.split("="))
      .filter((kv) => kv.length >= 2)
      .map(([k, ...v]) => [k!.trim().toLowerCase(), v.join("=").trim()] as const),
  );
  const endpoint = fields.get("endpoint") ?? "";
  return /\.webpubsub\.azure\.com(:\d+)?\/?$/i.test(endpoint) && (fields.get("accesskey") ?? "") !== "";
}

export function webPubSubKeyNotInSecretsManager(): StackValidationPolicy {
  return stackPolicy(
    {
      name: "webpubsub-key-not-in-secrets-manager",
      concern: "security",
      severity: "high",
      description: "In production no Secrets Manager secret holds a Web PubSub connection string or key: the REST function federates into an Entra identity instead.",
      remediationSteps: "Remove the secret; a REST Lambda pushes to Web PubSub with its role's STS web identity token exchanged for a user-assigned identity's token (components/push/federation.ts, docs/security.md).",
      config: environmentsConfig("Secrets Manager may not hold a Web PubSub access key"),
    },
    (args, reportViolation) => {
      const environment = enforcedEnvironment(args);
      if (!environment) return;
      for (const version of ofType(args.resources, SECRET_VERSION)) {
        const value = version.props.secretString;
        // The engine decrypts it; the offline preview shows "[secret]", so where it comes from counts too.
        const service = (version.propertyDependencies?.secretString ?? []).find((r) => r.type === WEB_PUBSUB);
        if (typeof value === "string" && isWebPubSubConnectionString(value)) {
          reportViolation(`Secrets Manager secret version ${quote(version)} holds a Web PubSub connection string with an access key in ${environment}; push to Web PubSub with the federated identity instead.`, version.urn);
        } else if (service) {
          reportViolation(`Secrets Manager secret version ${quote(version)} stores a value read from Web PubSub service ${quote(service)} (its keys) in ${environment}; push to Web PubSub with the federated identity instead.`, version.urn);
        }
      }
    },
  );
}
