/**
 * Prints the lifecycle rehearsal as a table: per case and step, what changes (by op), which
 * resources, what would be created over an object the cloud already has, which code targets are
 * missing, and what blocks the teardown; and the time each evaluation took.
 *
 *   npx tsx bench/lifecycle.ts [--json] [--case dev|staging|production|all-aws|all-azure]
 */
import { rehearse, REHEARSAL_CASES, Rehearsal } from "./lifecycle-rehearsal";

function caseFilter(): string | undefined {
  const at = process.argv.indexOf("--case");
  return at >= 0 ? process.argv[at + 1] : undefined;
}

function rows(rehearsal: Rehearsal) {
  return rehearsal.steps.map((s) => ({
    case: rehearsal.case.name,
    step: s.step.name,
    create: s.summary.create,
    update: s.summary.update,
    replace: s.summary.replace,
    delete: s.summary.delete,
    same: s.summary.same,
    evaluationMs: Math.round(s.evaluationMs),
    // Creates and teardown deletes list every resource: the counts say it; the names add nothing.
    which: ["first-deploy", "teardown"].includes(s.step.name) ? "" : s.changes.map((c) => `${c.op} ${c.name}${c.keys.length ? ` [${c.keys.join(",")}]` : ""}`).join("; "),
    problems: [
      ...s.createsExisting.map((x) => `re-creates existing ${x.object.split("/").slice(0, 2).join("/")}… (${x.resource})`),
      ...s.missingTargets.map((x) => `${x.resource} points at missing ${x.object}`),
      ...s.blockedDeletes.map((x) => `${x.resource}: ${x.reason}`),
    ].join("; "),
  }));
}

async function main() {
  const only = caseFilter();
  const cases = REHEARSAL_CASES.filter((c) => !only || c.name === only);
  if (cases.length === 0) {
    console.error(`--case ${JSON.stringify(only)} is not a rehearsal case; allowed: ${REHEARSAL_CASES.map((c) => c.name).join(", ")}`);
    process.exit(2);
  }
  const started = performance.now();
  const all = [];
  for (const c of cases) all.push(...rows(await rehearse(c)));
  const totalMs = Math.round(performance.now() - started);
  if (process.argv.includes("--json")) {
    console.log(JSON.stringify({ totalMs, rows: all }, null, 2));
    return;
  }
  console.log("lifecycle rehearsal (offline: the program under mocks once per step, diffed against the previous step)");
  console.log("case        step                    +    ~   +-    -  same  eval ms  what changes / problems");
  for (const r of all) {
    const counts = [r.create, r.update, r.replace, r.delete, r.same].map((n, i) => String(n).padStart(i === 4 ? 5 : 4)).join(" ");
    console.log(`${r.case.padEnd(11)} ${r.step.padEnd(22)} ${counts} ${String(r.evaluationMs).padStart(8)}  ${r.which}`);
    if (r.problems) console.log(`${"".padEnd(71)}PROBLEM: ${r.problems}`);
  }
  const evaluations = all.filter((r) => r.step !== "teardown");
  const sorted = evaluations.map((r) => r.evaluationMs).sort((a, b) => a - b);
  console.log(`\n${cases.length} case(s), ${evaluations.length} evaluations in ${totalMs} ms; per evaluation: median ${sorted[Math.floor(sorted.length / 2)]} ms, first (SDK and program load) ${evaluations[0]?.evaluationMs} ms`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
