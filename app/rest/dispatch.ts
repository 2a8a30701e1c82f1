/**
 * Semantest's core flow: a client asks the REST API to dispatch an automation request, and the
 * server pushes it over WebSocket to the browser extension subscribed (the relay's `subscribe`
 * frame) to the topic named by the extension's id.
 *
 *   POST /api/automation/dispatch {"extensionId":"ext-1","action":"click","payload":{...}}
 *   -> 202 {"requestId":"<uuid>","delivered":n}
 *   every subscriber of topic ext-1 gets {"type":"automation.requested","requestId","action","payload"}
 */
import { randomUUID } from "crypto";
import { isValidTopic } from "../websocket/relay";

export const DISPATCH_PATH = "/api/automation/dispatch";
export const AUTOMATION_REQUESTED = "automation.requested";
/** An action name: 1-128 characters of letters, digits and `. _ : / -`. */
export const ACTION_PATTERN = /^[A-Za-z0-9._:/-]{1,128}$/;

export interface DispatchRequest {
  readonly extensionId: string;
  readonly action: string;
  readonly payload: unknown;
}

export interface DispatchProblem {
  readonly field: string;
  readonly message: string;
}

export type DispatchParse = { readonly ok: true; readonly request: DispatchRequest } | { readonly ok: false; readonly problems: readonly DispatchProblem[] };

function describe(value: unknown): string {
  if (value === undefined) return "missing";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** Pure: validates a dispatch body; every problem names its field, the value and what is allowed. */
export function parseDispatch(body: unknown): DispatchParse {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return { ok: false, problems: [{ field: "body", message: `body: expected a JSON object {"extensionId","action","payload"}, got ${describe(body)}` }] };
  }
  const { extensionId, action, payload } = body as Record<string, unknown>;
  const problems: DispatchProblem[] = [];
  if (!isValidTopic(extensionId)) {
    problems.push({ field: "extensionId", message: `extensionId: ${describe(extensionId)} is not valid; expected 1-128 characters of A-Z a-z 0-9 . _ : -` });
  }
  if (typeof action !== "string" || !ACTION_PATTERN.test(action)) {
    problems.push({ field: "action", message: `action: ${describe(action)} is not valid; expected 1-128 characters of A-Z a-z 0-9 . _ : / -` });
  }
  if (!("payload" in (body as object))) {
    problems.push({ field: "payload", message: "payload: missing; send any JSON value (null when there is nothing to send)" });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, request: { extensionId: extensionId as string, action: action as string, payload } };
}

/** The frame every subscriber of the extension's topic receives. */
export function automationRequested(requestId: string, request: DispatchRequest): string {
  return JSON.stringify({ type: AUTOMATION_REQUESTED, requestId, action: request.action, payload: request.payload });
}

export function newRequestId(): string {
  return randomUUID();
}
