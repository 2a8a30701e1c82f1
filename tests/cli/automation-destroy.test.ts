/**
 * The Automation API adapter's destroy against the fake `pulumi` executable: the real
 * LocalWorkspace/Stack code builds the argv. Both the preview and the destroy run the program
 * (`--run-program=true`), so the program's resource hooks publish each deletion.
 */
import * as path from "path";
import { AutomationEngine } from "../../adapters/engine/automation";
import { FakePulumi, installFakePulumi } from "./fake-pulumi/install";

const PROJECT_DIR = path.resolve(__dirname, "../..");

describe("AutomationEngine destroy", () => {
  let pulumi: FakePulumi;
  afterEach(() => pulumi.cleanup());

  it("previews and destroys with --run-program=true and the destroy id as message", async () => {
    pulumi = installFakePulumi({ stacks: { dev: { config: {}, history: [], outputs: { restApiUrl: "https://api.example" } } } });
    const stack = await new AutomationEngine({ projectDir: PROJECT_DIR, pulumiRoot: pulumi.root, envVars: pulumi.env }).openStack("dev");
    expect((await stack.previewDestroy()).changes).toEqual({ delete: 3 });
    const outcome = await stack.destroy({ message: "semantest-iac destroy 01JD0000000000000000000DDD", env: { SEMANTEST_DEPLOYMENT_ID: "01JD0000000000000000000DDD" } });
    const log: string[][] = pulumi.world().log.filter((argv: string[]) => argv[0] === "destroy");
    expect(log).toHaveLength(2);
    expect(log[0]).toEqual(expect.arrayContaining(["--preview-only", "--run-program=true"]));
    expect(log[1]).toEqual(expect.arrayContaining(["--yes", "--run-program=true", "--message", "semantest-iac destroy 01JD0000000000000000000DDD"]));
    expect(outcome).toEqual({ changes: { delete: 3 }, outputs: {}, version: 1 });
    expect(pulumi.world().stacks.dev.outputs).toEqual({});
  });
});
