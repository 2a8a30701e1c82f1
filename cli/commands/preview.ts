/**
 * `semantest-iac preview`: online through the Automation API (with the CrossGuard pack in
 * policy/), or `--offline` under mocks (DESIGN §5). Both end with the same summary of changes
 * and policy results; `--offline --graph` draws the resource tree instead.
 */
import * as fs from "fs";
import * as path from "path";
import { colors as pc } from "../colors";
import { applyComponentOverride, DeploymentConfiguration, providerMoves } from "../../domain";
import type { CommandContext } from "../context";
import { guard } from "../engine/errors";
import type { PolicyResult } from "../engine/port";
import { ExitCodes } from "../exit-codes";
import { GRAPH_FORMATS, GraphFormat, renderGraph } from "../offline/graph";
import { renderPreview } from "../offline/render";
import { CliError, Io } from "../output";
import { configValues, encodeValues } from "../release/records";
import { changeMarker, loadBaseline, renderDeletions, withChanges } from "./preview-baseline";
import { listProblems, policyOptions, printJson, PROJECT_NAME, requireEnv } from "./shared";

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
}

export async function preview(flags: PreviewFlags, ctx: CommandContext): Promise<number> {
  if (flags.graph && !flags.offline) throw new CliError("USAGE", "--graph draws the offline evaluation: add --offline", ExitCodes.usage, "semantest-iac preview --env dev --offline --graph");
  if (flags.baseline && (!flags.offline || flags.graph)) throw new CliError("USAGE", "--baseline compares offline previews: use it with --offline and without --graph", ExitCodes.usage, "semantest-iac preview --env dev --offline --baseline baseline.json");
  if (flags.offline) return previewOffline(flags, ctx.io, ctx.projectDir);
  if (flags.config) throw new CliError("USAGE", "--config reads a stack file for --offline; an online preview uses the stack's own config", ExitCodes.usage, "add --offline, or drop --config");
  return previewOnline(flags, ctx);
}

/** `preview --offline`: evaluate the program under mocks and print the contract JSON or a tree. */
export async function previewOffline(flags: PreviewFlags, io: Io, projectDir: string): Promise<number> {
  const env = flags.env ?? stackFromConfigFile(flags.config);
  if (!env) {
    throw new CliError("USAGE", "preview needs --env <env> (or --config <stack file>)", ExitCodes.usage, "semantest-iac preview --env dev --offline");
  }
  const format = graphFormat(flags);
  const baseline = flags.baseline ? loadBaseline(flags.baseline) : undefined;
  // The offline engine loads the Pulumi SDK and the program: only when this path runs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runOfflinePreview } = require("../offline/preview") as typeof import("../offline/preview");
  const result = await runOfflinePreview({
    projectDir,
    env,
    configFile: flags.config,
    component: flags.component,
    provider: flags.provider,
  });
  if (!result.ok) {
    const error = result.error;
    const details = "problems" in error ? { problems: error.problems } : undefined;
    const fix =
      error.code === "STACK_FILE"
        ? "check the --env / --config value; stack files are Pulumi.<env>.yaml next to Pulumi.yaml"
        : error.code === "USAGE"
          ? "see semantest-iac preview --help"
          : "correct the stack config at the paths above (see docs/configuration.md)";
    throw new CliError(error.code, error.message, ExitCodes.usage, fix, details);
  }
  const diffed = baseline ? withChanges(result.value.document, baseline) : undefined;
  const document = diffed ?? result.value.document;
  const failedPolicy = document.policies.violations.some((v) => v.level === "mandatory");

  if (format) {
    const picture = await renderGraph(result.value.resources, format, `semantest-${env}`);
    if (flags.out) {
      fs.mkdirSync(path.dirname(path.resolve(flags.out)), { recursive: true });
      fs.writeFileSync(flags.out, picture);
      if (flags.json) printJson(io, { stack: env, graph: { format, file: path.resolve(flags.out), resources: result.value.resources.length } });
      else io.stderr(`wrote the ${format} graph of ${result.value.resources.length} resources to ${flags.out}`);
    } else if (flags.json) printJson(io, { stack: env, graph: { format, content: picture } });
    else io.stdout(picture);
    return failedPolicy ? ExitCodes.failed : ExitCodes.ok;
  }

  if (flags.json) io.stdout(JSON.stringify(document, null, 2));
  else {
    io.stdout(renderPreview(document, diffed && changeMarker(diffed.changes)) + (diffed ? `\n${renderDeletions(diffed.changes)}` : ""));
    io.stdout(changeSummaryLine(diffed?.summary ?? { create: document.resources.length }, document.policies.violations));
  }
  return failedPolicy ? ExitCodes.failed : ExitCodes.ok;
}

function graphFormat(flags: PreviewFlags): GraphFormat | undefined {
  if (!flags.graph) {
    if (flags.graphFormat || flags.out) throw new CliError("USAGE", "--graph-format and --out go with --graph", ExitCodes.usage, "semantest-iac preview --env dev --offline --graph --graph-format svg --out graph.svg");
    return undefined;
  }
  const format = flags.graphFormat ?? (flags.out ? formatFromFile(flags.out) : "mermaid");
  if (!(GRAPH_FORMATS as readonly string[]).includes(format)) {
    throw new CliError("USAGE", `--graph-format ${JSON.stringify(format)} is not a graph format; allowed: ${GRAPH_FORMATS.join(", ")}`, ExitCodes.usage, "semantest-iac preview --env dev --offline --graph --graph-format dot");
  }
  return format as GraphFormat;
}

function formatFromFile(file: string): string {
  const ext = path.extname(file).toLowerCase();
  return ext === ".svg" ? "svg" : ext === ".dot" || ext === ".gv" ? "dot" : "mermaid";
}

/** Online: the real engine, the stack's config (plus --component/--provider), the policy pack. */
async function previewOnline(flags: PreviewFlags, ctx: CommandContext): Promise<number> {
  const env = requireEnv(flags.env, "preview", "semantest-iac preview --env production");
  const engine = ctx.engine();
  await guard(engine.check());
  const stack = await guard(engine.openStack(env), env);
  const liveConfig = await guard(stack.getConfig(), env);
  const live = configValues(liveConfig);
  const overridden = applyComponentOverride(live, { component: flags.component, provider: flags.provider });
  if (!overridden.ok) throw new CliError("USAGE", listProblems(overridden.error), ExitCodes.usage, "see semantest-iac preview --help", { problems: overridden.error });
  const parsed = DeploymentConfiguration.parse({ project: PROJECT_NAME, stack: env, values: overridden.value });
  if (!parsed.ok) throw new CliError("INVALID_CONFIG", listProblems(parsed.error), ExitCodes.usage, `correct Pulumi.${env}.yaml at the paths above`, { problems: parsed.error });

  const changedKeys = ["semantest:components"].filter((key) => JSON.stringify(live[key]) !== JSON.stringify(overridden.value[key]));
  const progress = ctx.progress(Boolean(flags.json));
  const policies = policyOptions(ctx.projectDir, parsed.value.environment.name);
  if (policies.policyPacks.length === 0) progress.note("note: policy/PulumiPolicy.yaml not found: previewing without the CrossGuard pack");

  // The override applies for this preview only: the stack's config is put back afterwards.
  if (changedKeys.length > 0) await guard(stack.setAllConfig(encodeValues(Object.fromEntries(changedKeys.map((k) => [k, overridden.value[k]])))), env);
  let outcome;
  try {
    outcome = await progress.step(`Preview ${env}`, () => guard(stack.preview({ ...policies, onProgress: (p) => progress.engine(p) }), env));
  } finally {
    if (changedKeys.length > 0) await guard(stack.setAllConfig(liveConfig, { replace: true }), env);
  }
  const moves = providerMoves(live, overridden.value);
  const document = {
    stack: env,
    environment: parsed.value.environment.name,
    mode: "online" as const,
    changes: outcome.changes,
    steps: outcome.steps,
    policies: { violations: outcome.policies },
    moves,
  };
  if (flags.json) printJson(ctx.io, document);
  else {
    const lines = outcome.steps.map((s) => `  ${s.op.padEnd(7)} ${s.type}  ${s.urn.split("::").pop()}`);
    for (const move of moves) lines.push(pc.yellow(`  ${move.kind} moves from ${move.from} to ${move.to}: its endpoint URL changes`));
    for (const v of outcome.policies) lines.push(`  [${v.level === "mandatory" ? pc.red("mandatory") : pc.yellow("advisory")}] ${v.policy}: ${v.message}`);
    lines.push(changeSummaryLine(outcome.changes, outcome.policies));
    ctx.io.stdout(lines.join("\n"));
  }
  return outcome.policies.some((p) => p.level === "mandatory") ? ExitCodes.failed : ExitCodes.ok;
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

/** `--config path/Pulumi.qa.yaml` alone implies the stack `qa`. */
function stackFromConfigFile(file: string | undefined): string | undefined {
  const match = file?.match(/Pulumi\.([^/\\]+)\.ya?ml$/);
  return match?.[1];
}
