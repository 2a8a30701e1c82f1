/**
 * A stack's whole life, offline: the real program evaluated under mocks once per step, each step
 * diffed against the state the previous one left (application/diff, the diff `preview --offline
 * --baseline` prints), and a model of what the cloud keeps between steps (the retained artifact
 * objects: S3 objects and package blobs, which `retainOnDelete` leaves behind when the stack
 * forgets them). Used by tests/lifecycle/ (assertions) and bench/lifecycle.ts (the table).
 *
 * Steps: first deploy -> unchanged redeploy -> code change (rest-api) -> config change (the
 * WebSocket's timeoutSeconds) -> release with unchanged code -> rollback (to the first deploy's
 * config, on a machine without the zips, as `rollback` runs: no rebuild) -> roll-forward to an
 * earlier digest (a deploy of a revert: the zips are built again) -> teardown.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { changeCount, diffPreviews, PreviewResource, ResourceChange, ChangeSummary } from "../application/diff";
import { ARTIFACT_DIR, artifactFileName } from "../artifacts/artifact";
import { evaluate, RecordedResource } from "../adapters/engine/offline/evaluate";
import { readStackFile, stackFilePath, toEngineConfig } from "../adapters/stack-file";
import type { CloudProvider, ComponentKind } from "../domain";

export const PROJECT_DIR = path.resolve(__dirname, "..");
const PROJECT = "semantest-infrastructure";
const KINDS: readonly ComponentKind[] = ["rest-api", "websocket"];

export interface RehearsalCase {
  readonly name: string;
  /** The stack file read (and the stack name the program sees). */
  readonly stack: string;
  /** Replaces the stack file's components (default: the stack file's own). */
  readonly components?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** Each committed stack as it is, and both components on each cloud. */
export const REHEARSAL_CASES: readonly RehearsalCase[] = [
  { name: "dev", stack: "dev" },
  { name: "staging", stack: "staging" },
  { name: "production", stack: "production" },
  { name: "all-aws", stack: "production", components: { "rest-api": { provider: "aws" }, websocket: { provider: "aws" } } },
  { name: "all-azure", stack: "production", components: { "rest-api": { provider: "azure" }, websocket: { provider: "azure" } } },
];

/** The code versions the steps ship, per component (resolved to a digest per case and process). */
export const VERSIONS = { restV1: "rest-v1", restV2: "rest-v2", wsV1: "ws-v1" } as const;

/**
 * A content address no real build produces, distinct per case and per process: the placeholder
 * zips written below belong to one rehearsal only, so suites running side by side (jest workers,
 * a bench) never see or delete each other's.
 */
export function digestOf(c: RehearsalCase, version: string): string {
  return `sha256:${createHash("sha256").update(`semantest-rehearsal:${c.name}:${version}:${process.pid}`).digest("hex")}`;
}

export const STEP_NAMES = ["first-deploy", "unchanged-redeploy", "code-change", "config-change", "unchanged-code-release", "rollback", "roll-forward", "teardown"] as const;
export type StepName = (typeof STEP_NAMES)[number];

/** What a step deploys, and what the machine running it has. */
export interface StepPlan {
  readonly name: StepName;
  /** The release id and each component's code version (VERSIONS; a digest per case, digestOf). */
  readonly release?: { readonly id: string; readonly artifacts: Readonly<Record<ComponentKind, string>> };
  /** The WebSocket component's timeoutSeconds (undefined: the stack file's / the default). */
  readonly websocketTimeout?: number;
  /** Whether this machine has the release's zips in .semantest/artifacts (built now, or cached). */
  readonly zipsLocal: boolean;
  /** Teardown: the program declares nothing; the stack's resources are deleted. */
  readonly teardown?: boolean;
}

const R1 = { id: "01JDREHEARSA0000000000000A", artifacts: { "rest-api": VERSIONS.restV1, websocket: VERSIONS.wsV1 } };
const R2 = { id: "01JDREHEARSA0000000000000B", artifacts: { "rest-api": VERSIONS.restV2, websocket: VERSIONS.wsV1 } };
const R3 = { id: "01JDREHEARSA0000000000000C", artifacts: R2.artifacts };
const R4 = { id: "01JDREHEARSA0000000000000D", artifacts: R2.artifacts };
export const CHANGED_TIMEOUT = 20;

export const STEPS: readonly StepPlan[] = [
  { name: "first-deploy", release: R1, zipsLocal: true },
  { name: "unchanged-redeploy", release: R1, zipsLocal: true },
  { name: "code-change", release: R2, zipsLocal: true },
  { name: "config-change", release: R2, websocketTimeout: CHANGED_TIMEOUT, zipsLocal: true },
  { name: "unchanged-code-release", release: R3, websocketTimeout: CHANGED_TIMEOUT, zipsLocal: true },
  // `rollback` restores the first update's whole config (release and settings) and does not rebuild.
  { name: "rollback", release: R1, zipsLocal: false },
  // A revert deployed: the code of the code-change step again, with a new release id; built again.
  { name: "roll-forward", release: R4, websocketTimeout: CHANGED_TIMEOUT, zipsLocal: true },
  { name: "teardown", zipsLocal: false, teardown: true },
];

/** A cloud object the stack's code points at or uploads: `s3:<key>` or `blob:<account>/<container>/<name>`. */
export type ObjectKey = string;

export interface StepResult {
  readonly step: StepPlan;
  readonly resources: readonly RecordedResource[];
  readonly changes: readonly ResourceChange[];
  readonly summary: ChangeSummary;
  /** Objects this step's plan creates while the cloud already has them (retained by an earlier step). */
  readonly createsExisting: readonly { readonly resource: string; readonly type: string; readonly object: ObjectKey }[];
  /** Objects the declared code points at that the cloud does not have after the step. */
  readonly missingTargets: readonly { readonly resource: string; readonly object: ObjectKey }[];
  /** Objects that stay in the cloud after the step, whatever the stack says. */
  readonly cloudObjects: ReadonlySet<ObjectKey>;
  /** Buckets deleted while they still hold objects and `forceDestroy` is off (`BucketNotEmpty`). */
  readonly blockedDeletes: readonly { readonly resource: string; readonly reason: string }[];
  /** Milliseconds spent evaluating the program for this step. */
  readonly evaluationMs: number;
}

export interface Rehearsal {
  readonly case: RehearsalCase;
  readonly steps: readonly StepResult[];
  /** Which cloud each component runs on in this case. */
  readonly providers: Readonly<Record<ComponentKind, CloudProvider>>;
}

export function providersOf(c: RehearsalCase): Record<ComponentKind, CloudProvider> {
  const components = (c.components ?? readStackFile(stackFilePath(PROJECT_DIR, c.stack)).values["semantest:components"]) as Record<string, { provider?: CloudProvider }>;
  return { "rest-api": components["rest-api"]?.provider ?? "aws", websocket: components.websocket?.provider ?? "aws" };
}

function stepConfig(c: RehearsalCase, step: StepPlan): Record<string, string> {
  const values = { ...readStackFile(stackFilePath(PROJECT_DIR, c.stack)).values } as Record<string, unknown>;
  const components = JSON.parse(JSON.stringify(c.components ?? values["semantest:components"])) as Record<string, Record<string, unknown>>;
  if (step.websocketTimeout !== undefined) components.websocket = { ...components.websocket, timeoutSeconds: step.websocketTimeout };
  values["semantest:components"] = components;
  values["aws:region"] ??= "us-east-1";
  values["azure-native:location"] ??= "westeurope";
  values["semantest:release"] = step.release && { id: step.release.id, artifacts: Object.fromEntries(KINDS.map((k) => [k, digestOf(c, step.release!.artifacts[k])])) };
  return toEngineConfig(values);
}

/** The program's entry, required once: every step re-runs it under fresh mocks (no SDK reload). */
function programEntry(): () => unknown {
  return () => {
    const loaded = require(path.join(PROJECT_DIR, "index.ts"));
    return (typeof loaded === "function" ? loaded : loaded.default)();
  };
}

/** Writes (or removes) placeholder zips so the program sees this machine's artifact cache. */
function setLocalZips(c: RehearsalCase, step: StepPlan, providers: Record<ComponentKind, CloudProvider>): string[] {
  const written: string[] = [];
  if (!step.release || !step.zipsLocal) return written;
  const dir = path.join(PROJECT_DIR, ARTIFACT_DIR);
  fs.mkdirSync(dir, { recursive: true });
  for (const kind of KINDS) {
    const file = path.join(dir, artifactFileName(kind, providers[kind], digestOf(c, step.release.artifacts[kind])));
    // Mocks never read the file (FileAsset is described, not hashed): an empty placeholder is enough.
    if (!fs.existsSync(file)) {
      fs.writeFileSync(file, "");
      written.push(file);
    }
  }
  return written;
}

export async function rehearse(c: RehearsalCase): Promise<Rehearsal> {
  const providers = providersOf(c);
  const program = programEntry();
  const steps: StepResult[] = [];
  let state: readonly RecordedResource[] = [];
  let cloud = new Set<ObjectKey>();
  for (const step of STEPS) {
    let resources: readonly RecordedResource[] = [];
    let evaluationMs = 0;
    if (!step.teardown) {
      const written = setLocalZips(c, step, providers);
      const started = performance.now();
      try {
        resources = (await evaluate({ project: PROJECT, stack: c.stack, config: stepConfig(c, step), preview: true, program })).resources;
      } finally {
        for (const file of written) fs.rmSync(file, { force: true });
      }
      evaluationMs = performance.now() - started;
    }
    const result = applyStep(step, state, resources, cloud);
    steps.push({ ...result, evaluationMs });
    state = resources;
    cloud = new Set(result.cloudObjects);
  }
  return { case: c, steps, providers };
}

/** One step against the cloud model: the diff, what it creates over, what it needs, what it leaves. */
export function applyStep(
  step: StepPlan,
  before: readonly RecordedResource[],
  after: readonly RecordedResource[],
  cloudBefore: ReadonlySet<ObjectKey>,
): Omit<StepResult, "evaluationMs"> {
  const diff = diffPreviews({ resources: before.map(asPreview) }, { resources: after.map(asPreview) });
  const byUrnBefore = new Map(before.map((r) => [r.urn, r]));
  const byUrnAfter = new Map(after.map((r) => [r.urn, r]));
  const cloud = new Set(cloudBefore);
  const createsExisting: { resource: string; type: string; object: ObjectKey }[] = [];
  const blockedDeletes: { resource: string; reason: string }[] = [];

  // Deletions first (a replace of an object deletes the old one), as the engine orders them for a
  // create-before-delete replace the old object goes last: the net effect on the set is the same.
  for (const change of diff.changes) {
    if (change.op !== "delete" && change.op !== "replace") continue;
    const old = byUrnBefore.get(change.urn)!;
    const object = objectOf(old);
    if (object && !old.options.retainOnDelete) cloud.delete(object);
  }
  for (const change of diff.changes) {
    if (change.op !== "create" && change.op !== "replace") continue;
    const created = byUrnAfter.get(change.urn)!;
    const object = objectOf(created);
    if (!object) continue;
    if (cloudBefore.has(object) && refusesExisting(created.type)) createsExisting.push({ resource: created.name, type: created.type, object });
    cloud.add(object);
  }
  // A bucket deleted while it still holds objects: S3 refuses (BucketNotEmpty) unless forceDestroy.
  for (const change of diff.changes) {
    if (change.op !== "delete") continue;
    const old = byUrnBefore.get(change.urn)!;
    if (old.type !== "aws:s3/bucket:Bucket") continue;
    const objects = [...cloud].filter((o) => o.startsWith("s3:"));
    if (objects.length > 0 && old.inputs.forceDestroy !== true) {
      blockedDeletes.push({ resource: old.name, reason: `BucketNotEmpty: ${objects.length} retained artifact object(s) and forceDestroy is ${JSON.stringify(old.inputs.forceDestroy ?? false)}` });
    }
  }
  // Deleting the storage account or the bucket (when it can be deleted) takes its objects with it.
  for (const change of diff.changes) {
    if (change.op !== "delete") continue;
    const old = byUrnBefore.get(change.urn)!;
    if (old.type === "azure-native:storage:StorageAccount") for (const o of [...cloud]) if (o.startsWith(`blob:${String(old.inputs.accountName)}/`)) cloud.delete(o);
    if (old.type === "aws:s3/bucket:Bucket" && old.inputs.forceDestroy === true) for (const o of [...cloud]) if (o.startsWith("s3:")) cloud.delete(o);
  }
  const missingTargets = after.flatMap((r) => targetsOf(r).filter((o) => !cloud.has(o)).map((object) => ({ resource: r.name, object })));
  return { step, resources: after, changes: diff.changes.filter((c) => c.op !== "same"), summary: diff.summary, createsExisting, missingTargets, cloudObjects: cloud, blockedDeletes };
}

function asPreview(r: RecordedResource): PreviewResource {
  return { urn: r.urn, type: r.type, name: r.name, parent: r.parent, inputs: r.inputs, options: { ignoreChanges: r.options.ignoreChanges ?? [] } };
}

/**
 * Providers that read before they create and refuse an object that is already there. azure-native's
 * `storage:Blob` does ("cannot create already existing resource", issue 13 finding 2). S3's
 * PutObject overwrites (terraform-provider-aws internal/service/s3/object.go: create is an upload,
 * no existence check), and the key is the content's digest, so re-creating it writes the same bytes.
 */
function refusesExisting(type: string): boolean {
  return type === "azure-native:storage:Blob";
}

/** The cloud object a resource uploads, if it is an artifact object. */
export function objectOf(r: RecordedResource): ObjectKey | undefined {
  if (r.type === "aws:s3/bucketObject:BucketObject" || r.type === "aws:s3/bucketObjectv2:BucketObjectv2") return typeof r.inputs.key === "string" ? `s3:${r.inputs.key}` : undefined;
  if (r.type === "azure-native:storage:Blob") return `blob:${String(r.inputs.accountName)}/${String(r.inputs.containerName)}/${String(r.inputs.blobName)}`;
  return undefined;
}

/** The artifact objects a resource's code points at (a Lambda's S3 key, a one-deploy's packageUri). */
export function targetsOf(r: RecordedResource): ObjectKey[] {
  if (r.type === "aws:lambda/function:Function" && typeof r.inputs.s3Key === "string") return [`s3:${r.inputs.s3Key}`];
  if (r.type === "azure-native:resources:Deployment") {
    const uris = JSON.stringify(r.inputs.properties ?? {}).match(/"packageUri":"([^"]+)"/g) ?? [];
    return uris.map((m) => blobFromUri(m.slice('"packageUri":"'.length, -1))).filter((o): o is ObjectKey => o !== undefined);
  }
  return [];
}

function blobFromUri(uri: string): ObjectKey | undefined {
  try {
    const url = new URL(uri);
    const account = url.hostname.split(".")[0];
    const [container, ...blob] = url.pathname.replace(/^\//, "").split("/");
    return `blob:${account}/${container}/${blob.join("/")}`;
  } catch {
    return undefined;
  }
}

/**
 * The semantest component a resource belongs to, read from its URN's type chain
 * (`…::semantest:components:RestApi$aws:lambda/function:Function::name`); `(platform)` otherwise.
 */
export function componentOf(urn: string): ComponentKind | "(platform)" {
  const chain = urn.split("::")[2] ?? "";
  if (chain.includes("semantest:components:RestApi")) return "rest-api";
  if (chain.includes("semantest:components:WebSocket")) return "websocket";
  return "(platform)";
}

export { changeCount };
