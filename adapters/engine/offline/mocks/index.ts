import { awsMocks } from "./aws";
import { azureMocks } from "./azure";
import type { CloudMocks, MockContext, MockResource } from "./types";

export type { CloudMocks, MockContext, MockResource } from "./types";

export const CLOUD_MOCKS: readonly CloudMocks[] = [awsMocks, azureMocks];

export class UnmockedCallError extends Error {
  readonly code = "UNMOCKED_CALL" as const;
}

/** Deterministic ids: the same program gives the same ids on every run. */
export function mockId(resource: MockResource): string {
  return `${resource.name}-id`;
}

/**
 * The state a provider would return: the inputs, overlaid with what the cloud computes (ARNs,
 * endpoints, ids). A generated `name` only fills in when the program gave none.
 */
export function mockState(resource: MockResource, context: MockContext): Record<string, unknown> {
  const cloud = CLOUD_MOCKS.find((mocks) => mocks.owns(resource.type));
  if (!cloud) return { ...resource.inputs };
  const { name, ...computed } = cloud.outputs(resource, context);
  return { name, ...resource.inputs, ...computed };
}

export function mockCall(token: string, inputs: Record<string, unknown>, context: MockContext): Record<string, unknown> {
  const cloud = CLOUD_MOCKS.find((mocks) => mocks.owns(token));
  const handler = cloud?.calls[token];
  if (!handler) {
    throw new UnmockedCallError(`the offline preview has no mock for the invoke ${token}; add one in adapters/engine/offline/mocks`);
  }
  return handler(inputs, context);
}
