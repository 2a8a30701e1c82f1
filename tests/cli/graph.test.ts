import { buildGraph, renderGraph, toDot, toMermaid } from "../../cli/render/graph";
import { runProgram } from "../support/pulumi-harness";

describe("preview --offline --graph", () => {
  let resources: Awaited<ReturnType<typeof runProgram>>["resources"];
  beforeAll(async () => {
    resources = (await runProgram("production")).resources;
  });

  it("draws each component as a group of its own resources, and the dependencies between resources", () => {
    const graph = buildGraph(resources);
    const label = (id: string) => graph.nodes.find((n) => n.id === id)!.label;
    expect(graph.roots.map(label)).toEqual(expect.arrayContaining(["rest-api", "websocket"]));
    expect(graph.nodes.some((n) => n.type === "pulumi:pulumi:Stack")).toBe(false);
    const restApi = graph.nodes.find((n) => n.label === "rest-api" && n.type === "semantest:components:RestApi")!;
    expect(graph.children.get(restApi.id)!.map(label)).toEqual(expect.arrayContaining(["rest-api-function", "rest-api-role"]));
    // The Lambda function depends on its role: a dependency edge, not a tree edge.
    const fn = graph.nodes.find((n) => n.label === "rest-api-function")!;
    const role = graph.nodes.find((n) => n.label === "rest-api-role")!;
    expect(graph.dependencies).toContainEqual({ from: fn.id, to: role.id });
  });

  it("renders Mermaid with a subgraph per component and dotted dependency arrows", () => {
    const mermaid = toMermaid(resources);
    expect(mermaid.startsWith("flowchart LR\n")).toBe(true);
    expect(mermaid).toMatch(/subgraph n\d+\["rest-api<br\/><small>semantest:components:RestApi<\/small>"\]/);
    expect(mermaid).toMatch(/subgraph n\d+\["websocket<br\/><small>semantest:components:WebSocket<\/small>"\]/);
    expect(mermaid).toMatch(/^ {2}n\d+ -\.-> n\d+$/m);
    expect(mermaid.match(/^\s*subgraph /gm)!.length).toBe(mermaid.match(/^\s*end$/gm)!.length);
  });

  it("renders DOT with clusters and dashed dependency edges, and SVG through Graphviz (WASM)", async () => {
    const dot = toDot(resources, "semantest-production");
    expect(dot).toMatch(/^digraph "semantest-production" \{/);
    expect(dot).toMatch(/subgraph cluster_n\d+ \{\n\s+label="rest-api\\nsemantest:components:RestApi"/);
    expect(dot).toMatch(/n\d+ -> n\d+ \[style=dashed/);
    const svg = await renderGraph(resources, "svg");
    expect(svg).toMatch(/<svg[^>]+width="\d+pt"/);
    const text = svg.replace(/&#45;/g, "-"); // Graphviz escapes "-" in SVG text
    expect(text).toContain(">rest-api-function</text>");
    expect(text).toContain(">aws:lambda/function:Function</text>");
  });

});
