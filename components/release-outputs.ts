import * as pulumi from "@pulumi/pulumi";
import type { CloudProvider, ComponentKind } from "../domain";

/** What a component reports for a release (components/endpoint-component.ts). */
export interface ReleaseReport {
  readonly kind: ComponentKind;
  readonly provider: CloudProvider;
  readonly liveVersion?: pulumi.Output<string>;
  readonly releaseAlarms?: pulumi.Output<string[]>;
}

/**
 * The stack outputs a release reads (issue 20): `liveVersions` (what serves the stable share per
 * component, copied into the next release's `traffic.previous.versions`) and `releaseAlarms` per
 * cloud (what the gates read at each step). Components that report nothing are left out.
 */
export function releaseOutputs(reports: readonly ReleaseReport[]): { liveVersions: pulumi.Output<Record<string, string>>; releaseAlarms: pulumi.Output<Record<string, string[]>> } {
  const live = reports.filter((r) => r.liveVersion).map((r) => r.liveVersion!.apply((version) => [r.kind, version] as const));
  const alarms = reports.filter((r) => r.releaseAlarms).map((r) => r.releaseAlarms!.apply((names) => [r.provider, names] as const));
  return {
    liveVersions: pulumi.all(live).apply((pairs) => Object.fromEntries(pairs)),
    releaseAlarms: pulumi.all(alarms).apply((pairs) => {
      const byCloud: Record<string, string[]> = {};
      for (const [cloud, names] of pairs) (byCloud[cloud] ??= []).push(...names);
      return byCloud;
    }),
  };
}
