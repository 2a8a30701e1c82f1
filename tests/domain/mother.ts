/** Object mother: raw stack configs as a user writes them, valid unless a test changes them. */
import type { RawStackConfig } from "../../domain";

export function rawConfig(overrides: Partial<Record<string, unknown>> = {}, stack = "dev"): RawStackConfig {
  return {
    stack,
    values: {
      "aws:region": "us-east-1",
      "azure-native:location": "westeurope",
      "semantest:components": {
        "rest-api": { provider: "aws", memoryMb: 512, timeoutSeconds: 10, cors: { allowOrigins: ["https://semantest.com"] } },
        websocket: { provider: "azure", idleTimeoutSeconds: 300 },
      },
      ...overrides,
    },
  };
}

export function withComponent(kind: "rest-api" | "websocket", settings: unknown, stack = "dev"): RawStackConfig {
  return { stack, values: { "aws:region": "us-east-1", "azure-native:location": "westeurope", "semantest:components": { [kind]: settings } } };
}
