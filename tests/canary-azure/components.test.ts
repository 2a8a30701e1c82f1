/**
 * Issue 20 on Azure, under Pulumi's mocks: what each step of a release declares, and what one
 * `pulumi up` between two steps changes. The state after each outcome is the release record's
 * plan, so Pulumi's state is what is live (no step changes anything outside Pulumi).
 *
 * Measured here (the offline diff): a rollback (weight -> 0) changes 2 WebSocket resources
 * (the stable app's settings, the canary hub's drain) and 1 REST resource (its code deployment),
 * in one update.
 */
import { webSocketPlan } from "../../components/azure/release-traffic";
import { CANARY_HUB_NAME, HUB_NAME, releaseSettings } from "../../components/azure/websocket";
import type { Run } from "../support/pulumi-harness";
import { changedBetween, inputsOf, NEW, OLD, releaseRecord, runRelease, steadyOn } from "./support";

jest.setTimeout(300_000);

const T = {
  app: "azure-native:web:WebApp",
  settings: "azure-native:web:WebAppApplicationSettings",
  code: "pulumi-nodejs:dynamic/semantest-azure:CodeDeployment",
  hub: "azure-native:webpubsub:WebPubSubHub",
  route: "pulumi-nodejs:dynamic/semantest-azure:CanaryRoute",
  alert: "azure-native:monitor:MetricAlert",
  role: "azure-native:authorization:RoleAssignment",
};

const runs: Partial<Record<string, Run>> = {};
// One evaluation per release step, shared by the tests (each takes ~10 s on this machine).
async function step(name: string, release: Record<string, unknown>): Promise<Run> {
  return (runs[name] ??= await runRelease(release));
}
/**
 * What one update between two steps changes: the resources whose recorded inputs differ, plus the
 * stable app's settings when their release part differs (the settings are secret as a whole under
 * the mocks, since they hold the Web PubSub keys, so their diff is computed from releaseSettings).
 */
function changes(before: [Run, Record<string, unknown>], after: [Run, Record<string, unknown>], prefix: string): string[] {
  const visible = changedBetween(before[0], after[0]).filter((n) => n.startsWith(prefix));
  const settings = (release: Record<string, unknown>, role: "stable" | "canary") => JSON.stringify(releaseSettings(role, webSocketPlan(release, NEW), String(release.id)));
  const hidden = prefix !== "websocket" ? [] : (["stable", "canary"] as const).filter((role) => settings(before[1], role) !== settings(after[1], role)).map((role) => (role === "stable" ? "websocket-settings" : "websocket-canary-settings"));
  // Without Web PubSub keys (production, issue 22) the settings are visible too: count each once.
  return [...new Set([...visible, ...hidden])].sort();
}

const RELEASES = {
  steady: steadyOn(OLD),
  canary10: releaseRecord(0.1),
  canary50: releaseRecord(0.5),
  full: releaseRecord(1),
  rollback: releaseRecord(0),
  done: releaseRecord(undefined),
} as const;
type Step = keyof typeof RELEASES;
const at = async (name: Step): Promise<[Run, Record<string, unknown>]> => [await step(name, RELEASES[name]), RELEASES[name]];

describe("the WebSocket on Azure during a release (production, both components on Azure)", () => {
  let steady: Run;
  let canary: Run;
  beforeAll(async () => {
    [steady] = await at("steady");
    [canary] = await at("canary10");
  });

  it("runs two apps, each the only event handler of its own hub of one service", () => {
    for (const run of [steady, canary]) {
      const hubs = run.all(T.hub).map((h) => ({ hub: h.inputs.hubName, handler: (h.inputs.properties as { eventHandlers: { urlTemplate: string }[] }).eventHandlers.map((e) => e.urlTemplate) }));
      expect(hubs).toEqual(expect.arrayContaining([
        { hub: HUB_NAME, handler: [expect.stringMatching(/^https:\/\/semantest-production-websocket-[0-9a-f]{8}\.azurewebsites\.net\/webpubsub\/events$/)] },
        { hub: CANARY_HUB_NAME, handler: [expect.stringMatching(/^https:\/\/semantest-production-websocket-canary-[0-9a-f]{8}\.azurewebsites\.net\/webpubsub\/events$/)] },
      ]));
    }
  });

  it("outside a release both apps run the release's code and nothing is assigned to the canary hub", () => {
    expect(inputsOf(steady, T.code, "websocket-code").digest).toBe(OLD);
    expect(inputsOf(steady, T.code, "websocket-canary-code").digest).toBe(OLD);
    expect(inputsOf(steady, T.route, "websocket-canary-route")).toMatchObject({ hub: CANARY_HUB_NAME, weight: 0, retired: false });
    expect(releaseSettings("stable", webSocketPlan(RELEASES.steady, OLD), "x")).toEqual({ WEBPUBSUB_HUB: HUB_NAME, WEBPUBSUB_SIBLING_HUBS: CANARY_HUB_NAME });
    expect(releaseSettings("canary", webSocketPlan(RELEASES.steady, OLD), "x")).toEqual({ WEBPUBSUB_HUB: CANARY_HUB_NAME, WEBPUBSUB_SIBLING_HUBS: HUB_NAME });
  });

  it("at weight 0.1 the stable app keeps the previous code, the canary runs the new, and 10% of new connections go to the canary hub", () => {
    expect(inputsOf(canary, T.code, "websocket-code").digest).toBe(OLD);
    expect(inputsOf(canary, T.code, "websocket-canary-code").digest).toBe(NEW);
    expect(inputsOf(canary, T.route, "websocket-canary-route")).toMatchObject({ hub: CANARY_HUB_NAME, weight: 0.1, retired: false, releaseId: "01JNEWRELEASE" });
    expect(JSON.parse(releaseSettings("stable", webSocketPlan(RELEASES.canary10, NEW), "01JNEWRELEASE").SEMANTEST_CANARY!)).toEqual({ hub: CANARY_HUB_NAME, weight: 0.1, salt: "01JNEWRELEASE" });
  });

  it("starting a release changes the canary's code and the assignment, nothing the stable share runs", async () => {
    expect(changes(await at("steady"), await at("canary10"), "websocket")).toEqual(["websocket-canary-code", "websocket-canary-route", "websocket-settings"]);
  });

  it("a shift (0.1 -> 0.5) is one update of the assignment: the stable app's settings and their visible record", async () => {
    expect(changes(await at("canary10"), await at("canary50"), "websocket")).toEqual(["websocket-canary-route", "websocket-settings"]);
  });

  it("a rollback (0.1 -> 0) is one update of 2 resources: stop assigning, then close the canary's connections", async () => {
    const [rolledBack] = await at("rollback");
    expect(changes(await at("canary10"), await at("rollback"), "websocket")).toEqual(["websocket-canary-route", "websocket-settings"]);
    expect(inputsOf(rolledBack, T.code, "websocket-code").digest).toBe(OLD);
    const route = rolledBack.get(T.route, "websocket-canary-route");
    expect(route.inputs).toMatchObject({ hub: CANARY_HUB_NAME, weight: 0, retired: true, releaseId: "01JNEWRELEASE" });
    // After the settings that stop assigning, so reconnecting clients land on the stable hub.
    expect(route.dependencies).toContain(rolledBack.get(T.settings, "websocket-settings").urn);
  });

  it("the end of a release (weight 1 -> no traffic) moves the stable app onto the new code; the canary keeps it", async () => {
    const [done] = await at("done");
    expect(changes(await at("full"), await at("done"), "websocket")).toEqual(["websocket-canary-route", "websocket-code", "websocket-settings"]);
    expect(inputsOf(done, T.code, "websocket-code").digest).toBe(NEW);
    expect(inputsOf(done, T.code, "websocket-canary-code").digest).toBe(NEW);
  });

  it("lets the deploying identity close connections (Web PubSub Service Owner on the service), which Owner alone cannot", () => {
    const grant = canary.get(T.role, "websocket-deployer-pubsub-access").inputs;
    expect(grant.principalId).toBe("00000000-0000-0000-0000-0000000000b1"); // getClientConfig's objectId
    expect(String(grant.roleDefinitionId)).toMatch(/12cf5a90-567b-43ae-8102-96cf46c7d9b4$/);
    expect(String(grant.scope)).toContain("websocket-pubsub");
    // As the deployer is signed in (no ARM_CLIENT_ID here): a CI service principal must not be sent as `User`.
    expect(grant.principalType).toBe(process.env.ARM_CLIENT_ID ? "ServicePrincipal" : "User");
    expect(canary.get(T.route, "websocket-canary-route").dependencies).toContain(canary.get(T.role, "websocket-deployer-pubsub-access").urn);
  });

  it("gates shifts on the canary app's 5xx and reports what serves the stable share", () => {
    const alert = canary.get(T.alert, "websocket-canary-release-5xx").inputs;
    expect(alert.scopes).toEqual([expect.stringContaining("websocket-canary-app")]);
    expect((canary.outputs.releaseAlarms as { azure: string[] }).azure).toHaveLength(2); // the REST app's and the WebSocket canary's
    expect((canary.outputs.liveVersions as Record<string, string>).websocket).toMatch(new RegExp(`^semantest-production-websocket-[0-9a-f]{8}@${OLD}$`));
  });
});

describe("the REST API on Azure during a release: blue/green between packages behind the app's endpoint", () => {
  it("keeps the previous package until weight 1, then switches with a rolling update; rollback is one resource", async () => {
    const [canary] = await at("canary10");
    const [full] = await at("full");
    const [rolledBack] = await at("rollback");
    expect(inputsOf(canary, T.code, "rest-api-code").digest).toBe(OLD);
    expect(inputsOf(full, T.code, "rest-api-code").digest).toBe(NEW);
    expect(changedBetween(full, rolledBack).filter((n) => n.startsWith("rest-api"))).toEqual(["rest-api-code"]);
    expect((full.outputs.liveVersions as Record<string, string>)["rest-api"]).toMatch(new RegExp(`@${NEW}$`));
  });

  it("every Flex app updates with RollingUpdate (zero downtime), the canary included", async () => {
    const [canary] = await at("canary10");
    const apps = canary.all(T.app);
    expect(apps.map((a) => a.name).sort()).toEqual(["rest-api-app", "websocket-app", "websocket-canary-app"]);
    for (const app of apps) expect(app.inputs.functionAppConfig).toMatchObject({ siteUpdateStrategy: { type: "RollingUpdate" } });
  });
});
