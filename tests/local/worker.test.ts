/** The function host process: invocations over IPC, timeouts, crashes and load failures. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { compileRoute } from "../../runtime/local/azure/function-app";
import { FunctionWorker } from "../../runtime/local/worker";
import { eventually } from "./support";

/** A bootstrap whose "handler" behaves according to the payload. */
const BOOTSTRAP = String.raw`"use strict";
if (process.env.FAIL_INIT) { process.send({ type: "init-error", error: { errorType: "Runtime.ImportModuleError", errorMessage: "cannot find index.js" } }); return; }
process.on("message", async (m) => {
  if (m.type !== "invoke") return;
  const p = m.payload;
  if (p.exit) process.exit(3);
  if (p.sleep) await new Promise((r) => setTimeout(r, p.sleep));
  if (p.fail) return process.send({ type: "result", id: m.id, error: { errorType: "Error", errorMessage: p.fail } });
  console.log("handled " + m.target);
  process.send({ type: "result", id: m.id, result: { target: m.target, pid: process.pid, env: process.env.ONLY_THIS } });
});
process.send({ type: "ready" });
`;

describe("FunctionWorker", () => {
  let dir: string;
  const lines: string[] = [];
  const worker = (env: Record<string, string> = {}, timeoutMs = 5000) =>
    new FunctionWorker({ name: "test", codeDir: dir, bootstrap: BOOTSTRAP, env: { ONLY_THIS: "yes", ...env }, timeoutMs, output: (l) => lines.push(l) });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "semantest-worker-"));
    lines.length = 0;
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("invokes the handler in its own process with only its own environment, and forwards its output", async () => {
    const w = worker();
    try {
      const outcome = await w.invoke("handler", {});
      expect(outcome).toEqual({ ok: true, result: { target: "handler", pid: w.pid, env: "yes" } });
      expect(w.pid).not.toBe(process.pid);
      // stdout is a pipe, the result an IPC message: the line may land just after the result.
      await eventually(async () => lines, (l) => l.includes("handled handler"));
    } finally {
      await w.stop();
    }
  });

  it("reports a handler error as an error outcome and keeps the process", async () => {
    const w = worker();
    try {
      await w.start();
      const pid = w.pid;
      expect(await w.invoke("handler", { fail: "bad input" })).toEqual({ ok: false, kind: "error", error: { errorType: "Error", errorMessage: "bad input" } });
      expect(w.pid).toBe(pid);
    } finally {
      await w.stop();
    }
  });

  it("times out a slow invocation and serves the next one from a fresh process", async () => {
    const w = worker({}, 300);
    try {
      await w.start();
      const first = w.pid;
      expect(await w.invoke("handler", { sleep: 5000 })).toMatchObject({ ok: false, kind: "timeout", error: { errorType: "Sandbox.Timedout", errorMessage: "Task timed out after 0.30 seconds" } });
      const next = await w.invoke("handler", {});
      expect(next.ok).toBe(true);
      expect(w.pid).not.toBe(first);
    } finally {
      await w.stop();
    }
  });

  it("reports a crash to the invocations in flight, then restarts", async () => {
    const w = worker();
    try {
      expect(await w.invoke("handler", { exit: true })).toMatchObject({ ok: false, kind: "crash", error: { errorType: "Runtime.ExitError" } });
      expect((await w.invoke("handler", {})).ok).toBe(true);
    } finally {
      await w.stop();
    }
  });

  it("reports a module that fails to load as an init error", async () => {
    const w = worker({ FAIL_INIT: "1" });
    try {
      expect(await w.invoke("handler", {})).toEqual({ ok: false, kind: "crash", error: { errorType: "Runtime.InitError", errorMessage: "Runtime.ImportModuleError: cannot find index.js" } });
    } finally {
      await w.stop();
    }
  });

  it("removes its code directory on stop and refuses to start again", async () => {
    const w = worker();
    await w.start();
    await w.stop();
    expect(fs.existsSync(dir)).toBe(false);
    await expect(w.start()).rejects.toThrow("function test is stopped");
  });
});

describe("compileRoute (Functions route templates)", () => {
  const matches = (route: string, prefix: string, url: string) => compileRoute({ name: "f", route }, prefix).pattern.exec(url);
  it.each([
    ["{*path}", "", "/", true],
    ["{*path}", "", "/events/a/b", true],
    ["negotiate", "", "/negotiate", true],
    ["negotiate", "", "/negotiate/x", false],
    ["webpubsub/events", "", "/webpubsub/events", true],
    ["items/{id}", "api", "/api/items/7", true],
    ["items/{id}", "api", "/items/7", false],
    ["items/{id:int?}", "api", "/api/items", true],
  ])("%s with prefix %p matches %s: %s", (route, prefix, url, expected) => {
    expect(Boolean(matches(route, prefix, url))).toBe(expected);
  });

  it("ranks literal routes before parameters before catch-alls, and names the parameters", () => {
    expect(compileRoute({ name: "a", route: "negotiate" }, "").rank).toBe(0);
    expect(compileRoute({ name: "b", route: "items/{id}" }, "").rank).toBe(1);
    const all = compileRoute({ name: "c", route: "{*path}" }, "");
    expect(all.rank).toBe(2);
    expect(all.params).toEqual(["path"]);
    expect(all.pattern.exec("/x/y")![1]).toBe("x/y");
  });

  it("uses the function name when there is no route", () => {
    expect(compileRoute({ name: "health" }, "api").pattern.test("/api/health")).toBe(true);
  });
});
