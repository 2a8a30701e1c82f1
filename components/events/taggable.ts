import aws from "./taggable/aws.json";
import azureNative from "./taggable/azure-native.json";

/**
 * Resource types whose inputs take a `tags` map, generated from the installed providers' own
 * typings by taggable/generate.ts (regenerate after a provider upgrade; a test checks the lists
 * match the installed versions). A list rather than a guess: AWS and Azure both reject `tags` on
 * types that have none (aws:iam/rolePolicy, aws:lambda/permission, apigatewayv2 Route and
 * Integration, Azure role assignments).
 */
const TAGGABLE = new Set<string>([...aws.types, ...azureNative.types]);

export const TAGGABLE_SOURCES = [
  { package: aws.package, version: aws.version, count: aws.types.length },
  { package: azureNative.package, version: azureNative.version, count: azureNative.types.length },
] as const;

export function isTaggable(type: string): boolean {
  return TAGGABLE.has(type);
}
