import type { CloudImplementation } from "../cloud";

/** Azure: Flex Consumption Function Apps, with Web PubSub for WebSockets. */
export const azure: CloudImplementation = {};
