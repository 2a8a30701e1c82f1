import { applyComponentOverride, providerMoves, selectedComponents } from "../../domain";

const stack = {
  "aws:region": "us-east-1",
  "semantest:components": { "rest-api": { provider: "aws", memoryMb: 1024 }, websocket: { provider: "azure" } },
};

describe("--component / --provider overrides", () => {
  it("sets the named component's provider and keeps its other settings", () => {
    const result = applyComponentOverride(stack, { component: "rest-api", provider: "azure" });
    expect(result.ok && result.value["semantest:components"]).toEqual({
      "rest-api": { provider: "azure", memoryMb: 1024 },
      websocket: { provider: "azure" },
    });
  });

  it("leaves components it was not asked about as they are, and the input untouched", () => {
    const result = applyComponentOverride(stack, { component: "websocket", provider: "aws" });
    expect(result.ok && (result.value["semantest:components"] as Record<string, unknown>)["rest-api"]).toEqual({ provider: "aws", memoryMb: 1024 });
    expect(stack["semantest:components"].websocket).toEqual({ provider: "azure" });
  });

  it("adds a named component the stack file lacks, with defaults", () => {
    const result = applyComponentOverride({ "semantest:components": { "rest-api": {} } }, { component: "websocket", provider: "aws" });
    expect(result.ok && result.value["semantest:components"]).toEqual({ "rest-api": {}, websocket: { provider: "aws" } });
    const fromNothing = applyComponentOverride({}, { component: "rest-api", provider: "aws" });
    expect(fromNothing.ok && fromNothing.value["semantest:components"]).toEqual({ "rest-api": { provider: "aws" } });
  });

  it("with --provider alone (or --component all) moves every deployed component, adding none", () => {
    const all = applyComponentOverride({ "semantest:components": { websocket: { provider: "azure" } } }, { provider: "aws" });
    expect(all.ok && all.value["semantest:components"]).toEqual({ websocket: { provider: "aws" } });
    const explicit = applyComponentOverride(stack, { component: "all", provider: "aws" });
    expect(explicit.ok && providerMoves(stack, explicit.value)).toEqual([{ kind: "websocket", from: "azure", to: "aws" }]);
  });

  it("changes nothing without a provider", () => {
    expect(applyComponentOverride(stack, { component: "rest-api" })).toEqual({ ok: true, value: stack });
  });

  it("rejects unknown components and providers as usage problems", () => {
    const component = applyComponentOverride(stack, { component: "queue", provider: "aws" });
    expect(!component.ok && component.error[0]).toMatchObject({ path: "--component", value: "queue" });
    const provider = applyComponentOverride(stack, { component: "rest-api", provider: "gcp" });
    expect(!provider.ok && provider.error[0].message).toBe('"gcp" is not a supported provider; allowed: aws, azure');
    expect(selectedComponents(undefined)).toEqual({ ok: true, value: ["rest-api", "websocket"] });
  });

  it("reports provider moves, which replace an endpoint", () => {
    const moved = applyComponentOverride(stack, { component: "rest-api", provider: "azure" });
    expect(moved.ok && providerMoves(stack, moved.value)).toEqual([{ kind: "rest-api", from: "aws", to: "azure" }]);
    expect(providerMoves(stack, stack)).toEqual([]);
    expect(providerMoves({}, stack)).toEqual([]);
    expect(providerMoves({ "semantest:components": { "rest-api": {} } }, { "semantest:components": { "rest-api": { provider: "azure" } } })).toEqual([
      { kind: "rest-api", from: "aws", to: "azure" },
    ]);
  });
});
