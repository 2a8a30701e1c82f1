/**
 * A monthly budget per environment: the stack's estimated monthly cost (application/cost, the same
 * estimator `preview --offline` prints) must not exceed it. Advisory in the shipped config files:
 * an estimate is not a bill, so by default it warns; a team that wants a hard stop sets it mandatory.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { CostResource, estimateCost } from "../../application/cost";
import { Environment, formatProblem, parseTraffic } from "../../domain";
import { resolveEnvironment } from "../lib/environment";
import { stackPolicy } from "../lib/policy";

export const BUDGET_POLICY = "monthly-budget";

export interface BudgetConfig {
  /** US dollars per month, per environment; an environment without one is not checked. */
  readonly monthlyBudgetUsd?: Readonly<Record<string, unknown>>;
  /** The traffic to estimate with (shape of `semantest:traffic`); default: the environment's. */
  readonly traffic?: unknown;
  readonly environment?: string;
}

export function monthlyBudget(): StackValidationPolicy {
  return stackPolicy(
    {
      name: BUDGET_POLICY,
      concern: "governance",
      severity: "medium",
      description: "The stack's estimated monthly cost stays within the budget set for its environment.",
      remediationSteps: "Lower memory, retention, NAT gateways or units; or raise monthlyBudgetUsd in policy/config.<env>.json (see docs/cost.md).",
      config: {
        monthlyBudgetUsd: {
          type: "object",
          additionalProperties: { type: "number", minimum: 0 },
          default: {},
          description: "US dollars per month, by environment (dev, staging, production).",
        },
        traffic: { type: "object", description: "The traffic to estimate with (same shape as semantest:traffic); default: the environment's." },
      },
    },
    (args, reportViolation) => {
      const config = args.getConfig<BudgetConfig>();
      const environment = resolveEnvironment({ config, stackTags: args.stackTags, urn: args.resources[0]?.urn });
      const budget = config.monthlyBudgetUsd?.[environment];
      if (budget === undefined) return;
      if (typeof budget !== "number" || !Number.isFinite(budget) || budget < 0) {
        reportViolation(`monthlyBudgetUsd.${environment} is ${JSON.stringify(budget)}; expected a number of US dollars ≥ 0.`);
        return;
      }
      const traffic = parseTraffic(config.traffic, Environment.of(environment));
      if (!traffic.ok) {
        reportViolation(`the policy's traffic setting is invalid: ${traffic.error.map(formatProblem).join("; ")}`);
        return;
      }
      const estimate = estimateCost({ resources: args.resources.map(toCostResource), traffic: traffic.value });
      if (estimate.monthly.total <= budget) return;
      const parts = Object.entries(estimate.monthly.byComponent)
        .sort(([, a], [, b]) => b - a)
        .map(([name, amount]) => `${name} $${amount.toFixed(2)}`)
        .join(", ");
      reportViolation(`estimated monthly cost $${estimate.monthly.total.toFixed(2)} exceeds the ${environment} budget of $${budget.toFixed(2)} (${parts}).`);
    },
  );
}

function toCostResource(resource: PolicyResource): CostResource {
  return { urn: resource.urn, type: resource.type, name: resource.name, parent: resource.parent?.urn ?? null, inputs: resource.props ?? {} };
}
