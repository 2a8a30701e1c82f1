/**
 * Finding 4 of issue 12: a WebSocket stage serves the deployment it points at, so the Deployment's
 * trigger must change whenever routes, integrations or their settings change (before the fix it was
 * the constant route list, and a new timeout never reached the live stage).
 */
import { deploymentTrigger, webSocketIntegrationSpec } from "../../components/aws/websocket";
import { runProgram } from "../support/pulumi-harness";

const stack = (timeoutSeconds: number) => ({
  "aws:region": "us-east-1",
  "semantest:components": { websocket: { provider: "aws", timeoutSeconds } },
});

async function trigger(timeoutSeconds: number): Promise<{ trigger: unknown; timeout: unknown; dependencies: readonly string[]; integrationUrn: string }> {
  const run = await runProgram("dev", stack(timeoutSeconds));
  const deployment = run.get("aws:apigatewayv2/deployment:Deployment", "websocket-deployment");
  const integration = run.get("aws:apigatewayv2/integration:Integration", "websocket-integration");
  return {
    trigger: (deployment.inputs.triggers as Record<string, unknown>).redeployment,
    timeout: integration.inputs.timeoutMilliseconds,
    dependencies: deployment.dependencies,
    integrationUrn: integration.urn,
  };
}

describe("the WebSocket deployment's trigger", () => {
  it("changes with the integration timeout, so the stage gets a new deployment", async () => {
    const ten = await trigger(10);
    const twenty = await trigger(20);
    expect(ten.timeout).toBe(11000);
    expect(twenty.timeout).toBe(21000);
    expect(ten.trigger).toMatch(/^[0-9a-f]{64}$/);
    expect(twenty.trigger).not.toBe(ten.trigger);
  });

  it("is the same for the same config (no redeploy on every update), and waits for the integration", async () => {
    const a = await trigger(10);
    const b = await trigger(10);
    expect(b.trigger).toBe(a.trigger);
    expect(a.dependencies).toContain(a.integrationUrn);
  });

  it("digests routes, integration settings and ids", () => {
    const base = { routes: ["$connect"], integration: webSocketIntegrationSpec(10), integrationId: "i", uri: "u", routeIds: ["r"] };
    expect(deploymentTrigger(base)).toBe(deploymentTrigger({ ...base }));
    for (const change of [{ routes: ["$connect", "$default"] }, { integrationId: "i2" }, { uri: "u2" }, { routeIds: ["r2"] }, { integration: webSocketIntegrationSpec(11) }]) {
      expect(deploymentTrigger({ ...base, ...change })).not.toBe(deploymentTrigger(base));
    }
  });
});

describe("idleTimeoutSeconds on AWS", () => {
  it("says it is not applied when it differs from API Gateway's fixed 600 s, and stays quiet at 600", async () => {
    const { idleTimeoutWarning } = await import("../../components/aws/websocket");
    expect(idleTimeoutWarning("websocket", 600)).toBeUndefined();
    expect(idleTimeoutWarning("websocket", 300)).toBe(
      "websocket: idleTimeoutSeconds 300 is not applied on AWS: API Gateway closes idle WebSockets after 600 s (fixed quota); it only changes the local gateway",
    );
  });
});
