/**
 * The deploying identity's data role on the deployment storage: with shared keys off there, the
 * code deployment (components/azure/package-deployment.ts) uploads packages and gets the user
 * delegation key that signs one deploy's package URL as that identity, and rollback's preflight
 * reads the packages as it. Owner and Contributor are control-plane roles and reach no blob data
 * with Entra ID ("Only roles explicitly defined for data access permit a security principal to
 * access blob data", MicrosoftDocs/azure-docs includes/storage-auth-rbac-roles-blob-include.md).
 *
 * Storage Blob Data Contributor (ba92f5b4-2d11-453d-a403-e96b0029c9fe, Microsoft Learn, "Azure
 * built-in roles for Storage") holds what is needed and nothing of the account's configuration:
 * `blobServices/containers/blobs/read|write` (the upload, the existence check) and
 * `blobServices/generateUserDelegationKey/action` (the key). Scoped to the account, as the key is
 * an account-level operation (Storage REST API reference, "Get User Delegation Key": a data role
 * scoped to a container needs Storage Blob Delegator on the account besides).
 */
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import { roleDefinitionId, type RoleName } from "./naming";

/** The principal types a role assignment for the deployer can name. */
export const DEPLOYER_PRINCIPAL_TYPES = ["User", "ServicePrincipal", "Group"] as const;
export type DeployerPrincipalType = (typeof DEPLOYER_PRINCIPAL_TYPES)[number];
/** Overrides the guess below (an `az login --service-principal` session without ARM_* variables). */
export const PRINCIPAL_TYPE_VARIABLE = "SEMANTEST_DEPLOYER_PRINCIPAL_TYPE";

/**
 * Who runs `pulumi up`, as a role assignment's `principalType`. It must be right: azure-native
 * sends `User` when none is given (the 2022-04-01 API's default, Azure/azure-rest-api-specs#21664)
 * and ARM refuses a service principal assigned as `User` with `UnmatchedPrincipalType`
 * (Azure/modern-web-app-pattern-dotnet#129). The azure-native provider signs in as a service
 * principal or managed identity when `ARM_CLIENT_ID`, `ARM_USE_OIDC` or `ARM_USE_MSI` is set (the
 * pipelines set them: docs/policies.md), and as the `az login` user otherwise.
 */
export function deployerPrincipalType(env: Readonly<Record<string, string | undefined>>): DeployerPrincipalType {
  const override = env[PRINCIPAL_TYPE_VARIABLE];
  if (override !== undefined && override !== "") {
    const found = DEPLOYER_PRINCIPAL_TYPES.find((type) => type === override);
    if (!found) throw new Error(`${PRINCIPAL_TYPE_VARIABLE} is ${JSON.stringify(override)}; allowed: ${DEPLOYER_PRINCIPAL_TYPES.join(", ")}`);
    return found;
  }
  const on = (name: string) => (env[name] ?? "").toLowerCase() === "true";
  return env.ARM_CLIENT_ID || on("ARM_USE_OIDC") || on("ARM_USE_MSI") ? "ServicePrincipal" : "User";
}

/** What the grant is built from: the subscription (for the role definition id), the account, who deploys. */
export interface DeployerAccessArgs {
  readonly subscriptionId: pulumi.Input<string>;
  /** The deployment storage account (its ARM id is the scope). */
  readonly account: { readonly id: pulumi.Input<string> };
  /** @default deployerPrincipalType(process.env) */
  readonly principalType?: DeployerPrincipalType;
}

/**
 * `<name>-deployer-package-access`: Storage Blob Data Contributor on the deployment storage for
 * the principal `pulumi up` runs as (`getClientConfig().objectId`). Another principal running
 * `up` replaces the grant with its own (the principal is part of the assignment's identity), so
 * each deploy holds the role it needs.
 */
export function grantDeployerPackageAccess(name: string, args: DeployerAccessArgs, parent: pulumi.Resource): authorization.RoleAssignment {
  return grantDeployer(`${name}-deployer-package-access`, { subscriptionId: args.subscriptionId, role: "storageBlobDataContributor", scope: args.account.id, ...(args.principalType ? { principalType: args.principalType } : {}) }, parent);
}

/** One built-in role on one scope for the principal `pulumi up` runs as, sent with its real principal type. */
export function grantDeployer(
  resourceName: string,
  args: { readonly subscriptionId: pulumi.Input<string>; readonly role: RoleName; readonly scope: pulumi.Input<string>; readonly principalType?: DeployerPrincipalType },
  parent: pulumi.Resource,
): authorization.RoleAssignment {
  const deployer = authorization.getClientConfigOutput({ parent });
  return new authorization.RoleAssignment(resourceName, {
    principalId: deployer.objectId,
    principalType: args.principalType ?? deployerPrincipalType(process.env),
    roleDefinitionId: pulumi.output(args.subscriptionId).apply((subscription) => roleDefinitionId(subscription, args.role)),
    scope: args.scope,
  }, { parent });
}
