/**
 * Object mother for rollout tests: a production stack on the fake engine (adapters/engine/fake.ts)
 * that runs release A, exports `liveVersions` and `releaseAlarms`, and builds release B; plus the
 * in-process CLI (cli/main.ts `run`) with its output captured. The fake clock makes every wait
 * instant and records it; the fake gates read the alarm script of the state file.
 */
import { run } from "../../cli/main";
import type { Io } from "../../cli/output";
import { PROJECT_DIR } from "../support/pulumi-harness";
import { createWorld, digest, object, plain, update, type World } from "../cli/fake-world";
import type { FakeState } from "../../adapters/engine/fake";
import { composePorts } from "../../adapters/compose";
import { silentProgress, type Ports } from "../../application/ports";

export const RELEASE_A = { id: "01JD0000000000000000000AAA", artifacts: { "rest-api": digest("ra"), websocket: digest("wa") } };
export const BUILDS = { "rest-api": digest("rb"), websocket: digest("wb") };
export const COMPONENTS = { "rest-api": { provider: "aws" }, websocket: { provider: "azure" } };
export const ALARMS = { aws: ["rest-api-canary-errors"], azure: ["websocket-canary-5xx"] };
export const OUTPUTS = {
  restApiUrl: "https://api.example",
  webSocketUrl: "wss://ws.example",
  liveVersions: { "rest-api": "7", websocket: "websocket-app-blue" },
  releaseAlarms: ALARMS,
};
export const URN = "urn:pulumi:production::semantest-infrastructure::semantest:components:RestApi$aws:lambda/alias:Alias::rest-api-live";

export interface RolloutWorld extends World {
  /** The fake engine's calls of one kind, in order. */
  calls(op: string): Record<string, unknown>[];
  /** `semantest:release` as the stack config holds it now. */
  release(): { id: string; artifacts: Record<string, string>; traffic?: { weight: number; previous: { id: string; versions?: Record<string, string> } } };
}

export function rolloutWorld(options: { rollout?: unknown; alarms?: FakeState["alarms"]; outputs?: Record<string, unknown>; fail?: boolean; nextUps?: { outcome?: "succeed" | "fail"; error?: string }[] } = {}): RolloutWorld {
  const world = createWorld((eventsFile) => {
    const config = {
      "aws:region": plain("us-east-1"),
      "azure-native:location": plain("westeurope"),
      "semantest:environment": plain("production"),
      "semantest:components": object(COMPONENTS),
      "semantest:events": object({ sinks: [{ kind: "file", path: eventsFile }] }),
      "semantest:release": object(RELEASE_A),
      ...(options.rollout !== undefined ? { "semantest:rollout": object(options.rollout) } : {}),
    };
    return {
      builds: BUILDS,
      artifacts: [...Object.values(RELEASE_A.artifacts), ...Object.values(BUILDS)],
      ...(options.alarms ? { alarms: options.alarms } : {}),
      stacks: {
        production: {
          config,
          history: [update(1, `semantest-iac deploy ${RELEASE_A.id}`, config)],
          outputs: options.outputs ?? OUTPUTS,
          nextUp: { steps: [{ op: "update", urn: URN, type: "aws:lambda/alias:Alias" }], outputs: options.outputs ?? OUTPUTS, ...(options.fail ? { outcome: "fail", error: "AccessDenied" } : {}) },
          ...(options.nextUps ? { nextUps: options.nextUps } : {}),
        },
      },
    };
  });
  return {
    ...world,
    calls: (op) => (world.state().calls ?? []).filter((c) => c.op === op),
    release: () => JSON.parse(world.state().stacks.production.config["semantest:release"].value),
  };
}

export async function cli(w: World, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) };
  const code = await run(argv, io, PROJECT_DIR, { ...process.env, NO_COLOR: "1", ...w.env });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

/** The ports the CLI would build for this world (fake engine, fake clock, fake gates), silent. */
export function worldPorts(w: World, overrides: Partial<Ports> = {}): Ports {
  return { ...composePorts({ projectDir: PROJECT_DIR, env: { ...process.env, ...w.env }, progress: silentProgress, warn: () => undefined }), ...overrides };
}
