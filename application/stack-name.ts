/**
 * The stack a `--config <file>` names when no `--env` is given: `Pulumi.<name>.yaml` is stack
 * `<name>` (Pulumi's own naming); any other file is named by its base name without the extension
 * (`ci/qa.yaml` -> `qa`). The environment still comes from `semantest:environment` when set.
 * Pure string work (no `path`), so that the use cases and the CLI can name the stack before
 * anything is read.
 */
export function stackNameOfConfigFile(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  const pulumi = base.match(/^Pulumi\.(.+)\.ya?ml$/);
  if (pulumi) return pulumi[1];
  return base.replace(/\.(ya?ml|json)$/i, "") || base;
}
