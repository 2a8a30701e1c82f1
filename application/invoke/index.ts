/** `invoke`: one call to a deployed component (invoke.ts), its flags checked in request.ts. */
export { invoke, type InvokeRequest, type InvokeResult, type RestInvokeResult, type WebSocketInvokeResult } from "./invoke";
export { parseInvoke, METHODS, MAX_MESSAGE_BYTES, MAX_BODY_BYTES, type InvokeFlags, type InvokePlan } from "./request";
