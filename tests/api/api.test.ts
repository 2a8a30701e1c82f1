/**
 * The programmatic API (api/index.ts) against the fake engine: each function returns the very
 * object `semantest-iac <command> --json` prints for the same world, and rejects with the error
 * the CLI reports. Two identical worlds, one driven by the CLI and one by the API; only ids differ.
 */
import * as fs from "fs";
import * as path from "path";
import * as api from "../../api";
import { run } from "../../cli/main";
import { PROJECT_DIR } from "../support/pulumi-harness";
import { createWorld, digest, object, stackConfig, STEPS, ULID_A, update, World } from "../cli/fake-world";

const COMPONENTS = { "rest-api": { provider: "aws" }, websocket: { provider: "aws" } };

function world(): World {
  return createWorld((eventsFile) => {
    const release = { id: ULID_A, artifacts: { "rest-api": digest("ra"), websocket: digest("wa") } };
    const config = stackConfig(eventsFile, COMPONENTS, { "semantest:release": object(release) });
    return {
      builds: { "rest-api": digest("rb"), websocket: digest("wb") },
      artifacts: [digest("ra"), digest("wa"), digest("rb"), digest("wb")],
      stacks: { dev: { config, history: [update(1, `semantest-iac deploy ${ULID_A}`, config)], outputs: { restApiUrl: "https://a.example" }, nextUp: { steps: STEPS, outputs: { restApiUrl: "https://b.example" } } } },
    };
  });
}

/** Ids, timestamps of new updates and temp paths differ between two runs; everything else must not. */
function normalise(value: unknown, w?: World): unknown {
  const text = JSON.stringify(value)
    .split(w?.dir ?? "\u0000")
    .join("<dir>")
    .replace(/(?!01JD0000000000000000000)\b[0-9A-HJKMNP-TV-Z]{26}\b/g, "<id>")
    .replace(/"20\d\d-\d\d-\d\dT[^"]+"/g, (stamp) => (stamp.startsWith('"2026-11-20') ? stamp : '"<time>"'));
  return JSON.parse(text);
}

async function cliJson(w: World, argv: string[]): Promise<{ code: number; json: unknown }> {
  const out: string[] = [];
  const code = await run([...argv, "--json"], { stdout: (t) => void out.push(t), stderr: () => undefined }, PROJECT_DIR, { ...process.env, NO_COLOR: "1", ...w.env });
  return { code, json: JSON.parse(out.join("\n")) };
}

describe("the programmatic API returns what the CLI prints with --json", () => {
  const worlds: World[] = [];
  const pair = () => {
    const a = world();
    const b = world();
    worlds.push(a, b);
    return { cliWorld: a, apiWorld: b, options: { projectDir: PROJECT_DIR, env: { ...process.env, ...b.env } } };
  };
  afterAll(() => worlds.forEach((w) => w.cleanup()));

  it("deploy, then status and history", async () => {
    const { cliWorld, apiWorld, options } = pair();
    const cli = await cliJson(cliWorld, ["deploy", "--env", "dev", "--component", "rest-api"]);
    const result = await api.deploy({ stack: "dev", component: "rest-api" }, options);
    expect(cli.code).toBe(0);
    expect(result.status).toBe("COMPLETED");
    expect(normalise(result, apiWorld)).toEqual(normalise(cli.json, cliWorld));

    expect(normalise(await api.status({ stack: "dev" }, options), apiWorld)).toEqual(normalise((await cliJson(cliWorld, ["status", "--env", "dev"])).json, cliWorld));
    expect(normalise(await api.history({ stack: "dev", limit: 5 }, options), apiWorld)).toEqual(normalise((await cliJson(cliWorld, ["history", "--env", "dev", "--limit", "5"])).json, cliWorld));
  });

  it("rollback (with yes: true, as the CLI's --yes)", async () => {
    const { cliWorld, apiWorld, options } = pair();
    const cli = await cliJson(cliWorld, ["rollback", "--env", "dev", "--to", "1", "--yes"]);
    const result = await api.rollback({ stack: "dev", toVersion: 1, yes: true }, options);
    expect(cli.code).toBe(0);
    expect(result.restored).toEqual({ version: 1, deploymentId: ULID_A });
    expect(normalise(result, apiWorld)).toEqual(normalise(cli.json, cliWorld));
  });

  it("destroy (with yes: true, as the CLI's --yes)", async () => {
    const { cliWorld, apiWorld, options } = pair();
    const cli = await cliJson(cliWorld, ["destroy", "--env", "dev", "--yes"]);
    const result = await api.destroy({ stack: "dev", yes: true }, options);
    expect(cli.code).toBe(0);
    expect(result).toMatchObject({ stack: "dev", status: "COMPLETED", artifacts: { kept: ["fake://artifacts"] } });
    expect(normalise(result, apiWorld)).toEqual(normalise(cli.json, cliWorld));
  });

  it("rejects with the error the CLI reports: same code, message, fix and exit code", async () => {
    const { cliWorld, options } = pair();
    const cli = await cliJson(cliWorld, ["rollback", "--env", "dev", "--to", "1"]);
    const error = await api.rollback({ stack: "dev", toVersion: 1 }, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(api.OperationError);
    expect(cli.code).toBe((error as api.OperationError).exitCode);
    expect(normalise((error as api.OperationError).toJSON(), cliWorld)).toEqual(normalise(cli.json, cliWorld));
    expect((error as api.OperationError).code).toBe("CONFIRMATION_REQUIRED");
  });

  it("previews offline without an engine: the document `preview --offline --json` prints", async () => {
    const cli = await cliJson(world(), ["preview", "--env", "dev", "--offline"]);
    const document = await api.preview({ stack: "dev", offline: true }, { projectDir: PROJECT_DIR });
    expect(document.resources.length).toBeGreaterThan(10);
    expect(normalise(document)).toEqual(normalise(cli.json));
  }, 120_000);

  it("is the package's entry point, and Pulumi still finds the program", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8"));
    expect(path.resolve(PROJECT_DIR, pkg.main)).toBe(path.join(PROJECT_DIR, "api/index.ts"));
    expect(pkg.exports["."]).toMatchObject({ types: "./api/index.ts" });
    expect(fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), "utf8")).toMatch(/^main: index\.ts$/m);
    expect(Object.keys(api).sort()).toEqual(expect.arrayContaining(["deploy", "preview", "status", "history", "rollback", "destroy", "flushEvents", "OperationError"]));
  });
});
