/**
 * `semantest-iac prune`: the pure plan (properties), `--keep` validation, the command in-process
 * against the fake engine (plan, confirmation, deletion, an update in flight), and the adapters
 * through the real SDKs (S3 ListObjectsV2 + DeleteObjects, Blob list + delete, Lambda
 * ListVersionsByFunction + ListAliases + DeleteFunction) against local recorders.
 */
import fc from "fast-check";
import { parseArtifactKey, parsePackageBlob } from "../../adapters/artifact-store/cloud";
import { LambdaVersionStore, lambdaFunctionsFromOutputs } from "../../adapters/function-versions/aws";
import { keepCount } from "../../application/prune";
import { liveReleases, planPrune } from "../../application/release/prune-plan";
import type { DeploymentRecord } from "../../application/release/records";
import { run } from "../../cli/main";
import { PROJECT_DIR } from "../support/pulumi-harness";
import { createWorld, digest, object, stackConfig, update, World } from "./fake-world";
import { recorder } from "./recorder";

const hex = (n: number) => n.toString(16).padStart(64, "0");
const sha = (n: number) => `sha256:${hex(n)}`;

function record(n: number, result: DeploymentRecord["result"] = "succeeded"): DeploymentRecord {
  return {
    deploymentId: `R${n}`,
    kind: "deploy",
    version: n,
    startTime: "",
    endTime: null,
    result,
    message: "",
    by: {},
    components: [],
    release: { id: `R${n}`, artifacts: { "rest-api": sha(n), websocket: sha(1000 + n) } },
    restored: null,
    resourceChanges: null,
    rollout: null,
    weight: 1,
  };
}

describe("the prune plan", () => {
  it("keeps the live releases and the newest `keep` succeeded ones, deletes every other listed artifact, never an aliased version", () => {
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), { minLength: 0, maxLength: 12 }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 20 }),
        fc.array(fc.integer({ min: 1, max: 30 }), { maxLength: 15 }),
        fc.array(fc.integer({ min: 1, max: 30 }), { maxLength: 2 }),
        (succeeded, keep, stored, versions, aliased) => {
          const history = succeeded.map((ok, i) => record(succeeded.length - i, ok ? "succeeded" : "failed"));
          const live = [{ id: "LIVE", digests: [sha(99)] }];
          const artifacts = [...stored, 99].map((n) => ({ digest: sha(n), provider: "aws" as const, kind: "rest-api" as const, location: `s3://b/${n}` }));
          const fn = { kind: "rest-api" as const, function: "f", versions: versions.map(String), aliased: aliased.map(String) };
          const plan = planPrune({ history, live, keep, artifacts, functions: [fn] });
          const removed = new Set(plan.artifacts.remove.map((a) => a.digest));
          expect(removed.has(sha(99))).toBe(false);
          const newest = history.filter((r) => r.result === "succeeded").slice(0, keep);
          for (const r of newest) expect(removed.has(r.release!.artifacts["rest-api"]!)).toBe(false);
          for (const a of artifacts) expect(removed.has(a.digest)).toBe(!plan.digests.includes(a.digest));
          expect(plan.artifacts.kept + plan.artifacts.remove.length).toBe(artifacts.length);
          const v = plan.versions[0];
          for (const a of aliased) expect(v.remove).not.toContain(String(a));
          const distinct = [...new Set(versions)];
          expect(v.kept.length).toBeGreaterThanOrEqual(Math.min(keep, distinct.length));
          expect(v.kept.length + v.remove.length).toBe(distinct.length);
        },
      ),
      { seed: 20261130, numRuns: 300 },
    );
  });

  it("reads the live release and a canary's previous release from outputs and config", () => {
    const refs = liveReleases(
      { release: { id: "A", artifacts: { "rest-api": sha(1) } } },
      { "semantest:release": { id: "B", artifacts: { "rest-api": sha(2) }, traffic: { weight: 0.1, previous: { id: "A0", artifacts: { "rest-api": sha(3) } } } } },
    );
    expect(refs).toEqual([
      { id: "A", digests: [sha(1)] },
      { id: "B", digests: [sha(2)] },
      { id: "A0", digests: [sha(3)] },
    ]);
    expect(liveReleases({ release: "junk" }, { "semantest:release": 7 })).toEqual([]);
  });

  it("--keep: a whole number from 1 to 100, else a usage error naming the flag, the value and what is allowed", () => {
    expect(keepCount(undefined)).toBe(5);
    expect(keepCount("12")).toBe(12);
    fc.assert(
      fc.property(fc.string({ maxLength: 8 }), (raw) => {
        const ok = /^\d+$/.test(raw.trim()) && Number(raw) >= 1 && Number(raw) <= 100;
        if (ok) expect(keepCount(raw)).toBe(Number(raw));
        else expect(() => keepCount(raw)).toThrow(`--keep ${JSON.stringify(raw)} is not valid; allowed: a whole number of releases from 1 to 100`);
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it("parses the object and blob names the components write, and nothing else", () => {
    expect(parseArtifactKey(`artifacts/rest-api/${hex(5)}.zip`)).toEqual({ kind: "rest-api", digest: sha(5) });
    expect(parseArtifactKey(`artifacts/other/${hex(5)}.zip`)).toBeUndefined();
    expect(parseArtifactKey("artifacts/rest-api/notes.txt")).toBeUndefined();
    expect(parsePackageBlob(`releases/sha256-${hex(6)}/released-package.zip`)).toBe(sha(6));
    expect(parsePackageBlob("released-package.zip")).toBeUndefined();
  });
});

const COMPONENTS = { "rest-api": { provider: "aws" } };
const id = (n: number) => `01JD${String(n).padStart(22, "0")}`;

function world(options: { inProgress?: boolean } = {}): World {
  return createWorld((eventsFile) => {
    const release = (n: number) => stackConfig(eventsFile, COMPONENTS, { "semantest:release": object({ id: id(n), artifacts: { "rest-api": digest(`r${n}`) } }) });
    const history = [6, 5, 4, 3, 2, 1].map((n) => update(n, `semantest-iac deploy 01JD00000000000000000000${String(n).padStart(2, "0")}`, release(n), n === 6 && options.inProgress ? "in-progress" : n === 5 ? "failed" : "succeeded"));
    return {
      artifacts: [1, 2, 3, 4, 5, 6].map((n) => digest(`r${n}`)).concat(digest("orphan")),
      stacks: { dev: { config: release(6), history, outputs: { restApiUrl: "https://a.example", release: { id: id(6), artifacts: { "rest-api": digest("r6") } } } } },
      functionVersions: { "rest-api-fn": { kind: "rest-api", versions: ["1", "2", "3", "4", "5", "6"], aliased: ["2"] } },
    } as never;
  });
}

async function cli(w: World, argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(argv, { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) }, PROJECT_DIR, { ...process.env, NO_COLOR: "1", ...w.env });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

describe("semantest-iac prune (fake engine)", () => {
  let w: World;
  afterEach(() => w.cleanup());

  it("--dry-run prints the plan and deletes nothing", async () => {
    w = world();
    const result = await cli(w, ["prune", "--env", "dev", "--keep", "2", "--dry-run"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Dry run: nothing deleted from stack dev");
    expect(result.stderr).toContain(`keeps 2 release(s) (${id(6)}, ${id(4)})`);
    expect(result.stderr).toContain(`artifact fake://artifacts/${digest("orphan")}`);
    expect(result.stderr).toContain("rest-api-fn: versions 4, 3, 1 (keeps 6, 5, 2)");
    expect(w.state().artifacts).toHaveLength(7);
  });

  it("without --yes nobody confirms: exit 2 and nothing deleted; with --yes the plan is carried out", async () => {
    w = world();
    const refused = await cli(w, ["prune", "--env", "dev", "--keep", "2", "--json"]);
    expect(refused.code).toBe(2);
    expect(JSON.parse(refused.stdout).error.code).toBe("CONFIRMATION_REQUIRED");
    expect(w.state().artifacts).toHaveLength(7);

    const done = await cli(w, ["prune", "--env", "dev", "--keep", "2", "--yes", "--json"]);
    expect(done.code).toBe(0);
    const output = JSON.parse(done.stdout);
    expect(output.removed.versions).toEqual([
      { function: "rest-api-fn", version: "4" },
      { function: "rest-api-fn", version: "3" },
      { function: "rest-api-fn", version: "1" },
    ]);
    // Kept: the live release (6) and the newest two succeeded (6, 4); 5 failed, so 3, 2, 1 and the orphan go.
    expect(w.state().artifacts).toEqual([digest("r4"), digest("r6")]);
    expect((w.state() as unknown as { functionVersions: Record<string, { versions: string[] }> }).functionVersions["rest-api-fn"].versions).toEqual(["2", "5", "6"]);
  });

  it("refuses while an update is in progress (its artifacts are not in history yet): exit 3", async () => {
    w = world({ inProgress: true });
    const result = await cli(w, ["prune", "--env", "dev", "--yes", "--json"]);
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout).error.code).toBe("UPDATE_IN_PROGRESS");
    expect(w.state().artifacts).toHaveLength(7);
  });

  it("a bad --keep is a usage error before the engine is asked", async () => {
    w = world();
    const result = await cli(w, ["prune", "--env", "dev", "--keep", "0", "--json"]);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).error.message).toContain('--keep "0" is not valid');
    expect(w.state().calls ?? []).toEqual([]);
  });
});

describe("prune's Lambda adapter through the real SDK", () => {
  it("Lambda: versions page by page, aliased versions (weighted ones too), and DeleteFunction with the qualifier", async () => {
    const lambda = await recorder((req, res) => {
      res.setHeader("content-type", "application/json");
      if (req.method === "GET" && req.url.includes("/versions")) {
        const second = req.url.includes("Marker=m2");
        res.end(JSON.stringify(second ? { Versions: [{ Version: "3" }] } : { Versions: [{ Version: "$LATEST" }, { Version: "1" }, { Version: "2" }], NextMarker: "m2" }));
      } else if (req.method === "GET" && req.url.includes("/aliases")) {
        res.end(JSON.stringify({ Aliases: [{ Name: "live", FunctionVersion: "2", RoutingConfig: { AdditionalVersionWeights: { "3": 0.1 } } }] }));
      } else if (req.method === "DELETE") {
        res.statusCode = 204;
        res.end();
      } else {
        res.statusCode = 400;
        res.end("{}");
      }
    });
    try {
      const location = lambdaFunctionsFromOutputs({ lambdaFunctions: { "rest-api": "fn-a", websocket: 7 }, artifactStore: { aws: { region: "eu-west-1" } } });
      expect(location).toEqual({ functions: { "rest-api": "fn-a" }, region: "eu-west-1" });
      const store = new LambdaVersionStore(location, { endpoint: lambda.url, credentials: { accessKeyId: "t", secretAccessKey: "t" } });
      expect(await store.list()).toEqual([{ kind: "rest-api", function: "fn-a", versions: ["1", "2", "3"], aliased: ["2", "3"] }]);
      await store.remove("fn-a", "1");
      const deleted = lambda.requests.find((r) => r.method === "DELETE")!;
      expect(deleted.url).toBe("/2015-03-31/functions/fn-a?Qualifier=1");
      await expect(store.remove("fn-a", "$LATEST")).rejects.toThrow("only numbered versions are pruned");
    } finally {
      await lambda.close();
    }
  });
});
