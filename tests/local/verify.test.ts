/**
 * `semantest-iac verify` (issue 19): the contract suite against the local gateway of each provider
 * (the real CLI process, which starts and stops the gateway), and `verify --env` through the fake
 * engine whose stack outputs point at a running local gateway.
 */
import { spawn } from "child_process";
import { run } from "../../cli/main";
import type { Io } from "../../cli/output";
import { startGateway, type Gateway } from "../../runtime/local/gateway";
import { createLog } from "../../runtime/local/log";
import { createWorld, object, stackConfig, type World } from "../cli/fake-world";
import { BIN, PROJECT_DIR } from "./support";

jest.setTimeout(180_000);

const CHECKS = ["health", "rest-round-trip", "cors-preflight", "websocket-connect", "websocket-subscribe-publish", "dispatch-push", "websocket-refusal", "limits"];

interface Report {
  ok: boolean;
  summary: { passed: number; failed: number; skipped: number };
  checks: { name: string; status: string; detail: string }[];
}

function cliProcess(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: PROJECT_DIR, env: { ...process.env, NO_COLOR: "1" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

async function cli(env: NodeJS.ProcessEnv, argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) };
  const code = await run(argv, io, PROJECT_DIR, { ...process.env, NO_COLOR: "1", ...env });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

/** Every check passes, except dispatch-push, which may be skipped (see below). */
function expectVerified(report: Report): void {
  expect(report.checks.map((c) => c.name)).toEqual(CHECKS);
  for (const check of report.checks) {
    // Skipped only while the app has no dispatch route (404) or no push wiring here (503 PUSH_UNAVAILABLE).
    if (check.name === "dispatch-push" && check.status === "skip") expect(check.detail).toMatch(/404|PUSH_UNAVAILABLE/);
    else expect({ name: check.name, status: check.status, detail: check.detail }).toMatchObject({ status: "pass" });
  }
  expect(report.ok).toBe(true);
}

describe.each(["aws", "azure"] as const)("semantest-iac verify --local --provider %s", (provider) => {
  it("starts the gateway, passes the contract suite, stops the gateway, exits 0", async () => {
    const result = await cliProcess(["verify", "--local", "--provider", provider, "--json"]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expectVerified(report);
  });
});

describe("semantest-iac verify --env (fake engine, outputs pointing at a local gateway)", () => {
  const gateways: Partial<Record<"aws" | "azure", Gateway>> = {};
  let world: World | undefined;
  beforeAll(async () => {
    for (const provider of ["aws", "azure"] as const) gateways[provider] = await startGateway({ provider, port: 0, projectDir: PROJECT_DIR, log: createLog(() => undefined, { color: false }) });
  });
  afterEach(() => world?.cleanup());
  afterAll(async () => {
    for (const gateway of Object.values(gateways)) await gateway?.close();
  });
  const stackWith = (outputs: Record<string, unknown>) =>
    createWorld((eventsFile) => ({ stacks: { staging: { config: stackConfig(eventsFile, { "rest-api": { provider: "aws" }, websocket: { provider: "aws" } }, { "semantest:x": object(1) }), history: [], outputs } } }));

  it("reads restApiUrl and webSocketUrl from the stack outputs (API Gateway) and prints each check", async () => {
    const g = gateways.aws!;
    world = stackWith({ restApiUrl: g.restUrl, webSocketUrl: g.host.page.webSocketUrl });
    const result = await cli(world.env, ["verify", "--env", "staging"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    for (const check of CHECKS) expect(result.stdout).toMatch(new RegExp(`(PASS|SKIP)  ${check} `));
    expect(result.stdout).toContain(`against stack staging (${g.restUrl})`);
  });

  it("negotiates on a Web PubSub stack through its webSocketNegotiateUrl output", async () => {
    const g = gateways.azure!;
    world = stackWith({ restApiUrl: g.restUrl, webSocketUrl: `${g.webSocketServerUrl.replace("http", "ws")}/client/hubs/semantest`, webSocketNegotiateUrl: `${g.webSocketServerUrl}/negotiate` });
    const result = await cli(world.env, ["verify", "--env", "staging", "--json"]);
    expect(result.code).toBe(0);
    expectVerified(JSON.parse(result.stdout) as Report);
  });

  it("exits 1 and says which checks failed when the endpoints do not keep the contract", async () => {
    const g = gateways.aws!;
    world = stackWith({ restApiUrl: `${g.restUrl}/nowhere`, webSocketUrl: g.host.page.webSocketUrl });
    const result = await cli(world.env, ["verify", "--env", "staging", "--json"]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.name === "health")).toMatchObject({ status: "fail", detail: expect.stringContaining("404") });
    expect(report.checks.find((c) => c.name === "websocket-connect")).toMatchObject({ status: "pass" }); // one failure never stops the others
  });

  it("exits 2 naming the output when the stack has no endpoints, and on bad flags", async () => {
    world = stackWith({});
    const missing = await cli(world.env, ["verify", "--env", "staging"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("restApiUrl");
    expect((await cli(world.env, ["verify"])).code).toBe(2);
    const provider = await cli(world.env, ["verify", "--env", "staging", "--provider", "aws"]);
    expect(provider.code).toBe(2);
    expect(provider.stderr).toContain("--provider applies to --local only");
    const origin = await cli(world.env, ["verify", "--local", "--origin", "not an origin"]);
    expect(origin.code).toBe(2);
    expect(origin.stderr).toContain('--origin "not an origin"');
  });
});
