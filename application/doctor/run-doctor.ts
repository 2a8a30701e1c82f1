/**
 * `doctor`: before anything changes, check what the stack needs from this machine and from the
 * accounts it deploys to. A use case over ports (ports.ts); the adapters (adapters/account/) ask the
 * real APIs. `deploy`, `rollback` and `destroy` call `runDoctor` first unless `--skip-checks`.
 */
import type { AwsAccountProbe, AzureAccountProbe, PulumiCliProbe } from "./ports";
import type { StackNeeds } from "./needs";
import { CheckResult, DoctorReport, firstLine, report, skipped } from "./report";
import { awsChecks } from "./aws-checks";
import { azureChecks } from "./azure-checks";

/** The Pulumi CLI version whose resource hooks the deployment events need (README, docs/cli.md). */
export const MINIMUM_PULUMI_VERSION = "3.182.0";

export interface DoctorProbes {
  readonly pulumi: PulumiCliProbe;
  /** Created only when the stack uses the cloud (so a machine without its SDK config is not asked). */
  readonly aws?: () => AwsAccountProbe;
  readonly azure?: () => AzureAccountProbe;
}

export async function runDoctor(needs: StackNeeds, probes: DoctorProbes): Promise<DoctorReport> {
  const checks: CheckResult[] = [...(await pulumiChecks(probes.pulumi))];
  if (needs.aws) checks.push(...(probes.aws ? await awsChecks(needs.aws, probes.aws()) : [skipped("aws", "AWS checks", "no AWS probe was given")]));
  else checks.push(skipped("aws", "AWS account", "no component of this stack runs on AWS"));
  if (needs.azure) checks.push(...(probes.azure ? await azureChecks(needs.azure, probes.azure()) : [skipped("azure", "Azure checks", "no Azure probe was given")]));
  else checks.push(skipped("azure", "Azure subscription", "no component of this stack runs on Azure"));
  return report(needs.stack, checks);
}

async function pulumiChecks(pulumi: PulumiCliProbe): Promise<CheckResult[]> {
  const version = await pulumi.version().catch(() => undefined);
  const versionCheck: CheckResult = !version
    ? { id: "pulumi-version", title: "Pulumi CLI", status: "fail", detail: "no `pulumi` on PATH", fix: `install the Pulumi CLI ${MINIMUM_PULUMI_VERSION} or later: curl -fsSL https://get.pulumi.com | sh` }
    : compareVersions(version, MINIMUM_PULUMI_VERSION) < 0
      ? { id: "pulumi-version", title: "Pulumi CLI", status: "fail", detail: `${version} is older than ${MINIMUM_PULUMI_VERSION} (the resource hooks the deployment events use)`, fix: "pulumi self-update (or reinstall from https://get.pulumi.com)" }
      : { id: "pulumi-version", title: "Pulumi CLI", status: "pass", detail: `${version} (>= ${MINIMUM_PULUMI_VERSION})` };
  if (!version) return [versionCheck, skipped("pulumi-login", "Pulumi backend login", "no Pulumi CLI to ask")];
  try {
    const who = await pulumi.whoami();
    return [versionCheck, { id: "pulumi-login", title: "Pulumi backend login", status: "pass", detail: `logged in as ${who.user}${who.url ? ` (${who.url})` : ""}` }];
  } catch (error) {
    return [versionCheck, { id: "pulumi-login", title: "Pulumi backend login", status: "fail", detail: firstLine(error), fix: "pulumi login (or: pulumi login --local / s3://<bucket> / azblob://<container>)" }];
  }
}

/** Compares dotted versions ("v3.200.0" and "3.182.0"); a pre-release or build suffix is ignored. */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.trim().replace(/^v/, "").split(/[-+]/)[0].split(".").map((n) => Number.parseInt(n, 10) || 0);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i += 1) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}
