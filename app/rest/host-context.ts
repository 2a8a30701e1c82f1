/**
 * What a host hands the REST app's `createApp(context)`: the ports the app may use beyond HTTP.
 * Every host (Lambda, Azure Functions, the local gateway) builds the same shape, so an app is
 * written once against it.
 */
import type { PushConnections } from "../websocket/port";

export interface RestAppContext {
  /**
   * The WebSocket connections of the stack's WebSocket component, wherever it runs (same cloud or
   * the other one). Absent when the stack has no WebSocket component.
   */
  readonly connections?: PushConnections;
}
