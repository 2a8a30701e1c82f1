import { CloudProvider, PROVIDER_LABEL } from "./cloud-provider";
import { fail, Parsed, problem } from "./problem";
import { ok } from "../shared/result";

/**
 * Regions where every service we use is offered. AWS: the commercial regions with Lambda,
 * API Gateway HTTP + WebSocket APIs and DynamoDB (AWS "Regional product services" table).
 * Azure: regions that offer Flex Consumption Function Apps and Web PubSub
 * (`az functionapp list-flexconsumption-locations`, Azure "Products available by region").
 * Opt-in AWS regions are included; they must be enabled on the account first.
 */
export const KNOWN_REGIONS: Readonly<Record<CloudProvider, readonly string[]>> = {
  aws: [
    "us-east-1", "us-east-2", "us-west-1", "us-west-2",
    "ca-central-1", "ca-west-1", "sa-east-1", "mx-central-1",
    "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-central-2",
    "eu-north-1", "eu-south-1", "eu-south-2",
    "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2",
    "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-7", "ap-south-1", "ap-south-2", "ap-east-1",
    "me-south-1", "me-central-1", "il-central-1", "af-south-1",
  ],
  azure: [
    "eastus", "eastus2", "westus2", "westus3", "centralus", "northcentralus", "southcentralus", "westcentralus",
    "canadacentral", "brazilsouth", "northeurope", "westeurope", "uksouth", "ukwest", "francecentral",
    "germanywestcentral", "swedencentral", "switzerlandnorth", "norwayeast", "polandcentral", "italynorth",
    "spaincentral", "eastasia", "southeastasia", "japaneast", "japanwest", "koreacentral", "australiaeast",
    "australiasoutheast", "centralindia", "southindia", "uaenorth", "southafricanorth",
  ],
};

/** A cloud region, checked against the provider's known list. */
export class Region {
  private constructor(
    readonly provider: CloudProvider,
    readonly name: string,
  ) {}

  static parse(provider: CloudProvider, raw: unknown, path: string): Parsed<Region> {
    const known = KNOWN_REGIONS[provider];
    if (typeof raw === "string" && known.includes(raw)) return ok(new Region(provider, raw));
    // A hint only for a plausible typo: the distance of a megabyte-long string costs seconds.
    const hint = typeof raw === "string" && raw.length <= 64 ? closest(raw, known) : undefined;
    return fail(
      problem(
        path,
        raw,
        `is not a known ${PROVIDER_LABEL[provider]} region${hint ? ` (did you mean "${hint}"?)` : ""}; allowed: ${known.join(", ")}`,
      ),
    );
  }

  toString(): string {
    return this.name;
  }
}

/** The known name a typo is most likely meant to be ("westeruope" -> "westeurope"), if any is close. */
function closest(input: string, candidates: readonly string[]): string | undefined {
  const normalised = input.toLowerCase().replace(/[\s_]/g, "");
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    const distance = levenshtein(normalised, name);
    if (!best || distance < best.distance) best = { name, distance };
  }
  return best && best.distance <= 2 ? best.name : undefined;
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}
