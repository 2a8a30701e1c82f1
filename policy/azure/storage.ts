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
