/**
 * A local stand-in for the Azure Resource Manager calls doctor makes, over HTTPS on 127.0.0.1
 * (the SDK's bearer-token policy refuses plain HTTP): resource providers, role assignments, and
 * Microsoft.Web geoRegions, answered in the ARM REST API's shapes from a world the test sets.
 * Every call is recorded with its query (api-version, $filter, sku); unknown paths get ARM's 404.
 */
import type { TokenCredential } from "@azure/identity";
import * as fs from "fs";
import * as https from "https";
import type { AddressInfo } from "net";
import * as path from "path";

export interface AzureWorld {
  subscriptionId: string;
  /** namespace -> registrationState */
  registrations: Record<string, string>;
  /** principal oid -> role definition GUIDs assigned at the subscription */
  roles: Record<string, string[]>;
  flexRegions: string[];
  webPubSubRegions: string[];
}

export interface AzureRecorder {
  readonly endpoint: string;
  readonly ca: string;
  readonly calls: { readonly path: string; readonly query: Record<string, string>; readonly authorization: string | undefined }[];
  world: AzureWorld;
  close(): Promise<void>;
}

export const AZURE_WORLD: AzureWorld = {
  subscriptionId: "11111111-2222-3333-4444-555555555555",
  registrations: {
    "Microsoft.Web": "Registered",
    "Microsoft.App": "NotRegistered",
    "Microsoft.Storage": "Registered",
    "Microsoft.ManagedIdentity": "Registered",
    "Microsoft.SignalRService": "Registered",
    "Microsoft.Insights": "Registered",
    "Microsoft.OperationalInsights": "Registering",
  },
  roles: { "0a0a0a0a-0000-4000-8000-00000000ada0": ["b24988ac-6180-42a0-ab88-20f7382dd24c"] },
  flexRegions: ["East US", "West Europe", "North Europe"],
  webPubSubRegions: ["East US", "West Europe"],
};

const TLS = path.join(__dirname, "tls");

/** The operator the recorded role assignments are for, and a token naming it (the `oid` claim). */
export const OID = "0a0a0a0a-0000-4000-8000-00000000ada0";
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
export const TOKEN = `${b64({ alg: "none", typ: "JWT" })}.${b64({ oid: OID, aud: "https://management.azure.com" })}.sig`;
/** A TokenCredential (@azure/identity's interface) that hands out TOKEN. */
export const credential: TokenCredential = { getToken: async () => ({ token: TOKEN, expiresOnTimestamp: Date.parse("2030-01-01T00:00:00Z") }) };

export async function startAzureRecorder(world: AzureWorld = AZURE_WORLD): Promise<AzureRecorder> {
  const calls: AzureRecorder["calls"][number][] = [];
  const state = { world: structuredClone(world) };
  let endpoint = "";
  const server = https.createServer({ key: fs.readFileSync(path.join(TLS, "recorder-key.pem")), cert: fs.readFileSync(path.join(TLS, "recorder-cert.pem")) }, (req, res) => {
    let form = "";
    req.on("data", (chunk) => (form += chunk));
    req.on("end", () => respond(req, res, form));
  });
  const respond = (req: import("http").IncomingMessage, res: import("http").ServerResponse, form: string) => {
    const url = new URL(req.url ?? "/", "https://recorder");
    calls.push({ path: url.pathname, query: { ...Object.fromEntries(url.searchParams), ...Object.fromEntries(new URLSearchParams(form)) }, authorization: req.headers.authorization });
    const send = (status: number, value: unknown) => res.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(value));
    try {
      const body = identity(url, endpoint) ?? answer(url, state.world);
      if (body === undefined) send(404, { error: { code: "NotFound", message: `the recorder has no answer for ${url.pathname}` } });
      else send(200, body);
    } catch (error) {
      send(500, { error: { code: "RecorderError", message: String(error) } });
    }
  };
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  endpoint = `https://127.0.0.1:${port}`;
  return {
    endpoint,
    ca: fs.readFileSync(path.join(TLS, "recorder-cert.pem"), "utf8"),
    calls,
    get world() {
      return state.world;
    },
    set world(value: AzureWorld) {
      state.world = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Microsoft Entra ID's two endpoints a client-secret credential uses (tenant metadata, then the
 * token), so @azure/identity's own credentials can be pointed here with `authorityHost`.
 */
function identity(url: URL, endpoint: string): unknown {
  const metadata = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(url.pathname);
  if (metadata) {
    const tenant = metadata[1];
    return {
      token_endpoint: `${endpoint}/${tenant}/oauth2/v2.0/token`,
      authorization_endpoint: `${endpoint}/${tenant}/oauth2/v2.0/authorize`,
      issuer: `${endpoint}/${tenant}/v2.0`,
      jwks_uri: `${endpoint}/${tenant}/discovery/v2.0/keys`,
      end_session_endpoint: `${endpoint}/${tenant}/oauth2/v2.0/logout`,
      response_modes_supported: ["query", "fragment", "form_post"],
    };
  }
  if (/^\/[^/]+\/oauth2\/v2\.0\/token$/.test(url.pathname)) return { token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599, access_token: TOKEN };
  return undefined;
}

function answer(url: URL, world: AzureWorld): unknown {
  const sub = `/subscriptions/${world.subscriptionId}`;
  const p = url.pathname;
  if (p === `${sub}/providers/Microsoft.Authorization/roleAssignments`) {
    const principal = /assignedTo\('([^']+)'\)/.exec(url.searchParams.get("$filter") ?? "")?.[1] ?? "";
    return {
      value: (world.roles[principal] ?? []).map((guid, i) => ({
        id: `${sub}/providers/Microsoft.Authorization/roleAssignments/ra-${i}`,
        name: `ra-${i}`,
        type: "Microsoft.Authorization/roleAssignments",
        properties: { roleDefinitionId: `${sub}/providers/Microsoft.Authorization/roleDefinitions/${guid}`, principalId: principal, principalType: "User", scope: sub },
      })),
    };
  }
  if (p === `${sub}/providers/Microsoft.Web/geoRegions`) {
    const regions = url.searchParams.get("sku") === "FlexConsumption" ? world.flexRegions : [];
    return { value: regions.map((name) => ({ id: `${sub}/providers/Microsoft.Web/geoRegions/${name}`, name, type: "Microsoft.Web/geoRegions", properties: { displayName: name } })) };
  }
  const provider = new RegExp(`^${sub}/providers/([^/]+)$`).exec(p);
  if (provider) {
    const namespace = provider[1];
    const state = world.registrations[namespace];
    if (state === undefined) return undefined;
    const resourceTypes = namespace === "Microsoft.SignalRService" ? [{ resourceType: "SignalR", locations: ["East US"] }, { resourceType: "WebPubSub", locations: world.webPubSubRegions }] : [];
    return { id: `${sub}/providers/${namespace}`, namespace, registrationState: state, registrationPolicy: "RegistrationRequired", resourceTypes };
  }
  return undefined;
}
