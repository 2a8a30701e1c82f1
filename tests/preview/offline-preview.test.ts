import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runCli } from "../support/cli";

const STACKS = ["dev", "staging", "production"];

describe("semantest-iac preview --offline (subprocess)", () => {
  it.each(STACKS)("prints the contract JSON for the %s stack and exits 0", async (stack) => {
    const result = await runCli(["preview", "--env", stack, "--offline", "--json"]);
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout);
    expect(Object.keys(document)).toEqual(["stack", "environment", "mode", "resources", "outputs", "policies", "events", "cost"]);
    expect(document).toMatchObject({ stack, environment: stack, mode: "offline", policies: { violations: expect.any(Array) } });
    expect(document.resources.length).toBeGreaterThanOrEqual(2);
    for (const resource of document.resources) {
      expect(Object.keys(resource)).toEqual(["urn", "type", "name", "parent", "inputs", "options"]);
      expect(resource.urn).toMatch(new RegExp(`^urn:pulumi:${stack}::semantest-infrastructure::`));
      expect(resource.parent === null || document.resources.some((r: { urn: string }) => r.urn === resource.parent)).toBe(true);
    }
    const types = document.resources.map((r: { type: string }) => r.type);
    expect(types).toContain("semantest:components:RestApi");
    expect(types).toContain("semantest:components:WebSocket");
  });

  it("prints a readable tree without --json", async () => {
    const result = await runCli(["preview", "--env", "dev", "--offline"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Offline preview of stack dev (environment dev)");
    expect(result.stdout).toMatch(/\+ semantest:components:RestApi\s+rest-api/);
    expect(result.stdout).toMatch(/Policies: /);
    expect(result.stdout).not.toMatch(/\u001b\[/); // NO_COLOR is set by the helper
  });

  describe("with an invalid stack file", () => {
    let dir: string;
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "semantest-preview-"));
      fs.writeFileSync(
        path.join(dir, "Pulumi.bad.yaml"),
        [
          "config:",
          "  aws:region: us-east-1",
          "  semantest:environment: prod-eu",
          "  semantest:components:",
          "    rest-api:",
          "      memoryMb: 20000",
          "    websocket:",
          "      provider: gcp",
        ].join("\n"),
      );
      fs.writeFileSync(path.join(dir, "Pulumi.broken.yaml"), "config:\n  semantest:components: [unclosed\n");
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("exits 2 with one message naming all three paths, before any resource", async () => {
      const result = await runCli(["preview", "--config", path.join(dir, "Pulumi.bad.yaml"), "--offline"]);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain("Invalid stack configuration (3 problems)");
      expect(result.stderr).toContain('semantest:environment: "prod-eu" is not an environment; allowed: dev, staging, production');
      expect(result.stderr).toContain("semantest:components.rest-api.memoryMb: 20000 is above the AWS Lambda maximum of 10240");
      expect(result.stderr).toContain('semantest:components.websocket.provider: "gcp" is not a supported provider; allowed: aws, azure');
    });

    it("reports the problems as JSON on stdout with --json", async () => {
      const result = await runCli(["preview", "--config", path.join(dir, "Pulumi.bad.yaml"), "--offline", "--json"]);
      expect(result.code).toBe(2);
      const { error } = JSON.parse(result.stdout);
      expect(error.code).toBe("INVALID_CONFIG");
      expect(error.problems.map((p: { path: string }) => p.path)).toEqual([
        "semantest:environment",
        "semantest:components.rest-api.memoryMb",
        "semantest:components.websocket.provider",
      ]);
    });

    it("exits 2 on a stack file that is not YAML, naming the file", async () => {
      const result = await runCli(["preview", "--config", path.join(dir, "Pulumi.broken.yaml"), "--offline"]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("Pulumi.broken.yaml: not valid YAML");
    });
  });

  it("exits 2 on a missing stack file and on bad flags", async () => {
    const missing = await runCli(["preview", "--env", "nope", "--offline"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("Pulumi.nope.yaml: no such stack file");
    const badProvider = await runCli(["preview", "--env", "dev", "--offline", "--provider", "gcp"]);
    expect(badProvider.code).toBe(2);
    expect(badProvider.stderr).toContain("Allowed choices are aws, azure");
    const noEnv = await runCli(["preview", "--offline", "--json"]);
    expect(noEnv.code).toBe(2);
    expect(JSON.parse(noEnv.stdout).error.code).toBe("USAGE");
  });

  it("applies --component/--provider exactly as deploy does", async () => {
    const result = await runCli(["preview", "--env", "production", "--offline", "--json", "--component", "websocket", "--provider", "aws"]);
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout);
    const types: string[] = document.resources.map((r: { type: string }) => r.type);
    expect(types.some((t) => t.startsWith("azure-native:webpubsub"))).toBe(false);
  });
});

describe("Pulumi.yaml", () => {
  const text = fs.readFileSync(path.resolve(__dirname, "../../Pulumi.yaml"), "utf8");

  it("names the project and runtime the design fixes", () => {
    expect(text).toMatch(/^name: semantest-infrastructure$/m);
    expect(text).toMatch(/^runtime:\n  name: nodejs$/m);
  });

  it("documents every semantest:* key the program reads, and declares no type outside its namespace", async () => {
    const { SEMANTEST_KEYS } = await import("../../domain");
    for (const key of SEMANTEST_KEYS) expect(text).toMatch(new RegExp(`^# semantest:${key}\\s+(string|object)\\s+\\S`, "m"));
    const { parse } = await import("yaml");
    const project = parse(text) as { config?: Record<string, unknown> };
    // Pulumi rejects `type:`/`default:` on keys outside the project's namespace.
    for (const [key, value] of Object.entries(project.config ?? {})) {
      if (key.includes(":") && !key.startsWith("semantest-infrastructure:")) {
        expect(value).not.toEqual(expect.objectContaining({ type: expect.anything() }));
      }
    }
  });
});
