/**
 * Finding 2 of issue 12 (and issue 14's tag items): every per-type tag limit holds for ALL tags
 * together (config + standard + release id), tags that do not fit are left off by name and reason,
 * and config tags AWS would refuse are refused at validation, naming the tag.
 */
import fc from "fast-check";
import { describeLeftOff, fitStandardTags, tagLimit } from "../../components/events/resource-tags";
import { formatProblem, parseTags, standardTags, tagLength } from "../../domain";
import { runProgram, type Run } from "../support/pulumi-harness";
import { PRODUCTION_ALL_AWS, PRODUCTION_ALL_AWS_TAGS, RELEASE_ID } from "./production-all-aws";

const isUnknown = () => false;
const messages = (raw: unknown) => {
  const parsed = parseTags(raw, "semantest:tags");
  return parsed.ok ? [] : parsed.error.map(formatProblem);
};

describe("the production all-AWS stack with 8 config tags and a release id", () => {
  let run: Run;
  const warnings: string[] = [];
  beforeAll(async () => {
    const spy = jest.spyOn(console, "warn").mockImplementation((...args: unknown[]) => void warnings.push(args.map(String).join(" ")));
    try {
      run = await runProgram("production", PRODUCTION_ALL_AWS);
    } finally {
      spy.mockRestore();
    }
  });

  it("keeps every resource within its type's tag count (S3 objects 10, others 50)", () => {
    const tagged = run.resources.filter((r) => r.custom && r.inputs.tags && typeof r.inputs.tags === "object");
    expect(tagged.length).toBeGreaterThan(20);
    for (const r of tagged) expect(Object.keys(r.inputs.tags as object).length).toBeLessThanOrEqual(tagLimit(r.type));
  });

  it("gives each artifact object the 4 standard tags first, then the config tags that fit (6 of 8)", () => {
    for (const name of ["rest-api-artifact", "websocket-artifact"]) {
      const tags = run.get("aws:s3/bucketObject:BucketObject", name).inputs.tags as Record<string, string>;
      expect(Object.keys(tags)).toHaveLength(10);
      expect(tags).toMatchObject({ environment: "production", "managed-by": "semantest-iac", "deployment-id": RELEASE_ID });
      const config = Object.keys(tags).filter((k) => k in PRODUCTION_ALL_AWS_TAGS).sort();
      expect(config).toEqual(Object.keys(PRODUCTION_ALL_AWS_TAGS).slice(0, 6).sort());
    }
  });

  it("says which tags were left off which resource, and why", () => {
    const line = warnings.find((w) => w.includes("rest-api-artifact"));
    expect(line).toContain('"compliance" (BucketObject takes at most 10 tags)');
    expect(line).toContain('"on-call" (BucketObject takes at most 10 tags)');
  });

  it("leaves a tag with @ off the DynamoDB table only, saying so", () => {
    const table = run.get("aws:dynamodb/table:Table", "websocket-connections").inputs.tags as Record<string, string>;
    expect(table).not.toHaveProperty("owner");
    expect(Object.keys(table)).toHaveLength(4 + 7);
    expect((run.get("aws:lambda/function:Function", "websocket-function").inputs.tags as Record<string, string>).owner).toBe("devops@semantest.com");
    expect(warnings.find((w) => w.includes("websocket-connections"))).toContain('"owner" (DynamoDB refuses "@" in tags)');
  });
});

describe("fitting tags to a type", () => {
  const standard = standardTags({ environment: "production", component: "rest-api", deploymentId: "01J", extra: PRODUCTION_ALL_AWS_TAGS });

  it("counts the tags a component passes itself (before the fix an object with 8 config tags got 12)", () => {
    const fitted = fitStandardTags("aws:s3/bucketObject:BucketObject", { tags: { ...standard } }, standard, isUnknown)!;
    expect(Object.keys(fitted.props.tags as object)).toHaveLength(10);
    expect(fitted.leftOff.map((t) => t.key)).toEqual(["compliance", "on-call"]);
    expect(describeLeftOff("x", "aws:s3/bucketObject:BucketObject", fitted.leftOff)).toBe(
      'x (aws:s3/bucketObject:BucketObject): tags left off: "compliance" (BucketObject takes at most 10 tags), "on-call" (BucketObject takes at most 10 tags)',
    );
  });

  it("never exceeds the limit and never drops a standard tag, whatever the tags (property)", () => {
    const key = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/).filter((k) => !["environment", "component", "managed-by", "deployment-id"].includes(k));
    fc.assert(
      fc.property(fc.dictionary(key, fc.string({ maxLength: 5 }), { maxKeys: 46 }), fc.dictionary(key, fc.string({ maxLength: 5 }), { maxKeys: 12 }), fc.boolean(), (extra, own, s3) => {
        const type = s3 ? "aws:s3/bucketObject:BucketObject" : "aws:lambda/function:Function";
        const std = standardTags({ environment: "dev", component: "rest-api", deploymentId: "01J", extra });
        const fitted = fitStandardTags(type, { tags: own }, std, isUnknown)!;
        const tags = fitted.props.tags as Record<string, string>;
        const all = new Set([...Object.keys(std), ...Object.keys(own)]);
        return (
          Object.keys(tags).length <= tagLimit(type) &&
          tags.environment === "dev" && tags["deployment-id"] === "01J" &&
          Object.keys(tags).length + fitted.leftOff.length === all.size
        );
      }),
      { seed: 12, numRuns: 200 },
    );
  });
});

describe("config tags AWS would refuse are refused at validation, naming the tag", () => {
  it("refuses characters outside AWS's set in values and names", () => {
    expect(messages({ team: "R&D" })).toEqual([
      'semantest:tags.team: "R&D" is not a value for tag "team": AWS refuses "&" in tag values (allowed: letters, numbers, spaces and _ . : / = + - @)',
    ]);
    expect(messages({ "team!": "x" })[0]).toContain('semantest:tags.team!: "team!" is not a tag name: AWS refuses "!"');
    expect(messages({ team: "🚀" })[0]).toContain('AWS refuses "🚀"');
  });

  it("counts characters, not UTF-16 units (before the fix 128 supplementary letters were refused)", () => {
    const name = "𠀀".repeat(128);
    expect(name.length).toBe(256);
    expect(tagLength(name)).toBe(128);
    expect(messages({ [name]: "𠀀".repeat(256) })).toEqual([]);
    expect(messages({ [name + "𠀀"]: "x" })[0]).toContain("is not a tag name of 1 to 128 characters (it has 129)");
  });

  it("refuses __proto__ clearly instead of letting it vanish", () => {
    const raw = JSON.parse('{"__proto__": "x", "team": "t"}') as unknown;
    expect(messages(raw)).toEqual([expect.stringContaining('semantest:tags.__proto__: "__proto__" is not a tag name semantest-iac can pass on')]);
  });

  it("refuses the standard keys and more config tags than a resource can take", () => {
    expect(messages({ environment: "x" })[0]).toContain("semantest-iac sets environment, managed-by, component, deployment-id itself");
    const many = Object.fromEntries(Array.from({ length: 47 }, (_, i) => [`t${i}`, "x"]));
    expect(messages(many)[0]).toContain("has 47 tags, more than the 46 config tags a resource can take");
  });

  it("never throws and accepts only tags AWS accepts (property)", () => {
    const allowed = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: "grapheme", maxLength: 8 }), fc.oneof(fc.string({ unit: "grapheme", maxLength: 8 }), fc.integer())), (raw) => {
        const parsed = parseTags(raw, "semantest:tags");
        if (!parsed.ok) return parsed.error.every((p) => p.path.startsWith("semantest:tags"));
        return Object.entries(parsed.value).every(([k, v]) => allowed.test(k) && allowed.test(v) && tagLength(k) >= 1 && !k.startsWith("aws:"));
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});
