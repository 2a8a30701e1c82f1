/**
 * Per-connection version pinning on AWS (issue 20), the program's side; the handler's side is
 * runtime/aws/pinning.ts and the contract runtime/aws/pinning-contract.ts.
 *
 * - The function may invoke its own published versions (`<function ARN>:*`, qualified ARNs only:
 *   the unqualified ARN is `$LATEST`), which is how an event reaching the wrong version is handed to
 *   the connection's own version. A role policy of its own, declared after the function: the
 *   function's ARN exists only once the function does, and the function already waits for the
 *   main role policy.
 * - A rollback (`weight: 0`) closes the canary's connections: one `aws.lambda.Invocation` runs the
 *   handler's `close-version` command once, after the alias is back on the previous version, so
 *   no new connection reaches the canary any more. Each client gets a `reconnect` frame, then the
 *   connection is closed (API Gateway Management API DeleteConnection); a reconnect lands on the
 *   previous version.
 */
import * as aws from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import type { ReleaseTraffic } from "../../domain";
import { closeVersionCommand } from "../../runtime/aws/pinning-contract";
import type { HostedFunction } from "./function";
import { policy, type Statement } from "./policies";

/** The function invokes its own published versions, nothing else. */
export function forwardStatements(functionArn: string): Statement[] {
  return [{ Sid: "ForwardToOwnVersions", Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: `${functionArn}:*` }];
}

export function allowVersionForwarding(name: string, hosted: HostedFunction, parent: pulumi.Resource): aws.iam.RolePolicy {
  return new aws.iam.RolePolicy(`${name}-forward`, {
    role: hosted.role.id,
    policy: hosted.function.arn.apply((arn) => JSON.stringify(policy(...forwardStatements(arn)))),
  }, { parent });
}

/** Whether this update is a rollback that must close the canary's connections (plain values only). */
export function closesCanary(traffic: ReleaseTraffic | undefined): boolean {
  return traffic !== undefined && traffic.weight === 0 && traffic.previous.versions?.websocket !== undefined;
}

export const ROLLBACK_CLOSE_REASON = "release rolled back; reconnect";

/**
 * On a rollback, closes the connections the canary (the version just published) accepted. Runs on
 * the canary version: it has this handler by construction (this program published it), the
 * previous version may predate the command.
 */
export function closeCanaryConnections(name: string, hosted: HostedFunction, traffic: ReleaseTraffic | undefined, managementEndpoint: pulumi.Input<string>, parent: pulumi.Resource, dependsOn: pulumi.Resource[]): aws.lambda.Invocation | undefined {
  if (!closesCanary(traffic)) return undefined;
  const canary = hosted.function.version;
  const keep = traffic!.previous.versions!.websocket!;
  return new aws.lambda.Invocation(`${name}-close-canary`, {
    functionName: hosted.function.name,
    qualifier: canary,
    input: pulumi.all([canary, managementEndpoint]).apply(([version, endpoint]) => JSON.stringify(closeVersionCommand(version, keep, endpoint, ROLLBACK_CLOSE_REASON))),
  }, { parent, dependsOn: [hosted.alias, ...dependsOn] });
}
