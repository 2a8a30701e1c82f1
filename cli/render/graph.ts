/**
 * The offline preview's resource tree as a picture: components as clusters, their resources as
 * nodes, dependencies as dashed edges. Mermaid (renders in GitHub PR comments and docs) or
 * Graphviz DOT, and DOT -> SVG with @viz-js/viz (Graphviz compiled to WASM: offline, no binary).
 */
import type { RecordedResource } from "../../application/ports/offline";

export const GRAPH_FORMATS = ["mermaid", "dot", "svg"] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

const STACK_TYPE = "pulumi:pulumi:Stack";

interface Graph {
  readonly nodes: readonly { id: string; label: string; type: string; component: boolean }[];
  /** parent -> child: the ownership tree. */
  readonly children: ReadonlyMap<string, readonly string[]>;
  readonly roots: readonly string[];
  /** from -> to: `from` depends on `to`. */
  readonly dependencies: readonly { from: string; to: string }[];
}

/** Builds the tree from recorded registrations; the stack resource and providers are left out. */
export function buildGraph(resources: readonly RecordedResource[]): Graph {
  const shown = resources.filter((r) => r.type !== STACK_TYPE && !r.type.startsWith("pulumi:providers:"));
  const ids = new Map(shown.map((r, i) => [r.urn, `n${i}`]));
  const nodes = shown.map((r) => ({ id: ids.get(r.urn)!, label: r.name, type: r.type, component: !r.custom }));
  const children = new Map<string, string[]>();
  const roots: string[] = [];
  for (const r of shown) {
    const parent = r.parent ? ids.get(r.parent) : undefined;
    if (parent) children.set(parent, [...(children.get(parent) ?? []), ids.get(r.urn)!]);
    else roots.push(ids.get(r.urn)!);
  }
  const dependencies: { from: string; to: string }[] = [];
  const seen = new Set<string>();
  for (const r of shown) {
    for (const dep of r.dependencies) {
      const from = ids.get(r.urn)!;
      const to = ids.get(dep);
      // A child depending on its own parent is the tree itself, not news.
      if (!to || to === from || dep === r.parent) continue;
      const key = `${from}>${to}`;
      if (!seen.has(key)) {
        seen.add(key);
        dependencies.push({ from, to });
      }
    }
  }
  return { nodes, children, roots, dependencies };
}

export function toMermaid(resources: readonly RecordedResource[]): string {
  const graph = buildGraph(resources);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const lines = ["flowchart LR"];
  const emit = (id: string, indent: string) => {
    const node = byId.get(id)!;
    const kids = graph.children.get(id) ?? [];
    if (kids.length > 0) {
      lines.push(`${indent}subgraph ${id}["${mermaidText(node.label)}<br/><small>${mermaidText(node.type)}</small>"]`);
      lines.push(`${indent}  direction TB`);
      kids.forEach((kid) => emit(kid, `${indent}  `));
      lines.push(`${indent}end`);
    } else {
      lines.push(`${indent}${id}["${mermaidText(node.label)}<br/><small>${mermaidText(node.type)}</small>"]`);
    }
  };
  graph.roots.forEach((root) => emit(root, "  "));
  for (const edge of graph.dependencies) lines.push(`  ${edge.from} -.-> ${edge.to}`);
  return lines.join("\n") + "\n";
}

export function toDot(resources: readonly RecordedResource[], title = "semantest-iac"): string {
  const graph = buildGraph(resources);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const lines = [
    `digraph ${dotId(title)} {`,
    "  rankdir=LR;",
    '  graph [fontname="Helvetica", fontsize=11, labeljust=l];',
    '  node [shape=box, style="rounded,filled", fillcolor="#f6f8fa", fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  const emit = (id: string, indent: string) => {
    const node = byId.get(id)!;
    const kids = graph.children.get(id) ?? [];
    if (kids.length > 0) {
      lines.push(`${indent}subgraph cluster_${id} {`);
      lines.push(`${indent}  label=${dotString(`${node.label}\n${node.type}`)}; style="rounded"; color="#6f42c1";`);
      kids.forEach((kid) => emit(kid, `${indent}  `));
      lines.push(`${indent}}`);
    } else {
      lines.push(`${indent}${id} [label=${dotString(`${node.label}\n${node.type}`)}${node.component ? ', fillcolor="#e8dff5"' : ""}];`);
    }
  };
  graph.roots.forEach((root) => emit(root, "  "));
  // Edges between clusters need a node on each side; a component with children is drawn as its cluster.
  const anchor = (id: string): string | undefined => {
    const kids = graph.children.get(id);
    return kids && kids.length > 0 ? anchor(kids[0]) : id;
  };
  for (const edge of graph.dependencies) {
    const from = anchor(edge.from);
    const to = anchor(edge.to);
    if (from && to && from !== to) lines.push(`  ${from} -> ${to} [style=dashed, color="#57606a"];`);
  }
  lines.push("}");
  return lines.join("\n") + "\n";
}

/** Renders DOT to SVG with Graphviz compiled to WebAssembly. */
export async function toSvg(dot: string): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { instance } = require("@viz-js/viz") as typeof import("@viz-js/viz");
  const viz = await instance();
  const result = viz.render(dot, { format: "svg" });
  if (result.status !== "success") {
    throw new Error(`graphviz could not render the graph: ${result.errors.map((e) => e.message).join("; ")}`);
  }
  return result.output;
}

export async function renderGraph(resources: readonly RecordedResource[], format: GraphFormat, title?: string): Promise<string> {
  if (format === "mermaid") return toMermaid(resources);
  const dot = toDot(resources, title);
  return format === "dot" ? dot : toSvg(dot);
}

function mermaidText(text: string): string {
  return text.replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
}

function dotString(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

function dotId(text: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(text) ? text : dotString(text);
}
