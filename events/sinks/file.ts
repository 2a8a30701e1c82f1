import * as path from "path";
import type { FileSinkConfig } from "../../domain/config/events-config";
import type { EventEnvelope } from "../../domain/events";
import { appendDurably } from "../durable-file";
import { DeliveryResult, errorMessage, EventSink } from "../sink";

/** JSONL, one envelope per line, fsynced on every append (the default sink). */
export class FileSink implements EventSink {
  readonly kind = "file" as const;
  readonly network = false;
  readonly batchSize = 500;
  readonly id: string;
  readonly file: string;

  constructor(config: FileSinkConfig, projectDir: string) {
    this.id = `file:${config.path}`;
    this.file = path.resolve(projectDir, config.path);
  }

  async deliver(batch: readonly EventEnvelope[]): Promise<DeliveryResult> {
    try {
      appendDurably(this.file, batch.map((event) => JSON.stringify(event) + "\n").join(""));
      return { delivered: batch.map((event) => event.id), rejected: [] };
    } catch (error) {
      return { delivered: [], rejected: [], failure: `cannot append to ${this.file}: ${errorMessage(error)}` };
    }
  }
}
