/** The `$connect` authorizer's entry (bundled as authorizer.js beside the WebSocket handler, handler `authorizer.handler`). */
import type { WebSocketAuth } from "../../domain/config/auth";
import { AUTH_ENV, authFromEnv } from "../shared/auth";
import { createWebSocketAuthorizer } from "./authorizer";

const auth = authFromEnv<WebSocketAuth>(process.env);
if (!auth) throw new Error(`${AUTH_ENV} is not set: the $connect authorizer needs the WebSocket component's auth settings`);

export const handler = createWebSocketAuthorizer(auth);
