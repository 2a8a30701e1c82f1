/**
 * Local stand-ins for the two billing APIs `status --cost` and `doctor` read, answering from a list
 * of billed line items (each with its resource's tags):
 *
 * - AWS Cost Explorer (JSON 1.1, X-Amz-Target AWSInsightsIndexService.*): GetCostAndUsage applies the
 *   `Filter` (Tags, or an And of Tags) and the TAG `GroupBy`, answering { GroupDefinitions, ResultsByTime:
 *   [{ TimePeriod, Total, Groups: [{ Keys: ["<key>$<value>"], Metrics: { UnblendedCost: { Amount, Unit } } }],
 *   Estimated }], NextPageToken } one group per page (AWS Cost Explorer API Reference, GetCostAndUsage);
 *   ListCostAllocationTags answers { CostAllocationTags: [{ TagKey, Type, Status }], NextToken }.
 * - Azure Cost Management over HTTPS (the SDK's bearer policy refuses plain HTTP): POST
 *   /subscriptions/{id}/providers/Microsoft.CostManagement/query answers { id, name, type, properties:
 *   { nextLink, columns: [{ name, type }], rows } } with Cost, TagKey, TagValue, Currency columns
 *   (azure-rest-api-specs Microsoft.CostManagement 2023-11-01 examples, *QueryGrouping.json).
 */
import * as fs from "fs";
import * as https from "https";
import type { AddressInfo } from "net";
import * as path from "path";
import type { TokenCredential } from "@azure/identity";
import { Recorded, Recorder, startRecorder } from "./http-recorder";

export interface LineItem {
  readonly tags: Readonly<Record<string, string>>;
  readonly amount: number;
  readonly currency?: string;
}

type Filter = { Tags?: { Key: string; Values: string[] }; And?: Filter[] };
const matches = (item: LineItem, filter: Filter | undefined): boolean =>
  !filter || (filter.And ? filter.And.every((f) => matches(item, f)) : filter.Tags ? filter.Tags.Values.includes(item.tags[filter.Tags.Key] ?? "") : false);

export interface CostExplorerRecorder extends Recorder {
  readonly state: { items: LineItem[]; estimated: boolean; tags: { TagKey: string; Status: "Active" | "Inactive" }[]; failWith?: { status: number; type: string; message: string } };
}

export async function startCostExplorerRecorder(items: LineItem[]): Promise<CostExplorerRecorder> {
  const state: CostExplorerRecorder["state"] = { items, estimated: true, tags: [] };
  const json = (status: number, value: unknown) => ({ status, body: JSON.stringify(value), type: "application/x-amz-json-1.1" });
  const recorder = await startRecorder((call: Recorded) => {
    const target = String(call.headers["x-amz-target"] ?? "");
    if (state.failWith) return json(state.failWith.status, { __type: state.failWith.type, Message: state.failWith.message });
    const input = JSON.parse(call.body || "{}");
    if (target === "AWSInsightsIndexService.GetCostAndUsage") {
      const key: string = input.GroupBy[0].Key;
      const sums = new Map<string, { amount: number; unit: string }>();
      for (const item of state.items.filter((i) => matches(i, input.Filter))) {
        const group = `${key}$${item.tags[key] ?? ""}`;
        const sum = sums.get(group) ?? { amount: 0, unit: item.currency ?? "USD" };
        sums.set(group, { amount: sum.amount + item.amount, unit: sum.unit });
      }
      const groups = [...sums.entries()].sort().map(([k, v]) => ({ Keys: [k], Metrics: { UnblendedCost: { Amount: v.amount.toFixed(10), Unit: v.unit } } }));
      const page = Number(input.NextPageToken ?? 0);
      return json(200, {
        GroupDefinitions: [{ Type: "TAG", Key: key }],
        ResultsByTime: [{ TimePeriod: input.TimePeriod, Total: {}, Groups: groups.slice(page, page + 1), Estimated: state.estimated }],
        DimensionValueAttributes: [],
        ...(page + 1 < groups.length ? { NextPageToken: String(page + 1) } : {}),
      });
    }
    if (target === "AWSInsightsIndexService.ListCostAllocationTags") {
      const wanted: string[] | undefined = input.TagKeys;
      const tags = state.tags.filter((t) => !wanted || wanted.includes(t.TagKey)).map((t) => ({ ...t, Type: "UserDefined", LastUpdatedDate: "2026-11-01T00:00:00Z", LastUsedDate: "2026-11-29T00:00:00Z" }));
      return json(200, { CostAllocationTags: tags });
    }
    return json(400, { __type: "UnknownOperationException", Message: `the recorder has no answer for ${target}` });
  });
  return { ...recorder, state };
}

const TLS = path.join(__dirname, "../../lifecycle/recorders/tls");
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
/** A TokenCredential (@azure/identity's interface) with a token for Resource Manager. */
export const credential: TokenCredential = { getToken: async () => ({ token: `${b64({ alg: "none" })}.${b64({ oid: "ada", aud: "https://management.azure.com" })}.sig`, expiresOnTimestamp: Date.parse("2030-01-01T00:00:00Z") }) };

export interface CostManagementRecorder {
  readonly endpoint: string;
  readonly ca: string;
  readonly calls: { path: string; query: Record<string, string>; body: Record<string, unknown>; authorization?: string }[];
  readonly state: { subscriptionId: string; items: LineItem[]; columns?: { name: string; type: string }[]; status?: number };
  close(): Promise<void>;
}

export async function startCostManagementRecorder(subscriptionId: string, items: LineItem[]): Promise<CostManagementRecorder> {
  const state: CostManagementRecorder["state"] = { subscriptionId, items };
  const calls: CostManagementRecorder["calls"] = [];
  const server = https.createServer({ key: fs.readFileSync(path.join(TLS, "recorder-key.pem")), cert: fs.readFileSync(path.join(TLS, "recorder-cert.pem")) }, (req, res) => {
    let text = "";
    req.on("data", (chunk) => (text += chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "https://recorder");
      const send = (status: number, value: unknown) => res.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(value));
      try {
        const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
        calls.push({ path: url.pathname, query: Object.fromEntries(url.searchParams), body, authorization: req.headers.authorization });
        if (state.status) {
          send(state.status, { error: { code: "AuthorizationFailed", message: "The client does not have authorization to perform action 'Microsoft.CostManagement/query/action'." } });
          return;
        }
        if (req.method !== "POST" || url.pathname !== `/subscriptions/${state.subscriptionId}/providers/Microsoft.CostManagement/query`) {
          send(404, { error: { code: "NotFound", message: `no answer for ${url.pathname}` } });
          return;
        }
        const dataset = body.dataset as { grouping: { type: string; name: string }[]; filter?: AzureFilter };
        const key = dataset.grouping[0].name;
        const sums = new Map<string, { amount: number; currency: string; tagged: boolean }>();
        for (const item of state.items.filter((i) => azureMatches(i, dataset.filter))) {
          const value = item.tags[key];
          const id = value === undefined ? "" : value;
          const sum = sums.get(id) ?? { amount: 0, currency: item.currency ?? "USD", tagged: value !== undefined };
          sums.set(id, { ...sum, amount: sum.amount + item.amount });
        }
        const rows = [...sums.entries()].sort().map(([value, s]) => [s.amount, s.tagged ? key : "", value, s.currency]);
        send(200, {
          id: `subscriptions/${state.subscriptionId}/providers/Microsoft.CostManagement/query/00000000-0000-0000-0000-000000000000`,
          name: "00000000-0000-0000-0000-000000000000",
          type: "Microsoft.CostManagement/query",
          properties: { nextLink: null, columns: state.columns ?? [{ name: "Cost", type: "Number" }, { name: "TagKey", type: "String" }, { name: "TagValue", type: "String" }, { name: "Currency", type: "String" }], rows },
        });
      } catch (error) {
        send(500, { error: { code: "RecorderError", message: String(error) } });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    ca: fs.readFileSync(path.join(TLS, "recorder-cert.pem"), "utf8"),
    calls,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type AzureFilter = { and?: AzureFilter[]; tags?: { name: string; operator: string; values: string[] } };
const azureMatches = (item: LineItem, filter: AzureFilter | undefined): boolean =>
  !filter || (filter.and ? filter.and.every((f) => azureMatches(item, f)) : filter.tags ? filter.tags.values.includes(item.tags[filter.tags.name] ?? "\u0000") : false);
