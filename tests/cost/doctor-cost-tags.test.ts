/**
 * doctor's cost allocation tag check: Cost Explorer's ListCostAllocationTags through the real SDK
 * client (adapters/account/aws.ts) against the Cost Explorer recorder, and what the check makes of
 * each answer. It never fails (deploying does not need it), so it never blocks `deploy`.
 */
import { AwsSdkAccountProbe } from "../../adapters/account";
import { awsCostAllocationTags, azureCostTags, COST_TAG_KEYS } from "../../application/doctor";
import { CostExplorerRecorder, startCostExplorerRecorder } from "./recorders/billing";

describe("doctor: cost allocation tags", () => {
  let ce: CostExplorerRecorder;
  let probe: AwsSdkAccountProbe;
  beforeAll(async () => {
    ce = await startCostExplorerRecorder([]);
    probe = new AwsSdkAccountProbe({ region: "eu-west-1", endpoint: ce.url, credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" } });
  });
  afterAll(() => ce.close());
  beforeEach(() => {
    ce.calls.length = 0;
    ce.state.failWith = undefined;
  });

  it("asks for the standard tag keys, user-defined, and reads each status", async () => {
    ce.state.tags = [{ TagKey: "environment", Status: "Active" }, { TagKey: "component", Status: "Inactive" }, { TagKey: "team", Status: "Active" }];
    await expect(probe.costAllocationTags(COST_TAG_KEYS)).resolves.toEqual({ environment: "Active", component: "Inactive" });
    expect(JSON.parse(ce.calls[0].body)).toEqual({ TagKeys: ["environment", "managed-by", "component", "deployment-id"], Type: "UserDefined" });
    expect(ce.calls[0].headers["x-amz-target"]).toBe("AWSInsightsIndexService.ListCostAllocationTags");
  });

  it("passes when every key is active", async () => {
    ce.state.tags = COST_TAG_KEYS.map((TagKey) => ({ TagKey, Status: "Active" as const }));
    await expect(awsCostAllocationTags(probe)).resolves.toEqual({ id: "aws-cost-allocation-tags", title: "Cost allocation tags (status --cost)", status: "pass", detail: "active: environment, managed-by, component, deployment-id" });
  });

  it("says which keys are inactive or not seen yet, and the command that activates them, as INFO", async () => {
    ce.state.tags = [{ TagKey: "environment", Status: "Active" }, { TagKey: "managed-by", Status: "Active" }, { TagKey: "component", Status: "Inactive" }];
    const check = await awsCostAllocationTags(probe);
    expect(check.status).toBe("info");
    expect(check.detail).toBe(
      "not active: component; not seen by Billing yet (listed up to 24 hours after a resource first carries them): deployment-id: status --cost cannot filter or group by them until they are active; activate (management account): aws ce update-cost-allocation-tags-status --cost-allocation-tags-status TagKey=component,Status=Active",
    );
  });

  it("a member account that may not list them gets INFO with the reason, not a failure", async () => {
    ce.state.failWith = { status: 400, type: "AccessDeniedException", message: "Linked account doesn't have access to cost allocation tags." };
    const check = await awsCostAllocationTags(probe);
    expect(check.status).toBe("info");
    expect(check.detail).toContain("could not list them (AccessDeniedException: Linked account doesn't have access to cost allocation tags.)");
  });

  it("Azure: nothing to activate, said as INFO", () => {
    expect(azureCostTags()).toMatchObject({ id: "azure-cost-tags", status: "info" });
  });
});
