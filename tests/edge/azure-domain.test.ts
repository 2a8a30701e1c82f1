/**
 * Issue 22, custom domains on the production topology (REST on AWS, WebSocket on Azure Premium)
 * and on an Azure REST API: the DNS records, the Function App's binding with a site-scoped managed
 * certificate and SNI, Web PubSub's Key Vault certificate and custom domain; and the offline
 * preview of the production stack passing the pack.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { sniBindingTemplate } from "../../components/azure/domain";
import type { OfflinePreview } from "../../adapters/engine/offline/preview";
import { PROJECT_DIR, runProgram, type Run } from "../support/pulumi-harness";
import { DNS_ZONE_ID, productionSplitWithDomains, VAULT_ID } from "./stacks";

const RECORD = "azure-native:dns:RecordSet";

describe("production topology with a domain on each component", () => {
  let run: Run;
  beforeAll(async () => {
    run = await runProgram("production", productionSplitWithDomains());
  }, 120_000);

  it("Web PubSub (Premium) gets a system identity that may read only the certificate's secret", () => {
    const service = run.get("azure-native:webpubsub:WebPubSub", "websocket-pubsub");
    expect(service.inputs).toMatchObject({ sku: { name: "Premium_P1" }, identity: { type: "SystemAssigned" } });
    const reader = run.get("azure-native:authorization:RoleAssignment", "websocket-pubsub-certificate-reader");
    expect(reader.inputs).toMatchObject({ scope: `${VAULT_ID}/secrets/ws-extension-semantest`, principalType: "ServicePrincipal" });
    expect(String(reader.inputs.roleDefinitionId)).toMatch(/\/roleDefinitions\/4633458b-17de-408a-b874-0445c86b69e6$/);
  });

  it("declares the custom certificate from the vault, the CNAME to the service and the custom domain", () => {
    const certificate = run.get("azure-native:webpubsub:WebPubSubCustomCertificate", "websocket-pubsub-certificate");
    expect(certificate.inputs).toMatchObject({ keyVaultBaseUri: "https://kv-semantest.vault.azure.net/", keyVaultSecretName: "ws-extension-semantest" });
    expect(certificate.dependencies).toContain(run.get("azure-native:authorization:RoleAssignment", "websocket-pubsub-certificate-reader").urn);
    const cname = run.get(RECORD, "websocket-domain-cname");
    expect(cname.inputs).toMatchObject({ resourceGroupName: "rg-dns", zoneName: "semantest.com", relativeRecordSetName: "ws.extension", recordType: "CNAME", cnameRecord: { cname: expect.stringMatching(/\.webpubsub\.azure\.com$/) } });
    const domain = run.get("azure-native:webpubsub:WebPubSubCustomDomain", "websocket-pubsub-domain");
    expect(domain.inputs).toMatchObject({ domainName: "ws.extension.semantest.com", customCertificate: { id: expect.stringContaining("websocket-pubsub-certificate") } });
    expect(domain.dependencies).toContain(cname.urn);
  });

  it("switches both URLs to the custom domains", () => {
    expect(run.outputs.restApiUrl).toBe("https://api.extension.semantest.com");
    expect(run.outputs.webSocketUrl).toBe("wss://ws.extension.semantest.com/client/hubs/semantest");
    expect((run.outputs.customDomains as Record<string, { target: string }>).websocket.target).toMatch(/\.webpubsub\.azure\.com$/);
  });

  it("passes the pack in the offline preview, showing the certificate, domain and mapping resources", async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "semantest-edge-"));
    try {
      const file = path.join(tmp, "Pulumi.production.yaml");
      fs.writeFileSync(file, stringify({ config: productionSplitWithDomains() }));
      let preview: OfflinePreview | undefined;
      await jest.isolateModulesAsync(async () => {
        const { runOfflinePreview } = await import("../../adapters/engine/offline/preview");
        const result = await runOfflinePreview({ projectDir: PROJECT_DIR, env: "production", configFile: file });
        if (!result.ok) throw new Error(result.error.message);
        preview = result.value;
      });
      const { document } = preview!;
      expect(document.policies.violations.filter((v) => v.level === "mandatory")).toEqual([]);
      const declared = document.resources.map((r) => `${r.type}::${r.name}`);
      expect(declared).toEqual(
        expect.arrayContaining([
          "aws:acm/certificate:Certificate::rest-api-certificate",
          "aws:acm/certificateValidation:CertificateValidation::rest-api-certificate-validation",
          "aws:apigatewayv2/domainName:DomainName::rest-api-domain",
          "aws:apigatewayv2/apiMapping:ApiMapping::rest-api-domain-mapping",
          "aws:route53/record:Record::rest-api-domain-alias",
          "azure-native:webpubsub:WebPubSubCustomCertificate::websocket-pubsub-certificate",
          "azure-native:webpubsub:WebPubSubCustomDomain::websocket-pubsub-domain",
        ]),
      );
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }, 180_000);
});

describe("a REST API on Azure with a domain", () => {
  let run: Run;
  beforeAll(async () => {
    const config = productionSplitWithDomains();
    const components = config["semantest:components"] as Record<string, Record<string, unknown>>;
    run = await runProgram("production", {
      ...config,
      "semantest:components": { "rest-api": { ...components["rest-api"], provider: "azure", domain: { name: "api.extension.semantest.com", dnsZoneId: DNS_ZONE_ID } } },
    });
  }, 120_000);

  it("writes the CNAME to the app and the asuid TXT record with the app's verification id, then binds the name without SSL", () => {
    const cname = run.get(RECORD, "rest-api-domain-cname");
    expect(cname.inputs).toMatchObject({ relativeRecordSetName: "api.extension", recordType: "CNAME", ttl: 3600, cnameRecord: { cname: expect.stringMatching(/\.azurewebsites\.net$/) } });
    const txt = run.get(RECORD, "rest-api-domain-verification");
    expect(txt.inputs).toMatchObject({ relativeRecordSetName: "asuid.api.extension", recordType: "TXT", txtRecords: [{ value: [expect.stringMatching(/^[0-9A-F]{64}$/)] }] });
    const binding = run.get("azure-native:web:WebAppHostNameBinding", "rest-api-domain-binding");
    expect(binding.inputs).toMatchObject({ hostName: "api.extension.semantest.com", hostNameType: "Verified", customHostNameDnsRecordType: "CName", sslState: "Disabled" });
    expect(binding.dependencies).toEqual(expect.arrayContaining([cname.urn, txt.urn]));
  });

  it("issues a site-scoped managed certificate after the binding, then turns the binding to SNI with its thumbprint", () => {
    const certificate = run.get("azure-native:web:SiteCertificate", "rest-api-domain-certificate");
    expect(certificate.inputs).toMatchObject({ canonicalName: "api.extension.semantest.com", certificateName: "api-extension-semantest-com" });
    expect(certificate.inputs.pfxBlob).toBeUndefined();
    expect(certificate.dependencies).toContain(run.get("azure-native:web:WebAppHostNameBinding", "rest-api-domain-binding").urn);
    const sni = run.get("azure-native:resources:Deployment", "rest-api-domain-sni");
    const properties = sni.inputs.properties as { mode: string; template: unknown; parameters: Record<string, { value: string }> };
    expect(properties.mode).toBe("Incremental");
    expect(properties.template).toEqual(sniBindingTemplate());
    expect(properties.parameters.hostName.value).toBe("api.extension.semantest.com");
    expect(properties.parameters.thumbprint.value).toMatch(/^[0-9A-F]{40}$/);
    expect(sni.dependencies).toContain(certificate.urn);
  });

  it("serves the REST URL on the domain", () => {
    expect(run.outputs.restApiUrl).toBe("https://api.extension.semantest.com");
  });
});

describe("the SNI template", () => {
  it("writes the binding's SSL state and thumbprint from parameters, nothing else", () => {
    const template = sniBindingTemplate() as { resources: { type: string; properties: Record<string, string> }[] };
    expect(template.resources).toHaveLength(1);
    expect(template.resources[0]!.type).toBe("Microsoft.Web/sites/hostNameBindings");
    expect(template.resources[0]!.properties).toMatchObject({ sslState: "SniEnabled", thumbprint: "[parameters('thumbprint')]" });
  });
});
