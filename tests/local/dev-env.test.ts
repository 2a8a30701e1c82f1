/**
 * `dev --env <env>`: the components as the stack file configures them (provider, entry, variables).
 * (The REST Lambda of a mixed stack pushes to Web PubSub with no key: tests/push-identity/.)
 */
import { stackComponents, runDev, type StackReader } from "../../cli/commands/dev";
import { ProjectDirectory } from "../../adapters/project";
import { hostKind, startGateway } from "../../runtime/local/gateway";
import { createLog } from "../../runtime/local/log";
import { PROJECT_DIR } from "./support";

// A stack with its own variables builds fresh artifacts: minutes on a loaded machine.
jest.setTimeout(300_000);

const project: StackReader = (env) => new ProjectDirectory(PROJECT_DIR).stackValues(env);
const stack =
  (components: unknown): StackReader =>
  () => ({ "aws:region": "us-east-1", "azure-native:location": "westeurope", "semantest:environment": "dev", "semantest:components": components });
const io = { stdout: () => undefined, stderr: () => undefined };

describe("stackComponents", () => {
  it("runs Pulumi.dev.yaml's components on aws with its settings", () => {
    const { provider, components } = stackComponents("dev", project);
    expect(provider).toBe("aws");
    expect(components.restApi).toMatchObject({ provider: "aws", memoryMb: 512, timeoutSeconds: 10 });
    expect(components.websocket).toMatchObject({ provider: "aws" });
  });

  it("runs Pulumi.production.yaml's REST API on aws and its WebSocket server on azure", () => {
    const { provider, components } = stackComponents("production", project);
    expect(provider).toBe("azure");
    expect(components.restApi.provider).toBe("aws");
    expect(components.websocket.provider).toBe("azure");
    expect(hostKind({ provider, components })).toBe("aws-rest-azure-websocket");
  });

  it("carries entry and variables", () => {
    const { components } = stackComponents("x", stack({ "rest-api": { provider: "azure", entry: "app/rest/index.ts", variables: { GREETING: "hi" } }, websocket: { provider: "azure" } }));
    expect(components.restApi).toMatchObject({ provider: "azure", entry: "app/rest/index.ts", variables: { GREETING: "hi" } });
  });

  it.each([
    ["no stack file", () => stackComponents("nope", project), "NO_SUCH_STACK", /--env "nope": /],
    ["an invalid setting, named", () => stackComponents("x", stack({ "rest-api": { provider: "gcp" }, websocket: {} })), "INVALID_CONFIG", /semantest:components\.rest-api\.provider.*gcp/],
    ["a missing component", () => stackComponents("x", stack({ "rest-api": {} })), "USAGE", /has no websocket/],
    ["REST on azure pushing to aws", () => stackComponents("x", stack({ "rest-api": { provider: "azure" }, websocket: { provider: "aws" } })), "MIXED_PROVIDERS", /rest-api on azure with websocket on aws is not emulated/],
  ])("refuses %s with exit 2", (_label, run, code, message) => {
    expect(run).toThrow(message);
    try {
      run();
    } catch (error) {
      expect(error).toMatchObject({ code, exitCode: 2 });
    }
  });

  it("refuses --env with --provider", async () => {
    await expect(runDev({ env: "dev", provider: "aws" }, io, PROJECT_DIR, project)).rejects.toMatchObject({ code: "USAGE", exitCode: 2, message: expect.stringContaining("--env and --provider exclude each other") });
  });
});

describe("a stack's variables reach the functions", () => {
  it.each(["aws", "azure"] as const)("on %s: GIT_COMMIT from variables is the commit /version reports", async (provider) => {
    const { components } = stackComponents("x", stack({ "rest-api": { provider, variables: { GIT_COMMIT: "from-the-stack" } }, websocket: { provider } }));
    const gateway = await startGateway({ provider, port: 0, projectDir: PROJECT_DIR, components, log: createLog(() => undefined) });
    try {
      const res = await fetch(`${gateway.restUrl}/version`);
      expect(await res.json()).toMatchObject({ commit: "from-the-stack" });
    } finally {
      await gateway.close();
    }
  });
});
