/** The Pulumi CLI side of `doctor`: `pulumi version` and `pulumi whoami`, run as the user would. */
import { execFile } from "child_process";
import type { PulumiCliProbe } from "../../application/doctor";

export class PulumiCliCommandProbe implements PulumiCliProbe {
  constructor(
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly executable = "pulumi",
  ) {}

  async version(): Promise<string | undefined> {
    try {
      return (await this.run(["version"])).trim() || undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  async whoami(): Promise<{ user: string; url?: string }> {
    const out = await this.run(["whoami", "--json", "--non-interactive"]);
    let parsed: { user?: unknown; url?: unknown };
    try {
      parsed = JSON.parse(out) as { user?: unknown; url?: unknown };
    } catch {
      // Older CLIs print the user name alone.
      return { user: out.trim() };
    }
    if (typeof parsed.user !== "string") throw new Error(`pulumi whoami printed no user: ${out.slice(0, 120)}`);
    return { user: parsed.user, ...(typeof parsed.url === "string" ? { url: parsed.url } : {}) };
  }

  private run(args: readonly string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      execFile(this.executable, [...args], { env: { ...this.env, PULUMI_SKIP_UPDATE_CHECK: "true" }, timeout: 30_000 }, (error, stdout, stderr) => {
        if (error) {
          const message = String(stderr).trim().split("\n").pop() || error.message;
          reject(Object.assign(new Error(message), { code: (error as NodeJS.ErrnoException).code }));
        } else resolve(String(stdout));
      });
    });
  }
}
