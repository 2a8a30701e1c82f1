/**
 * Names of Azure resources, as pure functions (tested without mocks).
 *
 * Storage accounts, Function Apps and Web PubSub services have globally unique DNS names
 * (`<name>.blob.core.windows.net`, `<name>.azurewebsites.net`, `<name>.webpubsub.azure.com`), so a
 * stack's names carry a short hash of the subscription, project and stack: stable across deploys
 * (no replacement on the next `up`), different for anyone else deploying the same project.
 */
import { createHash } from "crypto";

/** Storage account names: 3-24 characters, lowercase letters and digits only (Azure naming rules, Microsoft.Storage). */
export const STORAGE_ACCOUNT_NAME = { min: 3, max: 24, pattern: /^[a-z0-9]{3,24}$/ } as const;
/** Function App (Microsoft.Web/sites) names: 2-60 characters, letters, digits and hyphens, not starting or ending with a hyphen. */
export const SITE_NAME_MAX = 60;
/** Web PubSub names: 3-63 characters, letters, digits and hyphens, starting with a letter. */
export const WEB_PUBSUB_NAME_MAX = 63;
/** User-assigned identity names (Microsoft.ManagedIdentity/userAssignedIdentities): 3-128 characters; kept as short as site names. */
export const IDENTITY_NAME_MAX = 60;
/** Log Analytics workspace names: 4-63 letters, digits and hyphens, starting and ending with a letter or digit. */
export const WORKSPACE_NAME = { max: 63, pattern: /^[A-Za-z0-9][A-Za-z0-9-]{2,61}[A-Za-z0-9]$/ } as const;
/** Functions host ids: lowercase letters, digits and hyphens, at most 32 characters, not ending with a hyphen (Microsoft Learn, "Host ID considerations"). */
export const HOST_ID = { max: 32, pattern: /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/ } as const;
/** Blob container names: 3-63 lowercase letters, digits and single hyphens. */
export const CONTAINER_NAME_MAX = 63;

/** Built-in role definition ids (Microsoft Learn, "Azure built-in roles"). */
export const ROLES = {
  /** Read, write and delete blobs and containers, incl. POSIX ACLs: what the Functions host needs on AzureWebJobsStorage. */
  storageBlobDataOwner: "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
  /** Read, write and delete blobs: what Flex Consumption needs on its deployment container. */
  storageBlobDataContributor: "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
  /** Read, write and delete queues and messages: the Functions host's queues in AzureWebJobsStorage. */
  storageQueueDataContributor: "974c5e8b-45b9-4653-ba55-5f855dd0fb88",
  /** Read, write and delete tables and entities: the Functions host's tables in AzureWebJobsStorage. */
  storageTableDataContributor: "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3",
  /** Publish metrics and telemetry with Microsoft Entra auth (Application Insights with local auth off). */
  monitoringMetricsPublisher: "3913510d-42f4-4e42-8a64-420c390055eb",
  /** Full access to the Web PubSub REST API: the WebSocket app sends and manages groups as its identity. */
  webPubSubServiceOwner: "12cf5a90-567b-43ae-8102-96cf46c7d9b4",
} as const;
export type RoleName = keyof typeof ROLES;

/** `/subscriptions/<id>/providers/Microsoft.Authorization/roleDefinitions/<guid>` */
export function roleDefinitionId(subscriptionId: string, role: RoleName): string {
  return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${ROLES[role]}`;
}

/** Eight hex characters that identify (subscription, project, stack). */
export function shortHash(...parts: readonly string[]): string {
  return createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 8);
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}

/**
 * A storage account name: `st` + role + stack, letters and digits only, cut to leave room for the
 * 8-character hash. `storageAccountName("fn", "production", h)` -> `stfnproduction1a2b3c4d`.
 */
export function storageAccountName(role: string, stack: string, hash: string): string {
  const stem = `st${role}${stack}`.toLowerCase().replace(/[^a-z0-9]/g, "");
  return `${stem.slice(0, STORAGE_ACCOUNT_NAME.max - hash.length)}${hash}`;
}

/** A globally unique DNS name: `<project>-<stack>-<role>-<hash>`, slugged and cut to `max`. */
export function globalName(project: string, stack: string, role: string, hash: string, max = SITE_NAME_MAX): string {
  const stem = slug(`${project.replace(/-infrastructure$/, "")}-${stack}-${role}`);
  const room = max - hash.length - 1;
  return `${stem.slice(0, room).replace(/-+$/, "")}-${hash}`;
}

/**
 * A monitoring resource name (`log-…`, `appi-…`) from the stack: slugged like every global name, so
 * a stack called `prod_eu` gives `log-semantest-prod-eu-<hash>` (Log Analytics refuses `_`).
 */
export function monitoringName(prefix: string, project: string, stack: string, hash: string): string {
  return `${prefix}-${globalName(project, stack, "", hash, WORKSPACE_NAME.max - prefix.length - 1)}`.replace(/--+/g, "-");
}

/**
 * A host id for one app, distinct for every app of every stack: the app name's first 23 characters
 * and 8 hex characters of its hash. The default (the app name cut to 32 characters) collides for
 * two apps of a stack whose names share their first 32 characters, e.g. `production-westeurope`.
 */
export function hostId(appName: string): string {
  const stem = slug(appName).slice(0, HOST_ID.max - 9).replace(/-+$/, "");
  return stem ? `${stem}-${shortHash(appName)}` : shortHash(appName);
}

/** A blob container name from a component name: lowercase, hyphens, 3-63 characters. */
export function containerName(component: string, role: string): string {
  return slug(`${component}-${role}`).slice(0, CONTAINER_NAME_MAX).replace(/-+$/, "");
}

/** The hex part of `sha256:<hex>`; throws on anything else (a digest is checked before it names a blob). */
export function digestHex(digest: string): string {
  const match = /^sha256:([0-9a-f]{64})$/.exec(digest);
  if (!match) throw new Error(`artifact digest ${JSON.stringify(digest)} is not "sha256:" followed by 64 lowercase hex characters`);
  return match[1];
}

/**
 * Where a component's zip lives in its deployment container, named by its digest so that every
 * release ever deployed stays addressable for rollback. The file itself is `released-package.zip`,
 * the name Flex Consumption's one deploy expects for a package (Microsoft Learn, "Automate resource
 * deployment for your function app", Deployment package).
 */
export function packageBlobName(digest: string): string {
  return `releases/sha256-${digestHex(digest)}/released-package.zip`;
}
