import type { CloudImplementation } from "../cloud";
import { createAzurePlatform } from "./platform";
import { azureRestApi } from "./rest-api";
import { azureWebSocket } from "./websocket";

/** Azure: Flex Consumption Function Apps, with Web PubSub for WebSockets. */
export const azure: CloudImplementation = {
  createPlatform: createAzurePlatform,
  restApi: azureRestApi,
  websocket: azureWebSocket,
};
