import {
  CloudProviders,
  Environment,
  formatProblem,
  isValidOrigin,
  originMatches,
  parseCloudProvider,
  parseComponentKind,
  parseMemoryMb,
  parseTags,
  parseTimeoutSeconds,
  problem,
  Region,
  show,
  standardTags,
} from "../../domain";

describe("Environment", () => {
  it.each(["dev", "staging", "production"])("accepts %s", (name) => {
    const parsed = Environment.parse(name);
    expect(parsed.ok && parsed.value.name).toBe(name);
  });

  it("rejects anything else, quoting the value and listing what is allowed", () => {
    const parsed = Environment.parse("prod-eu");
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(formatProblem(parsed.error[0])).toBe('semantest:environment: "prod-eu" is not an environment; allowed: dev, staging, production');
  });

  it("knows production and compares by value", () => {
    expect(Environment.of("production").isProduction).toBe(true);
    expect(Environment.of("dev").isProduction).toBe(false);
    expect(Environment.of("dev").equals(Environment.of("dev"))).toBe(true);
    expect(String(Environment.of("staging"))).toBe("staging");
  });
});

describe("CloudProvider and ComponentKind", () => {
  it("parse the closed sets", () => {
    expect(parseCloudProvider("aws", "p")).toEqual({ ok: true, value: CloudProviders.aws });
    expect(parseComponentKind("websocket", "c")).toEqual({ ok: true, value: "websocket" });
  });

  it("reject other values with the allowed list", () => {
    const provider = parseCloudProvider("gcp", "semantest:components.websocket.provider");
    expect(!provider.ok && provider.error[0].message).toBe('"gcp" is not a supported provider; allowed: aws, azure');
    const kind = parseComponentKind("queue", "--component");
    expect(!kind.ok && kind.error[0].message).toContain("allowed: rest-api, websocket");
  });
});

describe("Region", () => {
  it("accepts known regions per provider", () => {
    const aws = Region.parse("aws", "eu-west-1", "aws:region");
    expect(aws.ok && String(aws.value)).toBe("eu-west-1");
    expect(Region.parse("azure", "westeurope", "azure-native:location").ok).toBe(true);
  });

  it("does not accept one cloud's region for the other", () => {
    expect(Region.parse("azure", "eu-west-1", "azure-native:location").ok).toBe(false);
    expect(Region.parse("aws", "westeurope", "aws:region").ok).toBe(false);
  });

  it("suggests the closest known name for a typo", () => {
    const parsed = Region.parse("azure", "westeruope", "azure-native:location");
    expect(!parsed.ok && parsed.error[0].message).toContain('did you mean "westeurope"?');
    const far = Region.parse("aws", "mars-north-9", "aws:region");
    expect(!far.ok && far.error[0].message).not.toContain("did you mean");
  });

  it("rejects non-strings", () => {
    const parsed = Region.parse("aws", 42, "aws:region");
    expect(!parsed.ok && parsed.error[0].path).toBe("aws:region");
  });
});

describe("function memory and timeout limits", () => {
  it("holds Lambda memory to 128-10240 MB in whole megabytes", () => {
    expect(parseMemoryMb("aws", 128, "m").ok).toBe(true);
    expect(parseMemoryMb("aws", 10240, "m").ok).toBe(true);
    const high = parseMemoryMb("aws", 20000, "semantest:components.rest-api.memoryMb");
    expect(!high.ok && formatProblem(high.error[0])).toBe("semantest:components.rest-api.memoryMb: 20000 is above the AWS Lambda maximum of 10240");
    const low = parseMemoryMb("aws", 64, "m");
    expect(!low.ok && low.error[0].message).toBe("64 is below the AWS Lambda minimum of 128");
    const fraction = parseMemoryMb("aws", 512.5, "m");
    expect(!fraction.ok && fraction.error[0].message).toContain("is not a whole number");
  });

  it("holds Flex Consumption memory to 2048 or 4096 MB (ARM refuses the 512 some docs list)", () => {
    expect(parseMemoryMb("azure", 2048, "m").ok).toBe(true);
    expect(parseMemoryMb("azure", 512, "m").ok).toBe(false);
    const bad = parseMemoryMb("azure", 1024, "m");
    expect(!bad.ok && bad.error[0].message).toBe("1024 is not a Flex Consumption instance memory size; allowed: 2048, 4096");
  });

  it("keeps a Lambda behind API Gateway under the integration timeout", () => {
    expect(parseTimeoutSeconds("aws", "rest-api", 30, "t").ok).toBe(true);
    const rest = parseTimeoutSeconds("aws", "rest-api", 31, "t");
    expect(!rest.ok && rest.error[0].message).toBe("31 is above the API Gateway HTTP API integration timeout of 30 s");
    const ws = parseTimeoutSeconds("aws", "websocket", 30, "t");
    expect(!ws.ok && ws.error[0].message).toBe("30 is above the API Gateway WebSocket API integration timeout of 29 s");
    const lambda = parseTimeoutSeconds("aws", "rest-api", 901, "t");
    expect(!lambda.ok && lambda.error[0].message).toBe("901 is above the AWS Lambda maximum of 900");
    expect(parseTimeoutSeconds("aws", "rest-api", 0, "t").ok).toBe(false);
  });

  it("keeps an Azure HTTP function under the 230 s load balancer timeout", () => {
    expect(parseTimeoutSeconds("azure", "rest-api", 230, "t").ok).toBe(true);
    expect(parseTimeoutSeconds("azure", "websocket", 231, "t").ok).toBe(false);
  });
});

describe("CORS origins", () => {
  it.each([
    "*",
    "https://semantest.com",
    "http://localhost:3000",
    "https://*.semantest.com",
    "chrome-extension://*",
    "chrome-extension://abcdefghijklmnopabcdefghijklmnop",
  ])("accepts %s", (origin) => expect(isValidOrigin(origin)).toBe(true));

  it.each([
    "https://semantest.com/",
    "https://semantest.com/path",
    "semantest.com",
    "chrome-extension://not-an-id",
    "ftp://semantest.com",
    "https://*",
  ])("rejects %s", (origin) => expect(isValidOrigin(origin)).toBe(false));

  it("matches browser origins against patterns", () => {
    expect(originMatches("*", "https://x.y")).toBe(true);
    expect(originMatches("https://semantest.com", "https://semantest.com")).toBe(true);
    expect(originMatches("https://semantest.com", "https://evil.com")).toBe(false);
    expect(originMatches("https://*.semantest.com", "https://app.semantest.com")).toBe(true);
    expect(originMatches("https://*.semantest.com", "https://semantest.com.evil.com")).toBe(false);
    expect(originMatches("chrome-extension://*", "chrome-extension://abcdefghijklmnopabcdefghijklmnop")).toBe(true);
  });
});

describe("tags", () => {
  it("accepts names and values within both clouds' limits", () => {
    expect(parseTags({ "cost-center": "platform", owner: "" }, "semantest:tags")).toEqual({ ok: true, value: { "cost-center": "platform", owner: "" } });
    expect(parseTags(undefined, "semantest:tags")).toEqual({ ok: true, value: {} });
  });

  it("reports every bad tag with its path", () => {
    const parsed = parseTags({ "aws:reserved": "x", "a/b": "x", [""]: "x", long: "v".repeat(257), n: 5, ["k".repeat(129)]: "x" }, "semantest:tags");
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const messages = parsed.error.map(formatProblem).join("\n");
    expect(messages).toContain('semantest:tags.aws:reserved: "aws:reserved" is not a tag name: the "aws:" prefix is reserved by AWS');
    expect(messages).toContain("not allowed on Azure");
    expect(messages).toContain("1 to 128 characters");
    expect(messages).toContain("longer than the 256-character tag value limit");
    expect(messages).toContain("semantest:tags.n: 5 is not a string tag value");
    expect(parseTags(["a"], "semantest:tags").ok).toBe(false);
  });

  it("builds the standard tags, which user tags cannot override", () => {
    expect(standardTags({ environment: "dev", component: "rest-api", deploymentId: "01J", extra: { environment: "x", team: "t" } })).toEqual({
      team: "t",
      environment: "dev",
      "managed-by": "semantest-iac",
      component: "rest-api",
      "deployment-id": "01J",
    });
    expect(standardTags({ environment: "dev" })).toEqual({ environment: "dev", "managed-by": "semantest-iac" });
  });
});

describe("problem rendering", () => {
  it("shows values the way a user wrote them", () => {
    expect(show("x")).toBe('"x"');
    expect(show(3)).toBe("3");
    expect(show(null)).toBe("null");
    expect(show(undefined)).toBe("(missing)");
    expect(show({ a: 1 })).toBe('{"a":1}');
    expect(show({ long: "y".repeat(200) }).length).toBeLessThanOrEqual(80);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(show(cyclic)).toBe('{"self":"(itself)"}');
    expect(problem("a.b", 3, "is odd")).toEqual({ path: "a.b", value: 3, message: "3 is odd" });
  });
});
