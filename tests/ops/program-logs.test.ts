/**
 * The program's `logs` output (index.ts, components/log-source.ts): per component, where its
 * function logs, in the shape `semantest-iac logs` reads (application/logs/sources.ts). AWS: the
 * log group the Lambda's loggingConfig names; Azure: the workspace GUID and the Function App name.
 */
import { logSourcesFromOutputs } from "../../application/logs/sources";
import { runProgram } from "../support/pulumi-harness";

describe("the logs output", () => {
  it("names the Lambda's own log group on AWS and the workspace + Function App on Azure (production: REST on AWS, WebSocket on Azure)", async () => {
    const run = await runProgram("production");
    const found = logSourcesFromOutputs(run.outputs);
    if (!found.ok) throw new Error(found.problem);
    const [rest, websocket] = found.sources;

    const fn = run.get("aws:lambda/function:Function", "rest-api-function");
    expect(rest).toEqual({ component: "rest-api", provider: "aws", region: "us-east-1", logGroup: expect.stringMatching(/^rest-api-logs-/), logGroupArn: expect.stringMatching(/^arn:aws:logs:/) });
    // The group the function writes to, not the API's access-log group.
    expect((fn.inputs.loggingConfig as { logGroup: string }).logGroup).toBe(rest.provider === "aws" ? rest.logGroup : "");

    const app = run.get("azure-native:web:WebApp", "websocket-app");
    expect(websocket).toEqual({ component: "websocket", provider: "azure", workspaceId: expect.stringMatching(/^[0-9a-f-]{36}$/), appName: app.inputs.name });
  }, 120_000);

  it("has one entry per declared component (dev: both on AWS)", async () => {
    const run = await runProgram("dev");
    expect(Object.keys(run.outputs.logs as object).sort()).toEqual(["rest-api", "websocket"]);
    expect(logSourcesFromOutputs(run.outputs, "websocket")).toEqual({ ok: true, sources: [expect.objectContaining({ provider: "aws", logGroup: expect.stringMatching(/^websocket-logs/) })] });
  }, 120_000);
});
