/**
 * `dev --env <env>` and the stack's `secure:` variables. The stack file holds them encrypted (only
 * the Pulumi CLI with the stack's secrets provider decrypts them), so the local gateway takes
 * their plaintext from a local file that git ignores: `.semantest/secrets.<env>.json`,
 * `{ "rest-api": { "API_KEY": "…" }, "websocket": { … } }`. Every secure variable the stack names
 * must be there; a name the stack does not declare is refused (a typo would otherwise go unseen).
 * Also: which folders `dev --env` watches besides the gateway's own (each `entry`'s package).
 */
import * as fs from "fs";
import * as path from "path";
import { COMPONENT_KINDS, type ComponentKind, type ComponentSettings } from "../../domain";
import { ExitCodes } from "../../application/exit-codes";
import type { LocalComponents } from "../../runtime/local/host";
import { OperationError } from "../output";

/** Where `dev --env <env>` looks for the plaintext of the stack's secure variables (git-ignored: `.semantest/`). */
export function localSecretsFile(projectDir: string, env: string): string {
  return path.join(projectDir, ".semantest", `secrets.${env}.json`);
}

export type SecretValues = Partial<Record<ComponentKind, Record<string, string>>>;

/** Parses the file's text: problems name the file, the key, the value's type and what is allowed. Never throws. */
export function parseSecretsFile(text: string, file: string): { ok: true; value: SecretValues } | { ok: false; problems: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`${file}: not JSON (${(error as Error).message}); allowed: { "rest-api": { "NAME": "value" }, "websocket": { … } }`] };
  }
  if (!isObject(raw)) return { ok: false, problems: [`${file}: ${describe(raw)} at the top; allowed: an object keyed by component (${COMPONENT_KINDS.join(", ")})`] };
  const problems: string[] = [];
  const value: SecretValues = {};
  for (const [key, entries] of Object.entries(raw)) {
    const kind = COMPONENT_KINDS.find((k) => k === key);
    if (!kind) {
      problems.push(`${file}: ${JSON.stringify(key)} is not a component; allowed: ${COMPONENT_KINDS.join(", ")}`);
      continue;
    }
    if (!isObject(entries)) {
      problems.push(`${file}: ${kind} is ${describe(entries)}; allowed: an object of NAME -> string`);
      continue;
    }
    const values: Record<string, string> = {};
    for (const [name, secret] of Object.entries(entries)) {
      if (typeof secret === "string") values[name] = secret;
      else problems.push(`${file}: ${kind}.${name} is ${describe(secret)}; allowed: a string`);
    }
    value[kind] = values;
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value };
}

/**
 * The components with each secure variable's local plaintext added to its variables. Without
 * secure variables nothing is read. Missing values, a missing or malformed file, and names the
 * stack does not declare are one usage error (exit 2) that lists them all and says how to fix it.
 */
export function withLocalSecrets(components: LocalComponents, env: string, file: string): LocalComponents {
  const settings: ComponentSettings[] = [components.restApi, components.websocket];
  const wanted = settings.filter((s) => Object.keys(s.secrets).length > 0);
  if (wanted.length === 0) return components;
  const template = JSON.stringify(Object.fromEntries(wanted.map((s) => [s.kind, Object.fromEntries(Object.keys(s.secrets).map((n) => [n, "<plaintext>"]))])));
  const fix = `create ${file} (git-ignored) with the plaintext values, e.g. ${template}`;
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === "ENOENT" ? "does not exist" : `cannot be read (${(error as Error).message})`;
    throw new OperationError("LOCAL_SECRETS", `Pulumi.${env}.yaml has secure variables (${names(wanted)}) and ${file} ${why}`, ExitCodes.usage, fix);
  }
  const parsed = parseSecretsFile(text, file);
  if (!parsed.ok) throw new OperationError("LOCAL_SECRETS", parsed.problems.join("; "), ExitCodes.usage, fix);
  const problems: string[] = [];
  for (const s of settings) {
    const local = parsed.value[s.kind] ?? {};
    for (const name of Object.keys(s.secrets)) if (local[name] === undefined) problems.push(`${s.kind}.${name} is missing`);
    for (const name of Object.keys(local)) if (!(name in s.secrets)) problems.push(`${s.kind}.${name} is not a secure variable of ${s.kind} in Pulumi.${env}.yaml (allowed: ${Object.keys(s.secrets).join(", ") || "none"})`);
  }
  if (problems.length > 0) throw new OperationError("LOCAL_SECRETS", `${file}: ${problems.join("; ")}`, ExitCodes.usage, fix);
  const add = <S extends ComponentSettings>(s: S): S => ({ ...s, variables: { ...s.variables, ...(parsed.value[s.kind] ?? {}) } });
  return { restApi: add(components.restApi), websocket: add(components.websocket) };
}

/**
 * The folders of the components' own code, for the watcher: each `entry`'s package (the nearest
 * folder with a package.json inside the project), else the entry's folder. Relative to the project.
 */
export function entryFolders(components: LocalComponents, projectDir: string): string[] {
  const folders = new Set<string>();
  for (const entry of [components.restApi.entry, components.websocket.entry]) {
    if (!entry) continue;
    const start = path.resolve(projectDir, path.dirname(entry));
    let dir = start;
    while (dir.startsWith(projectDir + path.sep) && !fs.existsSync(path.join(dir, "package.json"))) dir = path.dirname(dir);
    const chosen = dir.startsWith(projectDir + path.sep) ? dir : start;
    if (chosen.startsWith(projectDir + path.sep)) folders.add(path.relative(projectDir, chosen));
  }
  return [...folders];
}

function names(settings: readonly ComponentSettings[]): string {
  return settings.flatMap((s) => Object.keys(s.secrets).map((n) => `${s.kind}.${n}`)).join(", ");
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A value's kind, never the value: this file holds secrets, and errors end up in CI logs. */
function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return `a ${typeof value}`;
}
