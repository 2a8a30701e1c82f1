/**
 * Issue 14, Config findings: each example of the issue, as a stack file or raw values a user (or a
 * fuzzer) could write. Each of these failed on the code before the fix: parse threw, accepted the
 * value, or hid a problem until the next run.
 */
import { DeploymentConfiguration, formatProblem, RawStackConfig, RELEASE_ID_MAX } from "../../domain";
import { rawConfig, withComponent } from "./mother";

const parse = (raw: RawStackConfig) => DeploymentConfiguration.parse(raw);
const problemsOf = (raw: RawStackConfig) => {
  const parsed = parse(raw);
  if (parsed.ok) throw new Error("expected problems, got a configuration");
  return parsed.error;
};
const messagesOf = (raw: RawStackConfig) => problemsOf(raw).map(formatProblem);

describe("DeploymentConfiguration.parse on untrusted input never throws", () => {
  it("reports a self-referencing map (a YAML alias cycle) as a problem at its path, printable as JSON", () => {
    const cyclic: Record<string, unknown> = { memoryMb: 512 };
    cyclic.self = cyclic;
    const problems = problemsOf(withComponent("rest-api", cyclic));
    expect(problems.map((p) => p.path)).toContain("semantest:components.rest-api.self");
    expect(problems.find((p) => p.path.endsWith(".self"))!.message).toMatch(/refers to itself/);
    expect(() => JSON.stringify(problems)).not.toThrow();
  });

  it("reports a self-referencing map whose `toString` key is not a function (String() of it throws)", () => {
    const cyclic: Record<string, unknown> = { toString: "x" };
    cyclic.me = cyclic;
    const messages = messagesOf(rawConfig({ "semantest:components": cyclic }));
    expect(messages).toEqual(
      expect.arrayContaining([expect.stringMatching(/^semantest:components\.me: .* refers to itself/), expect.stringMatching(/^semantest:components\.toString: "x" is not a known setting/)]),
    );
  });

  it("reports 100,000 levels of nesting as too deep, naming the depth allowed", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    const messages = messagesOf(rawConfig({ "semantest:events": deep }));
    expect(messages.some((m) => /is nested more than 16 levels deep; allowed: at most 16/.test(m))).toBe(true);
  });

  it("treats `toString`, `constructor`, `hasOwnProperty` and `__proto__` as plain (unknown) keys", () => {
    const settings = JSON.parse('{"provider":"aws","toString":1,"constructor":{},"hasOwnProperty":2,"__proto__":{"memoryMb":99999}}');
    const messages = messagesOf(withComponent("rest-api", settings));
    expect(messages.map((m) => m.split(":").slice(0, 2).join(":"))).toEqual([
      "semantest:components.rest-api.toString",
      "semantest:components.rest-api.constructor",
      "semantest:components.rest-api.hasOwnProperty",
      "semantest:components.rest-api.__proto__",
    ]);
  });

  it("never lets a `__proto__` key change what the other keys mean", () => {
    const values = JSON.parse('{"aws:region":"us-east-1","__proto__":{"semantest:environment":"production","semantest:components":{"rest-api":{}}}}');
    const problems = problemsOf({ stack: "dev", values });
    // The fake environment behind __proto__ is not read: the only problem is the key itself.
    expect(problems.map((p) => p.path)).toEqual(["__proto__"]);
    expect(problems[0].message).toMatch(/has no namespace/);
  });

  it("never throws for values of any JavaScript type", () => {
    for (const odd of [Symbol("s"), () => 1, 10n, new Date(0), new Map([["a", 1]]), NaN, -Infinity]) {
      expect(() => parse(rawConfig({ "semantest:tags": odd, "semantest:release": { id: odd } }))).not.toThrow();
    }
    expect(() => parse({ stack: undefined as unknown as string, values: undefined as unknown as Record<string, unknown> })).not.toThrow();
  });
});

describe("DeploymentConfiguration.parse refuses what it used to ignore", () => {
  it("refuses an unknown component name", () => {
    expect(messagesOf(rawConfig({ "semantest:components": { typo: { provider: "aws" } } }))).toEqual([
      'semantest:components.typo: {"provider":"aws"} is not a known setting; allowed: rest-api, websocket',
    ]);
  });

  it("refuses keys without a namespace: Pulumi puts them in the project namespace, which the program does not read", () => {
    expect(messagesOf(rawConfig({ environment: "production" }))).toEqual([
      'environment: "production" has no namespace, so Pulumi reads it as "semantest-infrastructure:environment", which this program does not read; write it as "semantest:environment"; allowed: semantest:environment, semantest:components, semantest:events, semantest:release, semantest:rollout, semantest:tags, semantest:traffic, semantest:notifications, aws:region, azure-native:location',
    ]);
    // The same key as the Automation API hands it over (namespaced with the project).
    expect(messagesOf(rawConfig({ "semantest-infrastructure:components": {} }))[0]).toMatch(/^semantest-infrastructure:components: \{\} is in the project's namespace, which this program does not read; write it as "semantest:components"/);
    // Provider namespaces stay the providers' business.
    expect(parse(rawConfig({ "aws:profile": "ci", "pulumi:disable-default-providers": ["*"] })).ok).toBe(true);
  });

  it("refuses CORS header names that are not RFC 9110 tokens", () => {
    const messages = messagesOf(withComponent("rest-api", { cors: { allowHeaders: ["content-type", "x custom"], exposeHeaders: ["x-id:"] } }));
    expect(messages).toEqual([
      expect.stringMatching(/^semantest:components\.rest-api\.cors\.allowHeaders\[1\]: "x custom" is not a header name; allowed: /),
      expect.stringMatching(/^semantest:components\.rest-api\.cors\.exposeHeaders\[0\]: "x-id:" is not a header name; allowed: /),
    ]);
  });

  it.each([
    ["dist\\app.js", "contains a backslash"],
    ["C:/app/main.js", "starts with a drive letter"],
    ["c:app.js", "starts with a drive letter"],
    ["app\u0000.js", "contains a control character"],
    ["/srv/app.js", "is absolute"],
    ["app/../../x.js", "leaves the project"],
  ])("refuses the entry %j (%s)", (entry, why) => {
    const [message] = messagesOf(withComponent("rest-api", { entry }));
    expect(message).toContain(`semantest:components.rest-api.entry: `);
    expect(message).toContain(why);
    expect(message).toContain("allowed: a path relative to Pulumi.yaml");
  });

  it("accepts a relative POSIX entry", () => {
    const parsed = parse(withComponent("rest-api", { entry: "dist/api/main.js" }));
    expect(parsed.ok && parsed.value.restApi?.entry).toBe("dist/api/main.js");
  });

  it("limits the length of strings, naming the field and the limit (a 5 MB release id)", () => {
    const messages = messagesOf(rawConfig({ "semantest:release": { id: "x".repeat(5 * 1024 * 1024) } }));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(new RegExp(`^semantest:release\\.id: "x{90,120}… \\(5242880 characters\\)" is 5242880 characters long; allowed: at most ${RELEASE_ID_MAX}$`));
    expect(messages[0].length).toBeLessThan(400);
    expect(parse(rawConfig({ "semantest:release": { id: "r".repeat(RELEASE_ID_MAX) } })).ok).toBe(true);
  });

  it.each([
    ["semantest:events", { sinks: [{ kind: "http", url: `https://example.com/${"a".repeat(3000)}` }] }, "semantest:events.sinks[0].url"],
    ["semantest:events", { sinks: [{ kind: "file", path: "p".repeat(2000) }] }, "semantest:events.sinks[0].path"],
    ["semantest:events", { sinks: [{ kind: "eventbridge", eventBusName: "b".repeat(300) }] }, "semantest:events.sinks[0].eventBusName"],
    ["semantest:components", { "rest-api": { cors: { allowOrigins: [`https://${"a".repeat(2000)}.com`] } } }, "semantest:components.rest-api.cors.allowOrigins[0]"],
  ])("limits %s strings (%#)", (key, value, path) => {
    const problems = problemsOf(rawConfig({ [key]: value }));
    expect(problems.map((p) => p.path)).toContain(path);
    expect(problems.find((p) => p.path === path)!.message).toMatch(/characters long; allowed: (a URL of )?at most \d+/);
  });
});

describe("every problem in one message", () => {
  it("reports region problems even when a component is invalid (four mistakes, one run)", () => {
    const messages = messagesOf({
      stack: "dev",
      values: {
        "aws:region": "us-east-9",
        "semantest:components": { "rest-api": { memoryMb: 1, timeoutSeconds: 999 }, websocket: { provider: "azure", sku: "Gold" } },
      },
    });
    expect(messages).toEqual([
      "semantest:components.rest-api.memoryMb: 1 is below the AWS Lambda minimum of 128",
      "semantest:components.rest-api.timeoutSeconds: 999 is above the AWS Lambda maximum of 900",
      expect.stringMatching(/^semantest:components\.websocket\.sku: "Gold" is not a supported Web PubSub SKU/),
      expect.stringMatching(/^aws:region: "us-east-9" is not a known AWS region \(did you mean "us-east-1"\?\)/),
      "azure-native:location: (missing) is required: websocket deploys to azure; set it with `pulumi config set azure-native:location <region>`",
    ]);
  });
});
