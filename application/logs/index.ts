/** `logs`: a stack's function logs with the release on each line (read-logs.ts); the port is ports.ts. */
export * from "./ports";
export { readLogs, locationOf, type LogLine, type LogsRequest, type LogsResult } from "./read-logs";
export { parseSince, SINCE_ALLOWED, MAX_SINCE_MS } from "./since";
export { parseFilter } from "./filter";
export { logSourcesFromOutputs } from "./sources";
export { releaseAt, releaseLabel, releaseTimeline } from "./releases";
export { pollFollow, type PollOptions } from "./poll";
