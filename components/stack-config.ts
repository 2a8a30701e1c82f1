import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { markSecureVariables, secureVariablesFor } from "./secrets/secure-variables";
import { DeploymentConfiguration, InvalidConfigurationError, RawStackConfig } from "../domain";

/**
 * Reads every config value of the current stack the way Pulumi hands them to a program:
 * structured values arrive as JSON text and are decoded here; anything that is not JSON stays a
 * string, so the domain reports it with its path instead of this adapter crashing on it.
 */
export function readStackConfig(): RawStackConfig {
  const values: Record<string, unknown> = {};
  for (const [key, text] of Object.entries(pulumi.runtime.allConfig())) {
    values[key] = decode(text);
  }
  // Secret component variables (`{ secure: ... }` in the stack file) stay marked as secrets (components/secrets).
  const stackFile = path.resolve(__dirname, "..", `Pulumi.${pulumi.getStack()}.yaml`);
  // isConfigSecret is exported by the SDK's runtime (sdk/nodejs/runtime/config.ts) but not in its typings.
  const isSecret = (pulumi.runtime as unknown as { isConfigSecret?: (key: string) => boolean }).isConfigSecret;
  const secure = secureVariablesFor(stackFile, isSecret?.("semantest:components") ?? false);
  return { project: pulumi.getProject(), stack: pulumi.getStack(), values: markSecureVariables(values, secure) };
}

/** `allConfig()` gives strings; numbers, booleans and maps written in YAML arrive JSON-encoded. */
export function decode(text: string): unknown {
  const trimmed = text.trim();
  if (/^[[{]/.test(trimmed) || /^(true|false|null|-?\d+(\.\d+)?([eE][+-]?\d+)?)$/.test(trimmed)) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return text;
    }
  }
  return text;
}

/** The validated configuration, or one error listing every problem, before any resource exists. */
export function loadConfiguration(raw: RawStackConfig = readStackConfig()): DeploymentConfiguration {
  const parsed = DeploymentConfiguration.parse(raw);
  if (!parsed.ok) throw new InvalidConfigurationError(parsed.error);
  return parsed.value;
}
