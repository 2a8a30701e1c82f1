/**
 * A local stand-in for the AWS Price List Query API (JSON 1.1: X-Amz-Target
 * AWSPriceListService.GetProducts), answering from a list of products in the API's own shape:
 * GetProductsResponse { FormatVersion, PriceList: [one JSON string per product], NextToken }, each
 * product { product: { productFamily, attributes, sku }, serviceCode, terms: { OnDemand: { <sku>.<offerTermCode>:
 * { priceDimensions: { <rateCode>: { unit, beginRange, endRange, description, pricePerUnit: { USD } } } } } } }
 * (AWS Billing User Guide, "Reading the service price list file for an AWS service", JSON file;
 * the Lambda request sku GU2ZS9HVP6QTQ7KE is us-east-1's). TERM_MATCH filters apply to productFamily
 * and the attributes; pages hold `pageSize` products.
 */
import { Recorder, startRecorder } from "./http-recorder";

export interface AwsProduct {
  readonly serviceCode: string;
  readonly sku: string;
  readonly productFamily: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** Price dimensions of the on-demand term: [unit, beginRange, pricePerUnit.USD, description]. */
  readonly dimensions: readonly (readonly [string, string, string, string])[];
}

export function productJson(p: AwsProduct): Record<string, unknown> {
  const term = `${p.sku}.JRTCKXETXF`;
  const priceDimensions = Object.fromEntries(
    p.dimensions.map(([unit, beginRange, usd, description], i) => [`${term}.${["6YS6EN2CT7", "8EEUB22XNJ", "QEGBE4P44J"][i] ?? `R${i}`}`, { unit, endRange: "Inf", description, appliesTo: [], rateCode: `${term}.R${i}`, beginRange, pricePerUnit: { USD: usd } }]),
  );
  return {
    product: { productFamily: p.productFamily, attributes: { servicecode: p.serviceCode, ...p.attributes }, sku: p.sku },
    serviceCode: p.serviceCode,
    terms: { OnDemand: { [term]: { priceDimensions, sku: p.sku, effectiveDate: "2026-11-01T00:00:00Z", offerTermCode: "JRTCKXETXF", termAttributes: {} } } },
    version: "20261101000000",
    publicationDate: "2026-11-01T00:00:00Z",
  };
}

export interface AwsPricingRecorder extends Recorder {
  /** What the recorder answers from; tests change it between calls. */
  readonly state: {
    products: AwsProduct[];
    /** Replaces one product's JSON string (a corrupted answer). */
    raw?: (product: AwsProduct) => string | undefined;
  };
}

export async function startAwsPricingRecorder(products: AwsProduct[], pageSize = 2): Promise<AwsPricingRecorder> {
  const state: AwsPricingRecorder["state"] = { products };
  const recorder = await startRecorder((call) => {
    if (call.headers["x-amz-target"] !== "AWSPriceListService.GetProducts") {
      return { status: 400, body: JSON.stringify({ __type: "UnknownOperationException", message: "the recorder only answers GetProducts" }), type: "application/x-amz-json-1.1" };
    }
    const input = JSON.parse(call.body) as { ServiceCode: string; Filters?: { Type: string; Field: string; Value: string }[]; NextToken?: string; FormatVersion?: string };
    const matches = state.products.filter(
      (p) => p.serviceCode === input.ServiceCode && (input.Filters ?? []).every((f) => (f.Field === "productFamily" ? p.productFamily : p.attributes[f.Field]) === f.Value),
    );
    const start = input.NextToken ? Number(input.NextToken) : 0;
    const page = matches.slice(start, start + pageSize);
    const next = start + pageSize < matches.length ? String(start + pageSize) : undefined;
    return {
      status: 200,
      type: "application/x-amz-json-1.1",
      body: JSON.stringify({ FormatVersion: "aws_v1", PriceList: page.map((p) => state.raw?.(p) ?? JSON.stringify(productJson(p))), ...(next ? { NextToken: next } : {}) }),
    };
  });
  return { ...recorder, state };
}

const R = { regionCode: "us-east-1", location: "US East (N. Virginia)" };

/**
 * us-east-1 products for every price of the AWS book, at the book's figures, with the neighbours a
 * query must not pick: Arm beside x86, the free tier, infrequent-access storage, provisioned
 * capacity, another region.
 */
export function usEast1Products(): AwsProduct[] {
  const p = (serviceCode: string, sku: string, productFamily: string, attributes: Record<string, string>, unit: string, usd: string, description: string, beginRange = "0"): AwsProduct => ({
    serviceCode, sku, productFamily, attributes: { ...R, ...attributes }, dimensions: [[unit, beginRange, usd, description]],
  });
  return [
    p("AWSLambda", "GU2ZS9HVP6QTQ7KE", "Serverless", { group: "AWS-Lambda-Requests", usagetype: "Request" }, "Requests", "0.0000002000", "AWS Lambda - Total Requests - US East (N. Virginia)"),
    p("AWSLambda", "9KVQ2JMNKJQW8XPH", "Serverless", { group: "AWS-Lambda-Requests-ARM", usagetype: "Request-ARM" }, "Requests", "0.0000002000", "AWS Lambda - Total Requests - ARM"),
    {
      serviceCode: "AWSLambda", sku: "TG3M4CAGBA3NYQBH", productFamily: "Serverless", attributes: { ...R, group: "AWS-Lambda-Duration", usagetype: "Lambda-GB-Second" },
      dimensions: [["Lambda-GB-Second", "0", "0.0000166667", "AWS Lambda - Total Compute - first 6 billion GB-seconds"], ["Lambda-GB-Second", "6000000000", "0.0000150000", "AWS Lambda - Total Compute - next 9 billion GB-seconds"]],
    },
    p("AWSLambda", "TG3M4CAGBA3NYQBI", "Serverless", { group: "AWS-Lambda-Duration-ARM", usagetype: "Lambda-GB-Second-ARM" }, "Lambda-GB-Second", "0.0000133334", "AWS Lambda - Total Compute (ARM) - first 7.5 billion GB-seconds"),
    p("AWSLambda", "FREETIERLAMBDA01", "Serverless", { group: "AWS-Lambda-Duration", usagetype: "Global-Lambda-GB-Second-Free-Tier" }, "Lambda-GB-Second", "0.0000000000", "AWS Lambda - Free tier"),
    p("AmazonApiGateway", "ZTYDQQRYCEQRQCCK", "API Calls", { usagetype: "ApiGatewayHttpRequest", operation: "ApiGatewayHttpApi" }, "Requests", "0.0000010000", "HTTP API Requests: first 300 million"),
    p("AmazonApiGateway", "M2YKDV8HE4FTZKGP", "API Calls", { usagetype: "ApiGatewayRequest", operation: "ApiGatewayRequest" }, "Requests", "0.0000035000", "REST API Requests: first 333 million"),
    p("AmazonApiGateway", "9JGUAYBH3FVNQWC4", "WebSocket", { usagetype: "ApiGatewayMessage" }, "Messages", "0.0000010000", "WebSocket messages: first 1 billion"),
    p("AmazonApiGateway", "QZ6Z7K9F5E4Y3X2W", "WebSocket", { usagetype: "ApiGatewayMinute" }, "Minutes", "0.0000002500", "WebSocket connection minutes"),
    p("AmazonDynamoDB", "QZ5VYYB76Q5XK9EC", "Amazon DynamoDB PayPerRequest Throughput", { group: "DDB-WriteUnits", usagetype: "WriteRequestUnits" }, "WriteRequestUnits", "0.0000006250", "$0.625 per million write request units (N. Virginia)"),
    p("AmazonDynamoDB", "QZ5VYYB76Q5XK9ED", "Amazon DynamoDB PayPerRequest Throughput", { group: "DDB-ReadUnits", usagetype: "ReadRequestUnits" }, "ReadRequestUnits", "0.0000001250", "$0.125 per million read request units (N. Virginia)"),
    p("AmazonDynamoDB", "STORAGEDDB000001", "Database Storage", { usagetype: "TimedStorage-ByteHrs" }, "GB-Mo", "0.2500000000", "$0.25 per GB-Month of storage used beyond first 25 free GB-Months"),
    p("AmazonDynamoDB", "STORAGEDDBIA0001", "Database Storage", { usagetype: "IA-TimedStorage-ByteHrs" }, "GB-Mo", "0.1000000000", "Standard-IA table storage"),
    p("AmazonDynamoDB", "STORAGEDDBPITR01", "Database Storage", { usagetype: "TimedPITRStorage-ByteHrs" }, "GB-Mo", "0.2000000000", "$0.20 per GB-month of continuous backup storage"),
    p("AmazonCloudWatch", "CWLOGSINGEST0001", "Data Payload", { usagetype: "USE1-DataProcessing-Bytes" }, "GB", "0.5000000000", "$0.50 per GB custom log data ingested"),
    p("AmazonCloudWatch", "CWLOGSSTORE00001", "Storage Snapshot", { usagetype: "USE1-TimedStorage-ByteHrs" }, "GB-Mo", "0.0300000000", "$0.03 per GB archived per month"),
    p("AmazonCloudWatch", "CWALARMSTD000001", "Alarm", { usagetype: "USE1-CW:AlarmMonitorUsage", alarmType: "Standard" }, "Alarms", "0.1000000000", "$0.10 per alarm metric month - first 10 alarms free"),
    p("AmazonCloudWatch", "CWALARMHR0000001", "Alarm", { usagetype: "USE1-CW:HighResAlarmMonitorUsage", alarmType: "High Resolution" }, "Alarms", "0.3000000000", "High resolution alarm"),
    p("AmazonEC2", "NATHOURS00000001", "NAT Gateway", { usagetype: "NatGateway-Hours" }, "Hrs", "0.0450000000", "$0.045 per NAT Gateway Hour"),
    p("AmazonEC2", "NATBYTES00000001", "NAT Gateway", { usagetype: "NatGateway-Bytes" }, "GB", "0.0450000000", "$0.045 per GB Data Processed by NAT Gateways"),
    p("AmazonEC2", "NATHOURSEU000001", "NAT Gateway", { usagetype: "EU-NatGateway-Hours", regionCode: "eu-west-1", location: "EU (Ireland)" }, "Hrs", "0.0480000000", "$0.048 per NAT Gateway Hour"),
    p("AmazonVPC", "PUBIPV4INUSE0001", "VpcPublicIpv4Address", { usagetype: "PublicIPv4:InUseAddress" }, "Hrs", "0.0050000000", "$0.005 per In-use public IPv4 address per hour"),
    p("AmazonVPC", "PUBIPV4IDLE00001", "VpcPublicIpv4Address", { usagetype: "PublicIPv4:IdleAddress" }, "Hrs", "0.0050000000", "$0.005 per Idle public IPv4 address per hour"),
    p("AmazonS3", "S3STANDARD000001", "Storage", { usagetype: "TimedStorage-ByteHrs", volumeType: "Standard" }, "GB-Mo", "0.0230000000", "$0.023 per GB - first 50 TB / month of storage used"),
    p("AmazonS3", "S3STANDARDIA0001", "Storage", { usagetype: "TimedStorage-SIA-ByteHrs", volumeType: "Standard - Infrequent Access" }, "GB-Mo", "0.0125000000", "$0.0125 per GB-Month of storage used in Standard-Infrequent Access"),
    p("AmazonS3", "S3TIER1000000001", "API Request", { usagetype: "Requests-Tier1", group: "S3-API-Tier1" }, "Requests", "0.0000050000", "$0.005 per 1,000 PUT, COPY, POST, or LIST requests"),
  ];
}
