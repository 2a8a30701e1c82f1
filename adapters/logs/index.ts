/**
 * The log readers behind the `logReaders` port: CloudWatch Logs for AWS sources, Log Analytics for
 * Azure ones. Each SDK loads when a source of its cloud is opened.
 */
import type { LogReader, LogReaders, LogSource } from "../../application/logs";

/* eslint-disable @typescript-eslint/no-require-imports */
const cloudwatch = () => require("./cloudwatch") as typeof import("./cloudwatch");
const logAnalytics = () => require("./log-analytics") as typeof import("./log-analytics");
/* eslint-enable @typescript-eslint/no-require-imports */

/** The variable that points the Azure reader at another Log Analytics API endpoint (a sovereign cloud, or a recorder in tests). */
export const AZURE_LOGS_ENDPOINT_VARIABLE = "SEMANTEST_IAC_AZURE_LOGS_ENDPOINT";

export function cloudLogReaders(env: NodeJS.ProcessEnv, notice: (message: string) => void = () => undefined): LogReaders {
  return {
    open(source: LogSource): LogReader {
      // The SDK's own variables, read from the environment the CLI or the API was given.
      if (source.provider === "aws") return new (cloudwatch().CloudWatchLogReader)(source, { endpoint: env.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS ?? env.AWS_ENDPOINT_URL, onNotice: notice });
      return new (logAnalytics().LogAnalyticsLogReader)(source, { endpoint: env[AZURE_LOGS_ENDPOINT_VARIABLE] });
    },
  };
}
