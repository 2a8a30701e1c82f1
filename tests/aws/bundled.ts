/** Builds an AWS artifact exactly as the program does, unzips it, and loads the bundled handler. */
import * as path from "path";
import { awsArtifactSpec } from "../../artifacts/aws";
import { buildArtifact, type BuiltArtifact } from "../../artifacts/build";
import type { ComponentKind } from "../../domain";
import { PROJECT_DIR } from "../support/pulumi-harness";
import { unzipTo } from "../artifacts/unzip";

export interface Bundled<H> {
  readonly artifact: BuiltArtifact;
  readonly dir: string;
  readonly handler: H;
}

/**
 * `entry` is the user's app module (settings.entry), relative to the project; absent = the reference
 * app. The handler reads its environment (table, endpoints, credentials) when loaded and on each
 * call, so set `process.env` first (see withEnv) and keep it until the test file ends.
 */
export async function loadBundledHandler<H>(kind: ComponentKind, entry?: string): Promise<Bundled<H>> {
  const artifact = await buildArtifact(awsArtifactSpec({ kind, entry } as Parameters<typeof awsArtifactSpec>[0], PROJECT_DIR));
  // Unzipped under the project so `require("@aws-sdk/...")` resolves like the Lambda runtime's own SDK.
  const dir = await unzipTo(artifact.path, path.join(PROJECT_DIR, ".semantest", "test-unzip"));
  let handler: H | undefined;
  jest.isolateModules(() => {
    handler = (require(path.join(dir, "index.js")) as { handler: H }).handler;
  });
  return { artifact, dir, handler: handler! };
}

/** Sets variables; returns a function that puts the previous values back. */
export function withEnv(env: Record<string, string>): () => void {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  return () => {
    for (const [key, value] of Object.entries(saved)) if (value === undefined) delete process.env[key]; else process.env[key] = value;
  };
}
