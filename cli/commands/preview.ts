/**
 * `semantest-iac preview`: online (application/preview.ts `previewOnline`: the stack engine with
 * the CrossGuard pack) or `--offline` (`previewOffline`: the program under mocks). Both end with
 * the same summary of changes and policy results; `--offline --graph` draws the resource tree.
 */
import * as fs from "fs";
import * as path from "path";
import { ExitCodes } from "../../application/exit-codes";
import { failsPolicies, previewOffline, previewOnline } from "../../application/preview";
import type { PolicyResult } from "../../application/ports";
import { OperationError } from "../../application/errors";
import { colors as pc } from "../colors";
import type { CommandContext } from "../context";
import { GRAPH_FORMATS, GraphFormat, renderGraph } from "../render/graph";
import { renderPreview } from "../render/preview-tree";
import { stackNameOfConfigFile } from "../../application/stack-name";
import { authPlaceholderMessage, authPlaceholders } from "../../domain/config/auth";
import { changeMarker, loadBaseline, renderCostComment, renderCostDelta, renderDeletions, withChanges } from "./preview-baseline";
import { printJson, requireEnv } from "./shared";

export interface PreviewFlags {
  readonly env?: string;
  readonly config?: string;
  readonly component?: string;
  readonly provider?: string;
  readonly offline?: boolean;
  readonly json?: boolean;
  readonly graph?: boolean;
  readonly graphFormat?: string;
  readonly out?: string;
  readonly baseline?: string;
  /** With --baseline: print the pull-request comment's Markdown section (the cost change) instead of the tree. */
  readonly markdown?: boolean;
}

export async function preview(flags: PreviewFlags, ctx: CommandContext): Promise<number> {
  if (flags.graph && !flags.offline) throw new OperationError("USAGE", "--graph draws the offline evaluation: add --offline", ExitCodes.usage, "semantest-iac preview --env dev --offline --graph");
  if (flags.baseline && (!flags.offline || flags.graph)) throw new OperationError("USAGE", "--baseline compares offline previews: use it with --offline and without --graph", ExitCodes.usage, "semantest-iac preview --env dev --offline --baseline baseline.json");
  if (flags.markdown && (!flags.baseline || flags.json)) throw new OperationError("USAGE", "--markdown prints the cost change against a baseline: use it with --offline --baseline <file> and without --json", ExitCodes.usage, "semantest-iac preview --env dev --offline --baseline base.json --markdown");
  if (flags.offline) return offline(flags, ctx);
  if (flags.config) throw new OperationError("USAGE", "--config reads a stack file for --offline; an online preview uses the stack's own config", ExitCodes.usage, "add --offline, or drop --config");
  const stack = requireEnv(flags.env, "preview", "semantest-iac preview --env production");
  const result = await previewOnline(ctx.ports(Boolean(flags.json)), { stack, component: flags.component, provider: flags.provider });
  const violations = result.policies.violations;
  if (flags.json) printJson(ctx.io, result);
  else {
    const lines = result.steps.map((s) => `  ${s.op.padEnd(7)} ${s.type}  ${s.urn.split("::").pop()}`);
    for (const move of result.moves) lines.push(pc.yellow(`  ${move.kind} moves from ${move.from} to ${move.to}: its endpoint URL changes`));
    for (const v of violations) lines.push(`  [${v.level === "mandatory" ? pc.red("mandatory") : pc.yellow("advisory")}] ${v.policy}: ${v.message}`);
    lines.push(changeSummaryLine(result.changes, violations));
    ctx.io.stdout(lines.join("\n"));
  }
  return failsPolicies(violations) ? ExitCodes.failed : ExitCodes.ok;
}

/** `preview --offline`: the offline document (--json), a tree, or a picture (--graph). */
async function offline(flags: PreviewFlags, ctx: CommandContext): Promise<number> {
  const stack = flags.env ?? (flags.config === undefined ? undefined : stackNameOfConfigFile(flags.config));
  if (!stack) throw new OperationError("USAGE", "preview needs --env <env> (or --config <stack file>)", ExitCodes.usage, "semantest-iac preview --env dev --offline");
  const format = graphFormat(flags);
  const baseline = flags.baseline ? loadBaseline(flags.baseline) : undefined;
  const result = await previewOffline(ctx.ports(Boolean(flags.json)), { stack, configFile: flags.config, component: flags.component, provider: flags.provider });
  // A warning, not a failure: a preview of the committed production stack must pass (docs/auth.md).
  const placeholders = authPlaceholders(result.configuration.components);
  if (placeholders.length > 0) ctx.io.stderr(`warning: ${authPlaceholderMessage(placeholders)}`);
  const diffed = baseline ? withChanges(result.document, baseline) : undefined;
  const document = diffed ?? result.document;
  const outcome = failsPolicies(document.policies.violations) ? ExitCodes.failed : ExitCodes.ok;
  if (format) {
    const picture = await renderGraph(result.resources, format, `semantest-${stack}`);
    if (flags.out) {
      fs.mkdirSync(path.dirname(path.resolve(flags.out)), { recursive: true });
      fs.writeFileSync(flags.out, picture);
      if (flags.json) printJson(ctx.io, { stack, graph: { format, file: path.resolve(flags.out), resources: result.resources.length } });
      else ctx.io.stderr(`wrote the ${format} graph of ${result.resources.length} resources to ${flags.out}`);
    } else if (flags.json) printJson(ctx.io, { stack, graph: { format, content: picture } });
    else ctx.io.stdout(picture);
    return outcome;
  }
  if (flags.json) printJson(ctx.io, document);
  else if (flags.markdown && diffed) ctx.io.stdout(renderCostComment(diffed));
  else {
    ctx.io.stdout(renderPreview(document, diffed && changeMarker(diffed.changes)) + (diffed ? `\n${renderDeletions(diffed.changes)}\n${renderCostDelta(diffed)}\n` : ""));
    ctx.io.stdout(changeSummaryLine(diffed?.summary ?? { create: document.resources.length }, document.policies.violations));
  }
  return outcome;
}

function graphFormat(flags: PreviewFlags): GraphFormat | undefined {
  if (!flags.graph) {
    if (flags.graphFormat || flags.out) throw new OperationError("USAGE", "--graph-format and --out go with --graph", ExitCodes.usage, "semantest-iac preview --env dev --offline --graph --graph-format svg --out graph.svg");
    return undefined;
  }
  const ext = flags.out ? path.extname(flags.out).toLowerCase() : "";
  const format = flags.graphFormat ?? (ext === ".svg" ? "svg" : ext === ".dot" || ext === ".gv" ? "dot" : "mermaid");
  if (!(GRAPH_FORMATS as readonly string[]).includes(format)) {
    throw new OperationError("USAGE", `--graph-format ${JSON.stringify(format)} is not a graph format; allowed: ${GRAPH_FORMATS.join(", ")}`, ExitCodes.usage, "semantest-iac preview --env dev --offline --graph --graph-format dot");
  }
  return format as GraphFormat;
}

/** The one-line summary both previews end with. */
export function changeSummaryLine(changes: Readonly<Record<string, number>>, policies: readonly Pick<PolicyResult, "level">[]): string {
  const count = (op: string) => changes[op] ?? 0;
  const mandatory = policies.filter((p) => p.level === "mandatory").length;
  const advisory = policies.length - mandatory;
  const plan = `Plan: ${pc.green(`+${count("create")} to create`)}, ${pc.yellow(`~${count("update")} to update`)}, ${pc.magenta(`+-${count("replace")} to replace`)}, ${pc.red(`-${count("delete")} to delete`)}`;
  const policy = `policies: ${mandatory > 0 ? pc.red(`${mandatory} mandatory`) : "0 mandatory"}, ${advisory} advisory`;
  return `${plan}; ${policy}`;
}
