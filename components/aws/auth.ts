/**
 * Auth on AWS: the REST API's JWT authorizer and its routes, and the WebSocket API's `$connect`
 * Lambda authorizer. What each resource accepts, from the provider and the service:
 * - an HTTP API JWT authorizer takes an identity source and `jwtConfiguration { issuer, audience }`
 *   (pulumi-aws `apigatewayv2.Authorizer`: "jwtConfiguration: Configuration of a JWT authorizer.
 *   Required for the JWT authorizer type. Supported only for HTTP APIs"); API Gateway reads the
 *   issuer's discovery document when it is created, so the issuer must be public https (domain/config/auth.ts);
 * - `authorizationScopes` are used with a JWT authorizer only (pulumi-aws `apigatewayv2.Route`:
 *   "The scopes are used with a JWT authorizer to authorize the method invocation"), so public
 *   (`NONE`) routes and the WebSocket `$connect` (`CUSTOM`) never get any (routeArgs);
 * - a WebSocket API has Lambda REQUEST authorizers only, on `$connect` only (aws/aws-cdk#13869);
 *   a missing identity source is a 401 without calling the function (API Gateway Developer Guide,
 *   "Creating a Lambda REQUEST authorizer function": "If you attempt to connect without a valid
 *   identity value, you'll receive a 401 response"), and its result TTL applies to HTTP APIs only
 *   (terraform-provider-aws `aws_apigatewayv2_authorizer`: "authorizer_result_ttl_in_seconds ...
 *   Supported only for HTTP API Lambda authorizers"), so none is set.
 */
import { createHash } from "crypto";
import * as aws from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import { zeroTolerance } from "./alarms";
import { lambdaNodeOptions, TOKEN_QUERY_PARAMETER, type RestApiAuth, type WebSocketAuth } from "../../domain";
import { AUTH_ENV } from "../../runtime/shared/auth-contract";
import type { ComponentContext } from "../context";
import type { HostedFunction } from "./function";
import { lambdaAssumeRolePolicy, logStatements, policy } from "./policies";

/** The `handler` of the authorizer: `authorizer.js` in the WebSocket zip (artifacts/aws.ts). */
export const AUTHORIZER_HANDLER = "authorizer.handler";
/** Where API Gateway reads the REST API's token (an `Authorization: Bearer <jwt>` header). */
export const JWT_IDENTITY_SOURCE = "$request.header.Authorization";

/** One route of the REST API as plain values: what `aws.apigatewayv2.Route` gets besides api and target. */
export interface RouteSpec {
  /** Child name suffix, stable per route key. */
  readonly role: string;
  readonly routeKey: string;
  readonly authorizationType: "NONE" | "JWT";
  readonly authorizationScopes?: readonly string[];
}

/** A stable, readable resource-name suffix for a route key: `GET /items/{id}` -> `route-get-items-id-1a2b3c`. */
export function routeRole(routeKey: string): string {
  const slug = routeKey.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40);
  return `route-${slug}-${createHash("sha256").update(routeKey).digest("hex").slice(0, 6)}`;
}

/**
 * The REST API's routes. Without auth: `$default` alone, open (as before). With auth: `$default`
 * behind the JWT authorizer with the default scopes, each configured route with its own rule, and a
 * public `OPTIONS /{proxy+}`: with `$default` protected, a browser's preflight (which never carries
 * the token) would get 401, so API Gateway documents exactly this route ("Configuring CORS for an
 * HTTP API": "To support unauthorized OPTIONS requests, add an OPTIONS /{proxy+} route to your API
 * that doesn't require authorization").
 */
export function restApiRoutes(auth: RestApiAuth | undefined): RouteSpec[] {
  if (!auth) return [{ role: "default-route", routeKey: "$default", authorizationType: "NONE" }];
  const jwt = (scopes: readonly string[]): Pick<RouteSpec, "authorizationType" | "authorizationScopes"> => ({ authorizationType: "JWT", ...(scopes.length > 0 ? { authorizationScopes: [...scopes] } : {}) });
  const routes: RouteSpec[] = [{ role: "default-route", routeKey: "$default", ...jwt(auth.scopes) }];
  for (const route of auth.routes) {
    routes.push({ role: routeRole(route.routeKey), routeKey: route.routeKey, ...(route.public ? { authorizationType: "NONE" as const } : jwt(route.scopes)) });
  }
  if (!auth.routes.some((r) => r.routeKey === "OPTIONS /{proxy+}")) routes.push({ role: "route-preflight", routeKey: "OPTIONS /{proxy+}", authorizationType: "NONE" });
  return routes;
}

/** Declares the REST API's routes (and its JWT authorizer when `auth` is set), all to one integration. */
export function createRestApiRoutes(name: string, api: aws.apigatewayv2.Api, integration: aws.apigatewayv2.Integration, auth: RestApiAuth | undefined, parent: pulumi.Resource): aws.apigatewayv2.Route[] {
  const authorizer = auth
    ? new aws.apigatewayv2.Authorizer(`${name}-authorizer`, {
        apiId: api.id,
        name: `${name}-jwt`,
        authorizerType: "JWT",
        identitySources: [JWT_IDENTITY_SOURCE],
        jwtConfiguration: { issuer: auth.issuer, audiences: [...auth.audiences] },
      }, { parent })
    : undefined;
  return restApiRoutes(auth).map(
    (spec) =>
      new aws.apigatewayv2.Route(`${name}-${spec.role}`, {
        apiId: api.id,
        routeKey: spec.routeKey,
        target: pulumi.interpolate`integrations/${integration.id}`,
        ...(authorizer && spec.authorizationType === "JWT"
          ? { authorizationType: "JWT", authorizerId: authorizer.id, ...(spec.authorizationScopes ? { authorizationScopes: [...spec.authorizationScopes] } : {}) }
          : auth ? { authorizationType: "NONE" } : {}),
      }, { parent }),
  );
}

/** The WebSocket authorizer's identity source: where API Gateway looks for the token before calling the function. */
export function webSocketIdentitySource(auth: Pick<WebSocketAuth, "tokenSource">): string {
  return auth.tokenSource === "header" ? "route.request.header.Authorization" : `route.request.querystring.${TOKEN_QUERY_PARAMETER}`;
}

/** The settings the authorizer function reads (runtime/aws/authorizer-entry.ts): what to check and which claims to pass on. */
export function authorizerEnvironment(auth: WebSocketAuth): Record<string, string> {
  return { [AUTH_ENV]: JSON.stringify(auth) };
}

export interface WebSocketAuthorizer {
  readonly authorizer: aws.apigatewayv2.Authorizer;
  readonly function: aws.lambda.Function;
}

/**
 * The `$connect` authorizer: its own small Lambda (the WebSocket zip's `authorizer.handler`, so the
 * same artifact and digest), with its own role that may only write its own logs (it reads no table
 * and posts to no connection: least privilege), invokable by this API's authorizers only.
 */
export function createWebSocketAuthorizer(name: string, args: { readonly api: aws.apigatewayv2.Api; readonly hosted: HostedFunction; readonly auth: WebSocketAuth; readonly context: ComponentContext; readonly logRetentionDays: number }, parent: pulumi.Resource): WebSocketAuthorizer {
  const { api, hosted, auth, context } = args;
  const tags = context.tags;
  const fnName = `${name}-authorizer`;
  const account = aws.getCallerIdentityOutput({}, { parent });
  const logGroup = new aws.cloudwatch.LogGroup(`${fnName}-logs`, { retentionInDays: args.logRetentionDays, tags }, { parent });
  const role = new aws.iam.Role(`${fnName}-role`, {
    description: `${fnName}: the $connect authorizer's own execution role (its logs only)`,
    assumeRolePolicy: account.accountId.apply((id) => JSON.stringify(lambdaAssumeRolePolicy(id))),
    tags,
  }, { parent });
  const rolePolicy = new aws.iam.RolePolicy(`${fnName}-role-policy`, {
    role: role.id,
    policy: logGroup.arn.apply((arn) => JSON.stringify(policy(...logStatements(arn)))),
  }, { parent });
  const fn = new aws.lambda.Function(`${fnName}-function`, {
    description: `Semantest WebSocket $connect authorizer (${context.configuration.environment.name})`,
    runtime: aws.lambda.Runtime.NodeJS22dX,
    architectures: ["arm64"],
    handler: AUTHORIZER_HANDLER,
    role: role.arn,
    s3Bucket: hosted.function.s3Bucket.apply((bucket) => bucket ?? ""),
    s3Key: hosted.function.s3Key.apply((key) => key ?? ""),
    sourceCodeHash: hosted.function.sourceCodeHash,
    memorySize: 256,
    timeout: 10,
    loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
    environment: { variables: { NODE_OPTIONS: lambdaNodeOptions(undefined), SEMANTEST_ENVIRONMENT: context.configuration.environment.name, ...authorizerEnvironment(auth) } },
    tags,
  }, { parent, dependsOn: [rolePolicy, logGroup] });
  const authorizer = new aws.apigatewayv2.Authorizer(`${fnName}`, {
    apiId: api.id,
    name: fnName,
    authorizerType: "REQUEST",
    authorizerUri: fn.invokeArn,
    identitySources: [webSocketIdentitySource(auth)],
  }, { parent });
  // Only this API's authorizers may invoke it (`<executionArn>/authorizers/<id>`: API Gateway's source ARN for authorizer calls).
  new aws.lambda.Permission(`${fnName}-invoke`, {
    action: "lambda:InvokeFunction",
    function: fn.name,
    principal: "apigateway.amazonaws.com",
    sourceArn: pulumi.interpolate`${api.executionArn}/authorizers/${authorizer.id}`,
  }, { parent });
  return { authorizer, function: fn };
}

/**
 * The authorizer's own errors alarm, on the component's alarm topic: a failing authorizer refuses
 * every connect, and production stacks watch every Lambda (policy production-alarms).
 */
export function createAuthorizerAlarm(name: string, fn: aws.lambda.Function, topicArn: pulumi.Input<string>, tags: Readonly<Record<string, string>>, parent: pulumi.Resource): aws.cloudwatch.MetricAlarm {
  return new aws.cloudwatch.MetricAlarm(`${name}-authorizer-errors`, {
    alarmDescription: `${name}: the $connect authorizer threw or timed out (every connect is refused meanwhile)`,
    namespace: "AWS/Lambda",
    metricName: "Errors",
    dimensions: { FunctionName: fn.name },
    ...zeroTolerance(topicArn),
    tags,
  }, { parent });
}
