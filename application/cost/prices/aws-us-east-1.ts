import raw from "./books/aws-us-east-1.json";
import { shippedPriceBook } from "./load";

/** The price names the AWS estimators read, in the order the book lists them. */
export const AWS_PRICE_KEYS = [
  "lambdaRequest", "lambdaGbSecondArm64", "lambdaGbSecondX86",
  "httpApiRequest", "websocketMessage", "websocketConnectionMinute",
  "dynamodbWriteRequestUnit", "dynamodbReadRequestUnit", "dynamodbStorage", "dynamodbPitrStorage",
  "logsIngestion", "logsStorage", "metricAlarm",
  "natGatewayHour", "natGatewayData", "publicIpv4Hour",
  "s3Storage", "s3Put",
] as const;
export type AwsPriceKey = (typeof AWS_PRICE_KEYS)[number];

export const AWS_PRICE_FILE = "aws-us-east-1.json";

/**
 * US East (N. Virginia), on-demand list prices, first pricing tier, no free tier (the free tier is
 * per account, not per deployment). Per-million figures are stored per unit. The figures live in
 * books/aws-us-east-1.json (each with its page and the page's wording); `semantest-iac prices update`
 * refreshes them from the AWS Price List API.
 */
export const AWS_US_EAST_1 = shippedPriceBook<AwsPriceKey>(raw, AWS_PRICE_KEYS, AWS_PRICE_FILE);
