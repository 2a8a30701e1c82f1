import { CLOUD_PROVIDERS, CloudProvider, CloudProviders, REGION_CONFIG_KEY } from "./cloud-provider";
import { COMPONENT_KINDS, ComponentKind } from "./component-kind";
import { ComponentSettings, parseComponentSettings, RestApiSettings, WebSocketSettings } from "./component-settings";
import { stackDomainProblems } from "./custom-domain";
import { NotificationTargets, parseNotifications } from "./notifications";
import { Environment, ENVIRONMENT_NAMES } from "./environment";
import { EventsConfig, parseEventsConfig } from "./events-config";
import { field, isObject, unknownKeys } from "./fields";
import { ConfigProblem, Parsed, problem, ProblemCollector, show } from "./problem";
import { Region } from "./region";
import { parseRelease, Release } from "./release";
import { parseRollout, Rollout } from "./rollout";
import { nullPrototypeMap, own, toConfigTree } from "./safe-tree";
import { parseTags, Tags } from "./tags";
import { parseTraffic, TrafficProfile } from "./traffic";

/**
 * Stack config as Pulumi hands it over: the stack name and every `namespace:key` value, with
 * structured values already decoded from JSON (`semantest:components` is an object).
 */
export interface RawStackConfig {
  readonly project?: string;
  readonly stack: string;
  readonly values: Readonly<Record<string, unknown>>;
}

/** Every `semantest:*` key the program reads; Pulumi.yaml declares the same list. */
export const SEMANTEST_KEYS = ["environment", "components", "events", "release", "rollout", "tags", "traffic", "notifications"] as const;
export const DEFAULT_PROJECT = "semantest-infrastructure";

/** The validated, defaulted stack config. Nothing in it needs checking again. */
export class DeploymentConfiguration {
  private constructor(
    readonly project: string,
    readonly stack: string,
    readonly environment: Environment,
    readonly restApi: RestApiSettings | undefined,
    readonly websocket: WebSocketSettings | undefined,
    readonly regions: Readonly<Partial<Record<CloudProvider, Region>>>,
    readonly events: EventsConfig,
    readonly release: Release | undefined,
    readonly tags: Tags,
    /** The load the cost estimate assumes (`semantest:traffic`, defaulted per environment). */
    readonly traffic: TrafficProfile,
    /** How `deploy` moves traffic to a new release (`semantest:rollout`, defaulted per environment). */
    readonly rollout: Rollout,
    /** Who hears about alarms (`semantest:notifications`): SNS subscriptions / the action group. */
    readonly notifications: NotificationTargets,
  ) {}

  /** Parses a stack's config. Returns the configuration, or every problem found in it. */
  static parse(raw: RawStackConfig): Parsed<DeploymentConfiguration> {
    const found = new ProblemCollector();
    const project = typeof raw?.project === "string" ? raw.project : DEFAULT_PROJECT;
    const stack = typeof raw?.stack === "string" ? raw.stack : "";
    // Every value below is a config tree (safe-tree.ts): own keys only, no cycles, bounded.
    const values = readValues(raw?.values, found);
    for (const key of Object.keys(values)) found.add(...keyProblems(key, values[key], project));

    const environment = found.take(parseEnvironment(stack, values["semantest:environment"]));
    // Components parse with the environment's defaults; without a valid one, fall back to dev's so
    // that their own problems are still reported in the same run.
    const env = environment ?? Environment.of("dev");
    const components = found.take(parseComponents(values["semantest:components"], env)) ?? {};

    // Regions are checked for every provider the components name, valid or not, so that a config
    // with a bad component and a bad region gets both problems in one run.
    const users = declaredProviders(values["semantest:components"]);
    const regions: Partial<Record<CloudProvider, Region>> = {};
    for (const provider of CLOUD_PROVIDERS.filter((p) => users[p].length > 0)) {
      const key = REGION_CONFIG_KEY[provider];
      if (values[key] === undefined) {
        const kinds = users[provider];
        found.add(problem(key, undefined, `is required: ${kinds.join(" and ")} deploy${kinds.length === 1 ? "s" : ""} to ${provider}; set it with \`pulumi config set ${key} <region>\``));
      } else {
        regions[provider] = found.take(Region.parse(provider, values[key], key));
      }
    }

    const events = found.take(parseEventsConfig(values["semantest:events"]));
    const release = found.take(parseRelease(values["semantest:release"]));
    const tags = found.take(parseTags(values["semantest:tags"], "semantest:tags"));
    const traffic = found.take(parseTraffic(values["semantest:traffic"], env));
    const rollout = found.take(parseRollout(values["semantest:rollout"], env));
    const notifications = found.take(parseNotifications(values["semantest:notifications"]));
    const domains = Object.values(components).flatMap((c) => (c?.domain ? [{ path: `semantest:components.${c.kind}.domain`, provider: c.provider, domain: c.domain }] : []));
    found.add(...stackDomainProblems(domains, regions.aws?.name));

    return found.result(
      () =>
        new DeploymentConfiguration(
          project,
          stack,
          environment!,
          components["rest-api"] as RestApiSettings | undefined,
          components.websocket as WebSocketSettings | undefined,
          regions,
          events!,
          release,
          tags!,
          traffic!,
          rollout!,
          notifications!,
        ),
    );
  }

  /** The components this stack deploys, in a stable order. */
  get components(): readonly ComponentSettings[] {
    return [this.restApi, this.websocket].filter((c): c is ComponentSettings => c !== undefined);
  }

  component(kind: ComponentKind): ComponentSettings | undefined {
    return kind === "rest-api" ? this.restApi : this.websocket;
  }

  /** The clouds this stack uses. */
  get providers(): readonly CloudProvider[] {
    return [...new Set(this.components.map((c) => c.provider))];
  }

  region(provider: CloudProvider): Region | undefined {
    return this.regions[provider];
  }
}

function parseEnvironment(stack: string, raw: unknown): Parsed<Environment> {
  if (raw !== undefined) return Environment.parse(raw);
  const fromStack = Environment.parse(stack);
  if (fromStack.ok) return fromStack;
  return {
    ok: false,
    error: [
      problem(
        "semantest:environment",
        undefined,
        `is not set and the stack name ${show(stack)} is not an environment; set semantest:environment to one of ${ENVIRONMENT_NAMES.join(", ")}`,
      ),
    ],
  };
}

function parseComponents(
  raw: unknown,
  environment: Environment,
): Parsed<Partial<Record<ComponentKind, ComponentSettings>>> {
  const path = "semantest:components";
  const found = new ProblemCollector();
  if (raw === undefined) return { ok: true, value: {} };
  if (!isObject(raw)) {
    found.add(problem(path, raw, `is not an object; expected a map with ${COMPONENT_KINDS.join(" and/or ")}`));
    return found.result(() => ({}));
  }
  found.add(...unknownKeys(path, raw, COMPONENT_KINDS));
  const components: Partial<Record<ComponentKind, ComponentSettings>> = {};
  for (const kind of COMPONENT_KINDS) {
    const entry = field(raw, kind);
    if (entry === undefined || entry === false) continue; // absent (or `false`) = not deployed
    const settings = found.take(parseComponentSettings(kind, entry, environment, `${path}.${kind}`));
    if (settings) components[kind] = settings;
  }
  return found.result(() => components);
}

/** The stack's values as config trees in a null-prototype map: a `__proto__` key is a key like any other. */
function readValues(raw: unknown, found: ProblemCollector): Readonly<Record<string, unknown>> {
  if (!isObject(raw)) {
    found.add(problem("(stack config)", raw, "is not a map of namespace:key to value"));
    return nullPrototypeMap();
  }
  return nullPrototypeMap(
    Object.keys(raw).map((key) => {
      const { tree, problems } = toConfigTree(own(raw, key), key);
      found.add(...problems);
      return [key, tree] as const;
    }),
  );
}

const SEMANTEST_ALLOWED = SEMANTEST_KEYS.map((k) => `semantest:${k}`).join(", ");

/**
 * Keys this program would silently ignore. Pulumi puts a stack-file key without a namespace in
 * the project's namespace (`environment` is `semantest-infrastructure:environment`, Pulumi docs
 * "Configuration": "If the namespace is omitted, the project name is used"); this program reads
 * nothing from that namespace, so such a key is almost surely a `semantest:` key without its prefix.
 */
function keyProblems(key: string, value: unknown, project: string): readonly ConfigProblem[] {
  const colon = key.indexOf(":");
  const namespace = colon < 0 ? undefined : key.slice(0, colon);
  const name = colon < 0 ? key : key.slice(colon + 1);
  if (namespace === "semantest") {
    return (SEMANTEST_KEYS as readonly string[]).includes(name) ? [] : [problem(key, value, `is not a known setting; allowed: ${SEMANTEST_ALLOWED}`)];
  }
  if (namespace === undefined || namespace === project) {
    const read = namespace === undefined ? `has no namespace, so Pulumi reads it as "${project}:${key}"` : "is in the project's namespace";
    const hint = (SEMANTEST_KEYS as readonly string[]).includes(name) ? `; write it as "semantest:${name}"` : "";
    return [problem(key, value, `${read}, which this program does not read${hint}; allowed: ${SEMANTEST_ALLOWED}, aws:region, azure-native:location`)];
  }
  return []; // other namespaces belong to providers and Pulumi itself
}

/** Which components each provider would host, from the raw map, whether or not their settings are valid. */
function declaredProviders(raw: unknown): Readonly<Record<CloudProvider, readonly ComponentKind[]>> {
  const users: Record<CloudProvider, ComponentKind[]> = { aws: [], azure: [] };
  if (!isObject(raw)) return users;
  for (const kind of COMPONENT_KINDS) {
    const entry = field(raw, kind);
    if (entry === undefined || entry === false) continue;
    const provider = isObject(entry) ? field(entry, "provider") : undefined;
    if (provider === undefined) users[CloudProviders.aws].push(kind);
    else if (provider === "aws" || provider === "azure") users[provider].push(kind);
  }
  return users;
}
