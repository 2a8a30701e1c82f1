/** Azure Web PubSub: clients connect with a token the Function App issues, never anonymously. */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { forTypes, quote, resourcePolicy } from "../lib/policy";

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
