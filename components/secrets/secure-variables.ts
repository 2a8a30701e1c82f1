/**
 * Which component variables are Pulumi secrets. A stack file may hold
 * `variables: { API_TOKEN: { secure: v1:... } }`; the engine hands the program the decrypted
 * `semantest:components` and only says the whole key is secret (`isConfigSecret`), not which leaf.
 * The stack file says which: those leaves are handed to the domain as `{ secure: <plaintext> }`,
 * the form it reads as a secret. Without a readable stack file, a secret `semantest:components`
 * makes every variable a secret (never the other way round).
 */
import * as fs from "fs";
import { parse as parseYaml } from "yaml";

const COMPONENTS_KEY = "semantest:components";

type Obj = Record<string, unknown>;
const isObject = (value: unknown): value is Obj => typeof value === "object" && value !== null && !Array.isArray(value);
const isSecure = (value: unknown) => isObject(value) && Object.keys(value).length === 1 && typeof value.secure === "string";

/** `component -> variable names` written `{ secure: ... }` in a stack file's config. */
export function secureVariablesIn(stackFileText: string): Record<string, string[]> {
  const document: unknown = parseYaml(stackFileText);
  const components = isObject(document) && isObject(document.config) ? document.config[COMPONENTS_KEY] : undefined;
  const found: Record<string, string[]> = {};
  if (!isObject(components)) return found;
  for (const [component, settings] of Object.entries(components)) {
    const variables = isObject(settings) ? settings.variables : undefined;
    if (!isObject(variables)) continue;
    const names = Object.keys(variables).filter((name) => isSecure(variables[name]));
    if (names.length > 0) found[component] = names;
  }
  return found;
}

/**
 * `values` (decoded engine config) with the secret variables wrapped as `{ secure: value }`.
 * `secure` = the stack file's secret leaves, or "all" when the file is unreadable but the key is secret.
 */
export function markSecureVariables(values: Readonly<Obj>, secure: Record<string, string[]> | "all"): Obj {
  const components = values[COMPONENTS_KEY];
  if (!isObject(components)) return { ...values };
  const marked: Obj = {};
  for (const [component, settings] of Object.entries(components)) {
    const variables = isObject(settings) ? settings.variables : undefined;
    if (!isObject(settings) || !isObject(variables)) {
      marked[component] = settings;
      continue;
    }
    const names = secure === "all" ? Object.keys(variables) : (secure[component] ?? []);
    const wrapped = Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, names.includes(name) && typeof value === "string" ? { secure: value } : value]));
    marked[component] = { ...settings, variables: wrapped };
  }
  return { ...values, [COMPONENTS_KEY]: marked };
}

/** Reads the stack file when there is one; "all" when the components key is secret and the file says nothing. */
export function secureVariablesFor(stackFile: string, componentsAreSecret: boolean): Record<string, string[]> | "all" {
  if (!componentsAreSecret) return {};
  try {
    return secureVariablesIn(fs.readFileSync(stackFile, "utf8"));
  } catch {
    return "all";
  }
}
