import * as path from "path";

/**
 * The stack a `--config <file>` names when no `--env` is given: `Pulumi.<name>.yaml` is stack
 * `<name>` (Pulumi's own naming); any other file is named by its base name without the extension
 * (`ci/qa.yaml` -> `qa`). The environment still comes from `semantest:environment` when set.
 * Its own module, without the YAML parser, so that the CLI can name the stack before loading it.
 */
export function stackNameOfConfigFile(file: string): string {
  const base = path.basename(file);
  const pulumi = base.match(/^Pulumi\.(.+)\.ya?ml$/);
  if (pulumi) return pulumi[1];
  return base.replace(/\.(ya?ml|json)$/i, "") || base;
}
