/**
 * `dev --env <env>` with `secure:` variables: their plaintext comes from the git-ignored
 * `.semantest/secrets.<env>.json` (never from the encrypted stack file), every problem is one
 * usage error that names the file and the variable but never a value, and the value reaches the
 * function. Also: the folders `dev --env` watches for the user's own code.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import fc from "fast-check";
import { entryFolders, localSecretsFile, parseSecretsFile, withLocalSecrets } from "../../cli/commands/dev-secrets";
import { stackComponents, type StackReader } from "../../cli/commands/dev";
import { startGateway } from "../../runtime/local/gateway";
import { createLog } from "../../runtime/local/log";
import { PROJECT_DIR } from "./support";

// The gateway builds the REST artifact: long on a loaded machine.
jest.setTimeout(300_000);

const stack =
  (components: unknown): StackReader =>
  () => ({ "aws:region": "us-east-1", "azure-native:location": "westeurope", "semantest:environment": "dev", "semantest:components": components });
const withSecret = (provider: "aws" | "azure") => stackComponents("x", stack({ "rest-api": { provider, variables: { GIT_COMMIT: { secure: "v1:AAAAciphertext" }, PLAIN: "p" } }, websocket: { provider } })).components;

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "dev-secrets-"))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
const write = (value: unknown) => {
  const file = path.join(dir, "secrets.x.json");
  fs.writeFileSync(file, typeof value === "string" ? value : JSON.stringify(value));
  return file;
};

describe("the local secrets file", () => {
  it("lives in the git-ignored .semantest folder", () => {
    expect(localSecretsFile("/p", "staging")).toBe(path.join("/p", ".semantest", "secrets.staging.json"));
    expect(fs.readFileSync(path.join(PROJECT_DIR, ".gitignore"), "utf8").split("\n")).toContain(".semantest/");
  });

  it("never throws on any text, and never repeats a value in a problem", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify({ "rest-api": { K: v } }))), (text) => {
        const parsed = parseSecretsFile(text, "f.json");
        if (!parsed.ok) {
          expect(parsed.problems.length).toBeGreaterThan(0);
          for (const p of parsed.problems) expect(p.startsWith("f.json: ")).toBe(true);
        }
      }),
      { seed: 11, numRuns: 400 },
    );
    const secret = "hunter2-very-secret";
    const parsed = parseSecretsFile(JSON.stringify({ "rest-api": { A: [secret], B: 42 }, web: { C: secret } }), "f.json");
    expect(parsed).toEqual({ ok: false, problems: ['f.json: rest-api.A is a list; allowed: a string', "f.json: rest-api.B is a number; allowed: a string", 'f.json: "web" is not a component; allowed: rest-api, websocket'] });
    expect(JSON.stringify(parsed)).not.toContain(secret);
  });

  it("a stack without secure variables reads no file", () => {
    const { components } = stackComponents("x", stack({ "rest-api": { provider: "aws" }, websocket: { provider: "aws" } }));
    expect(withLocalSecrets(components, "x", path.join(dir, "absent.json"))).toBe(components);
  });

  it.each([
    ["no file", () => path.join(dir, "absent.json"), /Pulumi\.x\.yaml has secure variables \(rest-api\.GIT_COMMIT\) and .*absent\.json does not exist/],
    ["not JSON", () => write("{"), /not JSON/],
    ["a missing value", () => write({ "rest-api": {} }), /rest-api\.GIT_COMMIT is missing/],
    ["a name the stack does not declare", () => write({ "rest-api": { GIT_COMMIT: "c", GIT_COMIT: "typo" } }), /rest-api\.GIT_COMIT is not a secure variable of rest-api in Pulumi\.x\.yaml \(allowed: GIT_COMMIT\)/],
  ])("%s: a usage error (exit 2) that says which file to write", (_label, file, message) => {
    const target = file();
    let caught: unknown;
    try {
      withLocalSecrets(withSecret("aws"), "x", target);
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: "LOCAL_SECRETS", exitCode: 2, message: expect.stringMatching(message), fix: expect.stringContaining(`create ${target} (git-ignored) with the plaintext values, e.g. {"rest-api":{"GIT_COMMIT":"<plaintext>"}}`) });
  });

  it("adds each secure variable's plaintext to the component's variables, plain ones kept", () => {
    const components = withLocalSecrets(withSecret("azure"), "x", write({ "rest-api": { GIT_COMMIT: "local-commit" } }));
    expect(components.restApi.variables).toEqual({ PLAIN: "p", GIT_COMMIT: "local-commit" });
    expect(components.websocket.variables).toEqual({});
  });

  it("the value reaches the function: /version reports the local plaintext of a secure GIT_COMMIT", async () => {
    const components = withLocalSecrets(withSecret("aws"), "x", write({ "rest-api": { GIT_COMMIT: "from-the-secrets-file" } }));
    const gateway = await startGateway({ provider: "aws", port: 0, projectDir: PROJECT_DIR, components, log: createLog(() => undefined) });
    try {
      const res = await fetch(`${gateway.restUrl}/version`);
      expect(await res.json()).toMatchObject({ commit: "from-the-secrets-file" });
    } finally {
      await gateway.close();
    }
  });
});

describe("the folders dev --env watches", () => {
  it("each entry's package (nearest package.json inside the project), else its folder; nothing outside the project", () => {
    const components = (rest?: string, ws?: string) => stackComponents("x", stack({ "rest-api": { provider: "aws", ...(rest ? { entry: rest } : {}) }, websocket: { provider: "aws", ...(ws ? { entry: ws } : {}) } })).components;
    expect(entryFolders(components(), PROJECT_DIR)).toEqual([]);
    expect(entryFolders(components("examples/express-ws/src/rest.ts", "examples/express-ws/src/ws.ts"), PROJECT_DIR)).toEqual(["examples/express-ws"]);
    expect(entryFolders(components("app/rest/app.ts"), PROJECT_DIR)).toEqual(["app/rest"]);
  });
});
