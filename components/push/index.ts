import type { CloudProvider, Tags } from "../../domain";
import { AzurePlatform } from "../azure/platform";
import { PushLinkComponent } from "./push-link";
import type { PushTarget } from "./target";
import type { PushWiring } from "./wiring";

export type { PushTarget } from "./target";
export type { PushWiring } from "./wiring";

/** The REST function's push wiring, or undefined when the stack has no WebSocket component. */
export function pushWiring(restProvider: CloudProvider, target: PushTarget | undefined, platforms: Readonly<Partial<Record<CloudProvider, unknown>>>, tags: Tags): PushWiring | undefined {
  if (!target) return undefined;
  const azurePlatform = platforms.azure instanceof AzurePlatform ? platforms.azure : undefined;
  return new PushLinkComponent("push", { target, restProvider, azurePlatform, tags }).wiring;
}
