/**
 * The Web PubSub service REST API operations the emulator serves (Microsoft Learn, "Azure Web PubSub
 * service REST API", api-version 2024-01-01), as `WebPubSubServiceClient` calls them. Routing and
 * answers only: what they act on is the emulator's (ServiceState). Statuses are the ones the SDK's
 * generated client expects (`@azure/web-pubsub` generated/operations/webPubSub.js).
 */
import { randomBytes } from "crypto";
import { signJwt } from "./jwt";
import type { Permission } from "./client-protocol";

export interface ServiceConnection {
  readonly id: string;
  readonly hub: string;
  readonly userId?: string;
  readonly roles: Set<string>;
}

/** What the REST API acts on (implemented by WebPubSubEmulator). */
export interface ServiceState {
  readonly endpoint: string;
  readonly accessKey: string;
  connection(hub: string, id: string): ServiceConnection | undefined;
  connectionsOf(hub: string): ServiceConnection[];
  groupMembers(hub: string, group: string): string[];
  join(hub: string, group: string, connectionId: string): void;
  leave(hub: string, group: string, connectionId: string): void;
  groupsOf(hub: string): string[];
  /** Sends a server message to these connections (skipping `excluded`). */
  send(ids: Iterable<string>, contentType: string, body: Buffer, excluded: ReadonlySet<string>): void;
  disconnect(id: string, reason: string): void;
}

export interface RestRequest {
  readonly method: string;
  readonly hub: string;
  /** Decoded path segments after `/api/hubs/{hub}`. */
  readonly segments: readonly string[];
  readonly query: URLSearchParams;
  readonly contentType: string;
  readonly body: Buffer;
}

export interface RestAnswer {
  readonly status: number;
  readonly body?: unknown;
}

const PERMISSIONS: readonly string[] = ["sendToGroup", "joinLeaveGroup"];

const notFound = (what: string): RestAnswer => ({ status: 404, body: { code: "NotFound", message: `${what} does not exist` } });

/** `PUT|DELETE|HEAD permissions/{permission}/connections/{id}`: the roles a connection holds, per group with `targetName`. */
function permission(state: ServiceState, request: RestRequest, name: string, id: string): RestAnswer {
  if (!PERMISSIONS.includes(name)) return { status: 400, body: { code: "BadRequest", message: `permission ${JSON.stringify(name)} is not one of ${PERMISSIONS.join(", ")}` } };
  const connection = state.connection(request.hub, id);
  const target = request.query.get("targetName");
  const role = `webpubsub.${name as Permission}${target ? `.${target}` : ""}`;
  switch (request.method) {
    case "PUT":
      if (!connection) return notFound(`connection ${id}`);
      connection.roles.add(role);
      return { status: 200 };
    case "DELETE":
      connection?.roles.delete(role);
      return { status: 204 };
    default:
      return { status: connection && (connection.roles.has(role) || connection.roles.has(`webpubsub.${name}`)) ? 200 : 404 };
  }
}

export function serveRest(state: ServiceState, request: RestRequest): RestAnswer {
  const { method, hub, segments, query } = request;
  const route = `${method} ${segments.map((s, i) => (i % 2 === 1 && !s.startsWith(":") ? "{}" : s)).join("/")}`;
  const excluded = new Set(query.getAll("excluded"));
  const reason = query.get("reason") ?? "";
  const send = (ids: Iterable<string>): RestAnswer => {
    state.send(ids, request.contentType, request.body, excluded);
    return { status: 202 };
  };
  const inHub = () => state.connectionsOf(hub);
  const [, a = "", , b = ""] = segments;
  switch (route) {
    case "POST :send":
      return send(inHub().map((c) => c.id));
    case "POST connections/{}/:send":
      if (!state.connection(hub, a)) return notFound(`connection ${a}`);
      return send([a]);
    case "POST users/{}/:send":
      return send(inHub().filter((c) => c.userId === a).map((c) => c.id));
    case "POST groups/{}/:send":
      return send(state.groupMembers(hub, a));
    case "PUT groups/{}/connections/{}":
      if (!state.connection(hub, b)) return notFound(`connection ${b}`);
      state.join(hub, a, b);
      return { status: 200 };
    case "DELETE groups/{}/connections/{}":
      state.leave(hub, a, b);
      return { status: 204 };
    case "GET groups/{}/connections":
      return { status: 200, body: { value: state.groupMembers(hub, a).map((id) => ({ connectionId: id, userId: state.connection(hub, id)?.userId ?? null })) } };
    case "HEAD groups/{}":
      return { status: state.groupMembers(hub, a).length > 0 ? 200 : 404 };
    case "PUT users/{}/groups/{}":
      for (const connection of inHub().filter((c) => c.userId === a)) state.join(hub, b, connection.id);
      return { status: 200 };
    case "DELETE users/{}/groups/{}":
      for (const connection of inHub().filter((c) => c.userId === a)) state.leave(hub, b, connection.id);
      return { status: 204 };
    case "DELETE users/{}/groups":
      for (const connection of inHub().filter((c) => c.userId === a)) for (const group of state.groupsOf(hub)) state.leave(hub, group, connection.id);
      return { status: 204 };
    case "HEAD users/{}":
      // userExists: whether the user has a connection in this hub.
      return { status: inHub().some((c) => c.userId === a) ? 200 : 404 };
    case "POST users/{}/:closeConnections":
      for (const connection of inHub().filter((c) => c.userId === a && !excluded.has(c.id))) state.disconnect(connection.id, reason);
      return { status: 204 };
    case "POST groups/{}/:closeConnections":
      for (const id of state.groupMembers(hub, a)) if (!excluded.has(id)) state.disconnect(id, reason);
      return { status: 204 };
    case "HEAD connections/{}":
      return { status: state.connection(hub, a) ? 200 : 404 };
    case "DELETE connections/{}":
      if (state.connection(hub, a)) state.disconnect(a, reason);
      return { status: 204 };
    case "DELETE connections/{}/groups":
      for (const group of state.groupsOf(hub)) state.leave(hub, group, a);
      return { status: 204 };
    case "POST :closeConnections":
      for (const connection of inHub()) if (!excluded.has(connection.id)) state.disconnect(connection.id, reason);
      return { status: 204 };
    case "PUT permissions/{}/connections/{}":
    case "DELETE permissions/{}/connections/{}":
    case "HEAD permissions/{}/connections/{}":
      return permission(state, request, a, b);
    case "POST :generateToken":
      return { status: 200, body: { token: clientToken(state, hub, query) } };
    default:
      return { status: 404, body: { code: "NotFound", message: `${method} /api/hubs/${hub}/${segments.join("/")} is not an operation of the emulated Web PubSub REST API` } };
  }
}

/** `:generateToken`: a client token as the service issues it (audience, subject, roles, groups). */
function clientToken(state: ServiceState, hub: string, query: URLSearchParams): string {
  const minutes = Number(query.get("minutesToExpire") ?? 60);
  const now = Math.floor(Date.now() / 1000);
  const userId = query.get("userId");
  return signJwt(
    {
      aud: `${state.endpoint}/client/hubs/${hub}`,
      iat: now,
      exp: now + (Number.isFinite(minutes) && minutes > 0 ? minutes : 60) * 60,
      jti: randomBytes(8).toString("hex"),
      ...(userId ? { sub: userId } : {}),
      ...(query.getAll("role").length ? { role: query.getAll("role") } : {}),
      ...(query.getAll("group").length ? { "webpubsub.group": query.getAll("group") } : {}),
    },
    state.accessKey,
  );
}
