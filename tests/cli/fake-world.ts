/**
 * Object mother for the fake engine's state file (adapters/engine/fake.ts): a temp directory with the
 * state JSON and an events file, and helpers to read back what the CLI did.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { ConfigEntry } from "../../application/ports/engine";
import type { FakeState, FakeStackState, FakeUpdateJson } from "../../adapters/engine/fake";

export const digest = (seed: string): string => `sha256:${Buffer.from(seed.padEnd(32, "0")).toString("hex").slice(0, 64)}`;
export const ULID_A = "01JD0000000000000000000AAA";
export const ULID_B = "01JD0000000000000000000BBB";

export const plain = (value: string): ConfigEntry => ({ value, secret: false });
export const object = (value: unknown): ConfigEntry => ({ value: JSON.stringify(value), secret: false, object: true });

export interface World {
  readonly dir: string;
  readonly stateFile: string;
  readonly eventsFile: string;
  readonly env: NodeJS.ProcessEnv;
  state(): FakeState;
  events(): { id: string; type: string; correlationId: string; causationId: string | null; aggregateId: string; payload: Record<string, unknown> }[];
  cleanup(): void;
}

export function stackConfig(eventsFile: string, components: Record<string, unknown>, extra: Record<string, ConfigEntry> = {}): Record<string, ConfigEntry> {
  return {
    "aws:region": plain("us-east-1"),
    "azure-native:location": plain("westeurope"),
    "semantest:environment": plain("dev"),
    "semantest:components": object(components),
    "semantest:events": object({ sinks: [{ kind: "file", path: eventsFile }] }),
    ...extra,
  };
}

export function update(version: number, message: string, config: Record<string, ConfigEntry>, result: FakeUpdateJson["result"] = "succeeded"): FakeUpdateJson {
  const start = new Date(Date.UTC(2026, 10, 20, 10, version, 0));
  return {
    version,
    kind: "update",
    startTime: start.toISOString(),
    endTime: new Date(start.getTime() + 42_000).toISOString(),
    result,
    message,
    environment: { "git.head": `c0ffee${version}`.padEnd(40, "0"), "git.author": "Ada Lovelace", "exec.kind": "auto.local" },
    config,
    resourceChanges: { update: 2, same: 30 },
  };
}

export function createWorld(build: (eventsFile: string) => Omit<FakeState, "stacks"> & { stacks: Record<string, FakeStackState> }): World {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "semantest-cli-"));
  const stateFile = path.join(dir, "fake-state.json");
  const eventsFile = path.join(dir, "events.jsonl");
  fs.writeFileSync(stateFile, JSON.stringify(build(eventsFile), null, 2));
  return {
    dir,
    stateFile,
    eventsFile,
    env: { SEMANTEST_IAC_ENGINE: "fake", SEMANTEST_IAC_FAKE_STATE: stateFile },
    state: () => JSON.parse(fs.readFileSync(stateFile, "utf8")) as FakeState,
    events: () => (fs.existsSync(eventsFile) ? fs.readFileSync(eventsFile, "utf8").trim().split("\n").filter(Boolean).map((line) => JSON.parse(line)) : []),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

export const STEPS = [
  { op: "update" as const, urn: "urn:pulumi:dev::semantest-infrastructure::semantest:components:RestApi$aws:lambda/function:Function::rest-api-handler", type: "aws:lambda/function:Function" },
  { op: "update" as const, urn: "urn:pulumi:dev::semantest-infrastructure::semantest:components:RestApi$aws:s3/bucketObjectv2:BucketObjectv2::rest-api-code", type: "aws:s3/bucketObjectv2:BucketObjectv2" },
];
