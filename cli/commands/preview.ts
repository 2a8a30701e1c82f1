import { ExitCodes } from "../exit-codes";
import { renderPreview } from "../offline/render";
import { runOfflinePreview } from "../offline/preview";
import { CliError, Io } from "../output";

export interface PreviewFlags {
  readonly env?: string;
  readonly config?: string;
  readonly component?: string;
  readonly provider?: string;
  readonly offline?: boolean;
  readonly json?: boolean;
}

/** `preview --offline`: evaluate the program under mocks and print the contract JSON or a tree. */
export async function previewOffline(flags: PreviewFlags, io: Io, projectDir: string): Promise<number> {
  const env = flags.env ?? stackFromConfigFile(flags.config);
  if (!env) {
    throw new CliError("USAGE", "preview needs --env <env> (or --config <stack file>)", ExitCodes.usage, "semantest-iac preview --env dev --offline");
  }
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
  const { document } = result.value;
  io.stdout(flags.json ? JSON.stringify(document, null, 2) : renderPreview(document));
  return document.policies.violations.some((v) => v.level === "mandatory") ? ExitCodes.failed : ExitCodes.ok;
}

/** `--config path/Pulumi.qa.yaml` alone implies the stack `qa`. */
function stackFromConfigFile(file: string | undefined): string | undefined {
  const match = file?.match(/Pulumi\.([^/\\]+)\.ya?ml$/);
  return match?.[1];
}
