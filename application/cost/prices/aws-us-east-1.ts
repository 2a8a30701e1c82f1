import { PriceBook } from "./price-book";

const LAMBDA = "https://aws.amazon.com/lambda/pricing/";
const API_GATEWAY = "https://aws.amazon.com/api-gateway/pricing/";
const DYNAMODB = "https://aws.amazon.com/dynamodb/pricing/on-demand/";
const CLOUDWATCH = "https://aws.amazon.com/cloudwatch/pricing/";
const VPC = "https://aws.amazon.com/vpc/pricing/";
const S3 = "https://aws.amazon.com/s3/pricing/";

export type AwsPriceKey =
  | "lambdaRequest" | "lambdaGbSecondArm64" | "lambdaGbSecondX86"
  | "httpApiRequest" | "websocketMessage" | "websocketConnectionMinute"
  | "dynamodbWriteRequestUnit" | "dynamodbReadRequestUnit" | "dynamodbStorage" | "dynamodbPitrStorage"
  | "logsIngestion" | "logsStorage" | "metricAlarm"
  | "natGatewayHour" | "natGatewayData" | "publicIpv4Hour"
  | "s3Storage" | "s3Put";

/**
 * US East (N. Virginia), on-demand list prices, first pricing tier, no free tier (the free tier is
 * per account, not per deployment). Per-million figures are stored per unit.
 */
export const AWS_US_EAST_1: PriceBook<AwsPriceKey> = {
  cloud: "aws",
  region: "us-east-1",
  currency: "USD",
  asOf: "2026-11-30",
  prices: {
    // "Requests: $0.20 per 1M requests"; duration, first tier: x86 $0.0000166667, Arm $0.0000133334 per GB-second.
    lambdaRequest: { usd: 0.2 / 1e6, unit: "request", source: LAMBDA },
    lambdaGbSecondArm64: { usd: 0.0000133334, unit: "GB-second", source: LAMBDA },
    lambdaGbSecondX86: { usd: 0.0000166667, unit: "GB-second", source: LAMBDA },
    // HTTP APIs: $1.00 per million requests (first 300 million), metered in 512 KB increments.
    httpApiRequest: { usd: 1.0 / 1e6, unit: "request (512 KB)", source: API_GATEWAY },
    // WebSocket APIs: $1.00 per million messages (first 1 billion), 32 KB increments; $0.25 per million connection minutes.
    websocketMessage: { usd: 1.0 / 1e6, unit: "message (32 KB)", source: API_GATEWAY },
    websocketConnectionMinute: { usd: 0.25 / 1e6, unit: "connection-minute", source: API_GATEWAY },
    // On-demand: $0.625 per million write request units, $0.125 per million read request units (since Nov 2024);
    // storage $0.25 per GB-month; continuous backups (PITR) $0.20 per GB-month.
    dynamodbWriteRequestUnit: { usd: 0.625 / 1e6, unit: "write request unit", source: DYNAMODB },
    dynamodbReadRequestUnit: { usd: 0.125 / 1e6, unit: "read request unit", source: DYNAMODB },
    dynamodbStorage: { usd: 0.25, unit: "GB-month", source: DYNAMODB },
    dynamodbPitrStorage: { usd: 0.2, unit: "GB-month", source: DYNAMODB },
    // Logs (Standard): collect $0.50 per GB, store $0.03 per GB-month; standard-resolution alarm $0.10 per alarm metric per month.
    logsIngestion: { usd: 0.5, unit: "GB ingested", source: CLOUDWATCH },
    logsStorage: { usd: 0.03, unit: "GB-month", source: CLOUDWATCH },
    metricAlarm: { usd: 0.1, unit: "alarm-month", source: CLOUDWATCH },
    // NAT gateway $0.045 per hour and $0.045 per GB processed; public IPv4 address $0.005 per hour.
    natGatewayHour: { usd: 0.045, unit: "NAT gateway-hour", source: VPC },
    natGatewayData: { usd: 0.045, unit: "GB processed", source: VPC },
    publicIpv4Hour: { usd: 0.005, unit: "IPv4 address-hour", source: VPC },
    // S3 Standard: $0.023 per GB-month (first 50 TB); PUT/COPY/POST/LIST $0.005 per 1,000 requests.
    s3Storage: { usd: 0.023, unit: "GB-month", source: S3 },
    s3Put: { usd: 0.005 / 1000, unit: "PUT request", source: S3 },
  },
};
