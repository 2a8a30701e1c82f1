import type { RequestListener } from "http";
import type { RestAppContext } from "../../app/rest/host-context";
import type { WebSocketApp } from "../../app/websocket/port";

/** What a bundled app module may export (see runtime/aws/app-modules.d.ts). */
export type AppModule = Readonly<Record<string, unknown>>;

export class AppModuleError extends Error {
  readonly code = "APP_MODULE_INVALID" as const;
}

/**
 * The REST app from its module: `createApp(context)` (called once, may be async; `context` carries
 * the host's ports, e.g. the WebSocket connections), else `app`, else the default export: an
 * Express app or a plain `(req, res)` listener.
 */
export async function loadRestApp(mod: AppModule, context: RestAppContext = {}): Promise<RequestListener | object> {
  const factory = mod.createApp;
  const app = typeof factory === "function" ? await (factory as (context: RestAppContext) => unknown)(context) : (mod.app ?? mod.default);
  if (typeof app === "function" || (typeof app === "object" && app !== null && typeof (app as { handle?: unknown }).handle === "function")) {
    return app as RequestListener;
  }
  throw new AppModuleError(
    `the REST app module exports no app: expected createApp() returning an Express app or (req, res) listener, or such an app as "app" or default; got exports ${Object.keys(mod).join(", ") || "(none)"}`,
  );
}

/** The WebSocket app from its module: `createRelayApp()` or `createApp()` (may be async), else `app`, else default. */
export async function loadWebSocketApp(mod: AppModule): Promise<WebSocketApp> {
  const factory = [mod.createRelayApp, mod.createApp].find((f) => typeof f === "function") as (() => unknown) | undefined;
  const app = factory ? await factory() : (mod.app ?? mod.default);
  if (isWebSocketApp(app)) return app;
  throw new AppModuleError(
    `the WebSocket app module exports no app: expected createRelayApp() or createApp() returning { onConnect, onMessage, onDisconnect }, or such an object as "app" or default; got exports ${Object.keys(mod).join(", ") || "(none)"}`,
  );
}

function isWebSocketApp(value: unknown): value is WebSocketApp {
  if (typeof value !== "object" || value === null) return false;
  const app = value as Record<string, unknown>;
  return ["onConnect", "onMessage", "onDisconnect"].every((name) => typeof app[name] === "function");
}
