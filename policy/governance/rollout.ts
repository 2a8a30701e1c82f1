/**
 * Production ships through a gated rollout: `semantest:rollout` must be canary, linear or
 * blue-green with at least one gate (alarms, verify) on, so that a bad release is shifted back
 * before it takes all the traffic (docs/releases.md). The rule itself lives in the domain
 * (`ungatedRolloutReason`), so this policy and `deploy` (which refuses the same rollouts) agree.
 *
 * A policy pack sees resources and its own config, never the stack config; the rollout reaches it
 * as this policy's `rollout` property: `preview --offline` passes the stack's `semantest:rollout`
 * (withStackRollout below), and policy/config.<env>.json may set one for an online preview. Without
 * one, the environment's default rollout is judged (production: a gated canary).
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { Environment, formatProblem, parseRollout, ungatedRolloutReason } from "../../domain";
import { environmentOfStack, stackPolicy } from "../lib/policy";

export const GATED_ROLLOUT_POLICY = "production-gated-rollout";

export interface GatedRolloutConfig {
  /** The stack's `semantest:rollout` (object, or the strategy as a string); absent: the environment's default. */
  readonly rollout?: unknown;
  /** Environments that must use a gated rollout. */
  readonly environments?: readonly string[];
  readonly environment?: string;
}

export function productionGatedRollout(): StackValidationPolicy {
  return stackPolicy(
    {
      name: GATED_ROLLOUT_POLICY,
      concern: "governance",
      severity: "high",
      description: "Production ships through a gated rollout: canary, linear or blue-green with alarms and/or verify watching each step.",
      remediationSteps: "Set semantest:rollout.strategy to canary, linear or blue-green and keep semantest:rollout.gates.alarms or .verify on (docs/releases.md).",
      config: {
        rollout: { type: ["object", "string"], description: "The stack's semantest:rollout (preview --offline passes it); default: the environment's." },
        environments: { type: "array", items: { type: "string" }, default: ["production"], description: "Environments that must use a gated rollout." },
      },
    },
    (args, reportViolation) => {
      const config = args.getConfig<GatedRolloutConfig>();
      const environment = environmentOfStack(args);
      if (!(config.environments ?? ["production"]).includes(environment)) return;
      const rollout = parseRollout(config.rollout, Environment.of(environment));
      if (!rollout.ok) {
        reportViolation(`the stack's semantest:rollout is invalid: ${rollout.error.map(formatProblem).join("; ")}`);
        return;
      }
      const reason = ungatedRolloutReason(rollout.value);
      if (reason) reportViolation(`${environment} must ship through a gated rollout: ${reason}.`);
    },
  );
}

/** The pack config with the stack's `semantest:rollout` handed to this policy (the offline preview's wiring). */
// (Typed by shape, not by policy/offline.ts's PolicyPackConfigFile: that module loads the pack, which loads this one.)
export function withStackRollout<C extends Readonly<Record<string, unknown>>>(config: C | undefined, rollout: unknown): C | undefined {
  if (rollout === undefined) return config;
  const entry = config?.[GATED_ROLLOUT_POLICY];
  const base = typeof entry === "string" ? { enforcementLevel: entry } : ((entry as object | undefined) ?? {});
  return { ...(config ?? {}), [GATED_ROLLOUT_POLICY]: { ...base, rollout } } as unknown as C;
}
