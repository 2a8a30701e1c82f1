/**
 * The WebSocket Function App's entry (bundled as index.js, package.json `main`): the hub's event
 * handler route and `negotiate`. Routes match components/azure/websocket.ts (EVENTS_PATH,
 * NEGOTIATE_PATH); host.json sets `routePrefix: ""`.
 */
import { app } from "@azure/functions";
import * as appModule from "semantest:websocket-app";
import { loadWebSocketApp } from "../shared/app-module";
import { codeVersion } from "./canary";
import { createWebSocketHandlers, optionsFromEnv } from "./websocket-handler";

// The bundle's own hash pins each connection to the code that accepted it (runtime/azure/canary.ts).
const handlers = createWebSocketHandlers(() => loadWebSocketApp(appModule as Record<string, unknown>), () => optionsFromEnv(process.env, codeVersion(__filename)));

app.http("webpubsub-events", { route: "webpubsub/events", methods: ["POST", "OPTIONS"], authLevel: "anonymous", handler: handlers.events });
app.http("negotiate", { route: "negotiate", methods: ["GET", "POST"], authLevel: "anonymous", handler: handlers.negotiate });
