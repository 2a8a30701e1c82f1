import type { CloudImplementation } from "../cloud";

/** AWS: Lambda behind API Gateway HTTP and WebSocket APIs. */
export const aws: CloudImplementation = {};
