/**
 * One registration function per command: flags, help with examples, and the action (which loads
 * the command's module when it runs). cli/commands/index.ts lists them.
 */
import { Command, Option } from "commander";
import type { CommandContext } from "../context";

// Each command's module is loaded when it runs: `--help` stays fast, and only `preview --offline`
// pays for loading the Pulumi SDK. (`require`, not `import()`: bin/ts-hook.js runs this file as CommonJS.)
/* eslint-disable @typescript-eslint/no-require-imports */
const loadDeploy = () => require("./deploy") as typeof import("./deploy");
const loadPreview = () => require("./preview") as typeof import("./preview");
const loadStatus = () => require("./status") as typeof import("./status");
const loadRollback = () => require("./rollback") as typeof import("./rollback");
const loadEvents = () => require("./events") as typeof import("./events");
const loadDev = () => require("./dev") as typeof import("./dev");
/* eslint-enable @typescript-eslint/no-require-imports */

const componentOption = () => new Option("--component <component>", "the component to act on").choices(["rest-api", "websocket", "all"]);
const providerOption = () => new Option("--provider <provider>", "move the named component(s) to this cloud").choices(["aws", "azure"]);
const jsonOption = () => new Option("--json", "print one JSON document on stdout (errors too)");

export { registerDoctor } from "./doctor";

const examples = (lines: readonly string[]) => `\nExamples:\n${lines.map((line) => `  $ ${line}`).join("\n")}\n`;

export function registerDeploy(program: Command, ctx: CommandContext): void {
  program
    .command("deploy")
    .description("Build the components' artifacts, record a new release in the stack config and run `pulumi up` with live progress.")
    .option("--env <env>", "stack / environment to deploy (Pulumi.<env>.yaml)")
    .addOption(componentOption())
    .addOption(providerOption())
    .option("--yes", "confirm moving a component to another cloud (its endpoint URL changes)")
    .option("--skip-checks", "do not run the doctor checks first (semantest-iac doctor --env <env> runs them alone)")
    .option("--message <text>", "a note added to the update message in stack history")
    .option("--verify", "after a successful update, run the verify contract suite against the deployed endpoints (exit 1 if a check fails); with a rollout in steps, also at each step")
    .addOption(new Option("--strategy <strategy>", "how traffic moves to the new release (default: semantest:rollout; production: canary)").choices(["all-at-once", "canary", "linear", "blue-green"]))
    .addOption(jsonOption())
    .addHelpText(
      "after",
      examples([
        "semantest-iac deploy --env dev",
        "semantest-iac deploy --env staging --verify",
        "semantest-iac deploy --env production --component rest-api",
        "semantest-iac deploy --env production --strategy linear        # steps from semantest:rollout (docs/releases.md)",
        "semantest-iac deploy --env staging --component websocket --provider azure --yes",
        "semantest-iac deploy --env production --json",
      ]),
    )
    .action(async (flags) => ctx.setExitCode(await loadDeploy().deploy(flags, ctx)));
}

export function registerPreview(program: Command, ctx: CommandContext): void {
  program
    .command("preview")
    .description("Show what a deploy would change, with policy results. --offline evaluates the program under mocks: no cloud, no Pulumi CLI.")
    .option("--env <env>", "stack / environment: selects Pulumi.<env>.yaml")
    .option("--config <file>", "with --offline: read this stack file instead of Pulumi.<env>.yaml")
    .addOption(componentOption())
    .addOption(providerOption())
    .option("--offline", "evaluate in-process with Pulumi's mocks")
    .option("--graph", "with --offline: draw the resource tree (components, resources, dependencies)")
    .addOption(new Option("--graph-format <format>", "the picture's format (default: from --out's extension, else mermaid)").choices(["mermaid", "dot", "svg"]))
    .option("--out <file>", "with --graph: write the picture to this file")
    .option("--baseline <file>", "with --offline: compare with an earlier `preview --offline --json` and report each resource's change")
    .option("--markdown", "with --baseline: print the monthly cost change as the pull-request comment's Markdown section")
    .addOption(jsonOption())
    .addHelpText(
      "after",
      examples([
        "semantest-iac preview --env dev --offline",
        "semantest-iac preview --env production --offline --json",
        "semantest-iac preview --env staging --offline --component websocket --provider aws",
        "semantest-iac preview --config ./Pulumi.qa.yaml --offline",
        "semantest-iac preview --env production --offline --graph --out docs/production.svg",
        "semantest-iac preview --env dev --offline --baseline main-preview.json   # what this branch changes",
        "semantest-iac preview --env dev --offline --baseline main-preview.json --markdown   # the PR comment's cost section",
        "semantest-iac preview --env production            # online: Pulumi CLI + backend, with the policy pack",
      ]),
    )
    .action(async (flags) => ctx.setExitCode(await loadPreview().preview(flags, ctx)));
}

export function registerStatus(program: Command, ctx: CommandContext): void {
  program
    .command("status")
    .description("Show the latest deployment of a stack, or one deployment by id: result, version, who, components, artifacts, endpoints.")
    .option("--env <env>", "the stack / environment")
    .option("--deployment <id>", "a deployment or rollback id (searches every stack unless --env is given)")
    .option("--cost", "add the cost billed this month (Cost Explorer, Cost Management) next to the estimate (docs/cost.md#actual-cost)")
    .addOption(jsonOption())
    .addHelpText("after", examples(["semantest-iac status --env production", "semantest-iac status --deployment 01JDQ5Z8W2V7T3K9Y4M6N1P0AB", "semantest-iac status --env dev --json", "semantest-iac status --env production --cost"]))
    .action(async (flags) => ctx.setExitCode(await loadStatus().status(flags, ctx)));
}

export function registerHistory(program: Command, ctx: CommandContext): void {
  program
    .command("history")
    .description("List a stack's updates, newest first, with their deployment ids.")
    .option("--env <env>", "the stack / environment")
    .option("--limit <n>", "show at most n updates")
    .addOption(jsonOption())
    .addHelpText("after", examples(["semantest-iac history --env production", "semantest-iac history --env staging --limit 5 --json"]))
    .action(async (flags) => ctx.setExitCode(await loadStatus().history(flags, ctx)));
}

export function registerRollback(program: Command, ctx: CommandContext): void {
  program
    .command("rollback")
    .description("Restore the exact config (release and artifacts) of an earlier succeeded update and run `up` without rebuilding; with --env alone, abort the release rolled out in steps there.")
    .option("--deployment <id>", "the deployment to restore")
    .option("--env <env>", "the stack (with --to, or to narrow the --deployment search); alone: abort its release in progress")
    .option("--to <version>", "the update version to restore (see `history`)")
    .option("--yes", "do not ask for confirmation")
    .option("--skip-checks", "do not run the doctor checks first (semantest-iac doctor --env <env> runs them alone)")
    .addOption(jsonOption())
    .addHelpText(
      "after",
      examples(["semantest-iac rollback --deployment 01JDQ5Z8W2V7T3K9Y4M6N1P0AB", "semantest-iac rollback --env production --to 41 --yes", "semantest-iac rollback --env production --yes            # abort the canary in progress", "semantest-iac rollback --env staging --to 7 --yes --json"]) +
        "\nSee docs/rollback.md for the runbook.\n",
    )
    .action(async (flags) => ctx.setExitCode(await loadRollback().rollback(flags, ctx)));
}

export function registerEvents(program: Command, ctx: CommandContext): void {
  const events = program.command("events").description("The deployment events outbox (docs/events.md).");
  events
    .command("flush")
    .description("Re-send the events earlier runs could not deliver from the stack's outbox to its sinks. Needs no Pulumi CLI.")
    .option("--env <env>", "stack / environment: selects Pulumi.<env>.yaml and .semantest/outbox/<env>")
    .option("--config <file>", "read this stack file instead of Pulumi.<env>.yaml")
    .addOption(jsonOption())
    .addHelpText("after", examples(["semantest-iac events flush --env production", "semantest-iac events flush --env staging --json"]))
    .action(async (flags) => ctx.setExitCode(await loadEvents().flushEvents(flags, ctx)));
}

export function registerDev(program: Command, ctx: CommandContext): void {
  program
    .command("dev")
    .description("Run the REST API and the WebSocket server on localhost exactly as AWS or Azure hosts them (the local gateway; docs/local.md).")
    .option("--provider <provider>", "the cloud whose hosting is emulated, both components on it with the dev defaults: aws | azure (default: aws)")
    .option("--env <env>", "run the components as Pulumi.<env>.yaml configures them: provider, entry, variables (both on one cloud)")
    .option("--port <n>", "REST server port; the WebSocket server takes the next one; 0 = free ports", "3000")
    .option("--secrets-file <path>", "with --env: the plaintext of the stack's secure: variables (default .semantest/secrets.<env>.json, git-ignored)")
    .option("--idle-timeout <seconds>", "WebSocket idle timeout (API Gateway: 600)")
    .option("--no-watch", "do not rebuild and reload on code changes")
    .option("--json", "print the ready line (URLs) as one JSON document")
    // Loaded when run: the local gateway pulls in esbuild and the AWS SDK, which `--help` does not need.
    .action(async (flags) => ctx.setExitCode(await loadDev().runDev(flags, ctx.io, ctx.projectDir, (env) => ctx.ports(false).project.stackValues(env))));
}
