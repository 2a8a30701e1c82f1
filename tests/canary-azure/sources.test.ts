/**
 * Cloud-side rules the mocks cannot know, each encoded as a check with its source.
 */
import * as fs from "fs";
import * as path from "path";
import { SITE_UPDATE_STRATEGY } from "../../components/azure/function-app";
import { CANARY_5XX_THRESHOLD, CANARY_ALERT_WINDOW, http5xxCriteria } from "../../components/azure/canary-alerts";
import { drainReason, drainsOn } from "../../runtime/azure/hub-drain";

const SDK = path.resolve(__dirname, "../../node_modules/@pulumi/azure-native");

describe("Flex Consumption's zero-downtime update is a site update strategy, not a slot", () => {
  it("asks for RollingUpdate (MicrosoftDocs/azure-docs articles/azure-functions/flex-consumption-site-updates.md: Recreate | RollingUpdate)", () => {
    expect(SITE_UPDATE_STRATEGY).toEqual({ type: "RollingUpdate" });
    // The SDK's enum carries the same value the ARM API takes.
    const enums = fs.readFileSync(path.join(SDK, "types/enums/web/index.d.ts"), "utf8");
    expect(enums).toMatch(/readonly RollingUpdate: "RollingUpdate"/);
  });

  it("sends it with an API version that has it: 2024-11-01 or later (same page, 'How to configure the site update strategy')", () => {
    const declaration = fs.readFileSync(path.join(SDK, "web/webApp.d.ts"), "utf8");
    const version = /Uses Azure REST API version (\d{4}-\d{2}-\d{2})/.exec(declaration)?.[1];
    expect(version).toBeDefined();
    expect(version! >= "2024-11-01").toBe(true);
  });
});

describe("the canary gate is a metric alert on the app's Http5xx (Azure Monitor Baseline Alerts, services/Web/sites)", () => {
  it("fires on any 5xx in a 5-minute window evaluated every minute", () => {
    expect(http5xxCriteria()).toMatchObject({
      odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
      allOf: [{ metricNamespace: "Microsoft.Web/sites", metricName: "Http5xx", operator: "GreaterThan", threshold: CANARY_5XX_THRESHOLD, timeAggregation: "Total" }],
    });
    expect(CANARY_ALERT_WINDOW).toEqual({ evaluationFrequency: "PT1M", windowSize: "PT5M" });
  });

  it("uses a metricAlerts API version whose status the gate adapter reads (2018-03-01, MetricAlertsStatus)", () => {
    const declaration = fs.readFileSync(path.join(SDK, "monitor/metricAlert.d.ts"), "utf8");
    expect(declaration).toMatch(/Uses Azure REST API version 2018-03-01/);
  });
});

describe("HubDrain: closes the canary hub only when a rollback retires it", () => {
  const base = { endpoint: "https://x.webpubsub.azure.com", hub: "semantest_canary", releaseId: "01JNEW" };
  it.each([
    [undefined, { ...base, retired: true }, true],
    [undefined, { ...base, retired: false }, false],
    [{ ...base, retired: false }, { ...base, retired: true }, true],
    [{ ...base, retired: true }, { ...base, retired: true }, false],
    [{ ...base, retired: true }, { ...base, retired: false }, false],
    [{ ...base, retired: true, releaseId: "01JOTHER" }, { ...base, retired: true }, true],
  ])("from %j to %j drains: %s", (olds, news, expected) => {
    expect(drainsOn(olds, news)).toBe(expected);
  });

  it("tells clients why, with the reconnect prefix", () => {
    expect(drainReason({ releaseId: "01JNEW" })).toBe("reconnect: release 01JNEW rolled back");
  });
});
