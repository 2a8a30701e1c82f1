import { runProgram } from "../support/pulumi-harness";

describe("the program (index.ts) under mocks", () => {
  it.each(["dev", "staging", "production"])("declares one RestApi and one WebSocket component for the %s stack file", async (stack) => {
    const run = await runProgram(stack);
    expect(run.all("semantest:components:RestApi").map((r) => r.name)).toEqual(["rest-api"]);
    expect(run.all("semantest:components:WebSocket").map((r) => r.name)).toEqual(["websocket"]);
    expect(run.outputs.environment).toBe(stack);
  });

  it("exports the alarm topic only where the component declares alarms (AWS, staging and production)", async () => {
    const dev = await runProgram("dev");
    expect(dev.outputs).not.toHaveProperty("restApiAlarmTopicArn");
    expect(dev.outputs).not.toHaveProperty("webSocketAlarmTopicArn");
    const staging = await runProgram("staging");
    expect(staging.outputs.restApiAlarmTopicArn).toMatch(/^arn:aws:sns:us-east-1:\d{12}:/);
    expect(staging.outputs).not.toHaveProperty("webSocketAlarmTopicArn"); // staging's WebSocket is on Azure
    expect(String(staging.outputs.restApiUrl)).toMatch(/^https:\/\//);
    expect(String(staging.outputs.webSocketUrl)).toMatch(/^wss:\/\//);
  });

  it("exports where its artifacts live, in the shape rollback's preflight reads", async () => {
    const { locationFromOutputs } = await import("../../adapters/artifact-store/cloud");
    const run = await runProgram("production");
    const location = locationFromOutputs(run.outputs);
    expect(location.aws?.bucket).toMatch(/^aws-platform-artifacts/);
    expect(location.aws?.region).toBe("us-east-1");
    expect(location.azure?.containers.websocket).toMatch(/^https:\/\/\w+\.blob\.core\.windows\.net\/websocket-deployments$/);
    expect(location.azure?.containers["rest-api"]).toBeUndefined(); // production's REST API is on AWS
  });

  it("exports the release it ships: the release id and each component's artifact digest", async () => {
    const run = await runProgram("dev");
    const release = run.outputs.release as { id: string | null; artifacts: Record<string, string> };
    expect(release.id).toBeNull(); // a plain `pulumi up`: no release id, but the program built the code
    expect(release.artifacts["rest-api"]).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(release.artifacts.websocket).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("declares no component the stack config leaves out", async () => {
    const run = await runProgram("dev", {
      "aws:region": "us-east-1",
      "semantest:components": { websocket: { provider: "aws" } },
    });
    expect(run.all("semantest:components:RestApi")).toHaveLength(0);
    expect(run.get("semantest:components:WebSocket", "websocket").parent).toBeNull();
    expect(run.outputs).not.toHaveProperty("restApiUrl");
  });

  it("fails with every problem, before any resource is registered, on invalid config", async () => {
    let registered = -1;
    const attempt = runProgram("dev", {
      "semantest:environment": "prod-eu",
      "semantest:components": { "rest-api": { memoryMb: 20000 }, websocket: { provider: "gcp" } },
    }).then((run) => (registered = run.resources.length));
    await expect(attempt).rejects.toMatchObject({
      name: "InvalidConfigurationError",
      problems: expect.arrayContaining([
        expect.objectContaining({ path: "semantest:environment" }),
        expect.objectContaining({ path: "semantest:components.rest-api.memoryMb" }),
        expect.objectContaining({ path: "semantest:components.websocket.provider" }),
      ]),
    });
    expect(registered).toBe(-1);
  });
});
