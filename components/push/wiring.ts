import type * as pulumi from "@pulumi/pulumi";
import type { Statement } from "../aws/policies";

/**
 * What the REST implementation applies to its function so the app gets working connections: the
 * settings runtime/aws/push.ts or runtime/azure/push.ts read (never a credential: at most where
 * one is), the IAM statements its role gets (AWS), and the role grants its identity gets (Azure).
 */
export interface PushWiring {
  /** Lambda environment variables / Function App settings (PUSH_ENV in runtime/shared/push-contract.ts). */
  readonly environment: Readonly<Record<string, pulumi.Input<string>>>;
  /** REST on AWS: what its role may do to reach the connections. */
  readonly statements?: pulumi.Output<Statement[]>;
  /** REST on Azure: grants the Function App's managed identity what it needs; called once with its principal. */
  readonly grant?: (principalId: pulumi.Output<string>) => void;
}
