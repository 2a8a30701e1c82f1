/**
 * Where `semantest-iac prices update` finds each price of the books in the clouds' price APIs.
 *
 * AWS Price List (GetProducts): a service code and TERM_MATCH filters narrow the products; the
 * product whose `usagetype` ends with the given suffix (us-east-1's usage types carry no region
 * prefix, other regions' do, e.g. "EU-") is the one; its on-demand price dimension of the first
 * tier (beginRange "0") is the price. Service codes, product families, groups and usage types as
 * infracost queries the same Price List data (infracost/infracost internal/resources/aws:
 * lambda_function.go, apigatewayv2_api.go, dynamodb_table.go, cloudwatch_log_group.go,
 * cloudwatch_metric_alarm.go, nat_gateway.go, s3_standard_storage_class.go); the public IPv4
 * usage type `PublicIPv4:InUseAddress` as AWS names it on the VPC pricing page.
 *
 * Azure Retail Prices: an OData filter on serviceName, armRegionName and meterName (case-sensitive
 * since api-version 2023-01-01-preview, Microsoft Learn "Azure Retail Prices overview"), type
 * Consumption; the lowest tier with a non-zero price (a free grant is a zero-priced first tier, and
 * the books leave free grants out). Meter names: Flex Consumption's as "Azure Functions Flex
 * Consumption billing" names its meters (MicrosoftDocs/azure-docs
 * includes/functions-monitor-metrics-flex-consumption.md: On Demand Execution Time, On Demand Total
 * Executions, Always Ready Baseline, Always Ready Execution Time, Always Ready Total Executions);
 * storage and Log Analytics as infracost filters them (internal/resources/azure/storage_account.go:
 * "Blob Storage", "Hot LRS"; log_analytics_workspace.go: "Analytics Logs", "Data Ingestion",
 * "Data Retention").
 *
 * `units` maps each unit the API may state to how many of the book's units it is, so a price per
 * million becomes a price per unit. An offer in any other unit is refused, never guessed.
 */
import type { AwsPriceKey } from "../prices/aws-us-east-1";
import type { AzurePriceKey } from "../prices/azure-westeurope";

export interface AwsOfferQuery {
  readonly serviceCode: string;
  /** TERM_MATCH filters (attribute -> value); `regionCode` is added from the book. */
  readonly filters: Readonly<Record<string, string>>;
  /** The product's `usagetype` ends with this (after an optional region prefix and "-"). */
  readonly usagetype: string;
  readonly units: Readonly<Record<string, number>>;
}

export interface AzureOfferQuery {
  readonly serviceName: string;
  readonly meterName: string;
  readonly productName?: string;
  readonly skuName?: string;
  readonly units: Readonly<Record<string, number>>;
}

/** Prices no API states: the books keep them as they are (the Free SKU costs nothing by definition). */
export type Fixed = { readonly fixed: string };

const PER_ONE = (...names: string[]) => Object.fromEntries(names.map((n) => [n, 1]));

export const AWS_OFFERS: Readonly<Record<AwsPriceKey, AwsOfferQuery>> = {
  lambdaRequest: { serviceCode: "AWSLambda", filters: { productFamily: "Serverless", group: "AWS-Lambda-Requests" }, usagetype: "Request", units: PER_ONE("Requests") },
  lambdaGbSecondArm64: { serviceCode: "AWSLambda", filters: { productFamily: "Serverless", group: "AWS-Lambda-Duration-ARM" }, usagetype: "Lambda-GB-Second-ARM", units: PER_ONE("Lambda-GB-Second", "second") },
  lambdaGbSecondX86: { serviceCode: "AWSLambda", filters: { productFamily: "Serverless", group: "AWS-Lambda-Duration" }, usagetype: "Lambda-GB-Second", units: PER_ONE("Lambda-GB-Second", "second") },
  httpApiRequest: { serviceCode: "AmazonApiGateway", filters: { productFamily: "API Calls" }, usagetype: "ApiGatewayHttpRequest", units: PER_ONE("Requests") },
  websocketMessage: { serviceCode: "AmazonApiGateway", filters: { productFamily: "WebSocket" }, usagetype: "ApiGatewayMessage", units: PER_ONE("Messages", "Requests") },
  websocketConnectionMinute: { serviceCode: "AmazonApiGateway", filters: { productFamily: "WebSocket" }, usagetype: "ApiGatewayMinute", units: PER_ONE("Minutes") },
  dynamodbWriteRequestUnit: { serviceCode: "AmazonDynamoDB", filters: { productFamily: "Amazon DynamoDB PayPerRequest Throughput", group: "DDB-WriteUnits" }, usagetype: "WriteRequestUnits", units: PER_ONE("WriteRequestUnits", "WriteRequestUnit") },
  dynamodbReadRequestUnit: { serviceCode: "AmazonDynamoDB", filters: { productFamily: "Amazon DynamoDB PayPerRequest Throughput", group: "DDB-ReadUnits" }, usagetype: "ReadRequestUnits", units: PER_ONE("ReadRequestUnits", "ReadRequestUnit") },
  dynamodbStorage: { serviceCode: "AmazonDynamoDB", filters: { productFamily: "Database Storage" }, usagetype: "TimedStorage-ByteHrs", units: PER_ONE("GB-Mo") },
  dynamodbPitrStorage: { serviceCode: "AmazonDynamoDB", filters: { productFamily: "Database Storage" }, usagetype: "TimedPITRStorage-ByteHrs", units: PER_ONE("GB-Mo") },
  logsIngestion: { serviceCode: "AmazonCloudWatch", filters: { productFamily: "Data Payload" }, usagetype: "DataProcessing-Bytes", units: PER_ONE("GB") },
  logsStorage: { serviceCode: "AmazonCloudWatch", filters: { productFamily: "Storage Snapshot" }, usagetype: "TimedStorage-ByteHrs", units: PER_ONE("GB-Mo") },
  metricAlarm: { serviceCode: "AmazonCloudWatch", filters: { productFamily: "Alarm" }, usagetype: "CW:AlarmMonitorUsage", units: PER_ONE("Alarms") },
  natGatewayHour: { serviceCode: "AmazonEC2", filters: { productFamily: "NAT Gateway" }, usagetype: "NatGateway-Hours", units: PER_ONE("Hrs") },
  natGatewayData: { serviceCode: "AmazonEC2", filters: { productFamily: "NAT Gateway" }, usagetype: "NatGateway-Bytes", units: PER_ONE("GB") },
  publicIpv4Hour: { serviceCode: "AmazonVPC", filters: {}, usagetype: "PublicIPv4:InUseAddress", units: PER_ONE("Hrs") },
  s3Storage: { serviceCode: "AmazonS3", filters: { productFamily: "Storage", volumeType: "Standard" }, usagetype: "TimedStorage-ByteHrs", units: PER_ONE("GB-Mo") },
  s3Put: { serviceCode: "AmazonS3", filters: { productFamily: "API Request", group: "S3-API-Tier1" }, usagetype: "Requests-Tier1", units: PER_ONE("Requests") },
};

const PER_MILLION = { "1M": 1e6, "1000000": 1e6 };
const PER_DAY = { "1/Day": 1, "1 Day": 1 };
const PER_GB_SECOND = { "1 GB Second": 1, "1 GB-s": 1, "1 GiB Second": 1, "100 GB Second": 100 };
const PER_TEN_EXECUTIONS_OR_MILLION = { "10": 10, ...PER_MILLION };

export const AZURE_OFFERS: Readonly<Record<AzurePriceKey, AzureOfferQuery | Fixed>> = {
  flexOnDemandGbSecond: { serviceName: "Functions", meterName: "On Demand Execution Time", units: PER_GB_SECOND },
  flexOnDemandExecution: { serviceName: "Functions", meterName: "On Demand Total Executions", units: PER_TEN_EXECUTIONS_OR_MILLION },
  flexAlwaysReadyBaselineGbSecond: { serviceName: "Functions", meterName: "Always Ready Baseline", units: PER_GB_SECOND },
  flexAlwaysReadyGbSecond: { serviceName: "Functions", meterName: "Always Ready Execution Time", units: PER_GB_SECOND },
  flexAlwaysReadyExecution: { serviceName: "Functions", meterName: "Always Ready Total Executions", units: PER_TEN_EXECUTIONS_OR_MILLION },
  webPubSubFreeUnitDay: { fixed: "the Free_F1 SKU costs nothing (Web PubSub pricing page); no API offer is read" },
  webPubSubStandardUnitDay: { serviceName: "Web PubSub", skuName: "Standard", meterName: "Standard Unit", units: PER_DAY },
  webPubSubPremiumUnitDay: { serviceName: "Web PubSub", skuName: "Premium", meterName: "Premium Unit", units: PER_DAY },
  webPubSubMessage: { serviceName: "Web PubSub", skuName: "Standard", meterName: "Standard Message", units: PER_MILLION },
  blobHotLrsStorage: { serviceName: "Storage", productName: "Blob Storage", skuName: "Hot LRS", meterName: "Hot LRS Data Stored", units: { "1 GB/Month": 1 } },
  logAnalyticsIngestion: { serviceName: "Log Analytics", skuName: "Analytics Logs", meterName: "Analytics Logs Data Ingestion", units: { "1 GB": 1 } },
  logAnalyticsRetention: { serviceName: "Log Analytics", skuName: "Analytics Logs", meterName: "Analytics Logs Data Retention", units: { "1 GB/Month": 1 } },
};

export const isFixed = (q: AzureOfferQuery | Fixed): q is Fixed => "fixed" in q;

/** The OData filter the Retail Prices API takes for one query (values quoted, `'` doubled). */
export function azureFilter(query: AzureOfferQuery, region: string): string {
  const eq = (field: string, value: string) => `${field} eq '${value.replace(/'/g, "''")}'`;
  return [
    eq("serviceName", query.serviceName),
    eq("armRegionName", region),
    eq("meterName", query.meterName),
    ...(query.productName ? [eq("productName", query.productName)] : []),
    ...(query.skuName ? [eq("skuName", query.skuName)] : []),
    eq("priceType", "Consumption"),
  ].join(" and ");
}
