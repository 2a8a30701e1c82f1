/**
 * The docs stand alone: every reference in them points at something this repository has. No
 * "DESIGN §" (a design document users do not have), no "the lead's" anything, every repository
 * path a doc names exists, and every `#anchor` of a Markdown link matches a heading of its target
 * (GitHub's heading ids).
 */
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");
const markdown = [
  "README.md",
  "bench/README.md",
  ...fs
    .readdirSync(path.join(ROOT, "docs"), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];
/** Files users read that are not Markdown: the stack files' comments and the event schemas' descriptions. */
const other = [
  ...fs.readdirSync(ROOT).filter((f) => /^Pulumi(\.[^.]+)?\.yaml$/.test(f)),
  ...fs.readdirSync(path.join(ROOT, "docs/events")).map((f) => `docs/events/${f}`),
];
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

/** GitHub's heading id (github-slugger): lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
export function headingIds(text: string): Set<string> {
  const ids = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of text.split("\n")) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    const heading = !fenced && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const base = heading[1]
      .replace(/`/g, "")
      .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
      .replace(/ /g, "-");
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    ids.add(count === 0 ? base : `${base}-${count}`);
  }
  return ids;
}

/**
 * Repository paths a text names (`docs/cli.md`, `adapters/engine/fake.ts`), leaving out
 * placeholders and globs (`components/<cloud>/`, `components/aws/**`), MIME types
 * (`application/json`), fenced code (commands write files: `--out docs/x.svg`) and lines marked
 * "(planned)" (where a future use case goes).
 */
export function repositoryPaths(text: string): string[] {
  const top = "app|adapters|api|application|artifacts|bench|bin|cli|components|docs|domain|events|policy|runtime|scripts|tests|examples";
  const found = new Set<string>();
  let fenced = false;
  for (const line of text.split("\n")) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    if (fenced || line.includes("(planned)")) continue;
    for (const match of line.matchAll(new RegExp(`(?<![\\w/.@:-])((?:${top})/[\\w./-]*)`, "g"))) {
      const candidate = match[1].replace(/[.,:;)]+$/, "");
      const after = line[match.index! + match[1].length] ?? "";
      if (/[<*{$]/.test(after)) continue;
      if (/^application\/(json|xml|octet-stream|x-[\w.+-]+|cloudevents[\w.+-]*)$/.test(candidate)) continue;
      found.add(candidate);
    }
  }
  return [...found];
}

describe("the docs reference only what the repository has", () => {
  it.each([...markdown, ...other])("%s cites no design document or person", (file) => {
    const text = read(file);
    expect(text.match(/DESIGN(\.md)?\s*§[\d.]*/g) ?? []).toEqual([]);
    expect(text.match(/\bthe lead'?s\b[^\n]*/gi) ?? []).toEqual([]);
  });

  it.each([...markdown, ...other])("%s names only repository paths that exist", (file) => {
    // From the repository root, or from the file's own directory (docs/events.md says `events/envelope.schema.json`).
    const missing = repositoryPaths(read(file)).filter((p) => !fs.existsSync(path.join(ROOT, p)) && !fs.existsSync(path.join(ROOT, path.dirname(file), p)));
    expect(missing).toEqual([]);
  });

  it.each(markdown)("%s links only to headings that exist", (file) => {
    const text = read(file);
    const broken: string[] = [];
    for (const [, target, anchor] of text.matchAll(/\]\(([^)\s#]*)#([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target)) continue;
      const linked = target ? path.join(path.dirname(file), target) : file;
      if (!linked.endsWith(".md") || !fs.existsSync(path.join(ROOT, linked))) continue; // links.test.ts reports missing files
      if (!headingIds(read(linked)).has(decodeURIComponent(anchor))) broken.push(`${target}#${anchor}`);
    }
    expect(broken).toEqual([]);
  });

  it("catches what it is meant to catch", () => {
    expect(headingIds("## Exit codes\n### The offline preview `document`\n## Output on a terminal, in CI and with `NO_COLOR`\n## Exit codes")).toEqual(
      new Set(["exit-codes", "the-offline-preview-document", "output-on-a-terminal-in-ci-and-with-no_color", "exit-codes-1"]),
    );
    expect(repositoryPaths("see docs/nowhere.md, `components/<cloud>/x.ts`, components/aws/** and https://github.com/a/tests/x.ts\n```\nx --out docs/y.svg\n```\n| `application/z/` (planned) |")).toEqual(["docs/nowhere.md"]);
  });
});
