/**
 * A local stand-in for the AWS APIs doctor calls, on 127.0.0.1: it answers each request with the
 * response AWS documents for it (STS and EC2 in their query-protocol XML, Service Quotas in JSON
 * 1.1, API Gateway and Lambda in REST JSON), from a world the test sets, and records every call.
 * Anything else gets a 400 the SDK reports, so an unexpected call fails the test loudly.
 */
import * as http from "http";
import type { AddressInfo } from "net";

export interface AwsWorld {
  /** undefined: STS answers InvalidClientTokenId (403). */
  identity?: { account: string; arn: string };
  cloudwatchRoleArn?: string;
  /** undefined: no applied value (NoSuchResourceException), the default quota answers. */
  elasticIpQuota?: number;
  defaultElasticIpQuota: number;
  addresses: { publicIp: string; tags: Record<string, string> }[];
  lambda: { limit: number; unreserved: number };
}

export interface RecordedCall {
  readonly service: string;
  readonly operation: string;
}

export interface AwsRecorder {
  readonly endpoint: string;
  readonly calls: RecordedCall[];
  world: AwsWorld;
  close(): Promise<void>;
}

export const DEFAULT_WORLD: AwsWorld = {
  identity: { account: "123456789012", arn: "arn:aws:iam::123456789012:user/ada" },
  cloudwatchRoleArn: undefined,
  elasticIpQuota: undefined,
  defaultElasticIpQuota: 5,
  addresses: [],
  lambda: { limit: 1000, unreserved: 1000 },
};

export async function startAwsRecorder(world: AwsWorld = DEFAULT_WORLD): Promise<AwsRecorder> {
  const calls: RecordedCall[] = [];
  const state = { world: structuredClone(world) };
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      try {
        answer(req, body, state.world, calls, res);
      } catch (error) {
        // The recorder keeps serving: a bug in one answer is a 500 for that request only.
        res.writeHead(500, { "content-type": "text/plain" }).end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    get world() {
      return state.world;
    },
    set world(value: AwsWorld) {
      state.world = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function answer(req: http.IncomingMessage, body: string, world: AwsWorld, calls: RecordedCall[], res: http.ServerResponse): void {
  const url = new URL(req.url ?? "/", "http://recorder");
  const form = new URLSearchParams(body);
  const target = String(req.headers["x-amz-target"] ?? "");
  const xml = (status: number, text: string): void => {
    res.writeHead(status, { "content-type": "text/xml" }).end(text);
  };
  const json = (status: number, value: unknown, type = "application/json"): void => {
    res.writeHead(status, { "content-type": type }).end(JSON.stringify(value));
  };

  if (req.method === "POST" && form.get("Action") === "GetCallerIdentity") {
    calls.push({ service: "sts", operation: "GetCallerIdentity" });
    if (!world.identity) {
      return xml(403, `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`);
    }
    return xml(200, `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>${world.identity.arn}</Arn><UserId>AIDAEXAMPLE</UserId><Account>${world.identity.account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r-2</RequestId></ResponseMetadata></GetCallerIdentityResponse>`);
  }
  if (req.method === "POST" && form.get("Action") === "DescribeAddresses") {
    calls.push({ service: "ec2", operation: "DescribeAddresses" });
    const items = world.addresses
      .map((a, i) => `<item><publicIp>${a.publicIp}</publicIp><allocationId>eipalloc-${i}</allocationId><domain>vpc</domain><tagSet>${Object.entries(a.tags).map(([k, v]) => `<item><key>${k}</key><value>${v}</value></item>`).join("")}</tagSet></item>`)
      .join("");
    return xml(200, `<DescribeAddressesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r-3</requestId><addressesSet>${items}</addressesSet></DescribeAddressesResponse>`);
  }
  if (target === "ServiceQuotasV20190624.GetServiceQuota") {
    calls.push({ service: "service-quotas", operation: "GetServiceQuota" });
    const input = JSON.parse(body) as { ServiceCode: string; QuotaCode: string };
    if (world.elasticIpQuota === undefined || input.QuotaCode !== "L-0263D0A3") {
      return json(400, { __type: "NoSuchResourceException", Message: `The request failed because the specified service quota ${input.QuotaCode} does not exist.` }, "application/x-amz-json-1.1");
    }
    return json(200, { Quota: { ServiceCode: "ec2", QuotaCode: input.QuotaCode, QuotaName: "EC2-VPC Elastic IPs", Value: world.elasticIpQuota, Adjustable: true } }, "application/x-amz-json-1.1");
  }
  if (target === "ServiceQuotasV20190624.GetAWSDefaultServiceQuota") {
    calls.push({ service: "service-quotas", operation: "GetAWSDefaultServiceQuota" });
    return json(200, { Quota: { ServiceCode: "ec2", QuotaCode: "L-0263D0A3", QuotaName: "EC2-VPC Elastic IPs", Value: world.defaultElasticIpQuota, Adjustable: true } }, "application/x-amz-json-1.1");
  }
  if (req.method === "GET" && url.pathname === "/account") {
    calls.push({ service: "apigateway", operation: "GetAccount" });
    return json(200, { ...(world.cloudwatchRoleArn ? { cloudwatchRoleArn: world.cloudwatchRoleArn } : {}), throttleSettings: { burstLimit: 5000, rateLimit: 10000 }, features: [], apiKeyVersion: "4" });
  }
  if (req.method === "GET" && url.pathname === "/2016-08-19/account-settings") {
    calls.push({ service: "lambda", operation: "GetAccountSettings" });
    return json(200, { AccountLimit: { TotalCodeSize: 80530636800, CodeSizeUnzipped: 262144000, CodeSizeZipped: 52428800, ConcurrentExecutions: world.lambda.limit, UnreservedConcurrentExecutions: world.lambda.unreserved }, AccountUsage: { TotalCodeSize: 0, FunctionCount: 0 } });
  }
  calls.push({ service: "unknown", operation: `${req.method} ${url.pathname} ${target || form.get("Action") || ""}` });
  return json(400, { __type: "UnknownOperationException", message: `the recorder has no answer for ${req.method} ${url.pathname}` });
}
