/** The Web PubSub JSON subprotocol parser and payload mapping (runtime/local/azure/client-protocol.ts), with properties. */
import fc from "fast-check";
import { parseClientFrame, permits, simplePayload, typedData, upstreamPayload } from "../../runtime/local/azure/client-protocol";

describe("parseClientFrame", () => {
  it("reads the requests of json.webpubsub.azure.v1", () => {
    expect(parseClientFrame('{"type":"joinGroup","group":"g","ackId":1}')).toEqual({ kind: "joinGroup", group: "g", ackId: 1 });
    expect(parseClientFrame('{"type":"sendToGroup","group":"g","dataType":"json","data":{"a":1},"noEcho":true}')).toEqual({ kind: "sendToGroup", group: "g", ackId: undefined, noEcho: true, dataType: "json", data: { a: 1 } });
    expect(parseClientFrame('{"type":"event","event":"message","dataType":"text","data":"hi","ackId":2}')).toEqual({ kind: "event", event: "message", ackId: 2, dataType: "text", data: "hi" });
    expect(parseClientFrame('{"type":"sequenceAck","sequenceId":5}')).toEqual({ kind: "sequenceAck", sequenceId: 5 });
  });

  it("names what is wrong, keeping the ackId so the client gets an ack", () => {
    expect(parseClientFrame('{"type":"event","event":"bad name","dataType":"json","ackId":3}')).toMatchObject({ kind: "invalid", ackId: 3, reason: expect.stringContaining("bad name") });
    expect(parseClientFrame('{"type":"sendToGroup","group":"g","dataType":"xml"}')).toMatchObject({ kind: "invalid", reason: expect.stringContaining("json, text, binary") });
    expect(parseClientFrame('{"type":"__proto__"}')).toMatchObject({ kind: "invalid" });
  });

  it("never throws, whatever the client sends (property)", () => {
    const frame = fc.oneof(
      fc.string(),
      fc.json(),
      fc.record({ type: fc.constantFrom("joinGroup", "leaveGroup", "sendToGroup", "event", "sequenceAck", "ping", "__proto__", "constructor"), group: fc.anything(), event: fc.anything(), dataType: fc.anything(), data: fc.anything(), ackId: fc.anything(), sequenceId: fc.anything() }).map((r) => JSON.stringify(r) ?? "null"),
    );
    fc.assert(fc.property(frame, (text) => void expect(typeof parseClientFrame(text).kind).toBe("string")), { seed: 1914, numRuns: 2000 });
  });
});

describe("roles and payloads", () => {
  it("grants a permission by the bare role or the role scoped to the group", () => {
    expect(permits(new Set(["webpubsub.joinLeaveGroup"]), "joinLeaveGroup", "any")).toBe(true);
    expect(permits(new Set(["webpubsub.joinLeaveGroup.topic:a"]), "joinLeaveGroup", "topic:a")).toBe(true);
    expect(permits(new Set(["webpubsub.joinLeaveGroup.topic:a"]), "joinLeaveGroup", "topic:b")).toBe(false);
    expect(permits(new Set(["webpubsub.joinLeaveGroup.topic:a"]), "sendToGroup", "topic:a")).toBe(false);
  });

  it("maps dataType to the upstream Content-Type and back (property: json and text round-trip)", () => {
    fc.assert(
      fc.property(fc.oneof(fc.record({ dataType: fc.constant("json" as const), data: fc.jsonValue() }), fc.record({ dataType: fc.constant("text" as const), data: fc.string() })), ({ dataType, data }) => {
        const upstream = upstreamPayload(dataType, data)!;
        const back = typedData(upstream.contentType, upstream.body);
        expect(back.dataType).toBe(dataType);
        expect(back.data).toEqual(dataType === "json" ? JSON.parse(JSON.stringify(data ?? null)) : data);
      }),
      { seed: 19, numRuns: 500 },
    );
    expect(upstreamPayload("binary", Buffer.from("hi").toString("base64"))).toEqual({ contentType: "application/octet-stream", body: Buffer.from("hi") });
    expect(upstreamPayload("text", 42)).toBeUndefined();
    expect(simplePayload("json", { a: 1 })).toEqual({ data: '{"a":1}', binary: false });
  });
});
