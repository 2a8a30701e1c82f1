import { fail, Parsed, problem } from "./problem";
import { ok } from "../shared/result";

export const CloudProviders = { aws: "aws", azure: "azure" } as const;
export type CloudProvider = (typeof CloudProviders)[keyof typeof CloudProviders];
export const CLOUD_PROVIDERS: readonly CloudProvider[] = Object.values(CloudProviders);

export function parseCloudProvider(raw: unknown, path: string): Parsed<CloudProvider> {
  return typeof raw === "string" && (CLOUD_PROVIDERS as readonly string[]).includes(raw)
    ? ok(raw as CloudProvider)
    : fail(problem(path, raw, `is not a supported provider; allowed: ${CLOUD_PROVIDERS.join(", ")}`));
}

/** The stack-config key that holds each provider's region, as the Pulumi providers read it. */
export const REGION_CONFIG_KEY: Readonly<Record<CloudProvider, string>> = {
  aws: "aws:region",
  azure: "azure-native:location",
};

export const PROVIDER_LABEL: Readonly<Record<CloudProvider, string>> = { aws: "AWS", azure: "Azure" };
