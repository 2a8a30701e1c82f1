import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { flushOutbox } from "../../events";
import { tempProject } from "./support/fixtures";
import { startServer } from "./support/servers";

const CHILD = path.join(__dirname, "support", "crash-child.ts");

describe("a publisher killed with SIGKILL in the middle of publishing", () => {
  it("loses no event: after a restart every event it published is delivered at least once", async () => {
    const projectDir = tempProject();
    // The first server never answers: the child is stuck mid-delivery when it dies.
    const hanging = await startServer(() => undefined);
    const published: string[] = [];
    const child = spawn(process.execPath, ["--require", "tsx/cjs", CHILD, projectDir, `${hanging.url}/events`], { cwd: path.resolve(__dirname, "../.."), stdio: ["ignore", "pipe", "pipe"] });
    let buffered = "";
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      child.on("exit", () => reject(new Error(`child exited early: ${stderr}`)));
      child.stdout.on("data", (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split("\n");
        buffered = lines.pop()!;
        published.push(...lines.filter(Boolean));
        // Kill once it is mid-delivery (the hanging server has a request) and has published a good number.
        if (hanging.requests.length > 0 && published.length >= 25) resolve();
      });
    });
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    await hanging.close();

    // The dead child left its delivery lock behind; the restart takes it over.
    const outbox = path.join(projectDir, ".semantest", "outbox", "production");
    expect(fs.existsSync(path.join(outbox, "lock"))).toBe(true);

    // The server is back, at the same address: the restart is the next run.
    const server = await startServer((_req, _i, res) => res.end(), hanging.port);
    try {
      const report = await flushOutbox(
        { sinks: [{ kind: "file", path: "events.jsonl" }, { kind: "http", url: `${hanging.url}/events`, timeoutMs: 2000, maxAttempts: 3 }], publishOnPreview: false },
        { projectDir, stack: "production", onWarning: () => undefined },
      );
      expect(report.skipped).toBeUndefined();
      const deliveredOverHttp = new Set(server.requests.map((r) => JSON.parse(r.body).id as string));
      const inFile = new Set(fs.readFileSync(path.join(projectDir, "events.jsonl"), "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line).id as string));
      expect(published.filter((id) => !deliveredOverHttp.has(id))).toEqual([]);
      expect(published.filter((id) => !inFile.has(id))).toEqual([]);
      expect(report.pending).toEqual({});
    } finally {
      await server.close();
    }
  });
});
