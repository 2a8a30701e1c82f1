/**
 * How the WebSocket component authenticates with Web PubSub, from `localAuth`
 * (domain/config/web-pubsub-auth.ts). Pure functions: components/azure/websocket.ts applies them.
 *
 * - Keys on (`localAuth: true`): today's wiring. The app gets both connection strings (ARM
 *   `listKeys`) and checks each event's `ce-signature` with them.
 * - Keys off: `disableLocalAuth: true` (Microsoft Learn, "Disable local (access key) authentication
 *   with Azure Web PubSub Service": the keys are deleted and no signature is sent upstream), a
 *   system-assigned identity on the service (Microsoft Learn, "Managed identities for Azure Web
 *   PubSub Service": the service gets the upstream token with it; it supports one identity), each
 *   hub's event handler with `auth: { type: "ManagedIdentity", managedIdentity: { resource } }`
 *   (azure-rest-api-specs webpubsub `UpstreamAuthSettings`, `ManagedIdentitySettings.resource`: "It
 *   also appears in the aud (audience) claim of the issued token"), and the app gets what to check
 *   the token against instead of keys: runtime/azure/upstream-auth.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import { entraV1Issuer, UPSTREAM_ENV } from "../../runtime/azure/upstream-auth";

/** What the service resource gets: `disableLocalAuth`, Entra auth kept on, and an identity when one is needed. */
export function serviceAuthProperties(localAuth: boolean, identityNeeded: boolean): { disableLocalAuth: boolean; disableAadAuth: false; identity?: { type: "SystemAssigned" } } {
  return {
    disableLocalAuth: !localAuth,
    // The app's REST calls and negotiate's client tokens are Entra calls: never switch those off.
    disableAadAuth: false,
    ...(identityNeeded || !localAuth ? { identity: { type: "SystemAssigned" as const } } : {}),
  };
}

/** The event handler's `auth`: a managed-identity token for `audience` without keys, none with them (the signature is the check). */
export function eventHandlerAuth(localAuth: boolean, audience: string): { type: "ManagedIdentity"; managedIdentity: { resource: string } } | undefined {
  return localAuth ? undefined : { type: "ManagedIdentity", managedIdentity: { resource: audience } };
}

/** The app settings that let it check upstream tokens: the tenant's v1 issuer, the audience and the service's identity. */
export function upstreamTokenSettings(audience: string, identity: pulumi.Output<{ principalId?: string; tenantId?: string } | undefined>): Record<string, pulumi.Output<string>> {
  const of = (pick: (i: { principalId?: string; tenantId?: string }) => string | undefined, what: string) =>
    identity.apply((i) => {
      const value = i ? pick(i) : undefined;
      if (!value) throw new Error(`the Web PubSub service reported no identity ${what}; local auth off needs its system-assigned identity`);
      return value;
    });
  return {
    [UPSTREAM_ENV.issuer]: of((i) => i.tenantId, "tenantId").apply(entraV1Issuer),
    [UPSTREAM_ENV.audience]: pulumi.output(audience),
    [UPSTREAM_ENV.principalId]: of((i) => i.principalId, "principalId"),
  };
}
