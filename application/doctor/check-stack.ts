/**
 * The doctor use cases: `checkStack` (what `semantest-iac doctor` prints) and `preflight` (the
 * same checks before `deploy`, `rollback` and `destroy`, which `skipChecks` bypasses). The program
 * is evaluated offline first, so the checks ask only what this stack's resources need.
 */
import { OperationError } from "../errors";
import { ExitCodes } from "../exit-codes";
import type { Ports } from "../ports";
import { previewOffline } from "../preview";
import { stackNeeds } from "./needs";
import { authPlaceholderChecks } from "./auth-placeholders";
import { report, type DoctorReport } from "./report";
import { runDoctor } from "./run-doctor";

export interface DoctorRequest {
  readonly stack: string;
  /** Another stack file to read instead of Pulumi.<stack>.yaml. */
  readonly configFile?: string;
}

export async function checkStack(ports: Pick<Ports, "offline" | "project" | "accountProbes">, request: DoctorRequest): Promise<DoctorReport> {
  if (!ports.accountProbes) throw new OperationError("DOCTOR_UNAVAILABLE", "no account probes are wired (the test-only fake engine has no account to ask)", ExitCodes.usage, "run doctor without SEMANTEST_IAC_ENGINE=fake");
  const evaluated = await previewOffline(ports, { stack: request.stack, configFile: request.configFile });
  const needs = stackNeeds(evaluated.configuration, evaluated.resources);
  const values = ports.project.stackValues(request.stack, request.configFile);
  const subscription = typeof values["azure-native:subscriptionId"] === "string" ? values["azure-native:subscriptionId"] : undefined;
  const result = await runDoctor(needs, ports.accountProbes.open({ region: needs.aws?.region, subscriptionId: subscription }));
  return report(result.stack, [...result.checks, ...authPlaceholderChecks(evaluated.configuration)]);
}

export interface PreflightRequest extends DoctorRequest {
  readonly skipChecks?: boolean;
}

/**
 * Runs the doctor checks before a change; throws PREFLIGHT (exit 3) naming each failed check.
 * Returns undefined when skipped (`skipChecks`, or the test-only fake engine, which has no account to ask).
 */
export async function preflight(ports: Pick<Ports, "offline" | "project" | "accountProbes" | "progress">, request: PreflightRequest): Promise<DoctorReport | undefined> {
  if (request.skipChecks || !ports.accountProbes) return undefined;
  const result = await ports.progress.step("Check the machine and the accounts (doctor)", () => checkStack(ports, request));
  if (!result.ok) {
    const failed = result.checks.filter((c) => c.status === "fail");
    throw new OperationError(
      "PREFLIGHT",
      `${failed.length} doctor check${failed.length === 1 ? "" : "s"} failed: ${failed.map((c) => `${c.title} (${c.detail})`).join("; ")}`,
      ExitCodes.environment,
      `fix them (semantest-iac doctor --env ${request.stack} shows how) or pass --skip-checks`,
      { checks: failed },
    );
  }
  return result;
}
