/**
 * The Web PubSub fake (tests/azure/support) plus connection state as the service keeps it: each
 * event to the app carries the connection's `ce-connectionState`, and the app's answer to
 * `connect` or a user event replaces it with its own `ce-connectionState` header (answers to
 * `connected` / `disconnected` are notifications whose headers the service does not apply).
 */
import { FakeWebPubSub, type UpstreamResult } from "../../azure/support/web-pubsub-fake";

export class StatefulWebPubSub extends FakeWebPubSub {
  readonly states = new Map<string, string>();

  override async event(type: string, connectionId: string, body: string, contentType: string, overrides: Record<string, string | undefined> = {}): Promise<UpstreamResult> {
    const state = this.states.get(connectionId);
    const result = await super.event(type, connectionId, body, contentType, { ...(state ? { "ce-connectionState": state } : {}), ...overrides });
    const applies = type === "azure.webpubsub.sys.connect" || type.startsWith("azure.webpubsub.user.");
    const next = result.headers.get("ce-connectionstate");
    if (applies && next !== null && result.status < 300) this.states.set(connectionId, next);
    return result;
  }

  decodedState(connectionId: string): unknown {
    const state = this.states.get(connectionId);
    return state === undefined ? undefined : (JSON.parse(Buffer.from(state, "base64").toString("utf8")) as unknown);
  }
}
