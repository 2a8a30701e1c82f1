/**
 * The log reader port: what `logs` needs from a cloud's log store, in our words. A component's logs
 * live where the stack's `logs` output says (AWS: a CloudWatch Logs group; Azure: the Log Analytics
 * workspace behind Application Insights, rows of one Function App); adapters/logs reads them.
 */
import type { ComponentKind } from "../../domain";

/** Where one component writes its logs, from the stack output `logs.<component>`. */
export type LogSource =
  | {
      readonly component: ComponentKind;
      readonly provider: "aws";
      readonly region: string;
      readonly logGroup: string;
      /** For live tail (StartLiveTail takes ARNs); absent in outputs written before it was added: then `follow` polls. */
      readonly logGroupArn?: string;
    }
  | {
      readonly component: ComponentKind;
      readonly provider: "azure";
      /** The Log Analytics workspace id (its `customerId` GUID, not the ARM id). */
      readonly workspaceId: string;
      /** The Function App whose rows are this component's (Application Insights `AppRoleName`). */
      readonly appName: string;
    };

/** One log entry as the cloud stored it. */
export interface LogEvent {
  /** Epoch milliseconds. */
  readonly timestamp: number;
  readonly message: string;
  /** Where in the source: the CloudWatch log stream, or the Application Insights table. */
  readonly stream?: string;
  /** Unique within a source when the cloud gives one (CloudWatch eventId), to drop repeats while polling. */
  readonly id?: string;
}

export interface LogQuery {
  /** Epoch ms, inclusive. */
  readonly startMs: number;
  /** Epoch ms, exclusive; default: now. */
  readonly endMs?: number;
  /** Text the message must contain (case-sensitive). */
  readonly filter?: string;
}

/** What one read found; `truncated` when the source held more than a reader returns at once. */
export interface LogBatch {
  readonly events: readonly LogEvent[];
  readonly truncated: boolean;
}

export interface LogReader {
  /** Entries in [startMs, endMs), oldest first. */
  read(query: LogQuery): Promise<LogBatch>;
  /** Calls `onEvent` for each new entry from `startMs` on until `signal` aborts, then resolves. */
  follow(query: LogQuery, onEvent: (event: LogEvent) => void, signal: AbortSignal): Promise<void>;
}

/** Opens a reader on one source (adapters/logs picks CloudWatch Logs or Log Analytics). */
export interface LogReaders {
  open(source: LogSource): LogReader;
}
