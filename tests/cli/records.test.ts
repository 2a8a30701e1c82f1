import * as fc from "fast-check";
import type { StackUpdate } from "../../application/ports/engine";
import { componentsOf, configValues, decodeValue, deployMessage, encodeValues, findDeployment, rollbackMessage, toRecord } from "../../application/release/records";
import { chooseTarget, diffConfig } from "../../application/release/rollback-plan";
import { PlainProgress, resourceName } from "../../cli/progress";

const A = "01JD0000000000000000000AAA";
const update = (version: number, message: string, result: StackUpdate["result"] = "succeeded", kind = "update", config: StackUpdate["config"] = {}): StackUpdate => ({
  version,
  kind,
  startTime: new Date(Date.UTC(2026, 0, 1, 0, version)),
  endTime: new Date(Date.UTC(2026, 0, 1, 0, version, 30)),
  result,
  message,
  environment: { "git.head": "abc", "ci.system": "GitHub", "unrelated.key": "x" },
  config,
});

describe("deployment records from stack history", () => {
  it("reads the deployment id and kind from the update message, and who ran it from the environment", () => {
    const record = toRecord(update(4, rollbackMessage("01JD0000000000000000000RRR", A, 2)));
    expect(record).toMatchObject({ deploymentId: "01JD0000000000000000000RRR", kind: "rollback", restored: { deploymentId: A, version: 2 }, by: { "git.head": "abc", "ci.system": "GitHub" } });
    expect(record.by).not.toHaveProperty("unrelated.key");
    expect(toRecord(update(1, deployMessage(A, "hotfix"))).kind).toBe("deploy");
    expect(toRecord(update(1, rollbackMessage("01JD0000000000000000000RRR", null, 1))).restored).toEqual({ deploymentId: null, version: 1 });
  });

  it("falls back to semantest:release.id for updates made outside the CLI", () => {
    const config = { "semantest:release": { value: JSON.stringify({ id: A, artifacts: {} }), secret: false, object: true } };
    expect(toRecord(update(3, "pulumi up by hand", "succeeded", "update", config))).toMatchObject({ deploymentId: A, kind: "other", release: { id: A } });
    expect(toRecord(update(3, "pulumi up by hand")).deploymentId).toBeNull();
  });

  it("prefers the update that made a deployment over later updates that carry its release", () => {
    const config = { "semantest:release": { value: JSON.stringify({ id: A, artifacts: {} }), secret: false, object: true } };
    const records = [update(3, "manual refresh-ish up", "succeeded", "update", config), update(2, deployMessage(A), "succeeded", "update", config)].map(toRecord);
    expect(findDeployment(records, A.toLowerCase())?.version).toBe(2);
  });

  it("lists components leniently and masks secrets", () => {
    expect(componentsOf({ "semantest:components": { "rest-api": { provider: "azure" }, websocket: false } })).toEqual([{ kind: "rest-api", provider: "azure" }]);
    expect(componentsOf({ "semantest:components": "nonsense" })).toEqual([]);
    expect(configValues({ k: { value: "p", secret: true }, n: { value: "42", secret: false } })).toEqual({ k: "[secret]", n: 42 });
  });

  it("decodes what it encodes (property)", () => {
    const json = fc.jsonValue().filter((v) => typeof v !== "string");
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1 }), fc.oneof(fc.string(), json)), (values) => {
        const encoded = encodeValues(values);
        for (const [key, value] of Object.entries(values)) {
          const entry = encoded[key];
          const decoded = typeof value === "string" ? entry.value : decodeValue(entry.value, entry.object);
          expect(JSON.stringify(decoded)).toBe(JSON.stringify(value));
        }
      }),
    );
  });
});

describe("rollback planning", () => {
  const history = [update(3, deployMessage("01JD0000000000000000000CCC"), "failed"), update(2, "", "succeeded", "refresh"), update(1, deployMessage(A))];

  it("chooses by id or by version, and refuses failed updates, non-updates and unknown targets", () => {
    expect(chooseTarget(history, { deploymentId: A })).toMatchObject({ ok: true, update: { version: 1 } });
    expect(chooseTarget(history, { version: 3 })).toMatchObject({ ok: false, error: { code: "TARGET_NOT_SUCCEEDED" } });
    expect(chooseTarget(history, { version: 2 })).toMatchObject({ ok: false, error: { code: "NOT_AN_UPDATE" } });
    expect(chooseTarget(history, { version: 9 })).toMatchObject({ ok: false, error: { code: "UNKNOWN_VERSION", message: expect.stringContaining("versions: 1-3") } });
    expect(chooseTarget([], { deploymentId: A })).toMatchObject({ ok: false, error: { code: "UNKNOWN_DEPLOYMENT" } });
  });

  it("diffs config: changed, added, removed keys; equal JSON in another key order is no change; secrets stay masked", () => {
    const live = { a: { value: '{"x":1,"y":2}', secret: false, object: true }, b: { value: "old", secret: false }, s: { value: "p1", secret: true } };
    const restore = { a: { value: '{"y":2,"x":1}', secret: false, object: true }, c: { value: "new", secret: false }, s: { value: "p0", secret: true } };
    expect(diffConfig(live, restore)).toEqual([
      { key: "b", live: "old", restore: null },
      { key: "c", live: null, restore: "new" },
      { key: "s", live: "[secret]", restore: "[secret]" },
    ]);
  });
});

describe("plain progress lines", () => {
  it("prints one line per resource step, failure, warning and policy; nothing for unchanged resources", async () => {
    const lines: string[] = [];
    const progress = new PlainProgress({ stdout: () => undefined, stderr: (t) => void lines.push(t) });
    const urn = "urn:pulumi:dev::p::aws:s3/bucket:Bucket::logs";
    await progress.step("Update", async () => {
      progress.engine({ kind: "resource", phase: "started", op: "create", urn, type: "aws:s3/bucket:Bucket", planning: false });
      progress.engine({ kind: "resource", phase: "started", op: "same", urn, type: "aws:s3/bucket:Bucket", planning: false });
      progress.engine({ kind: "resource-failed", op: "create", urn, type: "aws:s3/bucket:Bucket" });
      progress.engine({ kind: "diagnostic", severity: "warning", message: "deprecated" });
      progress.engine({ kind: "diagnostic", severity: "info", message: "chatty" });
      progress.engine({ kind: "policy", policy: "p", level: "advisory", urn, message: "m" });
      progress.engine({ kind: "summary", changes: {}, durationSeconds: 1 });
    });
    expect(lines.map((l) => l.replace(/\u001b\[[0-9;]*m/g, ""))).toEqual([
      "• Update",
      "  + creating aws:s3/bucket:Bucket logs",
      "  ✗ create failed: aws:s3/bucket:Bucket logs",
      "  warning: deprecated",
      "  policy (advisory) p: m",
    ]);
    expect(resourceName(urn)).toBe("logs");
  });
});
