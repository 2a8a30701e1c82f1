/**
 * Child process of the SIGKILL trials: publishes events one at a time to one sink (background
 * delivery on, as deploy runs) and prints each id once `publish` resolved, the moment a caller may
 * rely on it. The parent kills it with SIGKILL at a random point.
 * `publish-child.ts <projectDir> <kind> <recorder url>`
 */
import type { SinkKind } from "../../../domain/config/events-config";
import { resourceEvent } from "../../../domain/events";
import { createPublisher, ulidGenerator } from "../../../events";
import { sinkConfig, sinkOptions } from "./event-sinks";

async function main(): Promise<void> {
  const [projectDir, kind, url] = process.argv.slice(2) as [string, SinkKind, string];
  process.env.EG_KEY = "topic-key";
  const publisher = createPublisher(
    { sinks: [sinkConfig(kind, url)], publishOnPreview: false },
    { projectDir, stack: "trial", onWarning: () => undefined, suspendMs: 0, ...sinkOptions(kind, url) },
  );
  const identity = { deploymentId: ulidGenerator()(), stack: "trial", environment: "dev" };
  for (let i = 0; ; i++) {
    const facts = { urn: `urn:pulumi:trial::semantest-infrastructure::aws:lambda/function:Function::fn-${i}`, resourceType: "aws:lambda/function:Function", name: `fn-${i}`, component: "rest-api" as const, provider: "aws" as const };
    const [event] = await publisher.publish([resourceEvent("created", identity, facts, new Date())]);
    process.stdout.write(`${event.id}\n`);
  }
}

void main();
