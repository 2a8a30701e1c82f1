import { fail, Parsed, problem } from "./problem";
import { ok } from "../shared/result";

export const Environments = { dev: "dev", staging: "staging", production: "production" } as const;
export type EnvironmentName = (typeof Environments)[keyof typeof Environments];
export const ENVIRONMENT_NAMES: readonly EnvironmentName[] = Object.values(Environments);

/** The environment a stack deploys: decides defaults (log retention, alarms, SKUs) and policy levels. */
export class Environment {
  private constructor(readonly name: EnvironmentName) {}

  static parse(raw: unknown, path = "semantest:environment"): Parsed<Environment> {
    if (typeof raw === "string" && (ENVIRONMENT_NAMES as readonly string[]).includes(raw)) {
      return ok(new Environment(raw as EnvironmentName));
    }
    return fail(problem(path, raw, `is not an environment; allowed: ${ENVIRONMENT_NAMES.join(", ")}`));
  }

  static of(name: EnvironmentName): Environment {
    return new Environment(name);
  }

  get isProduction(): boolean {
    return this.name === Environments.production;
  }

  equals(other: Environment): boolean {
    return other.name === this.name;
  }

  toString(): string {
    return this.name;
  }
}
