/**
 * adapters/gates/azure.ts through Microsoft's own client (@azure/arm-monitor MonitorClient) against
 * an ARM recorder on 127.0.0.1: the request it makes, and how each answer maps to a gate state.
 */
import fc from "fast-check";
import { createDefaultHttpClient, type HttpClient } from "@azure/core-rest-pipeline";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { azureAlertStates, AzureGateError, defaultReaderFactory, parseAlertRuleId, stateOf } from "../../adapters/gates/azure";
import { startArmRecorder, type ArmAnswer, type ArmRecorder } from "../azure/support/arm-recorder";

const SUB = "00000000-0000-0000-0000-000000000000";
const rule = (name: string, group = "rg-semantest-production") => `/subscriptions/${SUB}/resourceGroups/${group}/providers/Microsoft.Insights/metricAlerts/${name}`;
const statuses = (...values: string[]): ArmAnswer => ({
  status: 200,
  body: { value: values.map((status, i) => ({ id: rule("x"), name: `series-${i}`, type: "Microsoft.Insights/metricAlerts/status", properties: { dimensions: {}, status, timestamp: "2026-11-30T08:00:00Z" } })) },
});
const credential: TokenCredential = { getToken: async (): Promise<AccessToken> => ({ token: "recorded-token", expiresOnTimestamp: Date.now() + 3_600_000 }) };

let recorder: ArmRecorder;
const answers = new Map<string, ArmAnswer>();
beforeAll(async () => {
  recorder = await startArmRecorder((request) => {
    const name = /metricAlerts\/([^/?]+)\/status/.exec(request.url)?.[1] ?? "";
    return answers.get(decodeURIComponent(name)) ?? { status: 404, body: { error: { code: "ResourceNotFound", message: `metric alert ${name} not found` } } };
  });
});
afterAll(() => recorder.close());

/**
 * Microsoft's client with its whole pipeline (bearer token policy, serialization, error mapping);
 * only the transport is pointed at the recorder, since the token policy refuses any non-https URL.
 */
const ARM = "https://management.recorder.test";
const transport = createDefaultHttpClient();
const httpClient: HttpClient = {
  sendRequest: (request) => {
    request.url = request.url.replace(ARM, recorder.endpoint);
    request.allowInsecureConnection = true; // the recorder's own hop only; the token policy already ran on https
    return transport.sendRequest(request);
  },
};
const readers = () => defaultReaderFactory(credential, { endpoint: ARM, httpClient, retryOptions: { maxRetries: 0 } });

describe("azureAlertStates with @azure/arm-monitor against a recorder", () => {
  it("reads each rule's status with the operator's token and maps Healthy / fired / nothing yet", async () => {
    answers.set("websocket-canary-release-5xx", statuses("Healthy", "Healthy"));
    answers.set("rest-api-release-5xx", statuses("Healthy", "Unhealthy"));
    answers.set("fresh-rule", statuses());
    const ids = [rule("websocket-canary-release-5xx"), rule("rest-api-release-5xx"), rule("fresh-rule")];
    const states = await azureAlertStates(ids, readers());
    expect(states).toEqual([
      { name: ids[0], cloud: "azure", state: "ok" },
      { name: ids[1], cloud: "azure", state: "alarm" },
      { name: ids[2], cloud: "azure", state: "insufficient-data" },
    ]);
    const calls = recorder.requests.slice(-3);
    for (const call of calls) {
      expect(call.method).toBe("GET");
      expect(call.url).toMatch(new RegExp(`^/subscriptions/${SUB}/resourceGroups/rg-semantest-production/providers/Microsoft\\.Insights/metricAlerts/[a-z0-9-]+/status\\?api-version=\\d{4}-\\d{2}-\\d{2}`, "i"));
      expect(call.authorization).toBe("Bearer recorded-token");
    }
  });

  it("fails naming the rule when it cannot be read (a gate that cannot be read must not read as open)", async () => {
    await expect(azureAlertStates([rule("no-such-rule")], readers())).rejects.toThrow(/the alert rule .*no-such-rule could not be read \(HTTP 404\)/);
  });

  it("refuses an id that is not a metric alert rule's, naming it and the expected shape", async () => {
    await expect(azureAlertStates(["arn:aws:cloudwatch:us-east-1:1:alarm:x"], readers())).rejects.toThrow(AzureGateError);
    expect(() => parseAlertRuleId("/subscriptions/s/resourceGroups/g/providers/Microsoft.Web/sites/x")).toThrow(/is not a metric alert rule id; expected \/subscriptions\/<id>\/resourceGroups\/<group>\/providers\/Microsoft\.Insights\/metricAlerts\/<rule>/);
  });

  it("never crashes on any id or status list (fuzz): an id parses or is refused by name; a state is one of three", () => {
    fc.assert(fc.property(fc.string(), (id) => {
      try {
        return parseAlertRuleId(id).ruleName.length > 0;
      } catch (error) {
        return error instanceof AzureGateError && error.message.startsWith("releaseAlarms.azure:");
      }
    }), { seed: 20, numRuns: 300 });
    fc.assert(fc.property(fc.array(fc.option(fc.string(), { nil: undefined })), (values) => ["ok", "alarm", "insufficient-data"].includes(stateOf(values))), { seed: 20, numRuns: 300 });
  });
});
