/**
 * `semantest-iac destroy` in-process against the fake engine: preview, confirmation, the
 * production guard, retained vs purged artifacts, the deployment events, and exit codes.
 */
import { run } from "../../cli/main";
import { PROJECT_DIR } from "../support/pulumi-harness";
import { createWorld, digest, object, plain, stackConfig, ULID_A, update, World } from "./fake-world";

const COMPONENTS = { "rest-api": { provider: "aws" }, websocket: { provider: "aws" } };
const DELETES = [
  { op: "delete" as const, urn: "urn:pulumi:dev::semantest-infrastructure::semantest:components:RestApi$aws:lambda/function:Function::rest-api-handler", type: "aws:lambda/function:Function" },
  { op: "delete" as const, urn: "urn:pulumi:dev::semantest-infrastructure::semantest:aws:Platform$aws:s3/bucket:Bucket::aws-platform-artifacts", type: "aws:s3/bucket:Bucket" },
];

function world(extra: Record<string, unknown> = {}): World {
  return createWorld((eventsFile) => {
    const config = stackConfig(eventsFile, COMPONENTS, { "semantest:release": object({ id: ULID_A, artifacts: { "rest-api": digest("ra") } }) });
    const production = { ...config, "semantest:environment": plain("production") };
    const stack = (cfg: typeof config) => ({ config: cfg, history: [update(1, `semantest-iac deploy ${ULID_A}`, cfg)], outputs: { restApiUrl: "https://a.example" }, nextDestroy: { steps: DELETES }, ...extra });
    return { artifacts: [digest("ra"), digest("wa")], stacks: { dev: stack(config), production: stack(production) } };
  });
}

async function cli(w: World, argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(argv, { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) }, PROJECT_DIR, { ...process.env, NO_COLOR: "1", ...w.env });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

describe("semantest-iac destroy", () => {
  let w: World;
  afterEach(() => w.cleanup());

  it("previews what goes and needs a confirmation: without --yes nothing is destroyed (exit 2)", async () => {
    w = world();
    const result = await cli(w, ["destroy", "--env", "dev", "--json"]);
    expect(result.code).toBe(2);
    const error = JSON.parse(result.stdout).error;
    expect(error).toMatchObject({ code: "CONFIRMATION_REQUIRED", plan: { stack: "dev", artifacts: { locations: ["fake://artifacts"], action: "keep" } } });
    expect(error.plan.resources.map((r: { type: string }) => r.type)).toEqual(DELETES.map((d) => d.type));
    expect(w.state().calls!.map((c) => c.op)).toEqual(["previewDestroy"]);
  });

  it("destroys through the engine with the program's hooks, keeps the artifacts and says where", async () => {
    w = world();
    const result = await cli(w, ["destroy", "--env", "dev", "--yes", "--json"]);
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output).toMatchObject({ stack: "dev", status: "COMPLETED", removed: 2, artifacts: { kept: ["fake://artifacts"] }, eventsPending: {} });
    const destroyCall = w.state().calls!.find((c) => c.op === "destroy")!;
    expect(destroyCall).toMatchObject({ runProgram: true, message: `semantest-iac destroy ${output.destroyId}`, env: { SEMANTEST_DEPLOYMENT_ID: output.destroyId } });
    expect(w.state().artifacts).toEqual([digest("ra"), digest("wa")]);
    expect(w.state().stacks.dev.history[0]).toMatchObject({ kind: "destroy", result: "succeeded" });
    const events = w.events().filter((e) => e.correlationId === output.destroyId);
    expect(events.map((e) => [e.type, e.payload.kind])).toEqual([
      ["infrastructure.deployment.requested", "destroy"],
      ["infrastructure.deployment.started", "destroy"],
      ["infrastructure.deployment.completed", "destroy"],
    ]);
  });

  it("with --purge-artifacts empties the artifact store before the destroy", async () => {
    w = world();
    const result = await cli(w, ["destroy", "--env", "dev", "--yes", "--purge-artifacts"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("artifacts: deleted first from fake://artifacts");
    expect(result.stdout).toContain("artifacts: 2 deleted from fake://artifacts");
    expect(w.state().calls!.map((c) => c.op)).toEqual(["previewDestroy", "purgeArtifacts", "destroy"]);
    expect(w.state().artifacts).toEqual([]);
  });

  it("guards production: --yes alone is refused before anything runs; the explicit flag lets it through", async () => {
    w = world();
    const refused = await cli(w, ["destroy", "--env", "production", "--yes", "--json"]);
    expect(refused.code).toBe(2);
    expect(JSON.parse(refused.stdout).error).toMatchObject({ code: "PRODUCTION_GUARD", fix: expect.stringContaining("--i-understand-this-deletes-production") });
    expect(w.state().calls ?? []).toEqual([]);
    const allowed = await cli(w, ["destroy", "--env", "production", "--yes", "--i-understand-this-deletes-production", "--json"]);
    expect(allowed.code).toBe(0);
    expect(JSON.parse(allowed.stdout)).toMatchObject({ stack: "production", environment: "production", status: "COMPLETED" });
  });

  it("a failed destroy exits 1 with the failed event; a stack without a stack file is a usage error (exit 2)", async () => {
    w = world({ nextDestroy: { steps: DELETES, outcome: "fail", error: "BucketNotEmpty: The bucket you tried to delete is not empty" } });
    const failed = await cli(w, ["destroy", "--env", "dev", "--yes", "--json"]);
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout).error).toMatchObject({ code: "UPDATE_FAILED", status: "FAILED", events: expect.arrayContaining(["infrastructure.deployment.failed"]) });
    const missing = await cli(w, ["destroy", "--env", "nowhere", "--yes", "--json"]);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout).error.code).toBe("STACK_FILE");
  });
});
