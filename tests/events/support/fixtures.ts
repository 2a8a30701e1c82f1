import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Deployment } from "../../../domain";
import type { EventsConfig } from "../../../domain/config/events-config";
import type { EventEnvelope } from "../../../domain/events";
import { toEnvelopeChain } from "../../../domain/events";
import { ulidGenerator } from "../../../events";

export function tempProject(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "semantest-events-"));
}

/** The three events of a deployment that completes, as envelopes. */
export function deploymentEnvelopes(id = "01JD0000000000000000000001", at = new Date("2026-11-22T17:00:00Z")): EventEnvelope[] {
  const deployment = Deployment.request({ id, stack: "production", environment: "production", components: [{ kind: "rest-api", provider: "aws" }], requestedAt: at });
  deployment.start(at);
  deployment.complete(at, { restApiUrl: "https://api.example.com" });
  return toEnvelopeChain(deployment.pullEvents(), { newId: ulidGenerator() });
}

export function httpConfig(url: string, overrides: Partial<{ timeoutMs: number; maxAttempts: number }> = {}): EventsConfig {
  return { sinks: [{ kind: "http", url, timeoutMs: overrides.timeoutMs ?? 2000, maxAttempts: overrides.maxAttempts ?? 5 }], publishOnPreview: false };
}

/** Fast retries for tests (the policy is the real one, with a smaller base). */
export const FAST_BACKOFF = { baseMs: 10, capMs: 50 };

export function ids(events: readonly { id: string }[]): string[] {
  return events.map((e) => e.id);
}
