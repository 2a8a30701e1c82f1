import type * as pulumi from "@pulumi/pulumi";
import type { Statement } from "../aws/policies";

/**
 * What the REST implementation applies to its function so the app gets working connections: the
 * settings runtime/aws/push.ts or runtime/azure/push.ts read (never a credential: at most where
 * one is), the IAM statements its role gets and the trust Azure gives that role (AWS), and the
 * role grants its identity gets (Azure).
 */
export interface PushWiring {
  /** Lambda environment variables / Function App settings (PUSH_ENV in runtime/shared/push-contract.ts). */
  readonly environment: Readonly<Record<string, pulumi.Input<string>>>;
  /** REST on AWS: what its role may do to reach the connections. */
  readonly statements?: pulumi.Output<Statement[]>;
  /** REST on AWS pushing to Azure: makes Azure trust the Lambda's role (a federated identity credential); called once with the role's ARN. */
  readonly trustRole?: (roleArn: pulumi.Output<string>) => void;
  /** REST on Azure: grants the Function App's managed identity what it needs; called once with its principal. */
  readonly grant?: (principalId: pulumi.Output<string>) => void;
}
