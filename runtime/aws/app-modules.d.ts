/**
 * The app a Lambda artifact hosts, by name. artifacts/aws.ts resolves these names at bundle time to
 * the reference app (app/rest/app.ts, app/websocket/relay.ts) or to `settings.entry`, the user's
 * own module. See docs/deploy-aws.md, "Bring your own app".
 */
declare module "semantest:rest-app" {
  /** A factory returning an Express app or a `(req, res)` listener (may be async). */
  export const createApp: unknown;
  /** Or the app itself. */
  export const app: unknown;
  const defaultExport: unknown;
  export default defaultExport;
}

declare module "semantest:websocket-app" {
  /** A factory returning a WebSocketApp (app/websocket/port.ts); may be async. */
  export const createRelayApp: unknown;
  export const createApp: unknown;
  /** Or the app object itself. */
  export const app: unknown;
  const defaultExport: unknown;
  export default defaultExport;
}
