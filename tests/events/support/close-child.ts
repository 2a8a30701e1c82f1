/**
 * The deploy / rollback path in a child process that nothing else keeps alive: publish a
 * deployment's events (background delivery starts), close the publisher, print its summary.
 * `close-child.ts <projectDir> <url>`.
 */
import { createPublisher, summarizeDelivery } from "../../../events";
import { deploymentEnvelopes } from "./fixtures";

async function main(): Promise<void> {
  const [projectDir, url] = process.argv.slice(2);
  const publisher = createPublisher(
    { sinks: [{ kind: "file", path: "events.jsonl" }, { kind: "http", url, timeoutMs: 2000, maxAttempts: 3 }], publishOnPreview: false },
    { projectDir, stack: "dev", onWarning: () => undefined },
  );
  await publisher.publish(deploymentEnvelopes());
  const summary = summarizeDelivery(await publisher.close());
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  process.exitCode = summary.complete ? 0 : 1;
}

void main();
