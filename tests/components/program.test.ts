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
