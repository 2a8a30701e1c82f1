/**
 * The lifecycle rehearsal of one case as jest tests: the program is evaluated once per step (in
 * beforeAll), and each expectation is its own test. An expectation that today's code breaks, for
 * a finding another issue fixes, runs as `test.failing` with the finding named: the suite stays
 * green, and it turns red the day the fix lands, until the entry is removed from `known`.
 */
import { Rehearsal, rehearse, REHEARSAL_CASES, STEPS, StepName } from "../../bench/lifecycle-rehearsal";
import { expectedChanges, stepOf, unexpected } from "./expectations";

/** `<step>: <check>` -> the finding that breaks it today. */
export type KnownFailures = Readonly<Record<string, string>>;

export const CHECKS = {
  changes: "changes exactly what it should",
  noRecreate: "creates nothing the cloud already has",
  targets: "points the code only at objects the cloud has",
  teardown: "can finish",
} as const;

export function describeRehearsal(caseName: string, known: KnownFailures): void {
  const c = REHEARSAL_CASES.find((x) => x.name === caseName);
  if (!c) throw new Error(`no rehearsal case ${caseName}`);
  const used = new Set<string>();
  const test$ = (step: StepName, check: string, fn: () => void) => {
    const id = `${step}: ${check}`;
    const finding = known[id];
    if (finding) used.add(id);
    // test.failing: passes while the assertion fails (the finding is open), fails once it is fixed.
    (finding ? test.failing : test)(finding ? `${id} (open: ${finding})` : id, fn);
  };

  describe(`lifecycle rehearsal: ${caseName}`, () => {
    let rehearsal: Rehearsal;
    beforeAll(async () => {
      rehearsal = await rehearse(c);
    }, 180_000);

    test$("first-deploy", "creates every resource and nothing else", () => {
      const first = stepOf(rehearsal, "first-deploy");
      expect(first.summary).toEqual({ create: first.resources.length, update: 0, replace: 0, delete: 0, same: 0 });
      expect(first.createsExisting).toEqual([]);
    });

    STEPS.forEach((step, index) => {
      if (index === 0 || step.teardown) return;
      test$(step.name, CHECKS.changes, () => {
        const expectation = expectedChanges(STEPS[index - 1], step, rehearsal.providers);
        expect(unexpected(stepOf(rehearsal, step.name), expectation)).toEqual([]);
      });
    });

    test$("unchanged-redeploy", "reports zero changes", () => {
      const step = stepOf(rehearsal, "unchanged-redeploy");
      expect(step.changes).toEqual([]);
      expect(step.summary.same).toBe(step.resources.length);
    });

    for (const step of STEPS) {
      test$(step.name, CHECKS.noRecreate, () => expect(stepOf(rehearsal, step.name).createsExisting).toEqual([]));
      test$(step.name, CHECKS.targets, () => expect(stepOf(rehearsal, step.name).missingTargets).toEqual([]));
    }

    // On Azure the WebSocket timeout is host.json's functionTimeout inside the package (issue 13,
    // finding 9): a new build, held by tests/azure/host-json.test.ts, not by this fixed-digest walk.

    test$("teardown", CHECKS.teardown, () => {
      const teardown = stepOf(rehearsal, "teardown");
      expect(teardown.summary.delete).toBe(stepOf(rehearsal, "roll-forward").resources.length);
      expect(teardown.blockedDeletes).toEqual([]);
    });

    test("every known failure names a check this suite runs", () => {
      expect(Object.keys(known).filter((id) => !used.has(id))).toEqual([]);
    });
  });
}
