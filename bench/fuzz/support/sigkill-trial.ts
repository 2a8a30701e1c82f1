/**
 * One SIGKILL-during-publish trial and its figures (see bench/fuzz/events.ts, which runs the full
 * size, and tests/events/sigkill-trials.test.ts, which runs a few in the suite).
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as http from "http";
import type { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import type { SinkKind } from "../../../domain/config/events-config";
import { flushOutbox } from "../../../events";
import { idsInRequest, sinkConfig, sinkOptions, successBody } from "./event-sinks";

const ROOT = path.resolve(__dirname, "../../..");
const CHILD = path.join(__dirname, "publish-child.ts");

interface Recorder {
  readonly url: string;
  readonly received: string[];
  close(): Promise<void>;
}

/** A local endpoint for one sink kind that records every id it acknowledges, answering after `delayMs()`. */
async function recorder(kind: SinkKind, delayMs: () => number): Promise<Recorder> {
  const received: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      setTimeout(() => {
        // Recorded when answered: a request whose publisher died before reading the answer still counts.
        received.push(...idsInRequest(kind, body));
        const answer = successBody(kind, body);
        res.writeHead(answer.status, answer.headers).end(answer.body);
      }, delayMs());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Runs the child until it printed `killAfter` ids, then SIGKILLs it. Returns the printed ids. */
function publishThenKill(projectDir: string, kind: SinkKind, url: string, killAfter: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--require", "tsx/cjs", CHILD, projectDir, kind, url], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    const printed: string[] = [];
    let buffered = "";
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop()!;
      printed.push(...lines.filter(Boolean));
      if (printed.length >= killAfter && !child.killed) child.kill("SIGKILL");
    });
    child.on("exit", (_code, signal) => (signal === "SIGKILL" ? resolve([...printed]) : reject(new Error(`child ended without SIGKILL: ${stderr.slice(0, 500)}`))));
  });
}

export const emptyFigures = (): SinkFigures => ({ trials: 0, published: 0, lost: 0, duplicated: 0, pending: 0, errors: 0 });

export interface SinkFigures {
  trials: number;
  published: number;
  lost: number;
  duplicated: number;
  pending: number;
  errors: number;
}

export async function trial(kind: SinkKind, killAfter: number, delays: readonly number[], figures: SinkFigures, log: (line: string) => void = console.error): Promise<void> {
  const projectDir = fs.mkdtempSync(path.join(os.tmpdir(), "semantest-sigkill-"));
  let next = 0;
  const server = await recorder(kind, () => delays[next++ % delays.length]);
  try {
    const printed = await publishThenKill(projectDir, kind, server.url, killAfter);
    process.env.EG_KEY = "topic-key";
    const report = await flushOutbox(
      { sinks: [sinkConfig(kind, server.url)], publishOnPreview: false },
      { projectDir, stack: "trial", onWarning: () => undefined, waitForLockMs: 10_000, ...sinkOptions(kind, server.url) },
    );
    const received = kind === "file" ? readIds(path.join(projectDir, "events.jsonl")) : server.received;
    const unique = new Set(received);
    figures.trials++;
    figures.published += printed.length;
    figures.lost += printed.filter((id) => !unique.has(id)).length;
    figures.duplicated += received.length - unique.size;
    figures.pending += Object.values(report.pending).reduce((sum, n) => sum + n, 0) + (report.skipped ? 1 : 0);
  } catch (error) {
    figures.errors++;
    log(`  ${kind}: trial failed: ${(error as Error).message}`);
  } finally {
    await server.close();
    fs.rmSync(projectDir, { recursive: true, force: true });
  }
}

function readIds(file: string): string[] {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, "utf8").split("\n").filter(Boolean).flatMap((line) => {
    try {
      return [JSON.parse(line).id as string];
    } catch {
      return ["(torn line)"];
    }
  });
}

