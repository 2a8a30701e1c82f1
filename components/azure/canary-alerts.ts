/**
 * The Azure Monitor alert rules that gate a release's shifts (stack output `releaseAlarms.azure`,
 * read by `semantest-iac deploy` through adapters/gates/azure.ts): one metric alert per app that
 * runs the new code during a release, firing on any HTTP 5xx the app answered in the last 5 minutes.
 *
 * - Metric `Http5xx` of `Microsoft.Web/sites`: "The count of requests resulting in an HTTP status
 *   code >= 500 but < 600. For WebApps and FunctionApps." (Azure Monitor Baseline Alerts,
 *   services/Web/sites). The WebSocket app answers Web PubSub's upstream events over HTTP
 *   (runtime/azure/websocket-handler.ts): a failing `onConnect` or an unloadable app is a 5xx there.
 * - Rule shape (`Microsoft.Insights/metricAlerts` 2018-03-01, the API version azure-native's
 *   `monitor.MetricAlert` uses): `location: global`, single-resource criteria, `autoMitigate` so
 *   the rule resolves on its own once the errors stop (a rolled-back canary's gate clears).
 * - Separate from the operational alerts of components/azure/alerts.ts: these are on the canary's
 *   own app and exist to gate a shift, with a threshold of zero errors.
 */
import * as pulumi from "@pulumi/pulumi";
import * as monitor from "@pulumi/azure-native/monitor";
import type { Tags } from "../../domain";

/** Evaluated every minute over the last five (ISO 8601 durations, as metricAlerts takes them). */
export const CANARY_ALERT_WINDOW = { evaluationFrequency: "PT1M", windowSize: "PT5M" } as const;
/** More than this many 5xx answers in the window breaches the gate. */
export const CANARY_5XX_THRESHOLD = 0;

/** The criteria of a canary gate on one Function App: any 5xx in the window. */
export function http5xxCriteria(): monitor.MetricAlertArgs["criteria"] {
  return {
    odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
    allOf: [{
      criterionType: "StaticThresholdCriterion",
      name: "http-5xx",
      metricNamespace: "Microsoft.Web/sites",
      metricName: "Http5xx",
      operator: "GreaterThan",
      threshold: CANARY_5XX_THRESHOLD,
      timeAggregation: "Total",
    }],
  };
}

export interface CanaryAlertArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  /** The Function App whose new code the rule watches. */
  readonly appId: pulumi.Input<string>;
  /** Shown in the rule's description: which component and role. */
  readonly what: string;
  readonly tags: Tags;
}

/** One gate: `${name}-release-5xx`, a metric alert on the app's 5xx answers. */
export function createCanaryAlert(name: string, args: CanaryAlertArgs, parent: pulumi.Resource): monitor.MetricAlert {
  return new monitor.MetricAlert(`${name}-release-5xx`, {
    resourceGroupName: args.resourceGroupName,
    location: "global",
    description: `semantest release gate: HTTP 5xx answered by ${args.what}; a breach during a release shifts traffic back to the previous version`,
    severity: 1,
    enabled: true,
    scopes: [args.appId],
    targetResourceType: "Microsoft.Web/sites",
    ...CANARY_ALERT_WINDOW,
    criteria: http5xxCriteria(),
    autoMitigate: true,
    tags: { ...args.tags },
  }, { parent });
}
