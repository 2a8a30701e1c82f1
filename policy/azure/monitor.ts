/** Production Function Apps and Web PubSub services are watched: an Azure Monitor metric alert that notifies an action group. */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { enforcedEnvironment, environmentsConfig, quote, stackPolicy } from "../lib/policy";
import { ofType } from "../lib/stack";

const WEB_APP = "azure-native:web:WebApp";
const WEB_PUBSUB = "azure-native:webpubsub:WebPubSub";
const METRIC_ALERT = "azure-native:monitor:MetricAlert";

function isFunctionApp(resource: PolicyResource): boolean {
  return typeof resource.props.kind === "string" && resource.props.kind.toLowerCase().includes("functionapp");
}

/** The alert's scopes name the resource (its id, or a dependency through `scopes`). */
function watches(alert: PolicyResource, target: PolicyResource): boolean {
  if ((alert.propertyDependencies?.scopes ?? []).some((d) => d.urn === target.urn)) return true;
  const scopes: unknown[] = Array.isArray(alert.props.scopes) ? alert.props.scopes : [];
  return target.props.id !== undefined && scopes.includes(target.props.id);
}

function notifies(alert: PolicyResource): boolean {
  const actions: unknown[] = Array.isArray(alert.props.actions) ? alert.props.actions : [];
  return alert.props.enabled !== false && actions.some((a) => typeof (a as { actionGroupId?: unknown })?.actionGroupId === "string");
}

export function productionAzureAlerts(): StackValidationPolicy {
  return stackPolicy(
    {
      name: "production-azure-alerts",
      concern: "reliability",
      severity: "high",
      description: "In production, every Function App and Web PubSub service is in the scopes of an enabled Azure Monitor metric alert that notifies an action group.",
      remediationSteps: "Keep semantest:components.<component>.alarms on (the production default): components/azure/alerts.ts declares the alerts and the action group.",
      config: environmentsConfig("apps and services need alerts"),
    },
    (args, reportViolation) => {
      const environment = enforcedEnvironment(args);
      if (!environment) return;
      const alerts = ofType(args.resources, METRIC_ALERT).filter(notifies);
      const targets = [...ofType(args.resources, WEB_APP).filter(isFunctionApp), ...ofType(args.resources, WEB_PUBSUB)];
      for (const target of targets) {
        if (!alerts.some((alert) => watches(alert, target))) {
          reportViolation(`${target.type === WEB_PUBSUB ? "Web PubSub service" : "Function App"} ${quote(target)} runs in ${environment} but no metric alert with an action group watches it.`, target.urn);
        }
      }
    },
  );
}
