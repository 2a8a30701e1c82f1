import type { BroadcastOptions, BroadcastResult, PushConnections } from "../../app/websocket/port";

/**
 * The REST app's connections, opened on first use: an app that never pushes never reads the
 * credential, and a failure (secret unreadable, service down) fails that call only; the next call
 * tries again, as the cause may be transient.
 */
export function lazyPushConnections(open: () => Promise<PushConnections>): PushConnections {
  let opened: Promise<PushConnections> | undefined;
  const get = () =>
    (opened ??= open().catch((error: unknown) => {
      opened = undefined;
      throw error;
    }));
  return {
    send: async (connectionId: string, data: string) => (await get()).send(connectionId, data),
    broadcast: async (data: string, options?: BroadcastOptions): Promise<BroadcastResult> => (await get()).broadcast(data, options),
    close: async (connectionId: string, reason?: string) => (await get()).close(connectionId, reason),
  };
}
