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
 * Storage accounts refuse shared keys (and so account SAS), so every access is an Entra identity
 * with a role. Exempt by name: the deployment storage, while the code deployment still uploads
 * with the account key and one deploy reads the package through a SAS signed with it
 * (components/azure/package-deployment.ts; docs/security.md, "What is left").
 */
export const SHARED_KEY_EXEMPT_DEFAULT = ["azure-platform-deployment-storage"];

export function azureStorageSharedKeyDisabled(): ResourceValidationPolicy {
  return resourcePolicy(
    {
      name: "azure-storage-shared-key-disabled",
      concern: "security",
      severity: "high",
      description: "Storage accounts set allowSharedKeyAccess: false (Entra ID only), except the accounts named in allowSharedKeyAccounts.",
      remediationSteps: "Set allowSharedKeyAccess: false and reach the account with a managed identity and a data role; list an account in allowSharedKeyAccounts only while something still signs with its key.",
      config: {
        allowSharedKeyAccounts: {
          type: "array",
          items: { type: "string" },
          default: SHARED_KEY_EXEMPT_DEFAULT,
          description: "Resource names of storage accounts that may keep shared keys (the deployment storage: packages are uploaded with the account key).",
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
