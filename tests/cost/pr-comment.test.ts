/**
 * The cost change in pull requests: the Markdown section `preview --offline --baseline --markdown`
 * prints, and the pull-request workflow's `cost` job, whose semantest-iac commands are taken from
 * the workflow file and run here as written (GitHub Actions itself cannot run here: the posting step
 * is checked for its marker and permissions only).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { COST_COMMENT_MARKER, costCommentMarkdown } from "../../application/cost";
import { run } from "../../cli/main";
import { PROJECT_DIR } from "../support/pulumi-harness";

type Step = { uses?: string; run?: string; with?: Record<string, unknown> };
const WORKFLOW = path.join(PROJECT_DIR, ".github/workflows/pull-request.yml");
const job = () => (parse(fs.readFileSync(WORKFLOW, "utf8")) as { jobs: Record<string, { permissions?: Record<string, string>; steps: Step[] }> }).jobs.cost;

describe("cost comment Markdown", () => {
  const delta = {
    currency: "USD" as const,
    total: { baseline: 0.6, current: 0.98, delta: 0.38 },
    byComponent: { "aws-platform": { baseline: 0.02, current: 0.02, delta: 0 }, "rest-api": { baseline: 0.29, current: 0.29, delta: 0 }, websocket: { baseline: 0.28, current: 0.66, delta: 0.38 }, "azure-platform": { baseline: 0, current: 0.01, delta: 0.01 } },
  };

  it("one table per stack: base branch, this pull request, the change with its share; the resource changes and the prices' date", () => {
    expect(costCommentMarkdown({ stack: "dev", delta, changes: { create: 9, update: 1, replace: 0, delete: 7, same: 20 }, pricesAsOf: "2026-11-30", mandatoryViolations: 0 })).toBe(
      [
        "### `dev`: $0.98/month, +$0.38 (+63.3%)",
        "",
        "| component | base branch | this pull request | change |",
        "| --- | ---: | ---: | ---: |",
        "| aws-platform | $0.02 | $0.02 | $0.00 (+0.0%) |",
        "| rest-api | $0.29 | $0.29 | $0.00 (+0.0%) |",
        "| websocket | $0.28 | $0.66 | +$0.38 (+135.7%) |",
        "| azure-platform | $0.00 | $0.01 | +$0.01 (new) |",
        "| **total** | **$0.60** | **$0.98** | **+$0.38 (+63.3%)** |",
        "",
        "Resources: +9 to create, ~1 to update, +-0 to replace, -7 to delete. Estimated in USD at the stack's traffic profile, list prices as of 2026-11-30 (docs/cost.md).",
        "",
      ].join("\n"),
    );
  });

  it("a decrease, a baseline without cost, mandatory violations, and names that would break a table", () => {
    const down = { currency: "USD" as const, total: { baseline: 10, current: 7.5, delta: -2.5 }, byComponent: { "a|b": { baseline: 10, current: 7.5, delta: -2.5 } } };
    const text = costCommentMarkdown({ stack: "qa`1", delta: down, changes: {}, pricesAsOf: "2026-11-30", mandatoryViolations: 2 });
    expect(text).toContain("### `qa'1`: $7.50/month, −$2.50 (−25.0%)");
    expect(text).toContain("| a\\|b | $10.00 | $7.50 | −$2.50 (−25.0%) |");
    expect(text).toContain("**2 mandatory policy violation(s)**");
    expect(costCommentMarkdown({ stack: "dev", delta: null, note: "baseline preview: cost is missing; expected ...", changes: { update: 1 }, pricesAsOf: "2026-11-30", mandatoryViolations: 0 })).toBe(
      "### `dev`: no monthly cost change\n\n> baseline preview: cost is missing; expected ...\n\nResources: +0 to create, ~1 to update, +-0 to replace, -0 to delete.\n",
    );
  });
});

describe("the pull-request workflow's cost job", () => {
  let dir: string;
  beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "semantest-pr-cost-"))));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** The workflow's `npx semantest-iac ...` lines for one stack, as argv, its variables filled in. */
  function commands(stack: string): string[][] {
    const script = job().steps.map((s) => s.run ?? "").join("\n");
    return script
      .split("\n")
      .filter((line) => line.includes("npx semantest-iac "))
      .map((line) => line.slice(line.indexOf("npx semantest-iac ") + "npx semantest-iac ".length).split(/\s+(?:>|\|\|)\s+/)[0])
      .map((command) => (command.match(/"[^"]*"|\S+/g) ?? []).map((word) => word.replace(/^"|"$/g, "").replace(/\$stack/g, stack).replace(/\$RUNNER_TEMP/g, dir)));
  }

  const cli = async (argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await run(argv, { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) }, PROJECT_DIR, { ...process.env, NO_COLOR: "1" });
    return { code, stdout: out.join("\n"), stderr: err.join("\n") };
  };

  it("posts one comment found again by its marker, with the permission to write it", () => {
    const script = job().steps.map((s) => s.run ?? "").join("\n");
    expect(script).toContain(`echo '${COST_COMMENT_MARKER}'`);
    expect(script).toContain(`select(.body | startswith("${COST_COMMENT_MARKER}"))`);
    expect(script).toMatch(/gh api --method PATCH "repos\/\$REPO\/issues\/comments\/\$id"/);
    expect(job().permissions).toEqual({ contents: "read", "pull-requests": "write" });
    expect(commands("dev").map((argv) => argv.slice(0, 5).join(" "))).toEqual(["preview --env dev --offline --json", "preview --env dev --offline --baseline"]);
  });

  it("its commands run as written: the base preview, then the cost section against it", async () => {
    const [base, head] = commands("dev");
    fs.mkdirSync(path.join(dir, "base"), { recursive: true });
    const baseline = await cli(base);
    expect(baseline.code).toBe(0);
    const document = JSON.parse(baseline.stdout);
    // The base branch's rest-api cost a dollar more: the section shows the change.
    const now = document.cost.monthly.byComponent["rest-api"];
    document.cost.monthly.byComponent["rest-api"] = now + 1;
    document.cost.monthly.total += 1;
    fs.writeFileSync(path.join(dir, "base", "dev.json"), JSON.stringify(document));
    expect(head).toContain(path.join(dir, "base", "dev.json"));
    const section = await cli(head);
    expect(section.code).toBe(0);
    expect(section.stdout.split("\n")[0]).toBe(`### \`dev\`: $${(document.cost.monthly.total - 1).toFixed(2)}/month, −$1.00 (−${((1 / document.cost.monthly.total) * 100).toFixed(1)}%)`);
    expect(section.stdout).toContain(`| rest-api | $${(now + 1).toFixed(2)} | $${now.toFixed(2)} | −$1.00 (`);
    expect(section.stdout).toContain("Resources: +0 to create, ~0 to update, +-0 to replace, -0 to delete.");
    expect(section.stdout).not.toContain("Offline preview of stack");
  });

  it("--markdown without --baseline (or with --json) exits 2 naming what it needs", async () => {
    const result = await cli(["preview", "--env", "dev", "--offline", "--markdown"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--markdown prints the cost change against a baseline: use it with --offline --baseline <file> and without --json");
  });
});
