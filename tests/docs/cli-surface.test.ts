/**
 * The docs and the CLI agree: every command and flag the program has is documented in docs/cli.md,
 * and every `semantest-iac` command or flag any doc mentions exists.
 */
import type { Command } from "commander";
import * as fs from "fs";
import * as path from "path";
import { buildProgram } from "../../cli/main";
import { processContext } from "../../cli/context";

const ROOT = path.resolve(__dirname, "../..");
const docs = ["README.md", ...fs.readdirSync(path.join(ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];
const text = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

/** command path ("events flush") -> its long flags. */
function surface(): Map<string, Set<string>> {
  const program = buildProgram(processContext({ stdout: () => undefined, stderr: () => undefined }, ROOT, () => undefined));
  const commands = new Map<string, Set<string>>();
  const walk = (command: Command, prefix: string) => {
    for (const sub of command.commands) {
      const name = prefix ? `${prefix} ${sub.name()}` : sub.name();
      if (sub.commands.length > 0) walk(sub, name);
      else commands.set(name, new Set(sub.options.map((o) => o.long!).filter(Boolean)));
    }
  };
  walk(program, "");
  return commands;
}

/** Every `semantest-iac <command> <flags...>` invocation written in a doc. */
function mentions(): { file: string; command: string; flags: string[] }[] {
  const found: { file: string; command: string; flags: string[] }[] = [];
  const known = [...surface().keys()].sort((a, b) => b.length - a.length);
  for (const file of docs) {
    for (const line of text(file).split("\n")) {
      for (const match of line.matchAll(/semantest-iac ((?:[a-z]+)(?: [a-z]+)?)([^`|\n]*)/g)) {
        const words = match[1];
        const command = known.find((k) => words === k || words.startsWith(`${k} `)) ?? words.split(" ")[0];
        const rest = `${words.slice(command.length)} ${match[2]}`;
        found.push({ file, command, flags: [...rest.matchAll(/(--[a-z][a-z-]*)/g)].map((m) => m[1]) });
      }
    }
  }
  return found;
}

describe("docs and CLI surface", () => {
  const commands = surface();
  const cliDoc = text("docs/cli.md");

  it("documents every command and every flag in docs/cli.md", () => {
    expect(commands.size).toBeGreaterThanOrEqual(7);
    for (const [command, flags] of commands) {
      expect([command, cliDoc.includes(`semantest-iac ${command}`) || cliDoc.includes(`\`${command}\``)]).toEqual([command, true]);
      for (const flag of flags) expect([command, flag, cliDoc.includes(flag)]).toEqual([command, flag, true]);
    }
  });

  it("mentions only commands and flags that exist, in every doc and the README", () => {
    const all = mentions();
    expect(all.length).toBeGreaterThan(20);
    for (const { file, command, flags } of all) {
      // Words after `semantest-iac` that are not commands are prose ("semantest-iac is ..."), except verbs we would expect.
      if (!commands.has(command)) {
        expect([file, command, ["deploy", "preview", "status", "history", "rollback", "dev", "events"].includes(command)]).toEqual([file, command, false]);
        continue;
      }
      const known = new Set([...commands.get(command)!, "--help"]);
      for (const flag of flags) expect([file, command, flag, known.has(flag)]).toEqual([file, command, flag, true]);
    }
  });
});
