/**
 * The committed production stack's auth carries Semantest's placeholder issuer and audience
 * (issue 22 follow-up): `preview --offline` warns, naming each key, and still passes (exit 0);
 * `doctor` fails its "Auth issuer and audiences" check, naming each key. With real values: no
 * warning, the check passes; without auth, it is not listed.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import fc from "fast-check";
import { webUrl } from "../support/arbitraries";
import { parse, stringify } from "yaml";
import { authPlaceholderChecks } from "../../application/doctor/auth-placeholders";
import { checkStack } from "../../application/doctor/check-stack";
import { processContext } from "../../cli/context";
import { run } from "../../cli/main";
import type { Io } from "../../cli/output";
import { AUTH_PLACEHOLDERS, authPlaceholders } from "../../domain";
import { PROJECT_DIR } from "../support/pulumi-harness";

jest.setTimeout(180_000);

const KEYS = ["semantest:components.rest-api.auth.issuer", "semantest:components.rest-api.auth.audiences[0]", "semantest:components.websocket.auth.issuer", "semantest:components.websocket.auth.audiences[0]"];
const REAL = { issuer: "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0", audiences: ["api://semantest-prod"] };

let tmp: string;
let realFile: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "semantest-gaps-"));
  const stack = parse(fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.production.yaml"), "utf8")) as { config: Record<string, Record<string, { auth?: Record<string, unknown> }>> };
  for (const component of Object.values(stack.config["semantest:components"]!)) if (component.auth) Object.assign(component.auth, REAL);
  realFile = path.join(tmp, "Pulumi.production.yaml");
  fs.writeFileSync(realFile, stringify(stack));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function cli(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) };
  const code = await run(argv, io, PROJECT_DIR, { ...process.env, NO_COLOR: "1" });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

describe("preview --env production --offline", () => {
  it("warns naming each placeholder key, and still exits 0", async () => {
    const result = await cli(["preview", "--env", "production", "--offline"]);
    expect(result.code).toBe(0);
    const warning = result.stderr.split("\n").find((line) => line.startsWith("warning: "));
    expect(warning).toBeDefined();
    for (const key of KEYS) expect(warning).toContain(key);
    expect(warning).toContain("Semantest's placeholders, not your identity provider's");
  });

  it("says nothing once the stack names a real issuer and audience", async () => {
    const result = await cli(["preview", "--env", "production", "--offline", "--config", realFile]);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain("placeholder");
  });
});

describe("doctor's auth check", () => {
  const probes = { open: () => ({ pulumi: { version: async () => "v3.200.0", whoami: async () => ({ user: "ada" }) } }) };
  const doctor = (configFile?: string) => checkStack({ ...processContext({ stdout: () => undefined, stderr: () => undefined }, PROJECT_DIR, () => undefined).ports(true), accountProbes: probes }, { stack: "production", configFile });

  it("fails on the committed production stack, naming each key, and the report is not ok", async () => {
    const report = await doctor();
    const check = report.checks.find((c) => c.id === "auth-issuer")!;
    expect(check.status).toBe("fail");
    for (const key of KEYS) expect(check.detail).toContain(key);
    expect(check.fix).toContain("replace semantest:components.rest-api.auth.issuer");
    expect(report.ok).toBe(false);
  });

  it("passes with real values, and is not listed for a stack without auth", async () => {
    expect((await doctor(realFile)).checks.find((c) => c.id === "auth-issuer")).toMatchObject({ status: "pass", detail: "rest-api, websocket: not the placeholders" });
    expect(authPlaceholderChecks({ components: [] })).toEqual([]);
  });
});

describe("authPlaceholders (domain)", () => {
  it("flags exactly the placeholder values, each under its key (seeded property)", () => {
    const https = webUrl({ validSchemes: ["https"] });
    fc.assert(
      fc.property(fc.oneof(https, fc.constant(AUTH_PLACEHOLDERS.issuer)), fc.array(fc.oneof(fc.string({ minLength: 1, maxLength: 30 }), fc.constant(AUTH_PLACEHOLDERS.audience)), { minLength: 1, maxLength: 5 }), (issuer, audiences) => {
        const found = authPlaceholders([{ kind: "rest-api", auth: { issuer, audiences } }]);
        const expected = [
          ...(issuer === AUTH_PLACEHOLDERS.issuer ? ["semantest:components.rest-api.auth.issuer"] : []),
          ...audiences.flatMap((a, i) => (a === AUTH_PLACEHOLDERS.audience ? [`semantest:components.rest-api.auth.audiences[${i}]`] : [])),
        ];
        expect(found.map((f) => f.key)).toEqual(expected);
      }),
      { seed: 2204, numRuns: 300 },
    );
  });
});
