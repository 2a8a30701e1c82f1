import * as fs from "fs";
import { DOC, moduleEdges, renderModules, withModules } from "../../scripts/architecture";

describe("docs/architecture.md", () => {
  const text = fs.readFileSync(DOC, "utf8");

  it("shows the module dependencies the code has now (run `npm run docs:architecture` when this fails)", () => {
    const edges = moduleEdges();
    expect(text).toBe(withModules(text, renderModules(edges)));
    // The hexagon's centre depends on nothing; the app depends on no cloud or Pulumi layer.
    expect(edges.filter(([from]) => from === "domain")).toEqual([]);
    expect(edges.filter(([from]) => from === "app")).toEqual([]);
    expect(edges).toContainEqual(["root", "domain"]);
    // The use cases see only their ports and the domain; the driving adapters never name an engine.
    expect(edges.filter(([from]) => from === "application").map(([, to]) => to)).toEqual(["appPorts", "domain"]);
    expect(edges.filter(([from, to]) => ["cli", "api"].includes(from) && to === "adEngine")).toEqual([]);
  });

  it("links the resource picture the offline preview draws", () => {
    expect(text).toContain("](architecture/production.svg)");
    expect(fs.readFileSync(DOC.replace(/architecture\.md$/, "architecture/production.svg"), "utf8")).toMatch(/^<\?xml|^<svg/);
  });
});
