/**
 * Live progress on a terminal: the binary runs under `script` (util-linux), which gives it a
 * pseudo-terminal, so listr2 draws; NO_COLOR removes the colours but keeps the live display.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { BIN } from "../support/cli";
import { createWorld, digest, stackConfig, STEPS, World } from "./fake-world";

const hasScript = fs.existsSync("/usr/bin/script");
const COLOR = /\u001b\[3\dm/;

function runOnTerminal(w: World, noColor: boolean, args = "deploy --env dev", input?: string): string {
  const env: NodeJS.ProcessEnv = { ...process.env, ...w.env, TERM: "xterm" };
  delete env.NO_COLOR;
  delete env.CI;
  if (noColor) env.NO_COLOR = "1";
  else env.FORCE_COLOR = "1";
  const command = `stty cols 120; "${process.execPath}" "${BIN}" ${args}`;
  const result = spawnSync("/usr/bin/script", ["-qec", command, "/dev/null"], { cwd: path.resolve(__dirname, "../.."), env, encoding: "utf8", input });
  expect(result.status).toBe(0);
  return result.stdout;
}

(hasScript ? describe : describe.skip)("deploy on a terminal (pseudo-terminal via script)", () => {
  let w: World;
  beforeEach(() => {
    w = createWorld((eventsFile) => ({
      builds: { "rest-api": digest("r"), websocket: digest("w") },
      stacks: { dev: { config: stackConfig(eventsFile, { "rest-api": { provider: "aws" } }), history: [], nextUp: { steps: STEPS, outputs: { restApiUrl: "https://x" } } } },
    }));
  });
  afterEach(() => w.cleanup());

  it("draws listr2's task list (ticks per step) instead of plain lines", () => {
    const screen = runOnTerminal(w, false);
    expect(screen).toMatch(/✔.*Build artifacts/);
    expect(screen).toMatch(/✔.*Deploy [0-9A-Z]{26} to dev/);
    expect(screen).not.toContain("• Build artifacts"); // the plain-line format
    expect(screen).toMatch(COLOR);
  });

  it("asks before moving a component to another cloud, and goes ahead on y", () => {
    const screen = runOnTerminal(w, true, "deploy --env dev --component rest-api --provider azure", "y\n");
    expect(screen).toContain("Moving rest-api from aws to azure replaces its endpoint (a new URL). Continue? [y/N]");
    expect(screen).toMatch(/Deployment [0-9A-Z]{26} completed on stack dev/);
    expect(JSON.parse(w.state().stacks.dev.config["semantest:components"].value)).toEqual({ "rest-api": { provider: "azure" } });
  });

  it("respects NO_COLOR", () => {
    const screen = runOnTerminal(w, true);
    expect(screen).toMatch(/✔ Deploy [0-9A-Z]{26} to dev/);
    expect(screen).not.toMatch(COLOR);
  });
});
