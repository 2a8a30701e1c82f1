/** The REST Lambda's entry (bundled as index.js, handler `index.handler`). */
import * as appModule from "semantest:rest-app";
import { loadRestApp } from "../shared/app-module";
import { corsFromEnv } from "./cors";
import { resolveAppSecrets } from "./app-secrets";
import { pushFromEnv } from "./push";
import { createRestHandler } from "./rest-handler";

async function loadApp() {
  await resolveAppSecrets(process.env); // secret variables into process.env before the app module reads them
  return loadRestApp(appModule as Record<string, unknown>, { connections: pushFromEnv(process.env) });
}

export const handler = createRestHandler(loadApp, { cors: corsFromEnv(process.env) });
