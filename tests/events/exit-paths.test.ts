/**
 * Issue 14, Events: `events flush` (and deploy / rollback, through the publisher's close) exited 0
 * with empty stdout, leaving the outbox lock behind, when an http sink answered 503 once or another
 * live process held the lock: the retry and lock-wait timers were unref'd, so Node simply ended.
 * These run the real CLI in a child process that nothing else keeps alive.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { Outbox } from "../../events";
import { deploymentEnvelopes, tempProject } from "./support/fixtures";
import { startServer } from "./support/servers";

const ROOT = path.resolve(__dirname, "../..");
const CLI = path.join(__dirname, "support", "cli-child.ts");
const CLOSE = path.join(__dirname, "support", "close-child.ts");

function runCli(projectDir: string, args: readonly string[], script = CLI): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--require", "tsx/cjs", script, projectDir, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

/** A project with a stack file whose one sink is the http server, and 3 events waiting in its outbox. */
function projectWithPending(url: string): { projectDir: string; outbox: Outbox; ids: string[] } {
  const projectDir = tempProject();
  fs.writeFileSync(
    path.join(projectDir, "Pulumi.dev.yaml"),
    `config:\n  semantest:events:\n    sinks:\n      - kind: http\n        url: ${url}\n        timeoutMs: 2000\n        maxAttempts: 3\n`,
  );
  const outbox = Outbox.forStack(projectDir, "dev");
  const events = deploymentEnvelopes();
  outbox.append(events, [`http:${url}`]);
  return { projectDir, outbox, ids: events.map((e) => e.id) };
}

describe("events flush always prints its result and exits with its real outcome", () => {
  it("delivers through a sink that answers 503 once: prints the report, exits 0, releases the lock", async () => {
    const server = await startServer((_request, index, res) => {
      res.statusCode = index === 0 ? 503 : 204;
      res.end();
    });
    try {
      const { projectDir, outbox, ids } = projectWithPending(`${server.url}/events`);
      const result = await runCli(projectDir, ["events", "flush", "--env", "dev", "--json"]);
      expect(result.stdout).not.toBe("");
      const report = JSON.parse(result.stdout);
      expect(report).toMatchObject({ stack: "dev", delivered: { [`http:${server.url}/events`]: 3 }, pending: {} });
      expect(result.code).toBe(0);
      expect(new Set(server.requests.map((r) => JSON.parse(r.body).id))).toEqual(new Set(ids));
      expect(fs.existsSync(outbox.lockFile)).toBe(false);
    } finally {
      await server.close();
    }
  });

  it("reports pending events and exits 1 when another live process holds the outbox lock", async () => {
    const server = await startServer((_request, _index, res) => res.end());
    try {
      const { projectDir, outbox } = projectWithPending(`${server.url}/events`);
      // This (live) test process holds the lock for the child's whole wait.
      fs.writeFileSync(outbox.lockFile, `${process.pid}:held-by-the-test`);
      const result = await runCli(projectDir, ["events", "flush", "--env", "dev", "--json"]);
      const report = JSON.parse(result.stdout);
      expect(report.skipped).toMatch(/another process is delivering/);
      expect(report.pending).toEqual({ [`http:${server.url}/events`]: 3 });
      expect(result.code).toBe(1);
      expect(server.requests).toHaveLength(0);
      // Not the child's lock: it must leave it to its holder.
      expect(fs.readFileSync(outbox.lockFile, "utf8")).toBe(`${process.pid}:held-by-the-test`);
    } finally {
      await server.close();
    }
  }, 30_000);
});

describe("the publisher's close (the deploy / rollback path) finishes its work before the process ends", () => {
  it("retries through a 503, then reports every sink: delivered and pending", async () => {
    const server = await startServer((_request, index, res) => {
      res.statusCode = index === 0 ? 503 : 204;
      res.end();
    });
    try {
      const projectDir = tempProject();
      const result = await runCli(projectDir, [`${server.url}/events`], CLOSE);
      expect(JSON.parse(result.stdout)).toEqual({
        complete: true,
        delivered: 6,
        pending: 0,
        sinks: [
          { sink: "file:events.jsonl", delivered: 3, pending: 0, rejected: 0, orphaned: false },
          { sink: `http:${server.url}/events`, delivered: 3, pending: 0, rejected: 0, orphaned: false },
        ],
      });
      expect(result.code).toBe(0);
      expect(fs.existsSync(Outbox.forStack(projectDir, "dev").lockFile)).toBe(false);
    } finally {
      await server.close();
    }
  });

  it("with the sink down, says how many events wait for it and exits non-zero", async () => {
    const server = await startServer((_request, _index, res) => {
      res.statusCode = 503;
      res.end();
    });
    try {
      const projectDir = tempProject();
      const result = await runCli(projectDir, [`${server.url}/events`], CLOSE);
      const summary = JSON.parse(result.stdout);
      expect(summary).toMatchObject({ complete: false, pending: 3 });
      expect(summary.sinks[1]).toMatchObject({ sink: `http:${server.url}/events`, delivered: 0, pending: 3, failure: expect.stringContaining("answered 503") });
      expect(result.code).toBe(1);
      expect(fs.existsSync(Outbox.forStack(projectDir, "dev").lockFile)).toBe(false);
    } finally {
      await server.close();
    }
  }, 30_000);
});

describe("the outbox lock", () => {
  it("is released when the process exits while holding it (process.exit in the middle of a delivery)", async () => {
    const projectDir = tempProject();
    const outbox = Outbox.forStack(projectDir, "dev");
    const script = [
      `const { Outbox } = require(${JSON.stringify(path.join(ROOT, "events"))});`,
      `const outbox = Outbox.forStack(${JSON.stringify(projectDir)}, "dev");`,
      `outbox.withLock(async () => { process.stdout.write(require("fs").existsSync(outbox.lockFile) ? "held\\n" : "not held\\n"); process.exit(3); });`,
    ].join("\n");
    const result = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = spawn(process.execPath, ["--require", "tsx/cjs", "-e", script], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
      let stdout = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      child.on("exit", (code) => resolve({ code, stdout }));
    });
    expect(result).toEqual({ code: 3, stdout: "held\n" });
    expect(fs.existsSync(outbox.lockFile)).toBe(false);
  });
});
