/** `semantest-iac status` and `history`: deployments read from Pulumi stack history. */
import type { CommandContext } from "../context";
import { guard, openEachStack } from "../engine/errors";
import { ExitCodes } from "../exit-codes";
import { CliError, Io } from "../output";
import { DeploymentRecord, findDeployment, toRecord } from "../release/records";
import { duration, endpointsOf, printJson, requireEnv, shortDigest, stackFiles } from "./shared";

export interface StatusFlags {
  readonly env?: string;
  readonly deployment?: string;
  readonly json?: boolean;
}

export interface HistoryFlags {
  readonly env?: string;
  readonly limit?: string;
  readonly json?: boolean;
}

export async function status(flags: StatusFlags, ctx: CommandContext): Promise<number> {
  if (!flags.env && !flags.deployment) throw new CliError("USAGE", "status needs --env <env> or --deployment <id>", ExitCodes.usage, "semantest-iac status --env production");
  const engine = ctx.engine();
  await guard(engine.check());
  const stacks = flags.env ? [requireEnv(flags.env, "status", "semantest-iac status --env production")] : stackFiles(ctx.projectDir);

  for await (const { name, stack } of openEachStack(engine, stacks, !flags.env)) {
    const records = (await guard(stack.history(), name)).map(toRecord);
    const record = flags.deployment ? findDeployment(records, flags.deployment) : records[0];
    if (!record) {
      if (flags.deployment && !flags.env) continue;
      if (flags.deployment) throw unknownDeployment(flags.deployment, [name]);
      throw new CliError("NO_DEPLOYMENTS", `stack ${name} has no updates yet`, ExitCodes.failed, `semantest-iac deploy --env ${name}`);
    }
    const latestSucceeded = records.find((r) => r.result === "succeeded" && r.kind !== "other") ?? records.find((r) => r.result === "succeeded");
    const live = latestSucceeded?.version === record.version;
    const endpoints = live ? endpointsOf(await guard(stack.outputs(), name)) : {};
    const document = { stack: name, live, deployment: record, endpoints };
    if (flags.json) printJson(ctx.io, document);
    else printStatus(ctx.io, name, record, live, endpoints);
    return ExitCodes.ok;
  }
  throw unknownDeployment(flags.deployment ?? "", stacks);
}

function unknownDeployment(id: string, stacks: readonly string[]): CliError {
  return new CliError(
    "UNKNOWN_DEPLOYMENT",
    `no deployment ${id} in the history of ${stacks.length ? `stack ${stacks.join(", ")}` : "any stack"}`,
    ExitCodes.usage,
    "check the id with `semantest-iac history --env <env>` (ids are 26-character ULIDs)",
  );
}

function printStatus(io: Io, stack: string, record: DeploymentRecord, live: boolean, endpoints: Record<string, string>): void {
  const lines = [
    `${record.kind === "other" ? "Update" : record.kind === "rollback" ? "Rollback" : "Deployment"} ${record.deploymentId ?? "(no deployment id)"} — ${record.result}, update v${record.version}${live ? " (live)" : ""}`,
    `  stack:       ${stack}`,
    `  started:     ${record.startTime} (took ${duration(record.startTime, record.endTime)})`,
    `  by:          ${who(record)}`,
    `  components:  ${record.components.map((c) => `${c.kind} on ${c.provider}`).join(", ") || "-"}`,
    `  artifacts:   ${Object.entries(record.release?.artifacts ?? {}).map(([k, d]) => `${k} ${shortDigest(d)}`).join(", ") || "-"}`,
  ];
  if (record.restored) lines.push(`  restored:    version ${record.restored.version}${record.restored.deploymentId ? ` (deployment ${record.restored.deploymentId})` : ""}`);
  if (record.resourceChanges) lines.push(`  changes:     ${changeSummary(record.resourceChanges)}`);
  lines.push(`  endpoints:   ${Object.entries(endpoints).map(([k, v]) => `${k} ${v}`).join(", ") || (live ? "-" : "(only shown for the live deployment)")}`);
  lines.push(`  message:     ${record.message || "-"}`);
  io.stdout(lines.join("\n"));
}

export function who(record: DeploymentRecord): string {
  const by = record.by;
  const parts: string[] = [];
  if (by["git.head"]) parts.push(`commit ${by["git.head"].slice(0, 12)}${by["git.headName"] ? ` (${by["git.headName"].replace(/^refs\/heads\//, "")})` : ""}`);
  if (by["git.author"]) parts.push(`by ${by["git.author"]}`);
  if (by["ci.system"]) parts.push(`on ${by["ci.system"]}`);
  if (by["exec.kind"]) parts.push(`via ${by["exec.kind"]}`);
  return parts.join(" ") || "-";
}

export function changeSummary(changes: Readonly<Record<string, number>>): string {
  const order = ["create", "update", "replace", "delete", "same"];
  const keys = [...order.filter((k) => changes[k]), ...Object.keys(changes).filter((k) => !order.includes(k) && changes[k])];
  return keys.map((k) => `${k} ${changes[k]}`).join(", ") || "no changes";
}

export async function history(flags: HistoryFlags, ctx: CommandContext): Promise<number> {
  const env = requireEnv(flags.env, "history", "semantest-iac history --env production --limit 20");
  let limit: number | undefined;
  if (flags.limit !== undefined) {
    limit = Number(flags.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new CliError("USAGE", `--limit ${JSON.stringify(flags.limit)} is not a count; expected a whole number >= 1`, ExitCodes.usage, "semantest-iac history --env production --limit 20");
  }
  const engine = ctx.engine();
  await guard(engine.check());
  const stack = await guard(engine.openStack(env), env);
  const records = (await guard(stack.history(limit), env)).map(toRecord).slice(0, limit);
  if (flags.json) {
    printJson(ctx.io, { stack: env, deployments: records });
    return ExitCodes.ok;
  }
  if (records.length === 0) {
    ctx.io.stdout(`stack ${env} has no updates yet`);
    return ExitCodes.ok;
  }
  const rows = records.map((r) => [
    `v${r.version}`,
    r.deploymentId ?? "-",
    r.kind,
    r.result,
    r.startTime.replace(/\.\d{3}Z$/, "Z"),
    duration(r.startTime, r.endTime),
    r.components.map((c) => `${c.kind}@${c.provider}`).join(" ") || "-",
    who(r),
  ]);
  const header = ["VERSION", "DEPLOYMENT", "KIND", "RESULT", "STARTED", "TOOK", "COMPONENTS", "BY"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const format = (row: string[]) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join("  ");
  ctx.io.stdout([format(header), ...rows.map(format)].join("\n"));
  return ExitCodes.ok;
}
