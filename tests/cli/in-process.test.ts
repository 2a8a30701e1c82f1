/**
 * The CLI's commands run in-process (cli/main.ts `run`) against the fake engine: the same flows
 * as the subprocess tests, plus the online preview, with the output captured.
 */
import { run } from "../../cli/main";
import type { Io } from "../../cli/output";
import { PROJECT_DIR } from "../support/pulumi-harness";
import { createWorld, digest, object, stackConfig, STEPS, ULID_A, update, World } from "./fake-world";

const COMPONENTS = { "rest-api": { provider: "aws" }, websocket: { provider: "aws" } };
const URN = STEPS[0].urn;

function capture(): Io & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) };
}

async function cli(w: World, argv: string[]) {
  const io = capture();
  const code = await run(argv, io, PROJECT_DIR, { ...process.env, NO_COLOR: "1", ...w.env });
  return { code, stdout: io.out.join("\n"), stderr: io.err.join("\n") };
}

function world(extra: Record<string, unknown> = {}): World {
  return createWorld((eventsFile) => {
    const releaseA = { id: ULID_A, artifacts: { "rest-api": digest("ra"), websocket: digest("wa") } };
    const config = stackConfig(eventsFile, COMPONENTS, { "semantest:release": object(releaseA) });
    return {
      builds: { "rest-api": digest("rb"), websocket: digest("wb") },
      artifacts: [digest("ra"), digest("wa")],
      stacks: {
        dev: {
          config,
          history: [update(1, `semantest-iac deploy ${ULID_A}`, config)],
          outputs: { restApiUrl: "https://a.example" },
          nextUp: { steps: STEPS, outputs: { restApiUrl: "https://b.example" } },
          nextPreview: {
            steps: [{ op: "update", urn: URN, type: "aws:lambda/function:Function" }],
            policies: [{ policy: "lambda-arm64", level: "advisory", urn: URN, message: "prefer arm64" }],
          },
          ...extra,
        },
      },
    };
  });
}

describe("semantest-iac in-process against the fake engine", () => {
  let w: World;
  afterEach(() => w.cleanup());

  it("deploys only the named component, keeping the other's artifact", async () => {
    w = world();
    const result = await cli(w, ["deploy", "--env", "dev", "--component", "rest-api", "--json"]);
    expect(result.code).toBe(0);
    const release = JSON.parse(w.state().stacks.dev.config["semantest:release"].value);
    expect(release.artifacts).toEqual({ "rest-api": digest("rb"), websocket: digest("wa") });
    expect(result.stderr).toContain(`= websocket: keeps ${digest("wa").slice(0, 19)}…`);
    // The component config did not change, so only the release was written.
    expect(Object.keys(w.state().calls![0].config as object)).toEqual(["semantest:release"]);
  });

  it("previews online with the policy pack and prints the shared summary", async () => {
    w = world();
    const result = await cli(w, ["preview", "--env", "dev"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("update  aws:lambda/function:Function  rest-api-handler");
    expect(result.stdout).toContain("[advisory] lambda-arm64: prefer arm64");
    expect(result.stdout).toContain("Plan: +0 to create, ~1 to update, +-0 to replace, -0 to delete; policies: 0 mandatory, 1 advisory");
    // The pack with the environment's enforcement levels (advisory in dev, mandatory in production).
    expect(w.state().calls![0]).toMatchObject({ op: "preview", policyPacks: [`${PROJECT_DIR}/policy`], policyPackConfigs: [`${PROJECT_DIR}/policy/config.dev.json`] });
  });

  it("fails an online preview (exit 1) on a mandatory policy, and puts an override's config back", async () => {
    w = world({ nextPreview: { steps: [], policies: [{ policy: "no-public-storage", level: "mandatory", urn: URN, message: "blob public" }] } });
    const before = w.state().stacks.dev.config;
    const result = await cli(w, ["preview", "--env", "dev", "--component", "websocket", "--provider", "azure", "--json"]);
    expect(result.code).toBe(1);
    const document = JSON.parse(result.stdout);
    expect(document).toMatchObject({ mode: "online", policies: { violations: [{ level: "mandatory", policy: "no-public-storage" }] }, moves: [{ kind: "websocket", from: "aws", to: "azure" }] });
    expect(w.state().calls!.map((c) => c.op)).toEqual(["setAllConfig", "preview", "setAllConfig"]);
    expect(w.state().stacks.dev.config).toEqual(before);
  });

  it("rolls back, then status and history show it", async () => {
    w = world();
    expect((await cli(w, ["deploy", "--env", "dev"])).code).toBe(0);
    const rollback = await cli(w, ["rollback", "--deployment", ULID_A, "--env", "dev", "--yes"]);
    expect(rollback.code).toBe(0);
    expect(rollback.stdout).toContain("runs the config of version 1");
    const status = await cli(w, ["status", "--env", "dev"]);
    expect(status.stdout).toMatch(/^Rollback [0-9A-Z]{26} — succeeded, update v3 \(live\)/);
    expect(status.stdout).toContain(`restored:    version 1 (deployment ${ULID_A})`);
    const history = await cli(w, ["history", "--env", "dev", "--limit", "5"]);
    expect(history.stdout.split("\n").map((l) => l.split(/\s+/).slice(0, 4).join(" "))).toEqual([
      "VERSION DEPLOYMENT KIND RESULT",
      expect.stringMatching(/^v3 [0-9A-Z]{26} rollback succeeded$/),
      expect.stringMatching(/^v2 [0-9A-Z]{26} deploy succeeded$/),
      `v1 ${ULID_A} deploy succeeded`,
    ]);
  });

  it.each([
    ["a locked stack", { lockedBy: "ci" }, ["deploy", "--env", "dev"], 3, "STACK_LOCKED"],
    ["a failing update", { nextUp: { outcome: "fail", error: "boom", steps: STEPS } }, ["deploy", "--env", "dev"], 1, "UPDATE_FAILED"],
    ["an unknown stack", {}, ["history", "--env", "qa"], 2, "STACK_NOT_FOUND"],
    ["an unknown version", {}, ["rollback", "--env", "dev", "--to", "7", "--yes"], 2, "UNKNOWN_VERSION"],
    ["a rollback without confirmation", {}, ["rollback", "--env", "dev", "--to", "1"], 2, "CONFIRMATION_REQUIRED"],
    ["two rollback targets", {}, ["rollback", "--deployment", ULID_A, "--to", "1"], 2, "USAGE"],
    ["a bad --limit", {}, ["history", "--env", "dev", "--limit", "0"], 2, "USAGE"],
    ["a bad --env", {}, ["status", "--env", "../etc"], 2, "USAGE"],
    ["--graph without --offline", {}, ["preview", "--env", "dev", "--graph"], 2, "USAGE"],
    ["--config online", {}, ["preview", "--env", "dev", "--config", "Pulumi.dev.yaml"], 2, "USAGE"],
    ["--out without --graph", {}, ["preview", "--env", "dev", "--offline", "--out", "x.svg"], 2, "USAGE"],
  ])("maps %s to its exit code and error code (JSON)", async (_name, extra, argv, code, errorCode) => {
    w = world(extra as Record<string, unknown>);
    const result = await cli(w, [...(argv as string[]), "--json"]);
    expect(result.code).toBe(code);
    expect(JSON.parse(result.stdout).error.code).toBe(errorCode);
  });

  it("reports a missing Pulumi CLI and a missing login from the engine check", async () => {
    w = createWorld(() => ({ pulumi: { installed: false }, stacks: {} }));
    const missing = await cli(w, ["status", "--env", "dev"]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain("error: the Pulumi CLI is not on PATH");
    w.cleanup();
    w = createWorld(() => ({ pulumi: { loggedIn: false }, stacks: {} }));
    expect((await cli(w, ["history", "--env", "dev"])).code).toBe(3);
  });

  it("refuses a deploy of a stack with no component (exit 2)", async () => {
    w = createWorld((eventsFile) => ({ stacks: { dev: { config: stackConfig(eventsFile, {}), history: [] } } }));
    const result = await cli(w, ["deploy", "--env", "dev"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error: stack dev deploys no component");
  });

  it("prints the offline preview as a tree with the shared summary line", async () => {
    w = world();
    const result = await cli(w, ["preview", "--env", "dev", "--offline"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Offline preview of stack dev (environment dev)");
    expect(result.stdout).toMatch(/Plan: \+\d+ to create, ~0 to update, \+-0 to replace, -0 to delete; policies: \d+ mandatory, \d+ advisory/);
  });
});
