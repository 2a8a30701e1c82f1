import type { ComponentKind } from "../../domain";
import type { ResourceComponent } from "../../domain/events";

/**
 * The components' type tokens (DESIGN §4, contract; components/rest-api.ts and websocket.ts).
 * Spelled out rather than imported so this module does not load the cloud implementations; a
 * test checks they match.
 */
export const COMPONENT_BY_TYPE: Readonly<Record<string, ComponentKind>> = {
  "semantest:components:RestApi": "rest-api",
  "semantest:components:WebSocket": "websocket",
};
const STACK_TYPE = "pulumi:pulumi:Stack";

/** The qualified type of a URN (`parent$child` chain), e.g. `semantest:components:RestApi$aws:lambda/function:Function`. */
export function qualifiedTypeOf(urn: string): string {
  return urn.split("::")[2] ?? "";
}

/** True for the root stack's URN: its children's URNs do not carry its type. */
export function isStackUrn(urn: string): boolean {
  return qualifiedTypeOf(urn) === STACK_TYPE;
}

/**
 * The URN a registration gets. The engine prefixes the parent's whole qualified type; Pulumi's
 * MockMonitor (runtime/mocks.js `newUrn`) only the parent's own type. `style` picks which.
 */
export function urnFor(style: "engine" | "mock", stack: string, project: string, type: string, name: string, parentUrn: string | undefined): string {
  let qualified = type;
  if (parentUrn && !isStackUrn(parentUrn)) {
    const parentType = qualifiedTypeOf(parentUrn);
    qualified = `${style === "mock" ? parentType.split("$").pop() : parentType}$${type}`;
  }
  return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/** rest-api / websocket when a component type appears in the chain (nearest first), else platform. */
export function componentOfQualifiedType(qualifiedType: string): ResourceComponent {
  const chain = qualifiedType.split("$");
  for (let i = chain.length - 1; i >= 0; i--) {
    const kind = COMPONENT_BY_TYPE[chain[i]];
    if (kind) return kind;
  }
  return "platform";
}

/**
 * The component a resource belongs to: itself if it is one, else its parent's (looked up in
 * `known`, filled as resources are seen, so chains deeper than a URN shows still resolve), else
 * what the parent URN's type chain says, else the platform.
 */
export function componentOf(type: string, parentUrn: string | undefined, known: ReadonlyMap<string, ResourceComponent>): ResourceComponent {
  const own = COMPONENT_BY_TYPE[type];
  if (own) return own;
  if (!parentUrn || isStackUrn(parentUrn)) return "platform";
  return known.get(parentUrn) ?? componentOfQualifiedType(qualifiedTypeOf(parentUrn));
}
