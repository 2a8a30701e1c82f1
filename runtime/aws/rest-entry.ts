/** The REST Lambda's entry (bundled as index.js, handler `index.handler`). */
import * as appModule from "semantest:rest-app";
import { loadRestApp } from "../shared/app-module";
import { corsFromEnv } from "./cors";
import { createRestHandler } from "./rest-handler";

export const handler = createRestHandler(() => loadRestApp(appModule as Record<string, unknown>), { cors: corsFromEnv(process.env) });
