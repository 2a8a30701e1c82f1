/** AWS DynamoDB: the WebSocket connections table. */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { enforcedEnvironment, environmentOfResource, environmentsConfig, forTypes, quote, resourcePolicy } from "../lib/policy";

const TABLE = "aws:dynamodb/table:Table";

interface TableProps {
  serverSideEncryption?: { enabled?: boolean; kmsKeyArn?: string };
  pointInTimeRecovery?: { enabled?: boolean };
}

export function dynamodbEncrypted(): ResourceValidationPolicy {
  return resourcePolicy(
    {
      name: "dynamodb-table-encrypted",
      concern: "security",
      severity: "high",
      description: "DynamoDB tables use KMS server-side encryption (serverSideEncryption.enabled), so key use is auditable in CloudTrail.",
      remediationSteps: "Set serverSideEncryption: { enabled: true } (AWS managed key) or give a kmsKeyArn.",
      config: {
        allowAwsOwnedKey: { type: "boolean", default: false, description: "Accept DynamoDB's default AWS owned key (encrypted, but not auditable)." },
      },
    },
    forTypes<TableProps>([TABLE], (props, args, reportViolation) => {
      if (props.serverSideEncryption?.enabled === true) return;
      if (args.getConfig<{ allowAwsOwnedKey?: boolean }>().allowAwsOwnedKey && props.serverSideEncryption?.enabled !== false) return;
      reportViolation(`DynamoDB table ${quote(args)} does not enable KMS server-side encryption (serverSideEncryption.enabled is ${props.serverSideEncryption?.enabled ?? "missing"}).`);
    }),
  );
}

export function dynamodbPointInTimeRecovery(): ResourceValidationPolicy {
  return resourcePolicy(
    {
      name: "dynamodb-point-in-time-recovery",
      concern: "reliability",
      severity: "medium",
      description: "Production DynamoDB tables have point-in-time recovery enabled.",
      remediationSteps: "Set pointInTimeRecovery: { enabled: true } (stack config semantest:components.websocket.pointInTimeRecovery).",
      config: {
        environments: { type: "array", items: { type: "string" }, default: ["production"], description: "Environments whose tables need point-in-time recovery." },
      },
    },
    forTypes<TableProps>([TABLE], (props, args, reportViolation) => {
      const environment = environmentOfResource(args);
      const environments = args.getConfig<{ environments?: string[] }>().environments ?? ["production"];
      if (!environments.includes(environment)) return;
      if (props.pointInTimeRecovery?.enabled !== true) {
        reportViolation(`DynamoDB table ${quote(args)} has no point-in-time recovery in ${environment}.`);
      }
    }),
  );
}

export function dynamodbDeletionProtection(): ResourceValidationPolicy {
  return resourcePolicy(
    {
      name: "dynamodb-deletion-protection",
      concern: "security",
      severity: "medium",
      description: "Production DynamoDB tables have deletion protection enabled.",
      remediationSteps: "Set deletionProtectionEnabled: true (components/aws/websocket.ts does in production); lift it deliberately before a teardown (docs/teardown.md).",
      config: environmentsConfig("tables need deletion protection"),
    },
    forTypes<TableProps & { deletionProtectionEnabled?: boolean }>([TABLE], (props, args, reportViolation) => {
      const environment = enforcedEnvironment(args);
      if (!environment) return;
      if (props.deletionProtectionEnabled !== true) {
        reportViolation(`DynamoDB table ${quote(args)} has no deletion protection in ${environment} (deletionProtectionEnabled is ${props.deletionProtectionEnabled ?? "missing"}).`);
      }
    }),
  );
}
