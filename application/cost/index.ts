export * from "./model";
export * from "./estimate";
export * from "./delta";
export * from "./format";
export { AWS_US_EAST_1 } from "./prices/aws-us-east-1";
export { AZURE_WESTEUROPE, WEB_PUBSUB_INCLUDED_MESSAGES_PER_UNIT_DAY } from "./prices/azure-westeurope";
export * from "./prices/price-book";
