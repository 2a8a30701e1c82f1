import * as pulumi from "@pulumi/pulumi";
import type { LogSourceOutput } from "../log-source";

/** The stack output `logs.<component>` on Azure: the Log Analytics workspace GUID behind Application Insights, and the Function App (`AppRoleName`). */
export function azureLogSource(workspaceId: pulumi.Input<string>, appName: pulumi.Input<string>): pulumi.Output<LogSourceOutput> {
  return pulumi.all([workspaceId, appName]).apply(([workspace, app]) => ({ provider: "azure" as const, workspaceId: workspace, appName: app }));
}
