import type { CloudImplementation } from "../cloud";
import { createAwsPlatform } from "./platform";
import { createAwsRestApi } from "./rest-api";
import { createAwsWebSocket } from "./websocket";

/** AWS: Lambda behind API Gateway HTTP and WebSocket APIs, code from the stack's artifact bucket. */
export const aws: CloudImplementation = {
  createPlatform: createAwsPlatform,
  restApi: createAwsRestApi,
  websocket: createAwsWebSocket,
};
