/**
 * Child process for the crash test: publishes events one by one to the file and http sinks and
 * prints each id once `publish` returned (the moment the caller may rely on it). The parent kills
 * it with SIGKILL while its http delivery hangs and it is still publishing.
 */
import { createPublisher } from "../../../events";
import { deploymentEnvelopes } from "./fixtures";

async function main(): Promise<void> {
  const [projectDir, url] = process.argv.slice(2);
  const publisher = createPublisher(
    { sinks: [{ kind: "file", path: "events.jsonl" }, { kind: "http", url, timeoutMs: 60000, maxAttempts: 1 }], publishOnPreview: false },
    { projectDir, stack: "production", onWarning: () => undefined },
  );
  for (let i = 0; ; i++) {
    const [event] = await publisher.publish(deploymentEnvelopes(`01JD${String(i).padStart(22, "0")}`).slice(0, 1));
    process.stdout.write(`${event.id}\n`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

void main();
