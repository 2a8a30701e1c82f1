/**
 * The program under mocks: the deployment storage refuses shared keys, the deploying identity gets
 * its data role there before any code deployment, the apps keep reading their packages with their
 * identities, and the policy pack holds production to it.
 */
import { deployerPrincipalType } from "../../components/azure/deployer-access";
import { runPolicies, type RecordedResourceLike } from "../../policy/offline";
import { azureStorageSharedKeyDisabled, SHARED_KEY_EXEMPT_DEFAULT } from "../../policy/azure/storage";
import { check, fake, messages } from "../policy/support";
import { offlinePreview, runProgram, type Run } from "../support/pulumi-harness";
import { azureConfig, fakeZip, REST_DIGEST, runAzure, WS_DIGEST } from "../azure/support/azure-run";

jest.setTimeout(120_000);

const T = {
  account: "azure-native:storage:StorageAccount",
  role: "azure-native:authorization:RoleAssignment",
  code: "pulumi-nodejs:dynamic/semantest-azure:CodeDeployment",
  app: "azure-native:web:WebApp",
  identity: "azure-native:managedidentity:UserAssignedIdentity",
} as const;
/** getClientConfig's objectId in the offline mocks (adapters/engine/offline/mocks/azure.ts). */
const DEPLOYER = "00000000-0000-0000-0000-0000000000b1";
const STORAGE_BLOB_DATA_CONTRIBUTOR = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";

let run: Run;
beforeAll(async () => {
  run = await runAzure("production", azureConfig("production"), {
    "rest-api": { digest: REST_DIGEST, path: fakeZip() },
    websocket: { digest: WS_DIGEST, path: fakeZip() },
  });
});

describe("the deployment storage without shared keys (both components on Azure, production)", () => {
  it("refuses shared keys on both storage accounts", () => {
    for (const name of ["azure-platform-deployment-storage", "azure-platform-host-storage"]) {
      expect(run.get(T.account, name).inputs).toMatchObject({ allowSharedKeyAccess: false, defaultToOAuthAuthentication: true, allowBlobPublicAccess: false });
    }
  });

  it("grants the deploying principal Storage Blob Data Contributor on the deployment storage account, and on nothing else", () => {
    const grant = run.get(T.role, "azure-platform-deployer-package-access").inputs;
    expect(grant.principalId).toBe(DEPLOYER);
    expect(String(grant.roleDefinitionId)).toMatch(new RegExp(`^/subscriptions/[^/]+/providers/Microsoft\\.Authorization/roleDefinitions/${STORAGE_BLOB_DATA_CONTRIBUTOR}$`));
    expect(grant.scope).toBe("azure-platform-deployment-storage-id"); // the mocks' id of that account
    // Not azure-native's default "User" for a pipeline's service principal (UnmatchedPrincipalType).
    expect(grant.principalType).toBe(deployerPrincipalType(process.env));
    const deployerGrants = run.all(T.role).filter((r) => r.inputs.principalId === DEPLOYER && String(r.inputs.roleDefinitionId).endsWith(STORAGE_BLOB_DATA_CONTRIBUTOR));
    expect(deployerGrants.map((r) => r.name)).toEqual(["azure-platform-deployer-package-access"]);
  });

  it("deploys each app's code only after that grant exists (its first upload waits for the role)", () => {
    const grant = run.get(T.role, "azure-platform-deployer-package-access").urn;
    for (const name of ["rest-api-code", "websocket-code"]) expect(run.get(T.code, name).dependencies).toContain(grant);
  });

  it("lets each app read its deployment container with its own user-assigned identity, never a connection string", () => {
    for (const name of ["rest-api", "websocket"]) {
      const storage = ((run.get(T.app, `${name}-app`).inputs.functionAppConfig as Record<string, Record<string, Record<string, unknown>>>).deployment!).storage!;
      expect(storage.type).toBe("blobContainer");
      expect(storage.authentication).toEqual({ type: "UserAssignedIdentity", userAssignedIdentityResourceId: `${name}-identity-id` });
      expect(run.get(T.app, `${name}-app`).dependencies).toContain(run.get(T.identity, `${name}-identity`).urn);
    }
  });
});

describe("azure-storage-shared-key-disabled holds production to it", () => {
  const policy = azureStorageSharedKeyDisabled();
  const account = (name: string, allowSharedKeyAccess?: boolean) => fake(T.account, name, allowSharedKeyAccess === undefined ? {} : { allowSharedKeyAccess });

  it("exempts nothing by default: the deployment storage with keys on is a violation (it was exempt by name before)", async () => {
    expect(SHARED_KEY_EXEMPT_DEFAULT).toEqual([]);
    expect(messages(await check(policy, [account("azure-platform-deployment-storage", true)]))).toEqual([
      expect.stringContaining("Storage account 'azure-platform-deployment-storage' (urn:pulumi:dev::semantest-infrastructure::azure-native:storage:StorageAccount::azure-platform-deployment-storage) allows shared key access (allowSharedKeyAccess is true)"),
    ]);
    expect(messages(await check(policy, [account("azure-platform-deployment-storage")]))).toEqual([expect.stringContaining("(allowSharedKeyAccess is missing)")]);
    expect(await check(policy, [account("azure-platform-deployment-storage", false)])).toEqual([]);
  });

  it("still takes accounts a stack adds from allowSharedKeyAccounts", async () => {
    const config = { config: { "azure-storage-shared-key-disabled": { allowSharedKeyAccounts: ["legacy-files"] } } };
    expect(await check(policy, [account("legacy-files", true)], config)).toEqual([]);
    expect(await check(policy, [account("azure-platform-deployment-storage", true)], config)).toHaveLength(1);
  });

  it("passes on the program's resources and trips, mandatory in production, when the deployment storage allows keys", async () => {
    const resources = run.resources as unknown as RecordedResourceLike[];
    const clean = await runPolicies(resources, { environment: "production" });
    expect(clean.filter((v) => v.policy === "azure-storage-shared-key-disabled")).toEqual([]);
    const broken = resources.map((r) => (r.name === "azure-platform-deployment-storage" && r.type === T.account ? { ...r, inputs: { ...r.inputs, allowSharedKeyAccess: true } } : r));
    const found = (await runPolicies(broken, { environment: "production" })).filter((v) => v.policy === "azure-storage-shared-key-disabled");
    expect(found.map((v) => [v.level, v.message.includes("'azure-platform-deployment-storage'")])).toEqual([["mandatory", true]]);
  });

  it("the production stack file's offline preview (policies included) passes with no shared-key violation", async () => {
    const { document } = await offlinePreview("production");
    expect(document.policies.violations).toEqual([]);
    expect(document.resources.map((r) => `${r.type} ${r.name}`)).toContain(`${T.role} azure-platform-deployer-package-access`);
  });
});

describe("the deploying principal's type", () => {
  it("reaches the grant under mocks: a pipeline's principal is assigned as ServicePrincipal", async () => {
    const saved = process.env.ARM_CLIENT_ID;
    process.env.ARM_CLIENT_ID = "00000000-0000-0000-0000-00000000c1c1";
    try {
      const ci = await runAzure("production", azureConfig("production"), { websocket: { digest: WS_DIGEST, path: fakeZip() }, "rest-api": { digest: REST_DIGEST, path: fakeZip() } });
      expect(ci.get(T.role, "azure-platform-deployer-package-access").inputs.principalType).toBe("ServicePrincipal");
    } finally {
      if (saved === undefined) delete process.env.ARM_CLIENT_ID;
      else process.env.ARM_CLIENT_ID = saved;
    }
  });
});

describe("the real stack files", () => {
  it("staging declares the deployer grant and keeps keys off", async () => {
    const stackRun = await runProgram("staging");
    expect(stackRun.get(T.account, "azure-platform-deployment-storage").inputs.allowSharedKeyAccess).toBe(false);
    expect(stackRun.get(T.role, "azure-platform-deployer-package-access").inputs.principalId).toBe(DEPLOYER);
  });

  it("dev, all on AWS, declares no Azure storage and so no grant", async () => {
    const stackRun = await runProgram("dev");
    expect(stackRun.all(T.account)).toEqual([]);
    expect(stackRun.all(T.role).filter((r) => r.name === "azure-platform-deployer-package-access")).toEqual([]);
  });
});
