/**
 * The REST Function App's entry (bundled as index.js, package.json `main`). One HTTP function
 * takes every method and path; host.json sets `routePrefix: ""`, so `/health` reaches the app as
 * `/health`.
 */
import { app } from "@azure/functions";
import * as appModule from "semantest:rest-app";
import { loadRestApp } from "../shared/app-module";
import { pushFromEnv } from "./push";
import { createRestHandler } from "./rest-handler";
import { withRestAuth } from "./auth";

export const REST_FUNCTION = "rest-api";

app.http(REST_FUNCTION, {
  route: "{*path}",
  methods: ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"],
  authLevel: "anonymous",
  // Behind the component's auth when it has one (runtime/azure/auth.ts: checked here, not by Easy Auth).
  handler: withRestAuth(createRestHandler(async () => loadRestApp(appModule as Record<string, unknown>, { connections: pushFromEnv(process.env) }))),
});
