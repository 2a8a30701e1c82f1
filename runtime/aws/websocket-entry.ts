/** The WebSocket Lambda's entry (bundled as index.js, handler `index.handler`). */
import * as appModule from "semantest:websocket-app";
import { loadWebSocketApp } from "../shared/app-module";
import { createWebSocketHandler, optionsFromEnv } from "./websocket-handler";

export const handler = createWebSocketHandler(() => loadWebSocketApp(appModule as Record<string, unknown>), optionsFromEnv(process.env));
