import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { formatProblem, nullPrototypeMap, own, toConfigTree } from "../domain/config";

export { stackNameOfConfigFile } from "../application/stack-name";

/** A stack file's config, decoded: `namespace:key` -> value (maps and lists stay structured). */
export interface StackFile {
  readonly path: string;
  readonly values: Readonly<Record<string, unknown>>;
  /** Keys whose value is a `secure:` ciphertext; the offline preview never sees their plaintext. */
  readonly secretKeys: readonly string[];
}

export class StackFileError extends Error {
  readonly code = "STACK_FILE" as const;
}

/** `Pulumi.<env>.yaml` in the project directory. */
export function stackFilePath(projectDir: string, stack: string): string {
  return path.join(projectDir, `Pulumi.${stack}.yaml`);
}

/**
 * Reads a stack file as Pulumi's loader does (gopkg.in/yaml.v2 in pulumi/pulumi
 * sdk/go/common/encoding/marshal.go): YAML merge keys (`<<: *defaults`) are resolved, as
 * `pulumi config get` shows them resolved (pulumi/pulumi#6480); an alias inside its own anchor is
 * refused, as yaml.v2 refuses it ("anchor ... value contains itself"); an alias bomb is refused by
 * the yaml library's alias budget (`maxAliasCount`). Throws StackFileError naming the file.
 */
export function readStackFile(file: string): StackFile {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such stack file" : code === "EISDIR" ? "is a directory, not a stack file" : `cannot be read (${code ?? (error as Error).message})`;
    throw new StackFileError(`${file}: ${why}; create it or pick another with --env / --config`);
  }
  let document: unknown;
  try {
    document = parseYaml(text, { merge: true, maxAliasCount: 100 });
  } catch (error) {
    throw new StackFileError(`${file}: not valid YAML: ${(error as Error).message.split("\n")[0]}`);
  }
  if (document === null || document === undefined) return { path: file, values: {}, secretKeys: [] };
  if (typeof document !== "object" || Array.isArray(document)) {
    throw new StackFileError(`${file}: expected a map with a "config:" key at the top`);
  }
  const config = own(document, "config") ?? {};
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    throw new StackFileError(`${file}: "config:" must be a map of namespace:key to value`);
  }
  // Null-prototype: a `__proto__:` key in the file stays a key (reported by the domain) instead of
  // replacing the map's prototype and faking every setting.
  const values = nullPrototypeMap<unknown>();
  const secretKeys: string[] = [];
  const cycles: string[] = [];
  for (const key of Object.keys(config)) {
    const value = own(config, key);
    cycles.push(...toConfigTree(value, key).cycles.map(formatProblem));
    if (isSecure(value)) {
      secretKeys.push(key);
      values[key] = "[secret]";
    } else {
      values[key] = value;
    }
  }
  if (cycles.length > 0) throw new StackFileError(`${file}: a YAML alias is used inside its own anchor, which Pulumi refuses too:\n  - ${cycles.join("\n  - ")}`);
  return { path: file, values, secretKeys };
}

function isSecure(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 1 && "secure" in value;
}

/** Config values as the Pulumi engine hands them to a program: strings, structured values as JSON. */
export function toEngineConfig(values: Readonly<Record<string, unknown>>): Record<string, string> {
  const config = nullPrototypeMap<string>();
  for (const [key, value] of Object.entries(values)) {
    config[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return config;
}
