import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import * as monitor from "@pulumi/azure-native/monitor";
import { NO_NOTIFICATIONS, type ComponentKind, type NotificationTargets, type Tags } from "../../domain";
import type { AzurePlatform } from "./platform";

/** What a metric alert watches: the Function App, the shared Application Insights (filtered to the app), or the Web PubSub service. */
export type AlertTarget = "app" | "insights" | "pubsub";

/** One Azure Monitor metric alert: a metric that must stay at (or under) its threshold over five minutes. */
export interface AlertSpec {
  readonly role: string;
  readonly on: AlertTarget;
  readonly metricNamespace: string;
  readonly metricName: string;
  readonly timeAggregation: "Total" | "Maximum";
  /** Fires when the aggregate is greater than this. */
  readonly threshold: number;
  /** Dimension filters besides the app's role name (Application Insights). */
  readonly dimensions?: readonly { readonly name: string; readonly values: readonly string[] }[];
  readonly description: string;
  /** Azure Monitor severity: 0 critical … 4 verbose. */
  readonly severity: 1 | 2;
}

const INSIGHTS = "microsoft.insights/components";

/**
 * The Azure counterparts of the AWS alarms (components/aws/alarms.ts): errors, 5xx and throttling
 * for each Function App, and for Web PubSub its connection quota, throttled connections and
 * failed event-handler calls. Metric names as Azure Monitor publishes them:
 * - `Http5xx` on `Microsoft.Web/sites` (Microsoft Learn, "Supported metrics for Microsoft.Web/sites");
 * - `exceptions/count` and `requests/count` on Application Insights, split by `cloud/roleName`
 *   (the Functions host reports the app's name) and `request/resultCode` (Microsoft Learn,
 *   "Application Insights standard metrics"); Flex Consumption answers 429 when it cannot scale
 *   further, so 429s are the throttling signal;
 * - `ConnectionQuotaUtilization` and `ConnectionCloseCount` by `ConnectionCloseCategory`
 *   (`Throttled`, `SendEventFailed`) on Web PubSub (Microsoft Learn, "Metrics in Azure Web PubSub Service").
 */
export function alertSpecs(kind: ComponentKind): AlertSpec[] {
  const app: AlertSpec[] = [
    { role: "errors", on: "insights", metricNamespace: INSIGHTS, metricName: "exceptions/count", timeAggregation: "Total", threshold: 0, description: "the function threw", severity: 2 },
    { role: "http-5xx", on: "app", metricNamespace: "Microsoft.Web/sites", metricName: "Http5xx", timeAggregation: "Total", threshold: 0, description: "the app answered 5xx", severity: 1 },
    {
      role: "throttles",
      on: "insights",
      metricNamespace: INSIGHTS,
      metricName: "requests/count",
      timeAggregation: "Total",
      threshold: 0,
      dimensions: [{ name: "request/resultCode", values: ["429"] }],
      description: "requests were throttled (429: the app is at its maximum instance count)",
      severity: 2,
    },
  ];
  if (kind === "rest-api") return app;
  const pubsub = "Microsoft.SignalRService/WebPubSub";
  return [
    ...app,
    { role: "pubsub-connection-quota", on: "pubsub", metricNamespace: pubsub, metricName: "ConnectionQuotaUtilization", timeAggregation: "Maximum", threshold: 80, description: "connections are above 80% of the units' quota", severity: 2 },
    {
      role: "pubsub-throttled",
      on: "pubsub",
      metricNamespace: pubsub,
      metricName: "ConnectionCloseCount",
      timeAggregation: "Total",
      threshold: 0,
      dimensions: [{ name: "ConnectionCloseCategory", values: ["Throttled"] }],
      description: "the service closed connections for traffic or connection throttling",
      severity: 1,
    },
    {
      role: "pubsub-event-handler-errors",
      on: "pubsub",
      metricNamespace: pubsub,
      metricName: "ConnectionCloseCount",
      timeAggregation: "Total",
      threshold: 0,
      dimensions: [{ name: "ConnectionCloseCategory", values: ["SendEventFailed"] }],
      description: "the service closed connections because the app's event handler failed",
      severity: 1,
    },
  ];
}

/** An action group's short name: at most 12 characters (Azure Monitor REST API, ActionGroup `groupShortName`). */
export const GROUP_SHORT_NAME_MAX = 12;

export function groupShortName(kind: ComponentKind): string {
  return kind === "rest-api" ? "semantest-ap" : "semantest-ws";
}

/** A receiver's name, stable per address (never an index: reordering the list must not rename receivers). */
export function receiverName(kind: "email" | "webhook", target: string): string {
  return `${kind}-${createHash("sha256").update(target).digest("hex").slice(0, 8)}`;
}

/** The action group's receivers for the stack's notification targets, in the common alert schema. */
export function receivers(targets: NotificationTargets = NO_NOTIFICATIONS) {
  return {
    emailReceivers: targets.email.map((emailAddress) => ({ name: receiverName("email", emailAddress), emailAddress, useCommonAlertSchema: true })),
    webhookReceivers: targets.webhooks.map((serviceUri) => ({ name: receiverName("webhook", serviceUri), serviceUri: pulumi.secret(serviceUri), useCommonAlertSchema: true })),
  };
}

export interface AzureAlertsArgs {
  readonly kind: ComponentKind;
  readonly platform: AzurePlatform;
  readonly appId: pulumi.Input<string>;
  readonly appName: pulumi.Input<string>;
  /** The WebSocket component's Web PubSub service. */
  readonly pubsubId?: pulumi.Input<string>;
  readonly notifications: NotificationTargets;
  readonly tags: Tags;
}

/** The component's action group (who is told) and one metric alert per spec, each notifying it. Returns the alert rule ids. */
export function createAzureAlerts(name: string, args: AzureAlertsArgs, parent: pulumi.Resource): { actionGroupId: pulumi.Output<string>; ruleIds: pulumi.Output<string>[] } {
  const { platform, tags } = args;
  const group = new monitor.ActionGroup(`${name}-action-group`, {
    resourceGroupName: platform.resourceGroupName,
    location: "Global", // action groups are global resources (Azure Monitor REST API, ActionGroups)
    groupShortName: groupShortName(args.kind),
    enabled: true,
    ...receivers(args.notifications),
    tags: { ...tags },
  }, { parent });
  const scope = (on: AlertTarget) => (on === "app" ? args.appId : on === "insights" ? platform.appInsightsId : args.pubsubId!);
  const ruleIds = alertSpecs(args.kind)
    .filter((spec) => spec.on !== "pubsub" || args.pubsubId !== undefined)
    .map((spec) => {
      const roleName = spec.on === "insights" ? [{ name: "cloud/roleName", operator: "Include", values: [args.appName] }] : [];
      const alert = new monitor.MetricAlert(`${name}-${spec.role}`, {
        resourceGroupName: platform.resourceGroupName,
        location: "global",
        description: `${name}: ${spec.description}`,
        severity: spec.severity,
        enabled: true,
        scopes: [scope(spec.on)],
        evaluationFrequency: "PT1M",
        windowSize: "PT5M",
        autoMitigate: true,
        criteria: {
          odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
          allOf: [{
            criterionType: "StaticThresholdCriterion",
            name: spec.role,
            metricNamespace: spec.metricNamespace,
            metricName: spec.metricName,
            timeAggregation: spec.timeAggregation,
            operator: "GreaterThan",
            threshold: spec.threshold,
            dimensions: [...roleName, ...(spec.dimensions ?? []).map((d) => ({ name: d.name, operator: "Include", values: [...d.values] }))],
          }],
        },
        actions: [{ actionGroupId: group.id }],
        tags: { ...tags },
      }, { parent });
      return alert.id;
    });
  return { actionGroupId: group.id, ruleIds };
}
