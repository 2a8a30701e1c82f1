import * as pulumi from "@pulumi/pulumi";
import * as dns from "@pulumi/azure-native/dns";
import * as resources from "@pulumi/azure-native/resources";
import * as web from "@pulumi/azure-native/web";
import * as webpubsub from "@pulumi/azure-native/webpubsub";
import { AZURE_DNS_ZONE_ID, azureDnsZoneName, keyVaultBaseUri, relativeRecordName, type CustomDomain } from "../../domain";
import { grantRole } from "../push/grant";
import type { AzurePlatform } from "./platform";

/** TTL of the records the program writes: an hour, App Service's own examples use the same. */
export const RECORD_TTL_SECONDS = 3600;
/** The `Microsoft.Web/sites/hostNameBindings` API version the SNI binding is written with (azure-native's web module uses 2025-05-01 too). */
export const HOST_NAME_BINDING_API_VERSION = "2025-05-01";

/** The Azure DNS zone a domain lives in: its resource group, its name, and the domain's record name in it. */
export function dnsZoneOf(domain: CustomDomain): { resourceGroupName: string; zoneName: string; recordName: string } {
  const match = AZURE_DNS_ZONE_ID.exec(domain.dnsZoneId ?? "");
  const zoneName = azureDnsZoneName(domain.dnsZoneId ?? "");
  const recordName = zoneName ? relativeRecordName(domain.name, zoneName) : undefined;
  // The domain layer checked all of this (custom-domain.ts); a caller that skipped it gets a plain error.
  if (!match || !zoneName || !recordName) throw new Error(`${domain.name}: dnsZoneId ${JSON.stringify(domain.dnsZoneId)} is not an Azure DNS zone holding the name`);
  const resourceGroupName = /\/resourceGroups\/([^/]+)\//i.exec(domain.dnsZoneId!)![1];
  return { resourceGroupName, zoneName, recordName };
}

/** A CNAME from the domain to the resource's default host, in the domain's Azure DNS zone. */
function cnameRecord(name: string, domain: CustomDomain, target: pulumi.Input<string>, parent: pulumi.Resource): dns.RecordSet {
  const zone = dnsZoneOf(domain);
  return new dns.RecordSet(`${name}-domain-cname`, {
    resourceGroupName: zone.resourceGroupName,
    zoneName: zone.zoneName,
    relativeRecordSetName: zone.recordName,
    recordType: "CNAME",
    ttl: RECORD_TTL_SECONDS,
    cnameRecord: { cname: target },
  }, { parent });
}

/**
 * The ARM template that turns the host name binding to SNI with the certificate's thumbprint.
 * The binding must exist (SSL disabled) before App Service issues a managed certificate for it,
 * and the certificate's thumbprint exists only after that; one Pulumi resource cannot be both, so
 * the second write of the same binding goes through an ARM deployment, the same way Microsoft's
 * Bicep samples write it twice (pulumi/pulumi-azure-native#578, "Circular dependency between
 * WebAppHostNameBinding and Certificate", still open).
 */
export function sniBindingTemplate(): Record<string, unknown> {
  return {
    $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
    contentVersion: "1.0.0.0",
    parameters: { site: { type: "string" }, hostName: { type: "string" }, thumbprint: { type: "string" } },
    resources: [{
      type: "Microsoft.Web/sites/hostNameBindings",
      apiVersion: HOST_NAME_BINDING_API_VERSION,
      name: "[format('{0}/{1}', parameters('site'), parameters('hostName'))]",
      properties: {
        siteName: "[parameters('site')]",
        hostNameType: "Verified",
        customHostNameDnsRecordType: "CName",
        sslState: "SniEnabled",
        thumbprint: "[parameters('thumbprint')]",
      },
    }],
  };
}

export interface FunctionAppDomainArgs {
  readonly domain: CustomDomain;
  readonly platform: AzurePlatform;
  readonly app: web.WebApp;
}

/**
 * A custom host name on a Flex Consumption Function App, with a free App Service managed
 * certificate: the CNAME to the app and the `asuid.<name>` TXT record with the app's
 * verification id (App Service checks both before it binds the name: Microsoft Learn, "Map an
 * existing custom DNS name to Azure App Service"), the binding, the certificate, then SNI.
 *
 * Flex Consumption keeps certificates per app ("site-scoped": `Microsoft.Web/sites/certificates`,
 * azure-native `web.SiteCertificate`), not in the resource group; binding a resource-group
 * certificate to an FC1 app fails with "Cannot find SiteCertificate"
 * (hashicorp/terraform-provider-azurerm#31884), and site-scoped managed certificates are in
 * preview for apps created after the feature shipped (MicrosoftDocs/azure-docs#128469).
 */
export function createFunctionAppDomain(name: string, args: FunctionAppDomainArgs, parent: pulumi.Resource): { hostName: string; target: pulumi.Output<string> } {
  const { domain, platform, app } = args;
  const zone = dnsZoneOf(domain);
  const cname = cnameRecord(name, domain, app.defaultHostName, parent);
  const verification = new dns.RecordSet(`${name}-domain-verification`, {
    resourceGroupName: zone.resourceGroupName,
    zoneName: zone.zoneName,
    relativeRecordSetName: zone.recordName === "@" ? "asuid" : `asuid.${zone.recordName}`,
    recordType: "TXT",
    ttl: RECORD_TTL_SECONDS,
    txtRecords: [{ value: [app.customDomainVerificationId.apply((id) => id ?? "")] }],
  }, { parent });
  const binding = new web.WebAppHostNameBinding(`${name}-domain-binding`, {
    resourceGroupName: platform.resourceGroupName,
    name: app.name,
    hostName: domain.name,
    siteName: app.name,
    hostNameType: "Verified",
    customHostNameDnsRecordType: "CName",
    // Disabled first: the certificate below needs the binding; SNI is set once it exists.
    sslState: "Disabled",
  }, { parent, dependsOn: [cname, verification] });
  const certificate = new web.SiteCertificate(`${name}-domain-certificate`, {
    resourceGroupName: platform.resourceGroupName,
    name: app.name,
    certificateName: domain.name.replace(/\./g, "-"),
    location: platform.location,
    canonicalName: domain.name,
    tags: { ...platform.tags },
  }, { parent, dependsOn: [binding] });
  new resources.Deployment(`${name}-domain-sni`, {
    resourceGroupName: platform.resourceGroupName,
    properties: {
      mode: "Incremental",
      template: sniBindingTemplate(),
      parameters: { site: { value: app.name }, hostName: { value: domain.name }, thumbprint: { value: certificate.thumbprint } },
    },
    tags: { ...platform.tags },
  }, { parent, dependsOn: [binding, certificate] });
  return { hostName: domain.name, target: app.defaultHostName };
}

export interface WebPubSubDomainArgs {
  readonly domain: CustomDomain;
  readonly platform: AzurePlatform;
  readonly service: webpubsub.WebPubSub;
}

/**
 * A custom domain on Web PubSub (Premium only; Microsoft Learn, "Configure a custom domain for
 * Azure Web PubSub Service"): the service's own identity may read the one Key Vault secret that
 * backs the certificate (Key Vault RBAC, "Key Vault Secrets User" at the secret's scope), the
 * custom certificate references it, the CNAME points the name at the service, and the custom
 * domain binds the two. The service fetches the certificate from the vault; it never stores it.
 */
export function createWebPubSubDomain(name: string, args: WebPubSubDomainArgs, parent: pulumi.Resource): { hostName: string; target: pulumi.Output<string> } {
  const { domain, platform, service } = args;
  const vault = domain.keyVaultCertificate!;
  const baseUri = keyVaultBaseUri(vault.vaultId);
  if (!baseUri) throw new pulumi.ResourceError(`${name}: keyVaultCertificate.vaultId ${JSON.stringify(vault.vaultId)} is not a Key Vault id`, parent);
  const principalId = service.identity.apply((identity) => identity?.principalId ?? "");
  const reader = grantRole(`${name}-pubsub-certificate-reader`, "keyVaultSecretsUser", `${vault.vaultId}/secrets/${vault.name}`, principalId, platform, parent);
  const certificate = new webpubsub.WebPubSubCustomCertificate(`${name}-pubsub-certificate`, {
    resourceGroupName: platform.resourceGroupName,
    resourceName: service.name,
    certificateName: "custom-domain",
    keyVaultBaseUri: baseUri,
    keyVaultSecretName: vault.name,
  }, { parent, dependsOn: [reader] });
  const cname = cnameRecord(name, domain, service.hostName, parent);
  new webpubsub.WebPubSubCustomDomain(`${name}-pubsub-domain`, {
    resourceGroupName: platform.resourceGroupName,
    resourceName: service.name,
    name: "custom-domain",
    domainName: domain.name,
    customCertificate: { id: certificate.id },
  }, { parent, dependsOn: [cname] });
  return { hostName: domain.name, target: service.hostName };
}
