/**
 * `verify --env` against a stack with auth (issue 22 follow-up): the stack's auth config (from the
 * stack's config in the fake engine) says which probes need a token; the endpoints are a local
 * gateway enforcing that auth with its local issuer, on both providers. No token: protected probes
 * are skipped and the `auth` check proves the authorizer refuses anonymous calls; a valid token
 * (SEMANTEST_VERIFY_TOKEN): every probe passes; a refused token (--token): 401 reported with the
 * reason. The token never appears in what verify prints.
 */
import { run } from "../../cli/main";
import type { Io } from "../../cli/output";
import { Environment, parseComponentSettings, type RestApiSettings, type WebSocketSettings } from "../../domain";
import { startGateway, type Gateway } from "../../runtime/local/gateway";
import { createLog } from "../../runtime/local/log";
import { createWorld, object, stackConfig, type World } from "../cli/fake-world";
import { PROJECT_DIR } from "../local/support";

jest.setTimeout(180_000);

const AUDIENCE = "api://semantest";
const STACK_ISSUER = "https://login.example.com/tenant/v2.0";
const restAuth = { issuer: STACK_ISSUER, audiences: [AUDIENCE], routes: { "GET /health": "public", "POST /events": { scopes: ["events:write"] } } };
const wsAuth = { issuer: STACK_ISSUER, audiences: [AUDIENCE] };

interface Report {
  ok: boolean;
  checks: { name: string; status: string; detail: string }[];
}

function components(provider: "aws" | "azure") {
  const parse = (kind: "rest-api" | "websocket", auth: unknown) => {
    const parsed = parseComponentSettings(kind, { provider, auth }, Environment.of("dev"), `semantest:components.${kind}`);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    return parsed.value;
  };
  return { restApi: parse("rest-api", restAuth) as RestApiSettings, websocket: parse("websocket", wsAuth) as WebSocketSettings };
}

async function cli(env: NodeJS.ProcessEnv, argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) };
  const { SEMANTEST_VERIFY_TOKEN: _ignored, ...base } = process.env;
  const code = await run(argv, io, PROJECT_DIR, { ...base, NO_COLOR: "1", ...env });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

const status = (report: Report, name: string) => report.checks.find((c) => c.name === name);

describe.each(["aws", "azure"] as const)("verify --env on a stack with auth, local gateway on %s", (provider) => {
  let gateway: Gateway;
  let world: World;
  beforeAll(async () => {
    gateway = await startGateway({ provider, port: 0, projectDir: PROJECT_DIR, components: components(provider), log: createLog(() => undefined, { color: false, quietFunctions: true }) });
    const outputs =
      provider === "aws"
        ? { restApiUrl: gateway.restUrl, webSocketUrl: gateway.host.page.webSocketUrl }
        : { restApiUrl: gateway.restUrl, webSocketUrl: `${gateway.webSocketServerUrl.replace("http", "ws")}/client/hubs/semantest`, webSocketNegotiateUrl: `${gateway.webSocketServerUrl}/negotiate` };
    world = createWorld((eventsFile) => ({
      stacks: { production: { config: stackConfig(eventsFile, { "rest-api": { provider, auth: restAuth }, websocket: { provider, auth: wsAuth } }), history: [], outputs } },
    }));
  });
  afterAll(async () => {
    world?.cleanup();
    await gateway?.close();
  });

  it("without a token: public probes pass, protected ones are skipped (not failed), and the authorizers refuse anonymous calls with 401", async () => {
    const result = await cli(world.env, ["verify", "--env", "production"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("auth: no token, protected probes are skipped; set SEMANTEST_VERIFY_TOKEN");
    const json = await cli(world.env, ["verify", "--env", "production", "--json"]);
    const report = JSON.parse(json.stdout) as Report;
    expect(report.checks.map((c) => c.name)).toEqual(["health", "auth", "rest-round-trip", "cors-preflight", "websocket-connect", "websocket-subscribe-publish", "dispatch-push", "websocket-refusal", "limits"]);
    expect(status(report, "health")).toMatchObject({ status: "pass" });
    expect(status(report, "auth")).toMatchObject({ status: "pass", detail: "POST /events without a token: 401" });
    expect(status(report, "rest-round-trip")).toMatchObject({ status: "skip", detail: expect.stringContaining("POST /events needs a token (the stack's auth protects it): pass a token from the stack's issuer in SEMANTEST_VERIFY_TOKEN") });
    expect(status(report, "cors-preflight")).toMatchObject({ status: "pass" });
    for (const name of ["websocket-connect", "websocket-subscribe-publish", "dispatch-push", "limits"]) expect(status(report, name)).toMatchObject({ status: "skip", detail: expect.stringContaining("the WebSocket needs a token") });
    expect(status(report, "websocket-refusal")).toMatchObject({ status: "pass", detail: expect.stringContaining(provider === "aws" ? "no token: 401" : "negotiate without a token: 401") });
    expect(report.ok).toBe(true);
  });

  it("with a valid token in SEMANTEST_VERIFY_TOKEN: every probe passes, a forged token is refused, and the token is printed nowhere", async () => {
    const token = await gateway.issuer!.issue({ subject: "ci-verify", scopes: ["events:write"] });
    for (const argv of [["verify", "--env", "production"], ["verify", "--env", "production", "--json"]]) {
      const result = await cli({ ...world.env, SEMANTEST_VERIFY_TOKEN: token }, argv);
      expect(result.stdout + result.stderr).not.toContain(token);
      expect(result.stdout + result.stderr).not.toContain(token.split(".")[2]!);
      expect(result.code).toBe(0);
      if (argv.includes("--json")) {
        const report = JSON.parse(result.stdout) as Report;
        for (const check of report.checks) {
          if (check.name === "dispatch-push" && check.status === "skip") expect(check.detail).toMatch(/404|PUSH_UNAVAILABLE/);
          else expect(check).toMatchObject({ status: "pass" });
        }
        expect(status(report, "auth")?.detail).toBe("POST /events without a token: 401; with a forged token: 401");
      } else expect(result.stdout).toContain("(auth: with a token)");
    }
  });

  it("with a refused token (another audience, or expired) via --token: exit 1, 401 and the reason reported, the token printed nowhere", async () => {
    for (const token of [await gateway.issuer!.issue({ audience: "api://other", scopes: ["events:write"] }), await gateway.issuer!.issue({ scopes: ["events:write"], expiresInSeconds: -120 })]) {
      const result = await cli(world.env, ["verify", "--env", "production", "--json", "--token", token]);
      expect(result.stdout + result.stderr).not.toContain(token);
      expect(result.code).toBe(1);
      const report = JSON.parse(result.stdout) as Report;
      expect(status(report, "rest-round-trip")).toMatchObject({ status: "fail", detail: expect.stringMatching(/^POST \/events refused the token: 401 \(www-authenticate: Bearer error="invalid_token".*\); check the token's issuer, audience/) });
      const ws = status(report, "websocket-connect")!;
      expect(ws.status).toBe("fail");
      expect(ws.detail).toMatch(provider === "aws" ? /refused: 401 .*the \$connect authorizer refused the token/ : /negotiate \(.*\) refused the token: 401/);
    }
  });

  it("a token without the route's scope is reported as 403 with the scope advice", async () => {
    const token = await gateway.issuer!.issue({ scopes: ["read"] });
    const result = await cli({ ...world.env, SEMANTEST_VERIFY_TOKEN: `Bearer ${token}` }, ["verify", "--env", "production", "--json"]);
    expect(result.stdout + result.stderr).not.toContain(token);
    expect(result.code).toBe(1);
    expect(status(JSON.parse(result.stdout) as Report, "rest-round-trip")).toMatchObject({ status: "fail", detail: expect.stringContaining("refused the token: 403") });
    expect(status(JSON.parse(result.stdout) as Report, "rest-round-trip")?.detail).toContain("lacks the route's scopes");
  });
});

describe("verify's token flags", () => {
  let world: World;
  beforeAll(() => {
    world = createWorld((eventsFile) => ({ stacks: { production: { config: stackConfig(eventsFile, { "rest-api": { provider: "aws", auth: restAuth } }, { "semantest:x": object(1) }), history: [], outputs: {} } } }));
  });
  afterAll(() => world.cleanup());

  it("refuses a value that is not a JWT with exit 2, naming the source and never quoting the value", async () => {
    for (const [env, argv, source] of [
      [{}, ["--token", "secret-value-not-a-jwt"], "--token"],
      [{ SEMANTEST_VERIFY_TOKEN: "secret value.with spaces.x" }, [], "SEMANTEST_VERIFY_TOKEN"],
    ] as const) {
      const result = await cli({ ...world.env, ...env }, ["verify", "--env", "production", ...argv]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`${source} is not a JWT`);
      expect(result.stdout + result.stderr).not.toMatch(/secret/);
    }
  });

  it("refuses --token with --local (the local gateway has its own issuer) and ignores the environment's token there", async () => {
    const flag = await cli(world.env, ["verify", "--local", "--token", "a.b.c"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("--token applies to --env only");
    expect(flag.stderr).not.toContain("a.b.c");
  });
});
