/** Installs the fake `pulumi` (tests/cli/fake-pulumi/pulumi.js) as `<root>/bin/pulumi`, with its world file. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export interface FakePulumi {
  readonly root: string;
  readonly bin: string;
  readonly worldFile: string;
  readonly env: Record<string, string>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the world is free-form JSON the tests poke at
  world(): Record<string, any>;
  cleanup(): void;
}

export function installFakePulumi(world: Record<string, unknown>): FakePulumi {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "fake-pulumi-"));
  const bin = path.join(root, "bin");
  fs.mkdirSync(bin);
  const script = path.join(bin, "pulumi");
  fs.writeFileSync(script, `#!/bin/sh\nexec "${process.execPath}" "${path.join(__dirname, "pulumi.js")}" "$@"\n`);
  fs.chmodSync(script, 0o755);
  const worldFile = path.join(root, "world.json");
  fs.writeFileSync(worldFile, JSON.stringify(world, null, 2));
  return {
    root,
    bin,
    worldFile,
    env: { FAKE_PULUMI_WORLD: worldFile, PULUMI_SKIP_UPDATE_CHECK: "true" },
    world: () => JSON.parse(fs.readFileSync(worldFile, "utf8")),
    cleanup: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}
