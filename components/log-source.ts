/**
 * Where a component's function writes its logs, as the stack output `logs.<component>` (read by
 * `semantest-iac logs`, application/logs/sources.ts): plain values, no secrets. Each cloud builds
 * its own (aws/log-source.ts, azure/log-source.ts).
 */
export type LogSourceOutput =
  | { readonly provider: "aws"; readonly region: string; readonly logGroup: string; readonly logGroupArn: string }
  | { readonly provider: "azure"; readonly workspaceId: string; readonly appName: string };
