import { CloudProvider, REGION_CONFIG_KEY } from "./cloud-provider";
import { COMPONENT_KINDS, ComponentKind } from "./component-kind";
import { ComponentSettings, parseComponentSettings, RestApiSettings, WebSocketSettings } from "./component-settings";
import { Environment, ENVIRONMENT_NAMES } from "./environment";
import { EventsConfig, parseEventsConfig } from "./events-config";
import { isObject, unknownKeys } from "./fields";
import { Parsed, problem, ProblemCollector } from "./problem";
import { Region } from "./region";
import { parseRelease, Release } from "./release";
import { parseTags, Tags } from "./tags";

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
export const SEMANTEST_KEYS = ["environment", "components", "events", "release", "tags"] as const;

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
  ) {}

  /** Parses a stack's config. Returns the configuration, or every problem found in it. */
  static parse(raw: RawStackConfig): Parsed<DeploymentConfiguration> {
    const found = new ProblemCollector();
    const values = raw.values;
    for (const key of Object.keys(values)) {
      const [namespace, name] = key.split(":");
      if (namespace === "semantest" && !(SEMANTEST_KEYS as readonly string[]).includes(name)) {
        found.add(problem(key, values[key], `is not a known setting; allowed: ${SEMANTEST_KEYS.map((k) => `semantest:${k}`).join(", ")}`));
      }
    }

    const environment = found.take(parseEnvironment(raw.stack, values["semantest:environment"]));
    // Components parse with the environment's defaults; without a valid one, fall back to dev's so
    // that their own problems are still reported in the same run.
    const env = environment ?? Environment.of("dev");
    const components = found.take(parseComponents(values["semantest:components"], env)) ?? {};

    const providers = new Set(Object.values(components).map((c) => c!.provider));
    const regions: Partial<Record<CloudProvider, Region>> = {};
    for (const provider of providers) {
      const key = REGION_CONFIG_KEY[provider];
      if (values[key] === undefined) {
        const users = Object.values(components).filter((c) => c!.provider === provider).map((c) => c!.kind);
        found.add(problem(key, undefined, `is required: ${users.join(" and ")} deploy${users.length === 1 ? "s" : ""} to ${provider}; set it with \`pulumi config set ${key} <region>\``));
      } else {
        regions[provider] = found.take(Region.parse(provider, values[key], key));
      }
    }

    const events = found.take(parseEventsConfig(values["semantest:events"]));
    const release = found.take(parseRelease(values["semantest:release"]));
    const tags = found.take(parseTags(values["semantest:tags"], "semantest:tags"));

    return found.result(
      () =>
        new DeploymentConfiguration(
          raw.project ?? "semantest-infrastructure",
          raw.stack,
          environment!,
          components["rest-api"] as RestApiSettings | undefined,
          components.websocket as WebSocketSettings | undefined,
          regions,
          events!,
          release,
          tags!,
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
        `is not set and the stack name ${JSON.stringify(stack)} is not an environment; set semantest:environment to one of ${ENVIRONMENT_NAMES.join(", ")}`,
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
    if (raw[kind] === undefined || raw[kind] === false) continue; // absent (or `false`) = not deployed
    const settings = found.take(parseComponentSettings(kind, raw[kind], environment, `${path}.${kind}`));
    if (settings) components[kind] = settings;
  }
  return found.result(() => components);
}
