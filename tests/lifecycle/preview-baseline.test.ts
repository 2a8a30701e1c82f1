/**
 * `semantest-iac preview --offline --baseline <file>` as a user runs it (subprocess): zero changes
 * against its own output, creates/deletes when a component moves cloud, and bad baselines exit 2.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runCli } from "../support/cli";

describe("preview --offline --baseline", () => {
  let dir: string;
  let baseline: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "semantest-baseline-"));
    baseline = path.join(dir, "dev.json");
    const result = await runCli(["preview", "--env", "dev", "--offline", "--json"]);
    expect(result.code).toBe(0);
    fs.writeFileSync(baseline, result.stdout);
  }, 60_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("reports zero changes for the same config against its own preview", async () => {
    const result = await runCli(["preview", "--env", "dev", "--offline", "--json", "--baseline", baseline]);
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout);
    expect(document.summary).toEqual({ create: 0, update: 0, replace: 0, delete: 0, same: document.resources.length });
    expect(document.changes.every((c: { op: string }) => c.op === "same")).toBe(true);
    expect(Object.keys(document.changes[0])).toEqual(["urn", "name", "type", "op", "keys"]);
  }, 60_000);

  it("marks the tree when the WebSocket moves to Azure: its AWS resources go, its Azure ones come", async () => {
    const result = await runCli(["preview", "--env", "dev", "--offline", "--component", "websocket", "--provider", "azure", "--baseline", baseline]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\+ azure-native:web:WebApp\s+websocket-app/);
    // The REST function's push settings follow the WebSocket to Azure (its environment changes).
    expect(result.stdout).toMatch(/^ {3}├─ ~ aws:lambda\/function:Function\s+rest-api-function \[environment\]$/m);
    expect(result.stdout).toContain("Deleted (in the baseline, no longer declared)");
    expect(result.stdout).toMatch(/- aws:lambda\/function:Function\s+websocket-function/);
    expect(result.stdout).toMatch(/Plan: \+\d+ to create, ~2 to update, \+-0 to replace, -[12][0-9] to delete/); // 20 with the WebSocket forward policy (issue 20)
  }, 60_000);

  it("exits 2 naming the field when the baseline is not an offline preview", async () => {
    const bad = path.join(dir, "bad.json");
    fs.writeFileSync(bad, JSON.stringify({ mode: "offline", resources: [{ urn: "u", type: "t" }] }));
    const result = await runCli(["preview", "--env", "dev", "--offline", "--baseline", bad]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("baseline.resources[0].name is missing; expected a non-empty string");
    const missing = await runCli(["preview", "--env", "dev", "--offline", "--baseline", path.join(dir, "nope.json")]);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining("cannot be read: ENOENT")]);
    const online = await runCli(["preview", "--env", "dev", "--baseline", bad]);
    expect([online.code, online.stderr]).toEqual([2, expect.stringContaining("--baseline compares offline previews")]);
  }, 60_000);
});
