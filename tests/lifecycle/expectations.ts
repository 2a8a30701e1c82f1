/**
 * What each lifecycle step SHOULD change, per component and cloud: the correct behaviour, written
 * from the per-cloud guides and issues 12/13, not from what the program does today. A change is
 * either required (`must`: this resource, this op, at least these keys) or tolerated (`may`: this
 * resource may change, only in these keys); anything else that changes fails the step.
 */
import type { ResourceChange } from "../../application/diff";
import { componentOf, Rehearsal, StepPlan, StepResult } from "../../bench/lifecycle-rehearsal";
import type { CloudProvider, ComponentKind } from "../../domain";

export interface Must {
  readonly name: string;
  readonly op: ResourceChange["op"];
  /** Keys the change must include (update / replace). */
  readonly keys: readonly string[];
  /** Not required when this stage deploys by itself (`autoDeploy: true`): an equivalent fix. */
  readonly unlessAutoDeploy?: string;
}

export interface May {
  readonly name: string;
  /** Keys the change may touch; `"*"`: any. */
  readonly keys: readonly string[] | "*";
}

export interface StepExpectation {
  readonly must: readonly Must[];
  readonly may: readonly May[];
  /** Components where anything may change (a settings change whose mechanism the fix chooses). */
  readonly open: readonly ComponentKind[];
}

const TAG_KEYS = ["tags", "tagsAll"];
const KINDS: readonly ComponentKind[] = ["rest-api", "websocket"];

/** The expectation for `step` after `previous`, for a case whose components run on `providers`. */
export function expectedChanges(previous: StepPlan, step: StepPlan, providers: Readonly<Record<ComponentKind, CloudProvider>>): StepExpectation {
  const must: Must[] = [];
  const may: May[] = [];
  const open: ComponentKind[] = [];
  for (const kind of KINDS) {
    const codeChanged = previous.release?.artifacts[kind] !== step.release?.artifacts[kind];
    const releaseChanged = previous.release?.id !== step.release?.id;
    const timeoutChanged = kind === "websocket" && previous.websocketTimeout !== step.websocketTimeout;
    // The artifact object is declared when this machine has the zip (built or cached), else the
    // code points at the copy the store already holds (artifacts/resolve.ts).
    const objectBefore = previous.zipsLocal;
    const objectAfter = step.zipsLocal;
    const objectOp = (): Must["op"] | undefined =>
      objectBefore && objectAfter ? (codeChanged ? "replace" : undefined) : objectBefore ? "delete" : objectAfter ? "create" : undefined;

    if (providers[kind] === "aws") {
      const object = `${kind}-artifact`;
      const op = objectOp();
      if (op) must.push({ name: object, op, keys: op === "replace" ? ["key"] : [] });
      // A new release id re-tags the code carriers (the deployment-id tag follows the code); nothing else.
      else if (releaseChanged && objectAfter) may.push({ name: object, keys: TAG_KEYS });
      const functionKeys = [...(codeChanged ? ["s3Key", "sourceCodeHash"] : []), ...(timeoutChanged ? ["timeout"] : [])];
      if (functionKeys.length > 0) must.push({ name: `${kind}-function`, op: "update", keys: functionKeys });
      if (functionKeys.length > 0 || releaseChanged) may.push({ name: `${kind}-function`, keys: [...TAG_KEYS, "s3Key", "sourceCodeHash", "timeout"] });
      if (timeoutChanged) {
        must.push({ name: `${kind}-integration`, op: "update", keys: ["timeoutMilliseconds"] });
        // The live stage must serve the new integration: a new API Gateway deployment (issue 12, finding 4).
        must.push({ name: `${kind}-deployment`, op: "replace", keys: ["triggers"], unlessAutoDeploy: `${kind}-stage` });
        may.push({ name: `${kind}-stage`, keys: ["deploymentId"] });
      }
    } else {
      // Upload and deployment are one resource (components/azure/code-deployment.ts): it uploads only
      // what the container lacks (issue 13, finding 2) and carries no tags, so only new code changes it:
      // a new release id alone restarts nothing (finding 6). Whether this machine has the zip changes
      // only its local packagePath, which its provider's diff ignores.
      if (codeChanged) must.push({ name: `${kind}-code`, op: "update", keys: ["digest"] });
      may.push({ name: `${kind}-code`, keys: codeChanged ? ["blobName", "digest", "packagePath"] : ["packagePath"] });
      // The timeout reaches the host through host.json's functionTimeout inside the package (issue 13,
      // finding 9; tests/azure/host-json.test.ts): a real deploy builds a new digest, which this
      // rehearsal (fixed digests per step) does not model, so the component is open here.
      if (timeoutChanged) open.push(kind);
    }
  }
  return { must, may, open };
}

/** The problems of one step against its expectation (empty: as expected). */
export function unexpected(result: StepResult, expectation: StepExpectation): string[] {
  const problems: string[] = [];
  const changes = result.changes;
  const autoDeploys = (stage: string) => result.resources.some((r) => r.name === stage && r.inputs.autoDeploy === true);
  for (const m of expectation.must) {
    const change = changes.find((c) => c.name === m.name);
    if (!change && m.unlessAutoDeploy && autoDeploys(m.unlessAutoDeploy)) continue;
    if (!change) problems.push(`${m.name}: expected ${m.op}${m.keys.length ? ` [${m.keys.join(", ")}]` : ""}, but it does not change`);
    else if (change.op !== m.op) problems.push(`${m.name}: expected ${m.op}, got ${change.op} [${change.keys.join(", ")}]`);
    else {
      const missing = m.keys.filter((k) => !change.keys.includes(k));
      if (missing.length > 0) problems.push(`${m.name}: ${m.op} without [${missing.join(", ")}] (changed: [${change.keys.join(", ")}])`);
    }
  }
  for (const change of changes) {
    if (expectation.must.some((m) => m.name === change.name)) {
      const allowed = expectation.may.find((m) => m.name === change.name);
      const extra = allowed && allowed.keys !== "*" ? change.keys.filter((k) => !allowed.keys.includes(k) && !expectation.must.find((m) => m.name === change.name)!.keys.includes(k)) : [];
      if (extra.length > 0) problems.push(`${change.name}: also changes [${extra.join(", ")}]`);
      continue;
    }
    const component = componentOf(change.urn);
    if (component !== "(platform)" && expectation.open.includes(component)) continue;
    const allowed = expectation.may.find((m) => m.name === change.name);
    if (!allowed) problems.push(`${change.name} (${change.type}): unexpected ${change.op} [${change.keys.join(", ")}]`);
    else if (change.op !== "update") problems.push(`${change.name}: may only be updated, got ${change.op}`);
    else if (allowed.keys !== "*") {
      const extra = change.keys.filter((k) => !allowed.keys.includes(k));
      if (extra.length > 0) problems.push(`${change.name}: changes [${extra.join(", ")}], allowed only [${allowed.keys.join(", ")}]`);
    }
  }
  return problems;
}

/** The step's changes inside one component. */
export function changesIn(result: StepResult, kind: ComponentKind): readonly ResourceChange[] {
  return result.changes.filter((c) => componentOf(c.urn) === kind);
}

export function stepOf(rehearsal: Rehearsal, name: StepPlan["name"]): StepResult {
  const found = rehearsal.steps.find((s) => s.step.name === name);
  if (!found) throw new Error(`the rehearsal has no step ${name}`);
  return found;
}
