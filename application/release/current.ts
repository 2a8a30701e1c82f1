/**
 * The release a stack is on, including a rollout in progress. Stack history is the record every
 * machine shares (each shift is an update, and Pulumi keeps each update's config), so it wins over
 * this machine's stack file, which may hold an older release from an earlier run here.
 */
import { parseRelease, Release } from "../../domain";
import type { StackConfig, StackEngine } from "../ports/engine";
import { configValues } from "./records";

export async function currentRelease(stack: StackEngine, local?: StackConfig): Promise<Release | undefined> {
  const [newest] = await stack.history(1);
  const fromHistory = newest ? releaseIn(newest.config) : undefined;
  if (fromHistory) return fromHistory;
  return releaseIn(local ?? (await stack.getConfig()));
}

function releaseIn(config: StackConfig): Release | undefined {
  const parsed = parseRelease(configValues(config)["semantest:release"]);
  return parsed.ok ? parsed.value : undefined;
}
