import type { SinkConfig } from "../../domain/config/events-config";
import type { EventSink } from "../sink";
import type { EventBridgeSinkOptions } from "./eventbridge";
import type { EventGridSinkOptions } from "./eventgrid";
import { FileSink } from "./file";
import { HttpSink, HttpSinkOptions } from "./http";

export interface SinkFactoryOptions {
  readonly projectDir: string;
  readonly env?: NodeJS.ProcessEnv;
  /** The stack's aws:region, for EventBridge sinks that name none. */
  readonly awsRegion?: string;
  readonly http?: HttpSinkOptions;
  readonly eventbridge?: Omit<EventBridgeSinkOptions, "region">;
  readonly eventgrid?: EventGridSinkOptions;
}

/**
 * One adapter per configured sink (`semantest:events.sinks`). The cloud sinks are loaded only when
 * configured: their SDKs cost ~0.4 s to load, which every Pulumi program run would otherwise pay.
 */
export function createSink(config: SinkConfig, options: SinkFactoryOptions): EventSink {
  switch (config.kind) {
    case "file":
      return new FileSink(config, options.projectDir);
    case "http":
      return new HttpSink(config, { env: options.env, ...options.http });
    case "eventbridge": {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { EventBridgeSink } = require("./eventbridge") as typeof import("./eventbridge");
      return new EventBridgeSink(config, { region: options.awsRegion, ...options.eventbridge });
    }
    case "eventgrid": {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { EventGridSink } = require("./eventgrid") as typeof import("./eventgrid");
      return new EventGridSink(config, { env: options.env, ...options.eventgrid });
    }
  }
}

export { FileSink, HttpSink };
