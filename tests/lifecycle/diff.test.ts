/**
 * diffPreviews: create / update / replace / delete / same between two offline previews, the
 * provider replace table, ignoreChanges, and the baseline parser (bad input never throws).
 */
import fc from "fast-check";
import { changeCount, diffPreviews, parseBaseline, PreviewResource, REPLACE_ON_CHANGES, replacingKeys } from "../../application/diff";

const r = (name: string, type: string, inputs: Record<string, unknown>, ignoreChanges: string[] = []): PreviewResource => ({
  urn: `urn:pulumi:dev::p::${type}::${name}`,
  type,
  name,
  parent: null,
  inputs,
  options: { ignoreChanges },
});

describe("diffPreviews", () => {
  const fn = (s3Key: string, extra: Record<string, unknown> = {}) => r("rest-api-function", "aws:lambda/function:Function", { s3Key, timeout: 10, ...extra });
  const object = (key: string) => r("rest-api-artifact", "aws:s3/bucketObject:BucketObject", { bucket: "b", key });

  it("reports zero changes for a document against itself", () => {
    const doc = { resources: [fn("a"), object("k1")] };
    const diff = diffPreviews(doc, doc);
    expect(diff.summary).toEqual({ create: 0, update: 0, replace: 0, delete: 0, same: 2 });
    expect(changeCount(diff.summary)).toBe(0);
  });

  it("reports create, update with its keys, replace on a ForceNew key, and delete", () => {
    const baseline = { resources: [fn("a"), object("k1"), r("old", "aws:sns/topic:Topic", {})] };
    const current = { resources: [fn("b", { timeout: 20 }), object("k2"), r("new", "aws:sns/topic:Topic", {})] };
    const { changes, summary } = diffPreviews(baseline, current);
    expect(changes.map(({ name, op, keys }) => ({ name, op, keys }))).toEqual([
      { name: "rest-api-function", op: "update", keys: ["s3Key", "timeout"] },
      { name: "rest-api-artifact", op: "replace", keys: ["key"] },
      { name: "new", op: "create", keys: [] },
      { name: "old", op: "delete", keys: [] },
    ]);
    expect(changes[1].replaceKeys).toEqual(["key"]);
    expect(summary).toEqual({ create: 1, update: 1, replace: 1, delete: 1, same: 0 });
  });

  it("replaces an Azure Web App moved to another location, and updates it in place otherwise", () => {
    const app = (location: string, httpsOnly: boolean) => r("websocket-app", "azure-native:web:WebApp", { location, httpsOnly });
    expect(diffPreviews({ resources: [app("westeurope", true)] }, { resources: [app("northeurope", true)] }).changes[0].op).toBe("replace");
    expect(diffPreviews({ resources: [app("westeurope", true)] }, { resources: [app("westeurope", false)] }).changes[0].op).toBe("update");
  });

  it("leaves out what the current resource's ignoreChanges names, as the engine does", () => {
    const table = (id: string) => r("t", "aws:dynamodb/table:Table", { tags: { "deployment-id": id, team: "a" } }, ['tags["deployment-id"]']);
    expect(diffPreviews({ resources: [table("A")] }, { resources: [table("B")] }).summary.update).toBe(0);
    const untagged = (id: string) => r("t", "aws:dynamodb/table:Table", { tags: { "deployment-id": id } });
    expect(diffPreviews({ resources: [untagged("A")] }, { resources: [untagged("B")] }).changes[0]).toMatchObject({ op: "update", keys: ["tags"] });
    expect(diffPreviews({ resources: [untagged("A")] }, { resources: [untagged("B")] }, { ignoreTags: ["deployment-id"] }).summary.update).toBe(0);
  });

  it("compares values structurally: key order inside objects does not make a change", () => {
    const a = r("x", "aws:iam/role:Role", { policy: { b: 1, a: [1, { y: 2, x: 1 }] } });
    const b = r("x", "aws:iam/role:Role", { policy: { a: [1, { x: 1, y: 2 }], b: 1 } });
    expect(diffPreviews({ resources: [a] }, { resources: [b] }).summary.same).toBe(1);
  });

  it("property: every resource is reported once, and the counts add up", () => {
    const resource = fc.record({ name: fc.constantFrom("a", "b", "c", "d"), value: fc.integer({ min: 0, max: 2 }) });
    const docs = fc.uniqueArray(resource, { selector: (x) => x.name, maxLength: 4 });
    fc.assert(
      fc.property(docs, docs, (left, right) => {
        const toDoc = (xs: typeof left) => ({ resources: xs.map((x) => r(x.name, "aws:lambda/alias:Alias", { description: x.value })) });
        const { changes, summary } = diffPreviews(toDoc(left), toDoc(right));
        const names = new Set([...left, ...right].map((x) => x.name));
        expect(changes.length).toBe(names.size);
        expect(summary.create + summary.update + summary.replace + summary.delete + summary.same).toBe(names.size);
        expect(changeCount(diffPreviews(toDoc(right), toDoc(right)).summary)).toBe(0);
      }),
      { seed: 1717, numRuns: 200 },
    );
  });
});

describe("REPLACE_ON_CHANGES", () => {
  it("cites a provider source for every row and names only top-level keys", () => {
    for (const [type, rule] of Object.entries(REPLACE_ON_CHANGES)) {
      expect([type, rule.source]).toEqual([type, expect.stringMatching(/^(hashicorp\/terraform-provider-aws|pulumi\/pulumi-azure-native) /)]);
      expect(rule.keys.length).toBeGreaterThan(0);
      for (const key of rule.keys) expect(key).toMatch(/^[a-zA-Z][a-zA-Z0-9]*$/);
    }
  });

  it("knows the artifact objects and the WebSocket deployment", () => {
    expect(replacingKeys("aws:s3/bucketObject:BucketObject", ["key", "tags"])).toEqual(["key"]);
    expect(replacingKeys("aws:apigatewayv2/deployment:Deployment", ["triggers"])).toEqual(["triggers"]);
    expect(replacingKeys("azure-native:storage:Blob", ["blobName", "metadata"])).toEqual(["blobName"]);
    expect(replacingKeys("some:unknown:Type", ["anything"])).toEqual([]);
  });
});

describe("parseBaseline", () => {
  it("accepts an offline preview document", () => {
    const parsed = parseBaseline({ stack: "dev", mode: "offline", resources: [{ urn: "u", type: "t", name: "n", parent: null, inputs: { a: 1 } }] });
    expect(parsed).toEqual({ ok: true, value: { stack: "dev", resources: [{ urn: "u", type: "t", name: "n", parent: null, inputs: { a: 1 } }] } });
  });

  it.each([
    [[], "the baseline is an array; expected an object"],
    [{ mode: "online", resources: [] }, 'baseline.mode is "online"; allowed: "offline"'],
    [{ resources: "x" }, 'baseline.resources is "x"; expected an array'],
    [{ resources: [{ urn: "u", type: "t" }] }, "baseline.resources[0].name is missing; expected a non-empty string"],
    [{ resources: [{ urn: "u", type: "t", name: "n", inputs: [1] }] }, "baseline.resources[0].inputs is an array; expected an object"],
    [{ resources: [{ urn: "u", type: "t", name: "n" }, { urn: "u", type: "t", name: "n" }] }, 'lists "u" twice'],
  ])("refuses %j naming the field", (raw, message) => {
    const parsed = parseBaseline(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain(message);
  });

  it("property: never throws on arbitrary JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const parsed = parseBaseline(value);
        expect(typeof parsed.ok).toBe("boolean");
      }),
      { seed: 1718, numRuns: 300 },
    );
  });
});
