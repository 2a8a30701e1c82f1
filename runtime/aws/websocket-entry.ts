/** The WebSocket Lambda's entry (bundled as index.js, handler `index.handler`). */
import * as appModule from "semantest:websocket-app";
import { loadWebSocketApp } from "../shared/app-module";
import { resolveAppSecrets } from "./app-secrets";
import { createWebSocketHandler, optionsFromEnv } from "./websocket-handler";

async function loadApp() {
  await resolveAppSecrets(process.env); // secret variables into process.env before the app module reads them
  return loadWebSocketApp(appModule as Record<string, unknown>);
}

export const handler = createWebSocketHandler(loadApp, optionsFromEnv(process.env));
