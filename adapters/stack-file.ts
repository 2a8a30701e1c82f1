import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";

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

export function readStackFile(file: string): StackFile {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new StackFileError(`${file}: no such stack file; create it or pick another with --env / --config`);
  }
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    throw new StackFileError(`${file}: not valid YAML: ${(error as Error).message.split("\n")[0]}`);
  }
  if (document === null || document === undefined) return { path: file, values: {}, secretKeys: [] };
  if (typeof document !== "object" || Array.isArray(document)) {
    throw new StackFileError(`${file}: expected a map with a "config:" key at the top`);
  }
  const config = (document as Record<string, unknown>).config ?? {};
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    throw new StackFileError(`${file}: "config:" must be a map of namespace:key to value`);
  }
  const values: Record<string, unknown> = {};
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(config as Record<string, unknown>)) {
    if (isSecure(value)) {
      secretKeys.push(key);
      values[key] = "[secret]";
    } else {
      values[key] = value;
    }
  }
  return { path: file, values, secretKeys };
}

function isSecure(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 1 && "secure" in value;
}

/** Config values as the Pulumi engine hands them to a program: strings, structured values as JSON. */
export function toEngineConfig(values: Readonly<Record<string, unknown>>): Record<string, string> {
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    config[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return config;
}
