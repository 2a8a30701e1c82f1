/** `invoke`'s flags (application/invoke/request.ts): a plan, or a refusal naming the flag, the value and what is allowed. */
import fc from "fast-check";
import { MAX_MESSAGE_BYTES, parseInvoke } from "../../application/invoke/request";
import { OPS_PROPERTIES, SEED } from "./support/fuzz-cases";

describe("parseInvoke", () => {
  it("REST: GET / by default, POST with --data (JSON content type unless set), headers lower-cased", () => {
    expect(parseInvoke({})).toEqual({ ok: true, plan: { component: "rest-api", path: "/", method: "GET", headers: {}, timeoutMs: 10_000 } });
    expect(parseInvoke({ path: "/events?x=1", data: '{"a":1}', header: ["X-Trace: abc", "Authorization:Bearer t"], timeout: "3" })).toEqual({
      ok: true,
      plan: { component: "rest-api", path: "/events?x=1", method: "POST", headers: { "x-trace": "abc", authorization: "Bearer t", "content-type": "application/json" }, body: '{"a":1}', timeoutMs: 3000 },
    });
    expect(parseInvoke({ method: "put", data: "[]", header: ["content-type:application/merge-patch+json"] })).toMatchObject({ ok: true, plan: { method: "PUT", headers: { "content-type": "application/merge-patch+json" } } });
  });

  it("WebSocket: needs --message and takes none of the REST flags", () => {
    expect(parseInvoke({ component: "websocket", message: '{"action":"ping"}' })).toEqual({ ok: true, plan: { component: "websocket", message: '{"action":"ping"}', timeoutMs: 10_000 } });
    expect(parseInvoke({ component: "websocket" })).toEqual({ ok: false, problem: expect.stringContaining("--component websocket needs --message <text>") });
    expect(parseInvoke({ component: "websocket", message: "x", path: "/health" })).toEqual({ ok: false, problem: "--path applies to --component rest-api; a WebSocket invoke sends --message" });
    expect(parseInvoke({ component: "websocket", message: "x".repeat(MAX_MESSAGE_BYTES + 1) })).toEqual({ ok: false, problem: expect.stringContaining(`--message is ${MAX_MESSAGE_BYTES + 1} bytes; allowed: at most ${MAX_MESSAGE_BYTES}`) });
    expect(parseInvoke({ message: "x" })).toEqual({ ok: false, problem: "--message applies to --component websocket; a REST invoke sends --data" });
  });

  it.each([
    [{ path: "health" }, '--path "health" is not a path; allowed: one starting with a single "/"'],
    [{ path: "//evil.example/x" }, '--path "//evil.example/x" is not a path'],
    [{ path: "/a b" }, '--path "/a b" is not a path'],
    [{ method: "FETCH" }, '--method "FETCH" is not a method; allowed: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS'],
    [{ method: "GET", data: "{}" }, "--data cannot go with --method GET (no body); allowed: POST, PUT, PATCH, DELETE, OPTIONS"],
    [{ data: "{nope" }, '--data "{nope" is not JSON ('],
    [{ header: ["novalue"] }, '--header "novalue" is not a header; allowed: name:value'],
    [{ header: ["bad name:x"] }, '--header "bad name:x" has the name "bad name"; allowed: letters, digits'],
    [{ header: ["x:a\nb"] }, "has a control character in its value"],
    [{ header: ["x:caf\u00e9 \u2603"] }, "has a character beyond Latin-1 in its value"],
    [{ timeout: "0" }, '--timeout "0" is not valid; allowed: whole seconds 1-120'],
    [{ timeout: "121" }, '--timeout "121" is not valid'],
    [{ component: "db" }, '--component "db" is not a component; allowed: rest-api, websocket'],
  ])("%j is refused: %s", (flags, problem) => {
    const result = parseInvoke(flags);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problem).toContain(problem);
  });

  it("any flags give a plan or a refusal starting with the flag at fault; a plan's path cannot leave the API's host, fetch takes its headers (property)", () => {
    fc.assert(OPS_PROPERTIES.invoke, { seed: SEED, numRuns: 1000 });
  });
});
