import { DEFAULTS, DeploymentConfiguration, formatProblem, RestApiSettings, WebSocketSettings } from "../../domain";
import { rawConfig, withComponent } from "./mother";

const messagesOf = (raw: Parameters<typeof DeploymentConfiguration.parse>[0]) => {
  const parsed = DeploymentConfiguration.parse(raw);
  if (parsed.ok) throw new Error("expected problems, got a configuration");
  return parsed.error.map(formatProblem);
};

describe("DeploymentConfiguration.parse", () => {
  it("takes the environment from the stack name when semantest:environment is absent", () => {
    const parsed = DeploymentConfiguration.parse(rawConfig({}, "staging"));
    expect(parsed.ok && parsed.value.environment.name).toBe("staging");
  });

  it("lets semantest:environment override the stack name", () => {
    const parsed = DeploymentConfiguration.parse(rawConfig({ "semantest:environment": "production" }, "production-eu"));
    expect(parsed.ok && parsed.value.environment.name).toBe("production");
  });

  it("asks for semantest:environment when the stack name is not an environment", () => {
    expect(messagesOf(rawConfig({}, "qa"))).toEqual([
      'semantest:environment: (missing) is not set and the stack name "qa" is not an environment; set semantest:environment to one of dev, staging, production',
    ]);
  });

  it("reports all three problems of the acceptance example in one result", () => {
    const messages = messagesOf({
      stack: "prod-eu",
      values: {
        "aws:region": "us-east-1",
        "semantest:environment": "prod-eu",
        "semantest:components": { "rest-api": { memoryMb: 20000 }, websocket: { provider: "gcp" } },
      },
    });
    expect(messages).toEqual([
      'semantest:environment: "prod-eu" is not an environment; allowed: dev, staging, production',
      "semantest:components.rest-api.memoryMb: 20000 is above the AWS Lambda maximum of 10240",
      'semantest:components.websocket.provider: "gcp" is not a supported provider; allowed: aws, azure',
    ]);
  });

  it("fills every omitted field with the environment's default", () => {
    for (const env of ["dev", "staging", "production"] as const) {
      const parsed = DeploymentConfiguration.parse({
        stack: env,
        values: { "aws:region": "us-east-1", "semantest:components": { "rest-api": {}, websocket: null } },
      });
      if (!parsed.ok) throw new Error(parsed.error.map(formatProblem).join("\n"));
      const rest = parsed.value.restApi as RestApiSettings;
      const ws = parsed.value.websocket as WebSocketSettings;
      const d = DEFAULTS[env];
      expect(rest).toMatchObject({
        provider: "aws",
        memoryMb: d.memoryMb.aws,
        timeoutSeconds: d.timeoutSeconds,
        logRetentionDays: d.logRetentionDays.aws,
        vpc: false,
        throttling: d.throttling,
        alarms: d.alarms,
        variables: {},
        entry: undefined,
      });
      expect(rest.cors.allowOrigins).toEqual(d.corsAllowOrigins);
      expect(ws).toMatchObject({ idleTimeoutSeconds: d.idleTimeoutSeconds, pointInTimeRecovery: d.pointInTimeRecovery, sku: d.webPubSubSku });
      expect(parsed.value.events.sinks).toEqual([{ kind: "file", path: ".semantest/events.jsonl" }]);
    }
  });

  it("keeps production stricter than dev by default", () => {
    expect(DEFAULTS.production.logRetentionDays.aws).toBeGreaterThan(DEFAULTS.dev.logRetentionDays.aws);
    expect(DEFAULTS.production.alarms && DEFAULTS.production.pointInTimeRecovery).toBe(true);
    expect(DEFAULTS.production.corsAllowOrigins).not.toContain("*");
    expect(DEFAULTS.production.webPubSubSku).not.toBe("Free_F1");
  });

  it("deploys only the components the config names", () => {
    const parsed = DeploymentConfiguration.parse(withComponent("websocket", { provider: "aws" }));
    expect(parsed.ok && parsed.value.components.map((c) => c.kind)).toEqual(["websocket"]);
    expect(parsed.ok && parsed.value.restApi).toBeUndefined();
    expect(parsed.ok && parsed.value.component("websocket")?.provider).toBe("aws");
    expect(parsed.ok && parsed.value.providers).toEqual(["aws"]);
    const none = DeploymentConfiguration.parse({ stack: "dev", values: {} });
    expect(none.ok && none.value.components).toEqual([]);
    const disabled = DeploymentConfiguration.parse(rawConfig({ "semantest:components": { "rest-api": false, websocket: { provider: "aws" } } }));
    expect(disabled.ok && disabled.value.components.map((c) => c.kind)).toEqual(["websocket"]);
  });

  it("requires the region of every cloud a component uses, and only those", () => {
    expect(messagesOf({ stack: "dev", values: { "semantest:components": { "rest-api": { provider: "azure" } } } })).toEqual([
      "azure-native:location: (missing) is required: rest-api deploys to azure; set it with `pulumi config set azure-native:location <region>`",
    ]);
    const onlyAws = DeploymentConfiguration.parse({ stack: "dev", values: { "aws:region": "us-east-1", "semantest:components": { "rest-api": {} } } });
    expect(onlyAws.ok && onlyAws.value.region("aws")?.name).toBe("us-east-1");
    expect(onlyAws.ok && onlyAws.value.region("azure")).toBeUndefined();
  });

  it("rejects unknown keys so typos are not silently ignored", () => {
    const messages = messagesOf(
      rawConfig({
        "semantest:component": {},
        "semantest:components": { "rest-api": { memoryMB: 512 }, queue: {} },
      }),
    );
    expect(messages).toContain(
      'semantest:component: {} is not a known setting; allowed: semantest:environment, semantest:components, semantest:events, semantest:release, semantest:rollout, semantest:tags, semantest:traffic, semantest:notifications',
    );
    expect(messages.some((m) => m.startsWith("semantest:components.rest-api.memoryMB: 512 is not a known setting; allowed: provider, memoryMb"))).toBe(true);
    expect(messages.some((m) => m.startsWith("semantest:components.queue: {} is not a known setting; allowed: rest-api, websocket"))).toBe(true);
  });

  it("rejects vpc on Azure and checks each provider's own limits", () => {
    const messages = messagesOf(withComponent("rest-api", { provider: "azure", vpc: true, memoryMb: 1024, logRetentionDays: 7 }));
    expect(messages).toEqual([
      "semantest:components.rest-api.memoryMb: 1024 is not a Flex Consumption instance memory size; allowed: 2048, 4096",
      expect.stringMatching(/^semantest:components\.rest-api\.logRetentionDays: 7 is not a Application Insights retention period/),
      "semantest:components.rest-api.vpc: true is supported on provider aws only; Azure VNet integration is not implemented",
    ]);
  });

  it("validates throttling, variables, entry, maxInstances, sku and idle timeout", () => {
    const messages = messagesOf(
      withComponent("websocket", {
        throttling: { rateLimit: 20000, extra: 1 },
        variables: { "1BAD": "x", AWS_REGION: "x", COUNT: 3 },
        entry: "../outside.ts",
        maxInstances: 5,
        sku: "Basic",
        idleTimeoutSeconds: 7200,
        pointInTimeRecovery: "yes",
        alarms: 1,
        logRetentionDays: 8,
      }),
    );
    const expected = [
      "semantest:components.websocket.logRetentionDays: 8 is not a CloudWatch Logs retention period",
      "semantest:components.websocket.throttling.extra: 1 is not a known setting",
      "semantest:components.websocket.throttling.rateLimit: 20000 is above the API Gateway account rate maximum of 10000",
      "semantest:components.websocket.throttling.burstLimit: (missing) is required with throttling",
      'semantest:components.websocket.variables.1BAD: "1BAD" is not a variable name',
      'semantest:components.websocket.variables.AWS_REGION: "AWS_REGION" is reserved by the Lambda runtime',
      "semantest:components.websocket.variables.COUNT: 3 is not a string",
      'semantest:components.websocket.entry: "../outside.ts" is not a path inside the project',
      "semantest:components.websocket.maxInstances: 5 is below the Flex Consumption instance count minimum of 40",
      "semantest:components.websocket.alarms: 1 is not a boolean",
      "semantest:components.websocket.idleTimeoutSeconds: 7200 is above the API Gateway WebSocket idle timeout maximum of 600",
      'semantest:components.websocket.sku: "Basic" is not a supported Web PubSub SKU',
      'semantest:components.websocket.pointInTimeRecovery: "yes" is not a boolean',
    ];
    for (const start of expected) expect(messages.some((m) => m.startsWith(start))).toBe(true);
    expect(messages).toHaveLength(expected.length);
  });

  it("accepts a fully specified component", () => {
    const parsed = DeploymentConfiguration.parse(
      withComponent("rest-api", {
        provider: "aws",
        memoryMb: 2048,
        timeoutSeconds: 29,
        logRetentionDays: 90,
        vpc: true,
        throttling: { rateLimit: 100, burstLimit: 200 },
        variables: { LOG_LEVEL: "debug" },
        entry: "src/server.ts",
        maxInstances: 50,
        alarms: true,
        cors: {
          allowOrigins: ["https://semantest.com"],
          allowMethods: ["GET", "POST"],
          allowHeaders: ["content-type"],
          exposeHeaders: [],
          maxAgeSeconds: 3600,
          allowCredentials: true,
        },
      }),
    );
    if (!parsed.ok) throw new Error(parsed.error.map(formatProblem).join("\n"));
    expect(parsed.value.restApi).toMatchObject({ vpc: true, entry: "src/server.ts", variables: { LOG_LEVEL: "debug" } });
    expect(parsed.value.restApi?.cors).toEqual({
      allowOrigins: ["https://semantest.com"],
      allowMethods: ["GET", "POST"],
      allowHeaders: ["content-type"],
      exposeHeaders: [],
      maxAgeSeconds: 3600,
      allowCredentials: true,
    });
  });

  it("reports bad CORS settings with their paths", () => {
    const messages = messagesOf(
      withComponent("rest-api", {
        cors: { allowOrigins: ["*", "https://x.com/"], allowMethods: ["FETCH"], maxAgeSeconds: 100000, allowCredentials: true, origins: [] },
      }),
    );
    expect(messages).toEqual([
      expect.stringMatching(/^semantest:components\.rest-api\.cors\.origins: \[\] is not a known setting/),
      expect.stringMatching(/^semantest:components\.rest-api\.cors\.allowOrigins\[1\]: "https:\/\/x\.com\/" is not an origin/),
      expect.stringMatching(/^semantest:components\.rest-api\.cors\.allowMethods\[0\]: "FETCH" is not an HTTP method/),
      "semantest:components.rest-api.cors.maxAgeSeconds: 100000 is above the API Gateway CORS max-age maximum of 86400",
      'semantest:components.rest-api.cors.allowCredentials: true cannot be combined with allowOrigins "*"; list the origins instead',
    ]);
    expect(messagesOf(withComponent("rest-api", { cors: "open" }))[0]).toContain("cors: \"open\" is not an object");
    expect(messagesOf(withComponent("rest-api", { cors: { allowOrigins: "*" } }))[0]).toContain("is not a list of strings");
    expect(messagesOf(withComponent("rest-api", { cors: { allowOrigins: [""] } }))[0]).toContain("allowOrigins[0]");
  });

  it("rejects non-object containers", () => {
    expect(messagesOf(rawConfig({ "semantest:components": "rest-api" }))[0]).toContain('semantest:components: "rest-api" is not an object');
    expect(messagesOf(withComponent("rest-api", 5))[0]).toContain("semantest:components.rest-api: 5 is not an object");
    expect(messagesOf(withComponent("rest-api", { throttling: 5 }))[0]).toContain("throttling: 5 is not an object");
    expect(messagesOf(withComponent("rest-api", { variables: [] }))[0]).toContain("is not a map of variable names");
  });
});

describe("events config", () => {
  const parseEvents = (events: unknown) => DeploymentConfiguration.parse(rawConfig({ "semantest:events": events }));

  it("parses every sink kind with defaults", () => {
    const parsed = parseEvents({
      sinks: [
        { kind: "file" },
        { kind: "http", url: "https://api.semantest.com/events" },
        { kind: "eventbridge" },
        { kind: "eventgrid", endpoint: "https://t.westeurope-1.eventgrid.azure.net/api/events", accessKeyEnv: "EG_KEY" },
      ],
      publishOnPreview: true,
    });
    if (!parsed.ok) throw new Error(parsed.error.map(formatProblem).join("\n"));
    expect(parsed.value.events).toEqual({
      publishOnPreview: true,
      sinks: [
        { kind: "file", path: ".semantest/events.jsonl" },
        { kind: "http", url: "https://api.semantest.com/events", timeoutMs: 5000, maxAttempts: 5 },
        { kind: "eventbridge", eventBusName: "default", region: undefined },
        { kind: "eventgrid", endpoint: "https://t.westeurope-1.eventgrid.azure.net/api/events", accessKeyEnv: "EG_KEY" },
      ],
    });
  });

  it("reports bad sinks with their index", () => {
    const parsed = parseEvents({
      sinks: [
        { kind: "kafka" },
        { kind: "http", url: "ftp://x", timeoutMs: 1 },
        { kind: "eventgrid", endpoint: "http://insecure" },
        "file",
        { kind: "file", path: "" , extra: true },
        { kind: "eventbridge", eventBusName: "", region: 3 },
        { kind: "http", url: "not a url", maxAttempts: 50 },
      ],
      publishOnPreview: "no",
      other: 1,
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const paths = parsed.error.map((p) => p.path);
    expect(paths).toEqual([
      "semantest:events.other",
      "semantest:events.sinks[0].kind",
      "semantest:events.sinks[1].url",
      "semantest:events.sinks[1].timeoutMs",
      "semantest:events.sinks[2].endpoint",
      "semantest:events.sinks[3]",
      "semantest:events.sinks[4].extra",
      "semantest:events.sinks[4].path",
      "semantest:events.sinks[5].eventBusName",
      "semantest:events.sinks[5].region",
      "semantest:events.sinks[6].url",
      "semantest:events.sinks[6].maxAttempts",
      "semantest:events.publishOnPreview",
    ]);
    expect(parseEvents("file").ok).toBe(false);
    expect(parseEvents({ sinks: "file" }).ok).toBe(false);
  });
});

describe("release", () => {
  const digest = `sha256:${"a".repeat(64)}`;

  it("parses the release the CLI writes", () => {
    const parsed = DeploymentConfiguration.parse(rawConfig({ "semantest:release": { id: "01JD0000000000000000000000", artifacts: { "rest-api": digest } } }));
    expect(parsed.ok && parsed.value.release).toEqual({ id: "01JD0000000000000000000000", artifacts: { "rest-api": digest } });
  });

  it("rejects malformed digests and unknown components", () => {
    const parsed = DeploymentConfiguration.parse(rawConfig({ "semantest:release": { id: "", artifacts: { "rest-api": "md5:abc", queue: digest } } }));
    expect(!parsed.ok && parsed.error.map((p) => p.path)).toEqual([
      "semantest:release.id",
      "semantest:release.artifacts.queue",
      "semantest:release.artifacts.rest-api",
    ]);
    expect(DeploymentConfiguration.parse(rawConfig({ "semantest:release": "v1" })).ok).toBe(false);
    expect(DeploymentConfiguration.parse(rawConfig({ "semantest:release": { id: "x", artifacts: [] } })).ok).toBe(false);
  });
});
