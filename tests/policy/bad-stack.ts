/** A production stack that breaks every policy of the pack at least once (synthetic, provider-shaped inputs). */
import { RecordedResourceLike } from "../../policy/offline";
import { fake, policyDocument } from "./support";

export function badProductionStack(stack = "production"): RecordedResourceLike[] {
  const at = { stack };
  const api = fake("aws:apigatewayv2/api:Api", "rest-api-api", { protocolType: "HTTP", corsConfiguration: { allowOrigins: ["*"] } }, at);
  const fn = fake("aws:lambda/function:Function", "rest-api-function", {
    runtime: "nodejs18.x",
    timeout: 60,
    name: "rest-api-fn",
    environment: { variables: { API_TOKEN: "hunter2" } },
    tags: { environment: "production" },
  }, at);
  const integration = fake("aws:apigatewayv2/integration:Integration", "rest-api-integration", { integrationType: "AWS_PROXY" }, { ...at, dependsOn: [api, fn] });
  const bucket = fake("aws:s3/bucket:Bucket", "aws-platform-artifacts", { tags: { environment: "production", "managed-by": "semantest-iac", component: "platform" } }, at);
  return [
    api,
    fn,
    integration,
    bucket,
    fake("aws:iam/rolePolicy:RolePolicy", "rest-api-policy", {
      role: "r",
      policy: policyDocument({ Effect: "Allow", Action: "*", Resource: "*" }, { Effect: "Allow", Action: "execute-api:ManageConnections", Resource: "arn:aws:execute-api:us-east-1:123456789012:*/*/POST/@connections/*" }),
    }, at),
    fake("aws:apigatewayv2/route:Route", "rest-api-default-route", { routeKey: "$default", authorizationType: "NONE" }, { ...at, dependsOn: [api, integration] }),
    fake("aws:lambda/permission:Permission", "rest-api-invoke", { principal: "*", action: "lambda:InvokeFunction", function: "fn" }, at),
    fake("aws:lambda/alias:Alias", "rest-api-live", { name: "live", functionVersion: "$LATEST", routingConfig: { additionalVersionWeights: { "2": 1.5 } } }, at),
    fake("aws:dynamodb/table:Table", "websocket-connections", { hashKey: "connectionId" }, at),
    fake("aws:cloudwatch/logGroup:LogGroup", "rest-api-logs", { retentionInDays: 7 }, at),
    fake("azure-native:web:WebApp", "websocket-app", { kind: "functionapp,linux", httpsOnly: false, functionAppConfig: { runtime: { name: "node", version: "18" }, scaleAndConcurrency: { instanceMemoryMB: 512 } }, siteConfig: { minTlsVersion: "1.0", ftpsState: "AllAllowed", netFrameworkVersion: "v4.6" } }, at),
    fake("azure-native:storage:StorageAccount", "azure-platform-host-storage", { allowBlobPublicAccess: true, minimumTlsVersion: "TLS1_2" }, at),
    fake("azure-native:webpubsub:WebPubSub", "websocket-pubsub", { sku: { name: "Free_F1" } }, at),
    fake("azure-native:webpubsub:WebPubSubHub", "websocket-hub", { properties: { anonymousConnectPolicy: "allow" } }, at),
    // Keys off but no identity and a handler without managed-identity auth (azure-web-pubsub-upstream-managed-identity).
    fake("azure-native:webpubsub:WebPubSub", "events-pubsub", { resourceName: "events-pubsub", disableLocalAuth: true }, at),
    fake("azure-native:webpubsub:WebPubSubHub", "events-hub", { resourceName: "events-pubsub", properties: { eventHandlers: [{ urlTemplate: "https://x.azurewebsites.net/webpubsub/events" }] } }, at),
    fake("aws:sns/topic:Topic", "rest-api-alarms", { kmsMasterKeyId: "alias/aws/sns" }, at),
    fake("aws:apigatewayv2/domainName:DomainName", "rest-api-domain", { domainName: "api.example.com", domainNameConfiguration: { endpointType: "EDGE", securityPolicy: "TLS_1_0", certificateArn: "arn:aws:iam::123456789012:server-certificate/x" } }, at),
    fake("aws:secretsmanager/secretVersion:SecretVersion", "push-webpubsub-credential-value", { secretId: "arn:aws:secretsmanager:us-east-1:123456789012:secret:x", secretString: "Endpoint=https://websocket-pubsub.webpubsub.azure.com;AccessKey=a2V5;Version=1.0;" }, at),
  ];
}
