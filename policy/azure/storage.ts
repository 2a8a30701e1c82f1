/** Azure Storage: the deployment and artifact containers are never public. */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { quote, resourcePolicy } from "../lib/policy";

export function azureStorageNoPublicBlobAccess(): ResourceValidationPolicy {
  return resourcePolicy(
    {
      name: "azure-storage-no-public-blob-access",
      concern: "security",
      severity: "critical",
      description: "Storage accounts set allowBlobPublicAccess: false and no blob container has public access.",
      remediationSteps: "Set allowBlobPublicAccess: false on the account and publicAccess: 'None' (or leave it unset) on containers.",
    },
    (args, reportViolation) => {
      if (args.type === "azure-native:storage:StorageAccount" && args.props.allowBlobPublicAccess !== false) {
        reportViolation(`Storage account ${quote(args)} does not set allowBlobPublicAccess: false (it is ${args.props.allowBlobPublicAccess ?? "missing"}).`);
      }
      if (args.type === "azure-native:storage:BlobContainer") {
        const access = args.props.publicAccess;
        if (access !== undefined && access !== "None") {
          reportViolation(`Blob container ${quote(args)} has publicAccess '${access}'.`);
        }
      }
    },
  );
}

/**
 * Storage accounts refuse shared keys (and so service and account SAS), so every access is an
 * Entra identity with a role. No account of this program is exempt: the deployment storage is
 * written with the deploying identity's token and read by one deploy through a user delegation SAS
 * (components/azure/package-deployment.ts). `allowSharedKeyAccounts` lists, by resource name,
 * accounts a stack adds that still need keys (Azure Files or Table storage reached with a key, a
 * tool that signs with it: Microsoft Learn, "Prevent Shared Key authorization for an Azure Storage
 * account", Consider compatibility with other Azure tools and services).
 */
export const SHARED_KEY_EXEMPT_DEFAULT: readonly string[] = [];

export function azureStorageSharedKeyDisabled(): ResourceValidationPolicy {
  return resourcePolicy(
    {
      name: "azure-storage-shared-key-disabled",
      concern: "security",
      severity: "high",
      description: "Storage accounts set allowSharedKeyAccess: false (Entra ID only), except the accounts named in allowSharedKeyAccounts.",
      remediationSteps: "Set allowSharedKeyAccess: false and reach the account with a managed identity and a data role (a user delegation SAS where a URL is needed); list an account in allowSharedKeyAccounts only while something still signs with its key.",
      config: {
        allowSharedKeyAccounts: {
          type: "array",
          items: { type: "string" },
          default: [...SHARED_KEY_EXEMPT_DEFAULT],
          description: "Resource names of storage accounts that may keep shared keys (none of this program's; for accounts a stack adds that still sign with the key).",
        },
      },
    },
    (args, reportViolation) => {
      if (args.type !== "azure-native:storage:StorageAccount") return;
      const exempt = args.getConfig<{ allowSharedKeyAccounts?: string[] }>().allowSharedKeyAccounts ?? SHARED_KEY_EXEMPT_DEFAULT;
      if (exempt.includes(args.name)) return;
      // Absent means allowed: the service default is true (Storage REST API, StorageAccountPropertiesCreateParameters).
      if (args.props.allowSharedKeyAccess !== false) {
        reportViolation(`Storage account ${quote(args)} allows shared key access (allowSharedKeyAccess is ${args.props.allowSharedKeyAccess ?? "missing"}).`);
      }
    },
  );
}
