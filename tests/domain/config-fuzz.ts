/**
 * Generated stack configs and the oracle that judges `DeploymentConfiguration.parse` on them,
 * shared by the suite (tests/domain/fuzz.test.ts, a small seeded run) and the full-size bench
 * (bench/fuzz/config.ts). Three families:
 *
 * - hostile: anything a YAML/JSON file or a fuzzer can hold (prototype-named keys, cycles, deep
 *   nesting, long strings, odd types). parse must not throw, and every problem must name its
 *   path, quote the value found and say what is allowed.
 * - valid: configs within every limit. parse must accept them.
 * - mutated: a valid config with one known mistake at a known path. parse must refuse it with a
 *   problem at that path (an invalid config never passes, and its problem is where it should be).
 */
import fc from "fast-check";
import {
  APP_INSIGHTS_RETENTION_DAYS,
  CLOUDWATCH_RETENTION_DAYS,
  COMPONENT_KEYS,
  ConfigProblem,
  DeploymentConfiguration,
  FLEX_CONSUMPTION_MEMORY_MB,
  formatProblem,
  KNOWN_REGIONS,
  RawStackConfig,
  show,
} from "../../domain";

const HOSTILE_KEYS = ["__proto__", "constructor", "toString", "valueOf", "hasOwnProperty", "prototype", "__defineGetter__"];

/** Any JSON-ish value a YAML stack file could hold, with hostile keys and long strings. */
const leaf = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary", maxLength: 8 }),
  fc.integer({ min: -100000, max: 100000 }),
  fc.double({ noNaN: false }),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constantFrom(...HOSTILE_KEYS),
  fc.nat({ max: 3 }).map((n) => "x".repeat([300, 1500, 3000, 70000][n])),
);
const key = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom(...HOSTILE_KEYS));
const anything: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(key, tie("value"), { maxKeys: 3 }),
  ),
})).value;

/** Deep nesting and self-references, as YAML anchors and aliases produce them. */
const structural = fc.oneof(
  fc.integer({ min: 10, max: 5000 }).map((depth) => {
    let deep: unknown = "bottom";
    for (let i = 0; i < depth; i++) deep = i % 2 ? [deep] : { a: deep };
    return deep;
  }),
  fc.constantFrom("toString", "__proto__", "self", "provider").map((name) => {
    const cyclic: Record<string, unknown> = { provider: "aws" };
    Object.defineProperty(cyclic, name, { value: cyclic, enumerable: true, writable: true, configurable: true });
    return cyclic;
  }),
  fc.constant(null).map(() => {
    const list: unknown[] = [];
    list.push({ sinks: list });
    return list;
  }),
);

const fieldValue = fc.oneof(
  anything,
  fc.constantFrom(0, 1, 29, 30, 31, 127, 128, 512, 2048, 4096, 10240, 10241, 600, 601, 7, 8, 365),
  fc.constantFrom("aws", "azure", "gcp", "Free_F1", "Standard_S1", "*", "https://semantest.com", "chrome-extension://*", "x y", "a\\b", "C:/x", "a\u0000b"),
);

const componentSettings = fc.oneof(
  anything,
  structural,
  fc.dictionary(fc.constantFrom(...COMPONENT_KEYS["rest-api"], ...COMPONENT_KEYS.websocket, "typo", ...HOSTILE_KEYS), fieldValue, { maxKeys: 8 }),
  fc.record(
    {
      provider: fc.constantFrom("aws", "azure", "gcp", undefined),
      memoryMb: fieldValue,
      timeoutSeconds: fieldValue,
      entry: fieldValue,
      cors: fc.oneof(anything, fc.record({ allowOrigins: fc.array(fieldValue, { maxLength: 3 }), allowHeaders: fc.array(fieldValue, { maxLength: 3 }), allowCredentials: fc.boolean() })),
      throttling: fc.oneof(anything, fc.record({ rateLimit: fieldValue, burstLimit: fieldValue })),
    },
    { requiredKeys: [] },
  ),
);

/** Raw values as a parsed JSON document has them: own data properties, `__proto__` included. */
const asParsedJson = (values: Record<string, unknown>, extra: readonly (readonly [string, unknown])[]): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const [k, v] of [...Object.entries(values), ...extra]) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
};

export const hostileStackConfig: fc.Arbitrary<RawStackConfig> = fc
  .record({
    stack: fc.oneof(fc.constantFrom("dev", "staging", "production", "qa", "toString", "__proto__"), fc.string()),
    values: fc.record(
      {
        "aws:region": fc.oneof(fc.constantFrom("us-east-1", "eu-west-1", "westeurope"), anything),
        "azure-native:location": fc.oneof(fc.constantFrom("westeurope", "eastus", "us-east-1"), anything),
        "semantest:environment": fc.oneof(fc.constantFrom("dev", "staging", "production", "prod-eu", "toString"), anything),
        "semantest:components": fc.oneof(anything, structural, fc.dictionary(fc.constantFrom("rest-api", "websocket", "typo", ...HOSTILE_KEYS), componentSettings, { maxKeys: 3 })),
        "semantest:events": fc.oneof(
          anything,
          structural,
          fc.record({ sinks: fc.array(fc.oneof(anything, fc.record({ kind: fc.constantFrom("file", "http", "eventbridge", "eventgrid", "x", "toString"), url: fieldValue, path: fieldValue })), { maxLength: 3 }) }, { requiredKeys: [] }),
        ),
        "semantest:release": fc.oneof(anything, fc.record({ id: anything, artifacts: fc.oneof(anything, fc.record({ "rest-api": fc.oneof(anything, fc.constant(`sha256:${"0".repeat(64)}`)) })) })),
        "semantest:tags": anything,
        "semantest:unknown": anything,
      },
      { requiredKeys: [] },
    ),
    extra: fc.array(fc.tuple(fc.oneof(key, fc.constantFrom("environment", "semantest-infrastructure:components", "aws:profile")), anything), { maxLength: 2 }),
  })
  .map(({ stack, values, extra }) => ({ stack, values: asParsedJson(values, extra) }));

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
      entry: fc.constantFrom("dist/main.js", "app/index.ts", "a.b/c-d_e.mjs", "x".repeat(1024)),
      maxInstances: fc.integer({ min: 40, max: 1000 }),
      alarms: fc.boolean(),
    };
    const origins = fc.constantFrom("https://semantest.com", "chrome-extension://*", "https://*.semantest.com", "http://localhost:3000");
    const headers = fc.constantFrom("content-type", "x-correlation-id", "X-Api-Key", "*", "x_custom.v1", "!#$%&'*+-.^_`|~");
    const specific: Record<string, fc.Arbitrary<unknown>> =
      kind === "rest-api"
        ? { cors: fc.record({ allowOrigins: fc.array(origins, { maxLength: 3 }), allowHeaders: fc.array(headers, { maxLength: 3 }), exposeHeaders: fc.array(headers, { maxLength: 2 }) }, { requiredKeys: [] }) }
        : { idleTimeoutSeconds: fc.integer({ min: 1, max: 600 }), sku: fc.constantFrom("Free_F1", "Standard_S1", "Premium_P1"), pointInTimeRecovery: fc.boolean() };
    return fc.record({ ...common, ...specific }, { requiredKeys: ["provider"] });
  });

export const validStackConfig: fc.Arbitrary<RawStackConfig> = fc.record({
  stack: fc.constantFrom("dev", "staging", "production"),
  values: fc.record(
    {
      "aws:region": fc.constantFrom(...KNOWN_REGIONS.aws),
      "azure-native:location": fc.constantFrom(...KNOWN_REGIONS.azure),
      "aws:profile": fc.constantFrom("ci", "default"),
      "semantest:components": fc.record({ "rest-api": validComponent("rest-api"), websocket: validComponent("websocket") }, { requiredKeys: [] }),
      "semantest:events": fc.record({
        sinks: fc.array(
          fc.oneof(
            fc.record({ kind: fc.constant("file"), path: fc.constantFrom("events.jsonl", ".semantest/e.jsonl") }),
            fc.record({ kind: fc.constant("http"), url: fc.constantFrom("https://api.semantest.com/events", `https://x.example/${"p".repeat(1900)}`) }),
            fc.record({ kind: fc.constant("eventbridge"), eventBusName: fc.constantFrom("default", "b".repeat(256)) }),
          ),
          { maxLength: 3 },
        ),
      }),
      "semantest:tags": fc.dictionary(fc.constantFrom("team", "cost-center", "owner"), fc.stringMatching(/^[A-Za-z0-9 _.:/=+@-]{0,30}$/), { maxKeys: 3 }),
      "semantest:release": fc.record({
        id: fc.string({ minLength: 1, maxLength: 256 }).filter((id) => id.trim().length > 0),
        artifacts: fc.record({ websocket: fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => `sha256:${Buffer.from(bytes).toString("hex")}`) }, { requiredKeys: [] }),
      }),
    },
    { requiredKeys: ["aws:region", "azure-native:location"] },
  ),
});

/** One known mistake: where it goes, and the path its problem must name. */
interface Mutation {
  readonly name: string;
  readonly apply: (values: Record<string, unknown>) => void;
  readonly path: string;
}
const component = (values: Record<string, unknown>): Record<string, unknown> => {
  const components = (values["semantest:components"] ??= {}) as Record<string, unknown>;
  return (components["rest-api"] = { ...((components["rest-api"] as object) ?? {}), provider: "aws" }) as Record<string, unknown>;
};
export const MUTATIONS: readonly Mutation[] = [
  { name: "memory below the minimum", apply: (v) => void (component(v).memoryMb = 64), path: "semantest:components.rest-api.memoryMb" },
  { name: "unknown component", apply: (v) => void (((v["semantest:components"] ??= {}) as Record<string, unknown>).typo = {}), path: "semantest:components.typo" },
  { name: "key without namespace", apply: (v) => void (v.environment = "production"), path: "environment" },
  { name: "__proto__ key", apply: (v) => void Object.defineProperty(v, "__proto__", { value: { "semantest:environment": "production" }, enumerable: true }), path: "__proto__" },
  { name: "unknown aws region", apply: (v) => void ((v["aws:region"] = "us-east-9"), component(v)), path: "aws:region" },
  { name: "CORS header with a space", apply: (v) => void (component(v).cors = { allowHeaders: ["x custom"] }), path: "semantest:components.rest-api.cors.allowHeaders[0]" },
  { name: "entry with a backslash", apply: (v) => void (component(v).entry = "dist\\main.js"), path: "semantest:components.rest-api.entry" },
  { name: "entry with a drive letter", apply: (v) => void (component(v).entry = "D:/main.js"), path: "semantest:components.rest-api.entry" },
  { name: "entry with NUL", apply: (v) => void (component(v).entry = "main\u0000.js"), path: "semantest:components.rest-api.entry" },
  { name: "5 MB release id", apply: (v) => void (v["semantest:release"] = { id: "r".repeat(5 * 1024 * 1024) }), path: "semantest:release.id" },
  { name: "257-character release id", apply: (v) => void (v["semantest:release"] = { id: "r".repeat(257) }), path: "semantest:release.id" },
  {
    name: "self-referencing component",
    apply: (v) => {
      const settings = component(v);
      settings.self = settings;
    },
    path: "semantest:components.rest-api.self",
  },
  { name: "deep nesting", apply: (v) => void (v["semantest:tags"] = JSON.parse(`${"[".repeat(2000)}${"]".repeat(2000)}`)), path: "semantest:tags" },
];

export const mutatedStackConfig: fc.Arbitrary<{ raw: RawStackConfig; mutation: Mutation }> = fc
  .tuple(validStackConfig, fc.constantFrom(...MUTATIONS))
  .map(([raw, mutation]) => {
    const values = JSON.parse(JSON.stringify(raw.values)) as Record<string, unknown>;
    mutation.apply(values);
    return { raw: { stack: raw.stack, values }, mutation };
  });

/** Problem paths: a known namespace key, or a key the parse refused (no namespace, project namespace). */
const PATH = /^(semantest:[a-z]+|aws:region|azure-native:location|semantest-infrastructure:.*|[^:]*|\(stack config\))(\.|\[|$)/;
/** A message that says what is allowed (or expected, required, the limit crossed). */
const SAYS_ALLOWED = /allowed|expected|required|minimum of|maximum of|one of|only|instead|quote|reserved|a (non-empty )?(string|list|map|boolean|sink|tag|URL|module|deployment|region|event bus|environment variable|file|header|origin|component|provider|variable|whole)|characters|is not (an?|the) |(limit|timeout) of \d+/;

/** What the oracle found wrong with one parse, or undefined. */
export function judgeProblems(problems: readonly ConfigProblem[]): string | undefined {
  if (problems.length === 0) return "a failed parse carries no problem";
  for (const p of problems) {
    if (!PATH.test(p.path)) return `problem without a config path: ${formatProblem(p)}`;
    if (!p.message.startsWith(`${show(p.value)} `)) return `problem that does not quote its value: ${formatProblem(p)}`;
    if (!SAYS_ALLOWED.test(p.message)) return `problem that does not say what is allowed: ${formatProblem(p)}`;
    if (formatProblem(p).length > 2000) return `problem too long to read: ${formatProblem(p).slice(0, 200)}`;
  }
  try {
    JSON.stringify(problems);
  } catch (error) {
    return `problems cannot be printed as JSON: ${(error as Error).message}`;
  }
  return undefined;
}

export type Verdict = { readonly kind: "ok" } | { readonly kind: "crash" | "wrong"; readonly detail: string };

function parseSafely(raw: RawStackConfig): ReturnType<typeof DeploymentConfiguration.parse> | Verdict {
  try {
    return DeploymentConfiguration.parse(raw);
  } catch (error) {
    return { kind: "crash", detail: (error as Error).stack ?? String(error) };
  }
}

export function judgeHostile(raw: RawStackConfig): Verdict {
  const parsed = parseSafely(raw);
  if ("kind" in parsed) return parsed;
  if (parsed.ok) return { kind: "ok" };
  const wrong = judgeProblems(parsed.error);
  return wrong ? { kind: "wrong", detail: wrong } : { kind: "ok" };
}

export function judgeValid(raw: RawStackConfig): Verdict {
  const parsed = parseSafely(raw);
  if ("kind" in parsed) return parsed;
  return parsed.ok ? { kind: "ok" } : { kind: "wrong", detail: `valid config refused: ${parsed.error.map(formatProblem).join("; ").slice(0, 500)}` };
}

export function judgeMutated({ raw, mutation }: { raw: RawStackConfig; mutation: Mutation }): Verdict {
  const parsed = parseSafely(raw);
  if ("kind" in parsed) return parsed;
  if (parsed.ok) return { kind: "wrong", detail: `${mutation.name}: accepted` };
  if (!parsed.error.some((p) => p.path === mutation.path || p.path.startsWith(`${mutation.path}.`) || p.path.startsWith(`${mutation.path}[`))) {
    return { kind: "wrong", detail: `${mutation.name}: no problem at ${mutation.path} (got ${parsed.error.map((p) => p.path).join(", ")})` };
  }
  const wrong = judgeProblems(parsed.error);
  return wrong ? { kind: "wrong", detail: `${mutation.name}: ${wrong}` } : { kind: "ok" };
}

export interface FuzzFigures {
  readonly configs: number;
  readonly crashes: number;
  readonly wrong: number;
  readonly firstFailures: readonly string[];
}

/** Runs `runs` generated configs of one family through parse with a fixed seed; counts, never throws. */
export function fuzzFamily<T>(arbitrary: fc.Arbitrary<T>, judge: (input: T) => Verdict, runs: number, seed: number): FuzzFigures {
  let crashes = 0;
  let wrong = 0;
  const firstFailures: string[] = [];
  for (const input of fc.sample(arbitrary, { numRuns: runs, seed })) {
    const verdict = judge(input);
    if (verdict.kind === "ok") continue;
    if (verdict.kind === "crash") crashes++;
    else wrong++;
    if (firstFailures.length < 5) firstFailures.push(`${verdict.kind}: ${verdict.detail.slice(0, 600)}`);
  }
  return { configs: runs, crashes, wrong, firstFailures };
}
