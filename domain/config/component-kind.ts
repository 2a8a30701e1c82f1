import { fail, Parsed, problem } from "./problem";
import { ok } from "../shared/result";

export const ComponentKinds = { restApi: "rest-api", websocket: "websocket" } as const;
export type ComponentKind = (typeof ComponentKinds)[keyof typeof ComponentKinds];
export const COMPONENT_KINDS: readonly ComponentKind[] = Object.values(ComponentKinds);

export function parseComponentKind(raw: unknown, path: string): Parsed<ComponentKind> {
  return typeof raw === "string" && (COMPONENT_KINDS as readonly string[]).includes(raw)
    ? ok(raw as ComponentKind)
    : fail(problem(path, raw, `is not a component; allowed: ${COMPONENT_KINDS.join(", ")}`));
}
