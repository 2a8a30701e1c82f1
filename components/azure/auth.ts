/**
 * Auth on Azure: the Function App checks tokens itself (runtime/azure/auth.ts explains why not App
 * Service authentication), so the component's part is to hand it the settings: one app setting,
 * `SEMANTEST_AUTH`, with the issuer, audiences, scopes and routes (REST) or the WebSocket rules
 * (negotiate). They are not secret: an issuer and audiences are in every token the API accepts.
 */
import type { RestApiAuth, WebSocketAuth } from "../../domain";
import { AUTH_ENV } from "../../runtime/shared/auth-contract";

export function authAppSettings(auth: RestApiAuth | WebSocketAuth | undefined): Record<string, string> {
  return auth ? { [AUTH_ENV]: JSON.stringify(auth) } : {};
}
