/** `logs` and `invoke` on the CLI's surface: listed in --help, their own --help, and shell completion generated from what they register. */
import { run } from "../../cli/main";
import type { Io } from "../../cli/output";
import { PROJECT_DIR } from "../support/pulumi-harness";

async function cli(argv: string[]) {
  const out: string[] = [];
  const io: Io = { stdout: (t) => void out.push(t), stderr: (t) => void out.push(t) };
  const code = await run(argv, io, PROJECT_DIR, { ...process.env, NO_COLOR: "1" });
  return { code, text: out.join("\n") };
}

describe("logs and invoke on the surface", () => {
  it("appear in the main --help and each has its own --help with examples and exit codes", async () => {
    const main = await cli(["--help"]);
    expect(main.text).toMatch(/^ {2}logs \[options\]/m);
    expect(main.text).toMatch(/^ {2}invoke \[options\]/m);
    for (const [command, flags] of [
      ["logs", ["--env", "--component", "--since", "--follow", "--filter", "--json"]],
      ["invoke", ["--env", "--component", "--path", "--method", "--data", "--header", "--message", "--negotiate-url", "--timeout", "--json"]],
    ] as const) {
      const help = await cli([command, "--help"]);
      expect(help.code).toBe(0);
      for (const flag of flags) expect(help.text).toContain(flag);
      expect(help.text).toContain(`$ semantest-iac ${command} --env`);
      expect(help.text).toContain("Exit codes: 0");
    }
  });

  it.each(["bash", "zsh", "fish"])("%s completion offers both commands, their flags and the component values", async (shell) => {
    const { code, text } = await cli(["completion", shell]);
    expect(code).toBe(0);
    // fish names a long flag without its dashes (`-l since`).
    const flag = (name: string) => (shell === "fish" ? `-l ${name}` : `--${name}`);
    for (const word of ["logs", "invoke", flag("since"), flag("follow"), flag("filter"), flag("path"), flag("data"), flag("header"), flag("message")]) expect(text).toContain(word);
    if (shell === "bash") {
      expect(text).toContain("'logs --component') COMPREPLY=( $(compgen -W 'rest-api websocket'");
      expect(text).toContain("'invoke --component') COMPREPLY=( $(compgen -W 'rest-api websocket'");
    }
  });
});
