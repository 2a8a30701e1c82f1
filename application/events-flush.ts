/**
 * Events flush: re-send what earlier runs could not deliver from a stack's outbox to the sinks of
 * its stack file. Needs no engine: the outbox and the stack file are both on this machine.
 */
import { DeploymentConfiguration } from "../domain";
import { OperationError } from "./errors";
import { ExitCodes } from "./exit-codes";
import type { OutboxReport, Ports } from "./ports";
import { PROJECT_NAME } from "./project-name";
import { invalidConfig } from "./shared";
import { stackNameOfConfigFile } from "./stack-name";

export interface FlushRequest {
  readonly stack?: string;
  /** A stack file to read instead of `Pulumi.<stack>.yaml`; alone, `Pulumi.<name>.yaml` names the stack. */
  readonly configFile?: string;
}

export interface FlushResult extends OutboxReport {
  readonly stack: string;
  /** Events still waiting, over every sink. */
  readonly pendingTotal: number;
  /** True when nothing is left to deliver (and no other process held the outbox). */
  readonly complete: boolean;
}

export async function flushEvents(ports: Pick<Ports, "project" | "outbox">, request: FlushRequest): Promise<FlushResult> {
  const stack = request.stack ?? (request.configFile === undefined ? undefined : stackNameOfConfigFile(request.configFile));
  if (!stack) throw new OperationError("USAGE", "events flush needs --env <env> (or --config <stack file>)", ExitCodes.usage, "semantest-iac events flush --env production");
  let values;
  try {
    values = ports.project.stackValues(stack, request.configFile);
  } catch (error) {
    throw new OperationError("STACK_FILE", (error as Error).message, ExitCodes.usage, "check the --env / --config value");
  }
  const parsed = DeploymentConfiguration.parse({ project: PROJECT_NAME, stack, values });
  if (!parsed.ok) throw invalidConfig(stack, parsed.error);

  const report = await ports.outbox(parsed.value.events, stack, parsed.value.region("aws")?.name);
  const pendingTotal = Object.values(report.pending).reduce((sum, n) => sum + n, 0);
  // Events still waiting (a sink is down, or another process holds the outbox) = the flush did not finish.
  return { stack, ...report, pendingTotal, complete: pendingTotal === 0 && !report.skipped };
}
