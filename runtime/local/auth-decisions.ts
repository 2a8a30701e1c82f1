/** What the emulated API Gateway does with a request once an authorizer has decided (runtime/local/auth.ts decides; aws/http-api.ts and aws/websocket-api.ts act). */

/** The HTTP API under a JWT authorizer: go on (with what API Gateway hands the integration), or answer the refusal. */
export type HttpApiAuthDecision =
  | { readonly ok: true; readonly routeKey: string; readonly authorizer?: { readonly jwt: { readonly claims: Record<string, string>; readonly scopes: readonly string[] | null } } }
  | { readonly ok: false; readonly status: 401 | 403; readonly headers: Record<string, string>; readonly body: string };

/** The `$connect` decision: go on with the authorizer's context, or refuse the handshake with a status. */
export type ConnectAuthDecision = { readonly ok: true; readonly authorizer: Record<string, unknown> } | { readonly ok: false; readonly status: number };
