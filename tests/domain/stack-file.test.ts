/**
 * Issue 14, Config findings on the YAML side: stack files are read as Pulumi's loader reads them,
 * and what Pulumi would refuse is a clear error naming the file, never a stack trace.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DeploymentConfiguration, formatProblem } from "../../domain";
import { readStackFile, StackFileError, stackNameOfConfigFile, toEngineConfig } from "../../adapters/stack-file";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "semantest-stack-file-"));
const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
};
const errorOf = (run: () => unknown): Error => {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
};

describe("readStackFile", () => {
  it("resolves YAML merge keys (<<) as Pulumi's loader does", () => {
    const file = write(
      "Pulumi.merge.yaml",
      [
        "config:",
        "  aws:region: us-east-1",
        "  semantest:components:",
        "    rest-api: &defaults",
        "      memoryMb: 1024",
        "      timeoutSeconds: 20",
        "    websocket:",
        "      <<: *defaults",
        "      timeoutSeconds: 15",
      ].join("\n"),
    );
    const { values } = readStackFile(file);
    expect(values["semantest:components"]).toEqual({ "rest-api": { memoryMb: 1024, timeoutSeconds: 20 }, websocket: { memoryMb: 1024, timeoutSeconds: 15 } });
    const parsed = DeploymentConfiguration.parse({ stack: "dev", values });
    if (!parsed.ok) throw new Error(parsed.error.map(formatProblem).join("\n"));
    expect(parsed.value.websocket).toMatchObject({ memoryMb: 1024, timeoutSeconds: 15 });
  });

  it("keeps a top-level `__proto__:` key a key: it cannot set the environment", () => {
    const file = write("Pulumi.proto.yaml", ["config:", "  aws:region: us-east-1", "  __proto__:", "    semantest:environment: production"].join("\n"));
    const { values } = readStackFile(file);
    expect(values["semantest:environment"]).toBeUndefined();
    const parsed = DeploymentConfiguration.parse({ stack: "dev", values });
    expect(!parsed.ok && parsed.error.map((p) => p.path)).toEqual(["__proto__"]);
  });

  it("refuses an alias inside its own anchor (a cycle), naming the file and the key", () => {
    const file = write("Pulumi.cycle.yaml", ["config:", "  semantest:components: &c", "    rest-api: *c"].join("\n"));
    const error = errorOf(() => readStackFile(file));
    expect(error).toBeInstanceOf(StackFileError);
    expect(error.message).toContain(`${file}: a YAML alias is used inside its own anchor`);
    expect(error.message).toContain("semantest:components.rest-api");
  });

  it("refuses an alias bomb (a billion laughs) quickly, naming the file", () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++) levels.push(`${"abcdefghij"[i]}: &${"abcdefghij"[i]} [${Array(10).fill(`*${"abcdefghij"[i - 1]}`).join(", ")}]`);
    const file = write("Pulumi.bomb.yaml", `config:\n  semantest:tags:\n${levels.map((l) => `    ${l}`).join("\n")}\n`);
    const error = errorOf(() => readStackFile(file));
    expect(error).toBeInstanceOf(StackFileError);
    expect(error.message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: not valid YAML: .*alias`, "i"));
  });

  it("names the path of a missing file or a directory", () => {
    expect(errorOf(() => readStackFile(path.join(dir, "nowhere.yaml"))).message).toBe(`${path.join(dir, "nowhere.yaml")}: no such stack file; create it or pick another with --env / --config`);
    expect(errorOf(() => readStackFile(dir)).message).toContain(`${dir}: is a directory`);
  });

  it("hands structured values to the engine as JSON", () => {
    const file = write("Pulumi.json.yaml", "config:\n  semantest:tags:\n    team: web\n");
    expect(toEngineConfig(readStackFile(file).values)).toEqual({ "semantest:tags": '{"team":"web"}' });
  });
});

describe("stackNameOfConfigFile", () => {
  it.each([
    ["Pulumi.qa.yaml", "qa"],
    ["ci/Pulumi.prod-eu.yml", "prod-eu"],
    ["ci/qa.yaml", "qa"],
    ["/tmp/stack-config.yml", "stack-config"],
    ["settings", "settings"],
  ])("%s -> %s", (file, stack) => {
    expect(stackNameOfConfigFile(file)).toBe(stack);
  });
});
