/**
 * A Lambda function on this machine: the artifact zip is extracted under `.semantest/local/` (inside
 * the project, so `@aws-sdk/*`, left out of the bundle because the Lambda runtime ships it, resolves
 * from the project's node_modules as it would from the runtime's), and `index.handler` runs in its
 * own process with a Lambda-like environment and context object.
 */
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { extractZip } from "../unzip";
import { FunctionWorker, type InvokeOutcome } from "../worker";

/** What Lambda's Node.js runtime does around the handler, reduced to what handlers use. */
export const LAMBDA_BOOTSTRAP = String.raw`"use strict";
const path = require("path");
const dir = process.env.SEMANTEST_WORKER_CODE_DIR;
const [file, exportName] = (process.env._HANDLER || "index.handler").split(/\.(?=[^.]+$)/);
let handler;
try {
  const mod = require(path.join(dir, file));
  handler = mod[exportName];
  if (typeof handler !== "function") throw Object.assign(new Error(process.env._HANDLER + " is undefined or not exported"), { name: "Runtime.HandlerNotFound" });
} catch (error) {
  process.send({ type: "init-error", error: { errorType: error.name || "Runtime.ImportModuleError", errorMessage: String(error.message || error) } });
  setTimeout(() => process.exit(1), 50);
  return;
}
process.on("message", async (message) => {
  if (!message || message.type !== "invoke") return;
  const context = {
    awsRequestId: message.payload.requestId,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: "arn:aws:lambda:" + process.env.AWS_REGION + ":000000000000:function:" + process.env.AWS_LAMBDA_FUNCTION_NAME,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, message.deadline - Date.now()),
  };
  try {
    const result = await handler(message.payload.event, context);
    process.send({ type: "result", id: message.id, result: result === undefined ? null : result });
  } catch (error) {
    console.error(JSON.stringify({ errorType: (error && error.name) || "Error", errorMessage: String((error && error.message) || error) }));
    process.send({ type: "result", id: message.id, error: { errorType: (error && error.name) || "Error", errorMessage: String((error && error.message) || error), stack: error && error.stack } });
  }
});
process.on("unhandledRejection", (reason) => { console.error("Runtime.UnhandledPromiseRejection", reason); process.exit(128); });
// The gateway is gone (even killed): nothing can invoke this process any more.
process.on("disconnect", () => process.exit(0));
process.send({ type: "ready" });
`;

export interface LocalLambdaOptions {
  readonly name: string;
  readonly zipPath: string;
  /** Where to extract; must be inside the project so node_modules resolve. */
  readonly workDir: string;
  readonly env?: Readonly<Record<string, string>>;
  /** @default 29 (API Gateway's integration timeout) */
  readonly timeoutSeconds?: number;
  readonly memoryMb?: number;
  readonly region?: string;
  readonly handler?: string;
  readonly output?: (line: string) => void;
  /** The published version this process plays (`context.functionVersion`). @default "$LATEST" */
  readonly version?: string;
}

export class LocalLambda {
  private readonly worker: FunctionWorker;

  private constructor(
    readonly name: string,
    readonly codeDir: string,
    worker: FunctionWorker,
  ) {
    this.worker = worker;
  }

  /** Extracts the zip and prepares (but does not yet start) the function's process. */
  static async fromZip(options: LocalLambdaOptions): Promise<LocalLambda> {
    const digest = path.basename(options.zipPath, ".zip").slice(-12);
    // One directory per instance: several gateways (and test runs) may host the same digest at once.
    const codeDir = path.join(options.workDir, `${options.name}-${options.version && options.version !== "$LATEST" ? `v${options.version}-` : ""}${digest}-${process.pid}-${randomBytes(3).toString("hex")}`);
    fs.rmSync(codeDir, { recursive: true, force: true });
    fs.mkdirSync(codeDir, { recursive: true });
    await extractZip(options.zipPath, codeDir);
    const region = options.region ?? "us-east-1";
    const timeoutSeconds = options.timeoutSeconds ?? 29;
    const worker = new FunctionWorker({
      name: options.name,
      codeDir,
      bootstrap: LAMBDA_BOOTSTRAP,
      timeoutMs: timeoutSeconds * 1000,
      output: options.output,
      env: {
        AWS_REGION: region,
        AWS_DEFAULT_REGION: region,
        // The SDK signs every call; the local endpoints accept any key.
        AWS_ACCESS_KEY_ID: "local",
        AWS_SECRET_ACCESS_KEY: "local",
        AWS_LAMBDA_FUNCTION_NAME: options.name,
        AWS_LAMBDA_FUNCTION_VERSION: options.version ?? "$LATEST",
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(options.memoryMb ?? 1024),
        AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${options.name}`,
        AWS_LAMBDA_LOG_STREAM_NAME: "local",
        AWS_EXECUTION_ENV: "AWS_Lambda_nodejs22.x",
        LAMBDA_TASK_ROOT: codeDir,
        _HANDLER: options.handler ?? "index.handler",
        // Lambda runs Node 22, where the SDK has nothing to warn about; this machine may run Node 20.
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        ...options.env,
      },
    });
    return new LocalLambda(options.name, codeDir, worker);
  }

  start(): Promise<void> {
    return this.worker.start();
  }

  invoke(event: unknown, requestId: string): Promise<InvokeOutcome> {
    return this.worker.invoke("handler", { event, requestId });
  }

  stop(): Promise<void> {
    return this.worker.stop();
  }
}
