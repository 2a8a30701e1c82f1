/**
 * How Azure Web PubSub authenticates, per WebSocket component (docs/security.md, "Web PubSub local
 * auth"): `localAuth` keeps or removes the service's access keys (`disableLocalAuth` is its
 * opposite), and `upstreamAudience` is the audience of the Microsoft Entra token the service puts in
 * `Authorization` when it calls the event handler without keys.
 */
import { readString } from "./fields";
import { fail, Parsed, problem } from "./problem";

/**
 * The audience when the stack names none: a placeholder Application ID URI, like the committed auth
 * issuers. The account registers an Entra application with this URI (or sets its own app's).
 */
export const DEFAULT_UPSTREAM_AUDIENCE = "api://semantest-webpubsub-events";
export const UPSTREAM_AUDIENCE_MAX = 1024;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const APP_ID_URI = /^(api|https):\/\/[^\s?#]+$/;

/**
 * What `ManagedIdentitySettings.resource` may be for a token the app validates itself: "Application
 * (client) ID of the service principal" or "Application ID URI of the service principal"
 * (Microsoft Learn, "Managed identities for Azure SignalR Service", the same upstream auth as Web
 * PubSub's; azure-rest-api-specs webpubsub: "The Resource indicating the App ID URI of the target
 * resource. It also appears in the aud (audience) claim of the issued token").
 */
export function parseUpstreamAudience(raw: unknown, path: string): Parsed<string> {
  const text = readString(path, raw, "an Entra application (client) ID or Application ID URI", UPSTREAM_AUDIENCE_MAX);
  if (!text.ok) return text;
  if (GUID.test(text.value) || APP_ID_URI.test(text.value)) return text;
  return fail(problem(path, raw, "is not an audience Web PubSub can request a token for; allowed: an Entra application (client) ID (a GUID) or Application ID URI (api://... or https://..., no spaces, query or fragment)"));
}
