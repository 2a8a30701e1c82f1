import type { CloudMocks, MockContext, MockResource } from "./types";

/** `aws:lambda/function:Function` -> `lambda`. */
function service(type: string): string {
  return type.split(":")[1]?.split("/")[0] ?? "unknown";
}

/** A physical name the way Pulumi auto-names: the logical name plus a stable suffix. */
export function physicalName(name: string): string {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return `${name}-${hash.toString(16).padStart(8, "0").slice(0, 7)}`;
}

export function arnFor(resource: MockResource, context: MockContext): string {
  const svc = service(resource.type);
  const name = (resource.inputs.name as string | undefined) ?? physicalName(resource.name);
  const global = svc === "iam" || svc === "s3";
  return `arn:aws:${svc}:${global ? "" : context.awsRegion}:${global && svc === "s3" ? "" : context.awsAccountId}:${name}`;
}

/** AWS: generic ARNs and names; the AWS components add what their resources need. */
export const awsMocks: CloudMocks = {
  owns: (token) => token.startsWith("aws:") || token.startsWith("awsx:"),
  outputs(resource, context) {
    return {
      name: resource.inputs.name ?? physicalName(resource.name),
      arn: arnFor(resource, context),
    };
  },
  calls: {
    "aws:index/getCallerIdentity:getCallerIdentity": (_inputs, context) => ({
      accountId: context.awsAccountId,
      arn: `arn:aws:iam::${context.awsAccountId}:user/offline-preview`,
      userId: "AIDAOFFLINEPREVIEW",
    }),
    "aws:index/getRegion:getRegion": (_inputs, context) => ({ name: context.awsRegion, region: context.awsRegion, id: context.awsRegion }),
    "aws:index/getPartition:getPartition": () => ({ partition: "aws", dnsSuffix: "amazonaws.com" }),
  },
};
