/** Test helpers for the reference app: an event envelope mother and a real HTTP server on a free port. */
import * as http from "http";
import type { AddressInfo } from "net";

export const VALID_ID = "01JD5X3Q7ZK2M4N6P8R0S1T2V3";

export function anEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: VALID_ID,
    type: "infrastructure.deployment.completed",
    timestamp: "2026-11-22T17:00:00.000Z",
    correlationId: "dep-1",
    causationId: null,
    aggregateId: "dep-1",
    payload: { stack: "dev", environment: "dev" },
    metadata: { source: "infrastructure", version: 1 },
    ...overrides,
  };
}

export interface Served {
  readonly url: string;
  close(): Promise<void>;
}

export async function serve(listener: http.RequestListener): Promise<Served> {
  const server = http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/** The shapes the REST app answers with, for reading responses in tests. */
export interface ApiBody {
  readonly id: string;
  readonly status: string;
  readonly error: { readonly code: string; readonly message: string; readonly field: string | null; readonly details: readonly { readonly field: string }[] };
}

export async function readJson(response: Response): Promise<ApiBody> {
  return (await response.json()) as ApiBody;
}
