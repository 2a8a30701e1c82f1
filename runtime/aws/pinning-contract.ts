/**
 * What the AWS WebSocket component and its handler agree on for per-connection version pinning
 * (issue 20). No SDK imports: the Pulumi program reads it too.
 *
 * API Gateway invokes the `live` alias once per route event, and a weighted alias picks a version
 * per invocation (Lambda Developer Guide, "Implement Lambda canary deployments using a weighted
 * alias": "Lambda uses a simple probabilistic model to distribute the traffic"), so the messages of
 * one connection would land on both versions. The handler therefore records, at `$connect`, the
 * version that accepted the connection, and a later event that reaches the other version is
 * invoked again on the recorded one (Lambda Invoke with `Qualifier`), marked so it is never
 * forwarded twice.
 */

/** Top-level key of a forwarded route event: the version that forwarded it. */
export const FORWARDED_FROM = "semantestForwardedFrom";

/** Top-level key of a release command sent by the program (`aws.lambda.Invocation`), never by API Gateway. */
export const RELEASE_COMMAND = "semantestRelease";

/** The frame every connection of a retired version gets before it is closed. */
export const RECONNECT_FRAME_TYPE = "reconnect";

/** `{ semantestRelease: { action: "close-version", version, keep, endpoint, reason } }` */
export interface CloseVersionCommand {
  readonly action: "close-version";
  /** The Lambda version whose connections are closed (the canary). */
  readonly version: string;
  /** The version that keeps serving; when it equals `version` (nothing was published) nothing is closed. */
  readonly keep: string;
  /** The management API: `https://{api-id}.execute-api.{region}.amazonaws.com/{stage}`. */
  readonly endpoint: string;
  /** Said to clients in the reconnect frame. */
  readonly reason: string;
}

export function closeVersionCommand(version: string, keep: string, endpoint: string, reason: string): { [RELEASE_COMMAND]: CloseVersionCommand } {
  return { [RELEASE_COMMAND]: { action: "close-version", version, keep, endpoint, reason } };
}
