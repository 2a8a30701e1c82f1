/**
 * The release gates port: what a rollout step must pass before the next shift. Adapters read the
 * alarm states on each cloud (adapters/gates/: CloudWatch for AWS, Azure Monitor for Azure, a
 * scripted fake for tests), from the names the stack exports as `releaseAlarms`.
 */
import type { GateState } from "../../domain";

export type { GateState };

/** Stack output `releaseAlarms`: alarm names (CloudWatch) / alert rule ids (Azure Monitor) that gate a shift. */
export interface ReleaseAlarms {
  readonly aws?: readonly string[];
  readonly azure?: readonly string[];
}

export interface ReleaseGates {
  /**
   * The state of every alarm the stack's outputs name in `releaseAlarms` (none: an empty list).
   * Throws when a state cannot be read; the rollout then treats the step as breached.
   */
  states(outputs: Readonly<Record<string, unknown>>): Promise<readonly GateState[]>;
}

/** `releaseAlarms` from a stack's outputs, leniently: anything but lists of non-empty strings is ignored. */
export function releaseAlarmsOf(outputs: Readonly<Record<string, unknown>>): { aws: string[]; azure: string[] } {
  const raw = outputs.releaseAlarms;
  const list = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string" && v.length > 0) : []);
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return { aws: [], azure: [] };
  return { aws: list((raw as ReleaseAlarms).aws), azure: list((raw as ReleaseAlarms).azure) };
}
