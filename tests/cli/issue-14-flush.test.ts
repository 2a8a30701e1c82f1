/**
 * Issue 14: `events flush` exited 0 with empty stdout when an http sink answered 503 once: the
 * sink's retry timer is unref'd, so Node ended the process mid-command. The CLI keeps the process
 * alive until the command has printed its result. Run as a real process (the bug needs a real
 * event loop), with a temporary project directory.
 */
import * as fs from "fs";
import * as path from "path";
import { createPublisher } from "../../events";
import { deploymentEnvelopes, ids, tempProject } from "../events/support/fixtures";
import { LocalServer, startServer } from "../events/support/servers";
import { CliResult, runNode } from "../support/cli";

const ROOT = path.resolve(__dirname, "../..");

function flushInProcess(projectDir: string, args: readonly string[]): Promise<CliResult> {
  const script = `require("tsx/cjs"); require(${JSON.stringify(path.join(ROOT, "cli/main.ts"))}).run(${JSON.stringify(args)}, undefined, ${JSON.stringify(projectDir)}).then((code) => { process.exitCode = code; });`;
  return runNode(["-e", script], { cwd: ROOT });
}

describe("issue 14: events flush with a sink that answers 503 once", () => {
  let server: LocalServer | undefined;
  afterEach(async () => server?.close());

  it("retries, delivers, prints its report and exits 0 (it used to exit 0 having printed nothing)", async () => {
    let refuse = true;
    let refuseOnce = false;
    server = await startServer((_req, _index, res) => {
      res.statusCode = refuse || refuseOnce ? 503 : 200;
      refuseOnce = false;
      res.end();
    });
    const projectDir = tempProject();
    fs.writeFileSync(path.join(projectDir, "Pulumi.qa.yaml"), ["config:", "  semantest:environment: staging", "  semantest:events:", "    sinks:", "      - kind: http", `        url: ${server.url}/events`, "        maxAttempts: 3", "        timeoutMs: 2000"].join("\n"));
    const seeding = createPublisher({ sinks: [{ kind: "http", url: `${server.url}/events`, timeoutMs: 2000, maxAttempts: 1 }], publishOnPreview: false }, { projectDir, stack: "qa", onWarning: () => undefined });
    const published = await seeding.publish(deploymentEnvelopes());
    await seeding.close();
    refuse = false;
    refuseOnce = true;
    const before = server.requests.length;

    const result = await flushInProcess(projectDir, ["events", "flush", "--env", "qa", "--json"]);
    expect(result.stdout).not.toBe("");
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ stack: "qa", complete: true, pendingTotal: 0 });
    expect(result.code).toBe(0);
    const delivered = server.requests.slice(before + 1).filter((r) => r.method === "POST");
    expect(new Set(delivered.map((r) => JSON.parse(r.body).id))).toEqual(new Set(ids(published)));
    fs.rmSync(projectDir, { recursive: true, force: true });
  }, 60_000);

  it("waits for another live process's outbox lock, then delivers and prints its report (it used to exit 0 at once, printing nothing)", async () => {
    let refuse = true;
    server = await startServer((_req, _index, res) => {
      res.statusCode = refuse ? 503 : 200;
      res.end();
    });
    const projectDir = tempProject();
    fs.writeFileSync(path.join(projectDir, "Pulumi.qa.yaml"), ["config:", "  semantest:environment: staging", "  semantest:events:", "    sinks:", "      - kind: http", `        url: ${server.url}/events`, "        maxAttempts: 1", "        timeoutMs: 2000"].join("\n"));
    const outbox = path.join(projectDir, ".semantest/outbox/qa");
    fs.mkdirSync(outbox, { recursive: true });
    const seeding = createPublisher({ sinks: [{ kind: "http", url: `${server.url}/events`, timeoutMs: 2000, maxAttempts: 1 }], publishOnPreview: false }, { projectDir, stack: "qa", onWarning: () => undefined });
    const published = await seeding.publish(deploymentEnvelopes());
    await seeding.close();
    refuse = false;
    const before = server.requests.length;
    // This (live) test process holds the lock, as a deploy running in another terminal would.
    fs.writeFileSync(path.join(outbox, "lock"), `${process.pid}:test`);
    const release = setTimeout(() => fs.rmSync(path.join(outbox, "lock"), { force: true }), 1500);

    const result = await flushInProcess(projectDir, ["events", "flush", "--env", "qa", "--json"]);
    clearTimeout(release);
    expect(result.stdout).not.toBe("");
    expect(JSON.parse(result.stdout)).toMatchObject({ stack: "qa", complete: true });
    expect(result.code).toBe(0);
    expect(new Set(server.requests.slice(before).map((r) => JSON.parse(r.body).id))).toEqual(new Set(ids(published)));
    fs.rmSync(projectDir, { recursive: true, force: true });
  }, 60_000);
});
