/**
 * Azure Web PubSub: clients connect with a token the Function App issues, never anonymously; in
 * production the service has no access keys, and its event handlers get managed-identity tokens.
 */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { enforcedEnvironment, environmentsConfig, forTypes, quote, resourcePolicy, stackPolicy } from "../lib/policy";

interface HubProps {
  properties?: { anonymousConnectPolicy?: string; eventHandlers?: { urlTemplate?: string }[] };
}

export function webPubSubAnonymousConnectDenied(): ResourceValidationPolicy {
  return resourcePolicy(
    {
      name: "azure-web-pubsub-anonymous-connect-denied",
      concern: "security",
      severity: "high",
      description: "Web PubSub hubs deny anonymous connections and call their event handlers over HTTPS.",
      remediationSteps: "Set properties.anonymousConnectPolicy: 'deny' (the service default) and an https:// urlTemplate on every event handler.",
    },
    forTypes<HubProps>(["azure-native:webpubsub:WebPubSubHub"], (props, args, reportViolation) => {
      const policy = props.properties?.anonymousConnectPolicy;
      // Absent means the service default, which is "deny" (Web PubSub REST API, WebPubSubHubProperties).
      if (policy !== undefined && policy.toLowerCase() !== "deny") {
        reportViolation(`Web PubSub hub ${quote(args)} has anonymousConnectPolicy '${policy}': anyone can connect without a token.`);
      }
      for (const handler of props.properties?.eventHandlers ?? []) {
        if (handler?.urlTemplate !== undefined && !/^https:\/\//i.test(handler.urlTemplate)) {
          reportViolation(`Web PubSub hub ${quote(args)} calls the event handler '${handler.urlTemplate}' without HTTPS.`);
        }
      }
    }),
  );
}

const SERVICE = "azure-native:webpubsub:WebPubSub";
const HUB = "azure-native:webpubsub:WebPubSubHub";

interface ServiceProps {
  resourceName?: string;
  disableLocalAuth?: boolean;
  identity?: { type?: string };
}

interface HandlerAuth {
  type?: string;
  managedIdentity?: { resource?: string };
}

/**
 * Production Web PubSub has no access keys: with `disableLocalAuth: true` the keys are deleted,
 * tokens signed with them stop working and the service authenticates only Microsoft Entra
 * identities (Microsoft Learn, "Disable local (access key) authentication with Azure Web PubSub
 * Service", which also shows enforcing it with Azure Policy).
 */
export function webPubSubLocalAuthDisabled(): ResourceValidationPolicy {
  return resourcePolicy(
    {
      name: "azure-web-pubsub-local-auth-disabled",
      concern: "security",
      severity: "high",
      description: "Production Web PubSub services set disableLocalAuth: true (no access keys; only Microsoft Entra identities). Source: Microsoft Learn, \"Disable local (access key) authentication with Azure Web PubSub Service\".",
      remediationSteps: "Leave semantest:components.websocket.localAuth unset or false (components/azure/web-pubsub-auth.ts sets disableLocalAuth: true, a service identity and managed-identity upstream auth).",
      config: environmentsConfig("Web PubSub services must have local auth disabled"),
    },
    forTypes<ServiceProps>([SERVICE], (props, args, reportViolation) => {
      const environment = enforcedEnvironment(args);
      if (!environment) return;
      // Absent means keys on: the service default is false (Web PubSub REST API, WebPubSubProperties).
      if (props.disableLocalAuth !== true) {
        reportViolation(`Web PubSub service ${quote(args)} keeps its access keys in ${environment} (disableLocalAuth is ${props.disableLocalAuth ?? "missing"}).`);
      }
    }),
  );
}

/**
 * Without keys, an event handler without `auth` gets requests nobody signed: "Signature will NOT be
 * attached in the upstream request header" (Microsoft Learn, "Disable local (access key)
 * authentication with Azure Web PubSub Service"), and `UpstreamAuthSettings` absent means "no auth
 * is used for upstream messages" (azure-rest-api-specs webpubsub). So every handler of a hub of a
 * key-less service has `auth.type: ManagedIdentity` with a `managedIdentity.resource` (the token's
 * `aud`), and the service has the identity that gets the token (Microsoft Learn, "Managed
 * identities for Azure Web PubSub Service").
 */
export function webPubSubUpstreamManagedIdentity(): StackValidationPolicy {
  return stackPolicy(
    {
      name: "azure-web-pubsub-upstream-managed-identity",
      concern: "security",
      severity: "high",
      description: "A Web PubSub service with disableLocalAuth: true has an identity, and every event handler of its hubs has auth.type ManagedIdentity with a managedIdentity.resource (the upstream token's audience). Sources: Microsoft Learn, \"Disable local (access key) authentication with Azure Web PubSub Service\" and \"Managed identities for Azure Web PubSub Service\".",
      remediationSteps: "Declare identity: { type: 'SystemAssigned' } on the service and auth: { type: 'ManagedIdentity', managedIdentity: { resource: <audience> } } on each event handler (components/azure/web-pubsub-auth.ts); the app validates the token (runtime/azure/upstream-auth.ts).",
    },
    (args, reportViolation) => {
      const services = args.resources.filter((r) => r.type === SERVICE);
      const keyless = services.filter((s) => (s.props as ServiceProps).disableLocalAuth === true);
      for (const service of keyless) {
        const type = (service.props as ServiceProps).identity?.type;
        if (!type || type.toLowerCase() === "none") reportViolation(`Web PubSub service ${quote(service)} has local auth disabled but no managed identity: it cannot get upstream tokens.`, service.urn);
      }
      for (const hub of args.resources.filter((r) => r.type === HUB)) {
        const props = hub.props as HubProps & { resourceName?: string; properties?: { eventHandlers?: { urlTemplate?: string; auth?: HandlerAuth }[] } };
        // The hub's service: by name, or the stack's only service when the name is not known yet.
        const service = services.find((s) => (s.props as ServiceProps).resourceName !== undefined && (s.props as ServiceProps).resourceName === props.resourceName) ?? (services.length === 1 ? services[0] : undefined);
        if (!service || !keyless.includes(service)) continue;
        for (const handler of props.properties?.eventHandlers ?? []) {
          const auth = handler?.auth;
          if (auth?.type !== "ManagedIdentity" || !auth.managedIdentity?.resource) {
            reportViolation(`Web PubSub hub ${quote(hub)} calls '${handler?.urlTemplate ?? "?"}' without managed-identity auth (auth.type ${auth?.type ?? "missing"}, resource ${auth?.managedIdentity?.resource ?? "missing"}) while its service has no keys: the handler could not tell the service's events from anyone's.`, hub.urn);
          }
        }
      }
    },
  );
}
