/** The project adapter: the stack files and the policy pack in the project directory (Pulumi.yaml's). */
import * as fs from "fs";
import * as path from "path";
import type { PolicyOptions, Project } from "../application/ports/project";
import { readStackFile, stackFilePath } from "./stack-file";

export class ProjectDirectory implements Project {
  constructor(readonly dir: string) {}

  stackNames(): string[] {
    return fs
      .readdirSync(this.dir)
      .map((file) => /^Pulumi\.(.+)\.ya?ml$/.exec(file)?.[1])
      .filter((stack): stack is string => Boolean(stack))
      .sort();
  }

  /**
   * `policy/` with `policy/config.<env>.json` (mandatory in production, advisory elsewhere;
   * docs/policies.md). Without the config file the pack enforces every policy as mandatory, so it
   * is always passed with it.
   */
  policyOptions(environment: string): PolicyOptions {
    const pack = path.join(this.dir, "policy");
    if (!fs.existsSync(path.join(pack, "PulumiPolicy.yaml"))) return { policyPacks: [], policyPackConfigs: [] };
    const config = path.join(pack, `config.${environment}.json`);
    return { policyPacks: [pack], policyPackConfigs: fs.existsSync(config) ? [config] : [] };
  }

  stackValues(stack: string, configFile?: string): Readonly<Record<string, unknown>> {
    return readStackFile(configFile ? path.resolve(configFile) : stackFilePath(this.dir, stack)).values;
  }
}
