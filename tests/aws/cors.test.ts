import { corsFromEnv, preflight, withCorsHeaders } from "../../runtime/aws/cors";
import { defaultCorsPolicy } from "../../domain";
import { httpEvent } from "./fixtures";

const policy = defaultCorsPolicy(["https://*.semantest.com", "chrome-extension://*"]);
const event = (method: string, headers: Record<string, string>) => httpEvent(method, "/events", { headers }) as never;

describe("CORS answered in the function", () => {
  it("answers a preflight from a matching wildcard subdomain, echoing the origin", () => {
    expect(preflight(policy, event("OPTIONS", { origin: "https://app.semantest.com", "access-control-request-method": "POST" }))).toMatchObject({
      statusCode: 204,
      headers: { "access-control-allow-origin": "https://app.semantest.com", "access-control-max-age": "600", vary: "Origin" },
    });
  });

  it("lets ordinary OPTIONS requests and non-OPTIONS requests through to the app", () => {
    expect(preflight(policy, event("OPTIONS", { origin: "https://app.semantest.com" }))).toBeUndefined();
    expect(preflight(policy, event("GET", { origin: "https://app.semantest.com" }))).toBeUndefined();
  });

  it("answers * to any origin when credentials are off, and never * with credentials", () => {
    const open = defaultCorsPolicy(["*"]);
    expect(withCorsHeaders(open, event("GET", { origin: "https://x.dev" }), { statusCode: 200 }).headers).toMatchObject({ "access-control-allow-origin": "*" });
    const credentialed = { ...defaultCorsPolicy(["https://a.dev"]), allowCredentials: true };
    expect(withCorsHeaders(credentialed, event("GET", { origin: "https://a.dev" }), { statusCode: 200 }).headers).toMatchObject({
      "access-control-allow-origin": "https://a.dev",
      "access-control-allow-credentials": "true",
    });
  });

  it("keeps the app's own Vary and adds Origin, even for requests without an allowed origin", () => {
    const result = withCorsHeaders(policy, event("GET", {}), { statusCode: 200, headers: { vary: "Accept-Encoding" } });
    expect(result.headers).toEqual({ vary: "Accept-Encoding, Origin" });
  });

  it("reads the policy from SEMANTEST_CORS and names the variable when it is not JSON", () => {
    expect(corsFromEnv({})).toBeUndefined();
    expect(corsFromEnv({ SEMANTEST_CORS: JSON.stringify(policy) })).toEqual(policy);
    expect(() => corsFromEnv({ SEMANTEST_CORS: "{nope" })).toThrow(/SEMANTEST_CORS is not JSON/);
  });
});
