/**
 * The project port: what the use cases need from the project on disk (Pulumi.yaml's directory):
 * its stack files and its policy pack. Adapter: adapters/project.ts.
 */
export interface PolicyOptions {
  readonly policyPacks: string[];
  /** One JSON config file per pack (enforcement levels per environment). */
  readonly policyPackConfigs: string[];
}

export interface Project {
  /** The project directory (holds Pulumi.yaml and the program, index.ts). */
  readonly dir: string;
  /** Stacks this project has a stack file for (`Pulumi.<stack>.yaml`), sorted. */
  stackNames(): string[];
  /** The CrossGuard pack and its config for an environment; empty when the pack is absent. */
  policyOptions(environment: string): PolicyOptions;
  /** A stack file's config values (`namespace:key` -> value); throws an Error naming the file when it cannot be read. */
  stackValues(stack: string, configFile?: string): Readonly<Record<string, unknown>>;
}
