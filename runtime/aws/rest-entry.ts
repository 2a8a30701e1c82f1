/** The REST Lambda's entry (bundled as index.js, handler `index.handler`). */
import * as appModule from "semantest:rest-app";
import { loadRestApp } from "../shared/app-module";
import { corsFromEnv } from "./cors";
import { pushFromEnv } from "./push";
import { createRestHandler } from "./rest-handler";

export const handler = createRestHandler(async () => loadRestApp(appModule as Record<string, unknown>, { connections: pushFromEnv(process.env) }), { cors: corsFromEnv(process.env) });
