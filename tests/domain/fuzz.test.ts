import fc from "fast-check";
import {
  APP_INSIGHTS_RETENTION_DAYS,
  CLOUDWATCH_RETENTION_DAYS,
  COMPONENT_KEYS,
  DeploymentConfiguration,
  FLEX_CONSUMPTION_MEMORY_MB,
  formatProblem,
  KNOWN_REGIONS,
} from "../../domain";

/** Any JSON-ish value a YAML stack file could hold. */
const anything = fc.oneof(
  fc.string(),
  fc.integer({ min: -100000, max: 100000 }),
  fc.double({ noNaN: false }),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.string(), fc.integer()), { maxKeys: 3 }),
);

/** Values near the edges of what each field allows, mixed with anything at all. */
const fieldValue = fc.oneof(
  anything,
  fc.constantFrom(0, 1, 29, 30, 31, 127, 128, 512, 2048, 4096, 10240, 10241, 600, 601, 7, 8, 365),
  fc.constantFrom("aws", "azure", "gcp", "Free_F1", "Standard_S1", "*", "https://semantest.com", "chrome-extension://*"),
);

const componentSettings = fc.oneof(
  anything,
  fc.dictionary(fc.constantFrom(...COMPONENT_KEYS["rest-api"], ...COMPONENT_KEYS.websocket, "typo"), fieldValue, { maxKeys: 8 }),
  fc.record({
    provider: fc.constantFrom("aws", "azure", "gcp", undefined),
    memoryMb: fieldValue,
    timeoutSeconds: fieldValue,
    cors: fc.oneof(anything, fc.record({ allowOrigins: fc.array(fieldValue, { maxLength: 3 }), allowCredentials: fc.boolean() })),
    throttling: fc.oneof(anything, fc.record({ rateLimit: fieldValue, burstLimit: fieldValue })),
  }, { requiredKeys: [] }),
);

const rawStackConfig = fc.record({
  stack: fc.oneof(fc.constantFrom("dev", "staging", "production", "qa"), fc.string()),
  values: fc.record(
    {
      "aws:region": fc.oneof(fc.constantFrom("us-east-1", "eu-west-1", "westeurope"), anything),
      "azure-native:location": fc.oneof(fc.constantFrom("westeurope", "eastus", "us-east-1"), anything),
      "semantest:environment": fc.oneof(fc.constantFrom("dev", "staging", "production", "prod-eu"), anything),
      "semantest:components": fc.oneof(
        anything,
        fc.record({ "rest-api": componentSettings, websocket: componentSettings }, { requiredKeys: [] }),
      ),
      "semantest:events": fc.oneof(anything, fc.record({ sinks: fc.array(fc.oneof(anything, fc.record({ kind: fc.constantFrom("file", "http", "eventbridge", "eventgrid", "x"), url: fieldValue, path: fieldValue })), { maxLength: 3 }) }, { requiredKeys: [] })),
      "semantest:release": fc.oneof(anything, fc.record({ id: anything, artifacts: fc.oneof(anything, fc.record({ "rest-api": fc.oneof(anything, fc.constant(`sha256:${"0".repeat(64)}`)) })) })),
      "semantest:tags": anything,
      "semantest:unknown": anything,
    },
    { requiredKeys: [] },
  ),
});

const PATH = /^(semantest:[a-z]+|aws:region|azure-native:location)(\.|\[|$)/;

/** Configs within every limit, so the round-trip property has plenty of valid ones to check. */
const validComponent = (kind: "rest-api" | "websocket") =>
  fc.constantFrom("aws" as const, "azure" as const).chain((provider) => {
    const common = {
      provider: fc.constant(provider),
      memoryMb: provider === "aws" ? fc.integer({ min: 128, max: 10240 }) : fc.constantFrom(...FLEX_CONSUMPTION_MEMORY_MB),
      timeoutSeconds: fc.integer({ min: 1, max: provider === "azure" ? 230 : kind === "rest-api" ? 30 : 29 }),
      logRetentionDays: fc.constantFrom(...(provider === "aws" ? CLOUDWATCH_RETENTION_DAYS : APP_INSIGHTS_RETENTION_DAYS)),
      vpc: provider === "aws" ? fc.boolean() : fc.constant(false),
      throttling: fc.record({ rateLimit: fc.integer({ min: 1, max: 10000 }), burstLimit: fc.integer({ min: 1, max: 5000 }) }),
      variables: fc.dictionary(fc.constantFrom("LOG_LEVEL", "API_URL", "FEATURE_X", "N2"), fc.string({ maxLength: 20 }), { maxKeys: 3 }),
      maxInstances: fc.integer({ min: 40, max: 1000 }),
      alarms: fc.boolean(),
    };
    const origins = fc.constantFrom("https://semantest.com", "chrome-extension://*", "https://*.semantest.com", "http://localhost:3000");
    const specific: Record<string, fc.Arbitrary<unknown>> =
      kind === "rest-api"
        ? { cors: fc.record({ allowOrigins: fc.array(origins, { maxLength: 3 }) }) }
        : { idleTimeoutSeconds: fc.integer({ min: 1, max: 600 }), sku: fc.constantFrom("Free_F1", "Standard_S1", "Premium_P1"), pointInTimeRecovery: fc.boolean() };
    return fc.record({ ...common, ...specific }, { requiredKeys: ["provider"] });
  });

const validStackConfig = fc.record({
  stack: fc.constantFrom("dev", "staging", "production"),
  values: fc.record(
    {
      "aws:region": fc.constantFrom(...KNOWN_REGIONS.aws),
      "azure-native:location": fc.constantFrom(...KNOWN_REGIONS.azure),
      "semantest:components": fc.record({ "rest-api": validComponent("rest-api"), websocket: validComponent("websocket") }, { requiredKeys: [] }),
      "semantest:tags": fc.dictionary(fc.constantFrom("team", "cost-center", "owner"), fc.string({ maxLength: 30 }), { maxKeys: 3 }),
      "semantest:release": fc.record({ id: fc.string({ minLength: 1, maxLength: 26 }).filter((id) => id.trim().length > 0), artifacts: fc.record({ websocket: fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => `sha256:${Buffer.from(bytes).toString("hex")}`) }, { requiredKeys: [] }) }),
    },
    { requiredKeys: ["aws:region", "azure-native:location"] },
  ),
});

describe("DeploymentConfiguration.parse on generated configs", () => {
  it("never throws, and every problem names a config path and quotes what it found (10,000 configs)", () => {
    let valid = 0;
    let invalid = 0;
    fc.assert(
      fc.property(rawStackConfig, (raw) => {
        const parsed = DeploymentConfiguration.parse(raw);
        if (parsed.ok) {
          valid++;
          return;
        }
        invalid++;
        if (parsed.error.length === 0) throw new Error("a failed parse must carry at least one problem");
        for (const problem of parsed.error) {
          if (!PATH.test(problem.path)) throw new Error(`problem without a config path: ${formatProblem(problem)}`);
          if (problem.message.length < 5 || !formatProblem(problem).startsWith(`${problem.path}: `)) {
            throw new Error(`problem without a message: ${JSON.stringify(problem)}`);
          }
        }
      }),
      { numRuns: 10000, seed: 20261122 },
    );
    // The generator must exercise both outcomes, or the property says little.
    expect(valid + invalid).toBe(10000);
    expect(invalid).toBeGreaterThan(5000);
  });

  it("is deterministic: the same raw config always gives the same result", () => {
    fc.assert(
      fc.property(rawStackConfig, (raw) => {
        expect(JSON.stringify(DeploymentConfiguration.parse(raw))).toEqual(JSON.stringify(DeploymentConfiguration.parse(raw)));
      }),
      { numRuns: 500 },
    );
  });

  it("accepts every config within the clouds' limits, and round-trips it: settings written back parse to the same settings", () => {
    fc.assert(
      fc.property(validStackConfig, (raw) => {
        const parsed = DeploymentConfiguration.parse(raw);
        if (!parsed.ok) throw new Error(parsed.error.map(formatProblem).join("\n"));
        const configuration = parsed.value;
        const components: Record<string, unknown> = {};
        for (const { kind, secrets, ...settings } of configuration.components) {
          // Secret variables are written back the way a stack file holds them: { secure: ... }.
          const written: Record<string, unknown> = { ...settings, variables: { ...settings.variables, ...Object.fromEntries(Object.entries(secrets).map(([name, value]) => [name, { secure: value }])) } };
          if (written.entry === undefined) delete written.entry;
          components[kind] = written;
        }
        const again = DeploymentConfiguration.parse({
          stack: raw.stack,
          values: {
            ...Object.fromEntries(Object.entries(raw.values).filter(([key]) => !key.startsWith("semantest:"))),
            "semantest:environment": configuration.environment.name,
            "semantest:components": components,
            "semantest:events": configuration.events,
            ...(configuration.release ? { "semantest:release": configuration.release } : {}),
            "semantest:tags": configuration.tags,
          },
        });
        if (!again.ok) throw new Error(again.error.map(formatProblem).join("\n"));
        expect(again.value.components).toEqual(configuration.components);
        expect(again.value.events).toEqual(configuration.events);
        expect(again.value.environment.name).toBe(configuration.environment.name);
      }),
      { numRuns: 2000, seed: 7 },
    );
  });
});
