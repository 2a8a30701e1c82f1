import { CloudProvider } from "./cloud-provider";
import { ComponentKind } from "./component-kind";
import { fail, Parsed, problem } from "./problem";
import { readInteger } from "./fields";
import { ok } from "../shared/result";

/**
 * The clouds' real limits for the function that hosts a component.
 *
 * - AWS Lambda memory: 128 to 10,240 MB in 1 MB steps; timeout 1 to 900 s
 *   (AWS Lambda Developer Guide, "Lambda quotas").
 * - But a Lambda behind API Gateway is cut off by the integration timeout: HTTP APIs allow at most
 *   30 s, WebSocket APIs at most 29 s (API Gateway Developer Guide, "Quotas for HTTP APIs" and
 *   "Amazon API Gateway quotas for WebSocket APIs"). A longer Lambda timeout would only keep
 *   running, and billing, after the client already got a 504, so it is rejected.
 * - Azure Functions Flex Consumption instance memory: 2048 or 4096 MB. Microsoft's docs also list
 *   512, but ARM refuses it (Azure/azure-rest-api-specs#40898; the policy pack's
 *   azure-flex-consumption-scale rule holds the same)
 *   (Microsoft Learn, "Flex Consumption plan hosting", Instance memory).
 * - Azure HTTP-triggered functions must answer within 230 s, the Azure Load Balancer idle timeout
 *   (Microsoft Learn, "Azure Functions hosting options", Function app timeout duration); Web PubSub
 *   event handlers are HTTP calls too.
 */
export const LAMBDA_MEMORY_MB = { min: 128, max: 10240 } as const;
export const LAMBDA_TIMEOUT_SECONDS = { min: 1, max: 900 } as const;
export const API_GATEWAY_INTEGRATION_TIMEOUT_SECONDS: Readonly<Record<ComponentKind, number>> = {
  "rest-api": 30,
  websocket: 29,
};
export const FLEX_CONSUMPTION_MEMORY_MB = [2048, 4096] as const;
export const AZURE_HTTP_TIMEOUT_SECONDS = 230;

export interface FunctionSettings {
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
}

export function parseMemoryMb(provider: CloudProvider, raw: unknown, path: string): Parsed<number> {
  if (provider === "aws") return readInteger(path, raw, LAMBDA_MEMORY_MB.min, LAMBDA_MEMORY_MB.max, "AWS Lambda");
  if (typeof raw === "number" && (FLEX_CONSUMPTION_MEMORY_MB as readonly number[]).includes(raw)) return ok(raw);
  return fail(
    problem(path, raw, `is not a Flex Consumption instance memory size; allowed: ${FLEX_CONSUMPTION_MEMORY_MB.join(", ")}`),
  );
}

export function parseTimeoutSeconds(
  provider: CloudProvider,
  kind: ComponentKind,
  raw: unknown,
  path: string,
): Parsed<number> {
  if (provider === "azure") return readInteger(path, raw, 1, AZURE_HTTP_TIMEOUT_SECONDS, "Azure HTTP-triggered function");
  const lambda = readInteger(path, raw, LAMBDA_TIMEOUT_SECONDS.min, LAMBDA_TIMEOUT_SECONDS.max, "AWS Lambda");
  if (!lambda.ok) return lambda;
  const integration = API_GATEWAY_INTEGRATION_TIMEOUT_SECONDS[kind];
  if (lambda.value > integration) {
    const api = kind === "rest-api" ? "HTTP API" : "WebSocket API";
    return fail(problem(path, raw, `is above the API Gateway ${api} integration timeout of ${integration} s`));
  }
  return lambda;
}
