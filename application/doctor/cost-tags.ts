/**
 * Whether the billed cost can be read back by the stack's tags (`status --cost`). Never a failure:
 * deploying does not need it, so it never blocks `deploy`; it says what is missing and how to fix it.
 *
 * AWS: user-defined tags reach Cost Explorer only once activated as cost allocation tags; a key is
 * listed only after Billing has seen it on a resource, activation takes up to 24 hours, and only the
 * management (payer) account of an organization, or a standalone account, can activate (AWS Billing
 * User Guide, "Activating user-defined cost allocation tags"; Cost Explorer API Reference,
 * ListCostAllocationTags / UpdateCostAllocationTagsStatus).
 * Azure: resource tags are on the usage records in Cost Management without activation; some resource
 * types emit usage without tags (Microsoft Learn, "Group and allocate costs using tag inheritance").
 */
import { STANDARD_TAG_KEYS } from "../../domain/config/tags";
import type { AwsAccountProbe } from "./ports";
import { CheckResult, firstLine, skipped } from "./report";

/** The tag keys `status --cost` filters and groups by: the standard tags the program sets. */
export const COST_TAG_KEYS: readonly string[] = STANDARD_TAG_KEYS;

const ID = "aws-cost-allocation-tags";
const TITLE = "Cost allocation tags (status --cost)";

export async function awsCostAllocationTags(aws: AwsAccountProbe): Promise<CheckResult> {
  if (!aws.costAllocationTags) return skipped(ID, TITLE, "this probe cannot list cost allocation tags");
  let statuses: Readonly<Record<string, string>>;
  try {
    statuses = await aws.costAllocationTags(COST_TAG_KEYS);
  } catch (error) {
    return {
      id: ID,
      title: TITLE,
      status: "info",
      detail: `could not list them (${firstLine(error)}): only the management account of an organization (or a standalone account) with ce:ListCostAllocationTags can; status --cost shows nothing for tags that are not active`,
    };
  }
  const active = COST_TAG_KEYS.filter((k) => statuses[k] === "Active");
  if (active.length === COST_TAG_KEYS.length) return { id: ID, title: TITLE, status: "pass", detail: `active: ${active.join(", ")}` };
  const inactive = COST_TAG_KEYS.filter((k) => statuses[k] !== undefined && statuses[k] !== "Active");
  const unseen = COST_TAG_KEYS.filter((k) => statuses[k] === undefined);
  const parts = [
    ...(inactive.length ? [`not active: ${inactive.join(", ")}`] : []),
    ...(unseen.length ? [`not seen by Billing yet (listed up to 24 hours after a resource first carries them): ${unseen.join(", ")}`] : []),
  ];
  const fix = inactive.length
    ? `; activate (management account): aws ce update-cost-allocation-tags-status --cost-allocation-tags-status ${inactive.map((k) => `TagKey=${k},Status=Active`).join(" ")}`
    : "";
  return { id: ID, title: TITLE, status: "info", detail: `${parts.join("; ")}: status --cost cannot filter or group by them until they are active${fix}` };
}

export function azureCostTags(): CheckResult {
  return {
    id: "azure-cost-tags",
    title: "Cost tags (status --cost)",
    status: "info",
    detail: "nothing to activate: Cost Management carries resource tags on usage records (a few resource types emit usage without tags, counted as untagged); not checkable before there is a bill",
  };
}
