/**
 * The contract suite's Node transport (fetch + ws), kept in adapters/invoke so the API can use it
 * too; required when a transport is made, so registering the commands loads no adapter.
 */
import type { Transport } from "../application/verify/contract";

export function nodeTransport(): Transport {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require("../adapters/invoke/node-transport") as typeof import("../adapters/invoke/node-transport")).nodeTransport();
}
