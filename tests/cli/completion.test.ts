/**
 * `--version` and `completion bash|zsh|fish` on the real binary (issue 22): the scripts name every
 * registered command and flag (read from the program itself, so a new flag without completion
 * fails here), bash accepts the bash script, and the bash function completes as a shell would ask.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { buildProgram } from "../../cli/main";
import { processContext } from "../../cli/context";
import { programSurface } from "../../cli/render/completion";
import { runCli } from "../support/cli";

const ROOT = path.resolve(__dirname, "../..");
const surface = programSurface(buildProgram(processContext({ stdout: () => undefined, stderr: () => undefined }, ROOT, () => undefined)));
const commands = surface.map((c) => c.path[c.path.length - 1]);

async function script(shell: string): Promise<string> {
  const result = await runCli(["completion", shell]);
  expect([shell, result.code, result.stderr]).toEqual([shell, 0, ""]);
  return result.stdout;
}

describe("--version and completion", () => {
  it("--version and -V print package.json's version and exit 0", async () => {
    const version = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version as string;
    for (const flag of ["--version", "-V"]) {
      const result = await runCli([flag]);
      expect([flag, result.code, result.stdout]).toEqual([flag, 0, `${version}\n`]);
    }
  });

  it("the surface holds every command, nested ones and flags included", () => {
    expect(commands).toEqual(expect.arrayContaining(["preview", "deploy", "verify", "events", "flush", "completion"]));
    expect(surface.find((c) => c.path.join(" ") === "deploy")!.flags.map((f) => f.name)).toContain("--env");
    expect(surface.find((c) => c.path.join(" ") === "completion")!.argChoices).toEqual(["bash", "zsh", "fish"]);
  });

  it.each(["bash", "zsh", "fish"])("the %s script names every command and every flag", async (shell) => {
    const text = await script(shell);
    for (const command of commands) expect([shell, command, new RegExp(`(^|[\\s'])${command}[\\s:']`).test(text)]).toEqual([shell, command, true]);
    for (const c of surface) {
      for (const flag of c.flags) {
        const named = shell === "fish" ? text.includes(`-l ${flag.name.slice(2)} `) || text.includes(`-l ${flag.name.slice(2)}\n`) : text.includes(flag.name);
        expect([shell, c.path.join(" "), flag.name, named]).toEqual([shell, c.path.join(" "), flag.name, true]);
      }
    }
  });

  describe("bash", () => {
    let file: string;
    beforeAll(async () => {
      file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "semantest-completion-")), "semantest-iac.bash");
      fs.writeFileSync(file, await script("bash"));
    });
    afterAll(() => fs.rmSync(path.dirname(file), { recursive: true, force: true }));

    it("bash -n accepts the script", () => {
      expect(() => execFileSync("bash", ["-n", file], { stdio: "pipe" })).not.toThrow();
    });

    /** What the completion function offers for the words typed so far (the last one is being completed). */
    const complete = (...words: string[]) =>
      execFileSync("bash", ["-c", `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); _semantest_iac; printf '%s\\n' "\${COMPREPLY[@]}"`, "complete", file, "semantest-iac", ...words], { encoding: "utf8" })
        .split("\n")
        .filter(Boolean)
        .sort();

    it.each([
      [["de"], ["deploy", "dev", "destroy"]],
      [["deploy", "--sk"], ["--skip-checks"]],
      [["deploy", "--provider", ""], ["aws", "azure"]],
      [["events", "f"], ["flush"]],
      [["events", "flush", "--c"], ["--config"]],
      [["completion", "z"], ["zsh"]],
      [["nosuch", "--"], []],
    ])("completes %j to %j", (words, expected) => {
      expect(complete(...words)).toEqual([...expected].sort());
    });
  });

  it("an unknown shell is a usage error naming the allowed ones (exit 2)", async () => {
    const result = await runCli(["completion", "tcsh"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("'tcsh' is invalid");
    expect(result.stderr).toContain("bash, zsh, fish");
  });
});
