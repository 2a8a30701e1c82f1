import { parseCloudProvider, CloudProvider } from "./cloud-provider";
import { COMPONENT_KINDS, ComponentKind } from "./component-kind";
import { field, isObject } from "./fields";
import { fail, Parsed, problem } from "./problem";
import { ok } from "../shared/result";

/** What `--component` / `--provider` ask for (DESIGN §7). */
export interface ComponentOverride {
  /** `rest-api`, `websocket` or `all`; absent with a provider = all. */
  readonly component?: string;
  readonly provider?: string;
}

/** The components a `--component` flag names. */
export function selectedComponents(component: string | undefined): Parsed<readonly ComponentKind[]> {
  if (component === undefined || component === "all") return ok(COMPONENT_KINDS);
  if ((COMPONENT_KINDS as readonly string[]).includes(component)) return ok([component as ComponentKind]);
  return fail(problem("--component", component, `is not a component; allowed: ${COMPONENT_KINDS.join(", ")}, all`));
}

/**
 * Applies `--component` / `--provider` to raw stack config values, exactly as deploy does: the named
 * component's entry gets the provider (and is added with defaults when the stack file lacks it);
 * components not named are left as they are. Without a provider the flags change nothing.
 */
export function applyComponentOverride(
  values: Readonly<Record<string, unknown>>,
  override: ComponentOverride,
): Parsed<Readonly<Record<string, unknown>>> {
  const kinds = selectedComponents(override.component);
  if (!kinds.ok) return kinds;
  if (override.provider === undefined) return ok(values);
  const provider = parseCloudProvider(override.provider, "--provider");
  if (!provider.ok) return provider;

  const current = field(values, "semantest:components");
  const components: Record<string, unknown> = isObject(current) ? { ...current } : {};
  // `--provider` alone moves every deployed component; `--component X` names one, deployed or not.
  const targets = override.component === undefined || override.component === "all"
    ? kinds.value.filter((kind) => components[kind] !== undefined && components[kind] !== false)
    : kinds.value;
  for (const kind of targets) {
    const entry = components[kind];
    components[kind] = { ...(isObject(entry) ? entry : {}), provider: provider.value };
  }
  return ok({ ...values, "semantest:components": components });
}

/** The components whose provider an override would change: moving one replaces its endpoint. */
export function providerMoves(
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
): readonly { kind: ComponentKind; from: CloudProvider; to: CloudProvider }[] {
  const providerOf = (values: Readonly<Record<string, unknown>>, kind: ComponentKind): CloudProvider | undefined => {
    const components = field(values, "semantest:components");
    if (!isObject(components)) return undefined;
    const entry = field(components, kind);
    if (entry === undefined || entry === false) return undefined;
    const provider = isObject(entry) ? field(entry, "provider") : undefined;
    return provider === "azure" ? "azure" : provider === undefined || provider === "aws" ? "aws" : undefined;
  };
  return COMPONENT_KINDS.flatMap((kind) => {
    const from = providerOf(before, kind);
    const to = providerOf(after, kind);
    return from && to && from !== to ? [{ kind, from, to }] : [];
  });
}
