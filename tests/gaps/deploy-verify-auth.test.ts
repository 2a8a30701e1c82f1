/**
 * `deploy --verify` on a stack with auth: the suite learns the stack's auth from the deployed
 * configuration and takes its token from SEMANTEST_VERIFY_TOKEN (the CI job's secret). The
 * endpoints are a local API Gateway emulation enforcing that auth with its local issuer. The token
 * is in neither the output nor the deployment events.
 */
import * as fs from "fs";
import * as path from "path";
import { Environment, parseComponentSettings, type RestApiSettings, type WebSocketSettings } from "../../domain";
import { startGateway, type Gateway } from "../../runtime/local/gateway";
import { createLog } from "../../runtime/local/log";
import { runCli } from "../support/cli";
import { createWorld, digest, stackConfig, STEPS, type World } from "../cli/fake-world";

jest.setTimeout(180_000);

const PROJECT_DIR = path.resolve(__dirname, "../..");
const BUILDS = { "rest-api": digest("rest-api-v2"), websocket: digest("websocket-v2") };
const restAuth = { issuer: "https://login.example.com/tenant/v2.0", audiences: ["api://semantest"], routes: { "GET /health": "public" } };
const wsAuth = { issuer: "https://login.example.com/tenant/v2.0", audiences: ["api://semantest"] };

interface VerifyJson {
  ok: boolean;
  checks: { name: string; status: string; detail: string }[];
}

describe("deploy --verify on a stack with auth (fake engine, local gateway with its issuer)", () => {
  let gateway: Gateway;
  let w: World | undefined;
  beforeAll(async () => {
    const parse = (kind: "rest-api" | "websocket", auth: unknown) => {
      const parsed = parseComponentSettings(kind, { provider: "aws", auth }, Environment.of("dev"), `semantest:components.${kind}`);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
      return parsed.value;
    };
    gateway = await startGateway({ provider: "aws", port: 0, projectDir: PROJECT_DIR, components: { restApi: parse("rest-api", restAuth) as RestApiSettings, websocket: parse("websocket", wsAuth) as WebSocketSettings }, log: createLog(() => undefined, { color: false, quietFunctions: true }) });
  });
  afterEach(() => w?.cleanup());
  afterAll(async () => gateway?.close());

  const deploy = (env: Record<string, string>) => {
    w = createWorld((eventsFile) => ({
      builds: BUILDS,
      stacks: { dev: { config: stackConfig(eventsFile, { "rest-api": { provider: "aws", auth: restAuth }, websocket: { provider: "aws", auth: wsAuth } }), history: [], nextUp: { steps: STEPS, outputs: { restApiUrl: gateway.restUrl, webSocketUrl: gateway.host.page.webSocketUrl } } } },
    }));
    return runCli(["deploy", "--env", "dev", "--verify", "--json"], { env: { ...w.env, ...env } });
  };

  it("with the token: every check passes, and the token is in neither the output nor the events", async () => {
    const token = await gateway.issuer!.issue({ subject: "ci-deploy" });
    const result = await deploy({ SEMANTEST_VERIFY_TOKEN: token });
    expect(result.stdout + result.stderr).not.toContain(token);
    expect(fs.readFileSync(w!.eventsFile, "utf8")).not.toContain(token);
    expect(result.code).toBe(0);
    const verify = (JSON.parse(result.stdout) as { verify: VerifyJson }).verify;
    expect(verify.checks.find((c) => c.name === "auth")).toMatchObject({ status: "pass", detail: "POST /events without a token: 401; with a forged token: 401" });
    for (const check of verify.checks) if (!(check.name === "dispatch-push" && check.status === "skip")) expect(check).toMatchObject({ status: "pass" });
  });

  it("without the token: protected checks are skipped (the deployment verifies what it can) and exit 0", async () => {
    const result = await deploy({ SEMANTEST_VERIFY_TOKEN: "" });
    expect(result.code).toBe(0);
    const verify = (JSON.parse(result.stdout) as { verify: VerifyJson }).verify;
    expect(verify.ok).toBe(true);
    expect(verify.checks.find((c) => c.name === "rest-round-trip")).toMatchObject({ status: "skip", detail: expect.stringContaining("needs a token") });
    expect(verify.checks.find((c) => c.name === "websocket-refusal")).toMatchObject({ status: "pass", detail: "no token: 401; the subprotocol probe needs a token (not run)" });
  });

  it("a malformed SEMANTEST_VERIFY_TOKEN stops deploy before anything runs, without quoting it", async () => {
    const result = await deploy({ SEMANTEST_VERIFY_TOKEN: "hunter2" });
    expect(result.code).toBe(2);
    // --json: the error is the JSON document on stdout.
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: "USAGE", message: expect.stringContaining("SEMANTEST_VERIFY_TOKEN is not a JWT") } });
    expect(result.stdout + result.stderr).not.toContain("hunter2");
    expect(w!.state().stacks.dev.history).toHaveLength(0);
  });
});
