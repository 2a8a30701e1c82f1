import { CAUSATION_ID_ENV, createSink, DEPLOYMENT_ID_ENV, deploymentEnvironment } from "../../events";

describe("sink adapters from stack config", () => {
  const options = { projectDir: "/srv/semantest", awsRegion: "eu-west-1", env: {} };

  it("builds one adapter per kind, identified by kind and target, with the kind's batch limit", () => {
    const sinks = [
      createSink({ kind: "file", path: ".semantest/events.jsonl" }, options),
      createSink({ kind: "http", url: "https://semantest.example.com/events", timeoutMs: 5000, maxAttempts: 5 }, options),
      createSink({ kind: "eventbridge", eventBusName: "semantest", region: undefined }, options),
      createSink({ kind: "eventbridge", eventBusName: "default", region: "us-east-1" }, options),
      createSink({ kind: "eventgrid", endpoint: "https://t.westeurope-1.eventgrid.azure.net/api/events", accessKeyEnv: "K" }, options),
    ];
    expect(sinks.map((s) => [s.id, s.kind, s.network, s.batchSize])).toEqual([
      ["file:.semantest/events.jsonl", "file", false, 500],
      ["http:https://semantest.example.com/events", "http", true, 100],
      ["eventbridge:semantest@eu-west-1", "eventbridge", true, 10],
      ["eventbridge:default@us-east-1", "eventbridge", true, 10],
      ["eventgrid:https://t.westeurope-1.eventgrid.azure.net/api/events", "eventgrid", true, 100],
    ]);
    for (const sink of sinks) sink.close?.();
  });

  it("hands the deployment to the Pulumi program through two environment variables", () => {
    expect(deploymentEnvironment("01JD0000000000000000000001", "01JD0000000000000000000002")).toEqual({ [DEPLOYMENT_ID_ENV]: "01JD0000000000000000000001", [CAUSATION_ID_ENV]: "01JD0000000000000000000002" });
    expect(deploymentEnvironment("01JD0000000000000000000001")).toEqual({ SEMANTEST_DEPLOYMENT_ID: "01JD0000000000000000000001" });
  });
});
