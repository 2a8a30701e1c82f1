import type { CloudMocks, MockContext, MockResource } from "./types";

/** `aws:lambda/function:Function` -> `lambda`. */
function service(type: string): string {
  return type.split(":")[1]?.split("/")[0] ?? "unknown";
}

function hash(text: string): number {
  let value = 0;
  for (const char of text) value = (value * 31 + char.charCodeAt(0)) >>> 0;
  return value;
}

/** A physical name the way Pulumi auto-names: the logical name plus a stable suffix. */
export function physicalName(name: string): string {
  return `${name}-${hash(name).toString(16).padStart(8, "0").slice(0, 7)}`;
}

/** A 10-character API Gateway id, stable per resource id (the mock id is `<name>-id`). */
export function apiGatewayId(resourceId: string): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  let seed = hash(resourceId) || 1;
  let id = "";
  for (let i = 0; i < 10; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    id += alphabet[seed % alphabet.length];
  }
  return id;
}

export function arnFor(resource: MockResource, context: MockContext): string {
  const svc = service(resource.type);
  const name = (resource.inputs.name as string | undefined) ?? physicalName(resource.name);
  const global = svc === "iam" || svc === "s3";
  return `arn:aws:${svc}:${global ? "" : context.awsRegion}:${global && svc === "s3" ? "" : context.awsAccountId}:${name}`;
}

const str = (value: unknown, fallback: string): string => (typeof value === "string" && value !== "" ? value : fallback);

/** The outputs AWS computes for the resources the AWS components declare (ARNs in each service's real format). */
const computed: Readonly<Record<string, (resource: MockResource, context: MockContext, name: string) => Record<string, unknown>>> = {
  "aws:lambda/function:Function": (_r, c, name) => {
    const arn = `arn:aws:lambda:${c.awsRegion}:${c.awsAccountId}:function:${name}`;
    return {
      arn,
      invokeArn: lambdaInvokeArn(c, arn),
      version: "1",
      qualifiedArn: `${arn}:1`,
      qualifiedInvokeArn: lambdaInvokeArn(c, `${arn}:1`),
    };
  },
  "aws:lambda/alias:Alias": (r, c, name) => {
    const arn = `arn:aws:lambda:${c.awsRegion}:${c.awsAccountId}:function:${str(r.inputs.functionName, "function")}:${name}`;
    return { arn, invokeArn: lambdaInvokeArn(c, arn) };
  },
  "aws:apigatewayv2/api:Api": (r, c) => {
    const id = apiGatewayId(`${r.name}-id`);
    const websocket = r.inputs.protocolType === "WEBSOCKET";
    return {
      apiEndpoint: `${websocket ? "wss" : "https"}://${id}.execute-api.${c.awsRegion}.amazonaws.com`,
      executionArn: `arn:aws:execute-api:${c.awsRegion}:${c.awsAccountId}:${id}`,
      arn: `arn:aws:apigateway:${c.awsRegion}::/apis/${id}`,
    };
  },
  "aws:apigatewayv2/stage:Stage": (r, c) => {
    const id = apiGatewayId(str(r.inputs.apiId, "api"));
    const stage = str(r.inputs.name, "$default");
    // HTTP API stages auto-deploy; WebSocket stages are deployed explicitly and give a wss:// URL.
    const websocket = r.inputs.autoDeploy !== true;
    const host = `${id}.execute-api.${c.awsRegion}.amazonaws.com`;
    return {
      invokeUrl: websocket ? `wss://${host}/${stage}` : `https://${host}/${stage === "$default" ? "" : stage}`,
      executionArn: `arn:aws:execute-api:${c.awsRegion}:${c.awsAccountId}:${id}/${stage}`,
      arn: `arn:aws:apigateway:${c.awsRegion}::/apis/${id}/stages/${stage}`,
    };
  },
  "aws:dynamodb/table:Table": (_r, c, name) => ({ arn: `arn:aws:dynamodb:${c.awsRegion}:${c.awsAccountId}:table/${name}` }),
  "aws:cloudwatch/logGroup:LogGroup": (_r, c, name) => ({ arn: `arn:aws:logs:${c.awsRegion}:${c.awsAccountId}:log-group:${name}` }),
  "aws:iam/role:Role": (_r, c, name) => ({ arn: `arn:aws:iam::${c.awsAccountId}:role/${name}`, uniqueId: `AROA${hash(name).toString(36).toUpperCase()}` }),
  "aws:s3/bucket:Bucket": (_r, c, name) => ({
    bucket: name,
    arn: `arn:aws:s3:::${name}`,
    bucketDomainName: `${name}.s3.amazonaws.com`,
    bucketRegionalDomainName: `${name}.s3.${c.awsRegion}.amazonaws.com`,
    region: c.awsRegion,
  }),
  "aws:s3/bucketObject:BucketObject": (r) => ({ versionId: "mock-version", etag: hash(str(r.inputs.key, r.name)).toString(16) }),
  // Custom domains (components/aws/domain.ts): the DNS validation record ACM asks for, the regional target.
  "aws:acm/certificate:Certificate": (r, c, name) => {
    const domain = str(r.inputs.domainName, "example.com");
    const token = hash(`${domain}#validation`).toString(16).padStart(8, "0");
    return {
      arn: `arn:aws:acm:${c.awsRegion}:${c.awsAccountId}:certificate/${token}-0000-4000-8000-${hash(name).toString(16).padStart(12, "0").slice(0, 12)}`,
      domainValidationOptions: [{ domainName: domain, resourceRecordName: `_${token}.${domain}.`, resourceRecordType: "CNAME", resourceRecordValue: `_${token}.acm-validations.aws.` }],
      status: "PENDING_VALIDATION",
    };
  },
  "aws:acm/certificateValidation:CertificateValidation": (r) => ({ certificateArn: r.inputs.certificateArn }),
  "aws:apigatewayv2/domainName:DomainName": (r, c) => {
    const configuration = (r.inputs.domainNameConfiguration ?? {}) as Record<string, unknown>;
    return {
      domainNameConfiguration: { ...configuration, targetDomainName: `d-${apiGatewayId(str(r.inputs.domainName, r.name))}.execute-api.${c.awsRegion}.amazonaws.com`, hostedZoneId: "Z1UJRXOUMOOFQ8" },
      apiMappingSelectionExpression: "$request.basepath",
      arn: `arn:aws:apigateway:${c.awsRegion}::/domainnames/${str(r.inputs.domainName, r.name)}`,
    };
  },
  "aws:route53/record:Record": (r) => ({ fqdn: str(r.inputs.name, r.name).replace(/\.$/, "") }),
  "aws:kms/key:Key": (r, c) => {
    const keyId = `${hash(`${r.name}#a`).toString(16).padStart(8, "0")}-${hash(`${r.name}#b`).toString(16).padStart(8, "0").slice(0, 4)}-4000-8000-${hash(`${r.name}#c`).toString(16).padStart(12, "0").slice(0, 12)}`;
    return { keyId, arn: `arn:aws:kms:${c.awsRegion}:${c.awsAccountId}:key/${keyId}` };
  },
  "aws:sns/topic:Topic": (_r, c, name) => ({ arn: `arn:aws:sns:${c.awsRegion}:${c.awsAccountId}:${name}` }),
  "aws:cloudwatch/metricAlarm:MetricAlarm": (_r, c, name) => ({ arn: `arn:aws:cloudwatch:${c.awsRegion}:${c.awsAccountId}:alarm:${name}` }),
  "aws:ec2/securityGroup:SecurityGroup": (r, c) => {
    const id = `sg-${hash(r.name).toString(16).padStart(8, "0")}0${hash(`${r.name}#`).toString(16).padStart(8, "0")}`;
    return { arn: `arn:aws:ec2:${c.awsRegion}:${c.awsAccountId}:security-group/${id}`, ownerId: c.awsAccountId };
  },
  // awsx components are remote: under mocks the VPC is one resource, so its outputs are given here.
  "awsx:ec2:Vpc": (r) => {
    const suffix = (i: number) => hash(`${r.name}#${i}`).toString(16).padStart(8, "0");
    const zones = typeof r.inputs.numberOfAvailabilityZones === "number" ? r.inputs.numberOfAvailabilityZones : 3;
    return {
      vpcId: `vpc-${suffix(0)}`,
      privateSubnetIds: Array.from({ length: zones }, (_, i) => `subnet-${suffix(10 + i)}`),
      publicSubnetIds: Array.from({ length: zones }, (_, i) => `subnet-${suffix(20 + i)}`),
      isolatedSubnetIds: [],
    };
  },
};

function lambdaInvokeArn(c: MockContext, functionArn: string): string {
  return `arn:aws:apigateway:${c.awsRegion}:lambda:path/2015-03-31/functions/${functionArn}/invocations`;
}

/** AWS: generic ARNs and names, and each AWS resource's own computed outputs. */
export const awsMocks: CloudMocks = {
  owns: (token) => token.startsWith("aws:") || token.startsWith("awsx:"),
  outputs(resource, context) {
    const name = (resource.inputs.name as string | undefined) ?? physicalName(resource.name);
    return {
      name,
      arn: arnFor(resource, context),
      ...(computed[resource.type]?.(resource, context, name) ?? {}),
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
    // The account's outbound web identity federation issuer (IAM GetOutboundWebIdentityFederationInfo's IssuerIdentifier).
    "aws:iam/getOutboundWebIdentityFederation:getOutboundWebIdentityFederation": (_inputs, context) => ({ id: context.awsAccountId, issuerIdentifier: `https://${context.awsAccountId}-offline.tokens.sts.global.api.aws` }),
  },
};
