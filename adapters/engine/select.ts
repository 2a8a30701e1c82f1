/**
 * Picks the engine adapter: the Automation API unless `SEMANTEST_IAC_ENGINE=fake` (tests only,
 * with `SEMANTEST_IAC_FAKE_STATE=<json file>`; see adapters/engine/fake.ts).
 */
import { ExitCodes } from "../../application/exit-codes";
import { OperationError } from "../../application/errors";
import { AutomationEngine } from "./automation";
import { FakeEngine } from "./fake";
import type { Engine } from "../../application/ports/engine";

export const ENGINE_VARIABLE = "SEMANTEST_IAC_ENGINE";
export const FAKE_STATE_VARIABLE = "SEMANTEST_IAC_FAKE_STATE";
/** A Pulumi install root (`<root>/bin/pulumi`) to use instead of `pulumi` on PATH. */
export const PULUMI_ROOT_VARIABLE = "SEMANTEST_IAC_PULUMI_ROOT";

export function selectEngine(env: NodeJS.ProcessEnv, projectDir: string): Engine {
  const name = env[ENGINE_VARIABLE] || "automation";
  if (name === "automation") return new AutomationEngine({ projectDir, pulumiRoot: env[PULUMI_ROOT_VARIABLE] || undefined });
  if (name === "fake") {
    const file = env[FAKE_STATE_VARIABLE];
    if (!file) {
      throw new OperationError("USAGE", `${ENGINE_VARIABLE}=fake needs ${FAKE_STATE_VARIABLE}=<json file>`, ExitCodes.usage, "the fake engine is for tests only; unset SEMANTEST_IAC_ENGINE to use Pulumi");
    }
    return new FakeEngine(file);
  }
  throw new OperationError("USAGE", `${ENGINE_VARIABLE}=${name} is not an engine; allowed: automation, fake (tests only)`, ExitCodes.usage, `unset ${ENGINE_VARIABLE}`);
}
