/** The contract suite as a pure use case: a scripted transport, no servers. */
import fc from "fast-check";
import { CheckOutcome, type Check, type Transport } from "../../application/verify/contract";
import { endpointsFromOutputs } from "../../application/verify/endpoints";
import { runContract } from "../../application/verify/run-contract";

const endpoints = { restUrl: "http://rest.example/", webSocket: { kind: "direct" as const, url: "ws://ws.example/prod" } };
const unusedTransport: Transport = {
  http: async (request) => ({ status: 404, headers: {}, body: `no ${request.url}` }),
  openSocket: async () => ({ ok: false, status: 403, reason: "HTTP 403" }),
};

describe("runContract", () => {
  it("runs every check even when one throws, and reports pass / fail / skip with details", async () => {
    const checks: Check[] = [
      { name: "a", description: "", run: async () => "fine" },
      { name: "b", description: "", run: async () => Promise.reject(new Error("boom")) },
      { name: "c", description: "", run: async () => Promise.reject(new CheckOutcome("skip", "not there")) },
      { name: "d", description: "", run: async (c) => (await c.transport.http({ method: "GET", url: c.rest("/x") })).body },
    ];
    const seen: string[] = [];
    const results = await runContract(endpoints, unusedTransport, { checks, onResult: (r) => seen.push(r.name) });
    expect(results.map(({ name, status, detail }) => ({ name, status, detail }))).toEqual([
      { name: "a", status: "pass", detail: "fine" },
      { name: "b", status: "fail", detail: "unexpected error: boom" },
      { name: "c", status: "skip", detail: "not there" },
      { name: "d", status: "pass", detail: "no http://rest.example/x" },
    ]);
    expect(seen).toEqual(["a", "b", "c", "d"]);
  });

  it("fails the WebSocket checks with the refusal when the handshake is refused", async () => {
    const results = await runContract(endpoints, unusedTransport, {});
    expect(results.find((r) => r.name === "websocket-connect")).toMatchObject({ status: "fail", detail: expect.stringContaining("403") });
    expect(results.find((r) => r.name === "health")).toMatchObject({ status: "fail", detail: expect.stringContaining("404") });
  });
});

describe("endpointsFromOutputs", () => {
  it("takes API Gateway URLs as they are and needs a negotiate URL for a Web PubSub hub", () => {
    expect(endpointsFromOutputs({ restApiUrl: "https://r.example", webSocketUrl: "wss://w.example/prod" })).toEqual({ ok: true, endpoints: { restUrl: "https://r.example", webSocket: { kind: "direct", url: "wss://w.example/prod" } } });
    const hub = { restApiUrl: "https://r.example", webSocketUrl: "wss://x.webpubsub.azure.com/client/hubs/semantest" };
    expect(endpointsFromOutputs(hub)).toMatchObject({ ok: false, problem: expect.stringContaining("--negotiate-url") });
    expect(endpointsFromOutputs(hub, "https://app.example/negotiate")).toMatchObject({ ok: true, endpoints: { webSocket: { kind: "negotiate", url: "https://app.example/negotiate" } } });
    expect(endpointsFromOutputs({ webSocketUrl: "wss://w" })).toMatchObject({ ok: false, problem: expect.stringContaining("restApiUrl") });
  });

  it("never throws, whatever the outputs hold (property)", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom("restApiUrl", "webSocketUrl", "webSocketNegotiateUrl", "__proto__", "x"), fc.anything()), fc.option(fc.string(), { nil: undefined }), (outputs, negotiate) => {
        const result = endpointsFromOutputs(outputs, negotiate);
        expect(typeof result.ok).toBe("boolean");
      }),
      { seed: 19, numRuns: 500 },
    );
  });
});
