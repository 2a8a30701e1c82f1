import type { CloudProvider, Tags } from "../../domain";
import type { AzurePlatform } from "../azure/platform";
import { PushLinkComponent } from "./push-link";
import type { PushTarget } from "./target";
import type { PushWiring } from "./wiring";

export type { PushTarget } from "./target";
export type { PushWiring } from "./wiring";

/** The REST function's push wiring, or undefined when the stack has no WebSocket component. */
export function pushWiring(restProvider: CloudProvider, target: PushTarget | undefined, platforms: Readonly<Partial<Record<CloudProvider, unknown>>>, tags: Tags): PushWiring | undefined {
  if (!target) return undefined;
  // Only an Azure stack has an Azure platform; checked without loading azure-native (issue 15: an
  // all-AWS stack loads no Azure SDK).
  const azurePlatform = platforms.azure ? (platforms.azure as AzurePlatform) : undefined;
  return new PushLinkComponent("push", { target, restProvider, azurePlatform, tags }).wiring;
}
