/**
 * Issue 12 (smaller items): `variables` are checked with each cloud's own rules. Before: every name
 * starting AWS_, LAMBDA_ or _ was refused on both clouds (AWS_LAMBDA_EXEC_WRAPPER is legitimate on
 * Lambda, `_`-prefixed app settings are legal on Azure), Azure's rules were not checked at all,
 * and a user NODE_OPTIONS was silently replaced.
 */
import fc from "fast-check";
import { WEBSOCKET_ENV } from "../../runtime/aws/contract";
import { CORS_ENV } from "../../runtime/aws/cors-env";
import { formatProblem, lambdaNodeOptions, LAMBDA_RESERVED_VARIABLES, parseVariables, PROGRAM_VARIABLES } from "../../domain";
import { runProgram } from "../support/pulumi-harness";

const check = (provider: "aws" | "azure", raw: unknown) => {
  const parsed = parseVariables(provider, raw, "semantest:components.rest-api.variables");
  return parsed.ok ? [] : parsed.error.map(formatProblem);
};

describe("variables on AWS Lambda", () => {
  it("accepts AWS_* names Lambda does not reserve", () => {
    expect(check("aws", { AWS_LAMBDA_EXEC_WRAPPER: "/opt/wrapper", AWS_NODEJS_CONNECTION_REUSE_ENABLED: "1", LAMBDA_NAME: "x", NODE_OPTIONS: "--max-old-space-size=512" })).toEqual([]);
  });

  it("refuses every reserved name, naming it", () => {
    for (const name of LAMBDA_RESERVED_VARIABLES) {
      expect(check("aws", { [name]: "x" })).toEqual([`semantest:components.rest-api.variables.${name}: "${name}" is reserved by the Lambda runtime (Lambda Developer Guide, Reserved environment variables)`]);
    }
  });

  it("refuses names Lambda's pattern refuses and names the program sets", () => {
    expect(check("aws", { _PRIVATE: "x" })[0]).toContain("is not a variable name Lambda accepts");
    expect(check("aws", { A: "x" })[0]).toContain("is not a variable name Lambda accepts");
    expect(check("aws", { [WEBSOCKET_ENV.table]: "x" })[0]).toContain("is set by semantest-iac itself on aws");
    expect(check("aws", { [CORS_ENV]: "x" })[0]).toContain("is set by semantest-iac itself on aws");
  });

  it("refuses more than 3 KB of variables (Lambda's 4 KB limit, with room for the program's own)", () => {
    expect(check("aws", { BIG: "x".repeat(3 * 1024) })[0]).toContain("more than the 3072 bytes left for your variables");
  });

  it("lists the names the runtime contract really uses", () => {
    for (const name of [WEBSOCKET_ENV.table, WEBSOCKET_ENV.ttlSeconds, WEBSOCKET_ENV.endpoint, CORS_ENV]) {
      expect(PROGRAM_VARIABLES.aws.some((p) => (p.endsWith("*") ? name.startsWith(p.slice(0, -1)) : p === name))).toBe(true);
    }
  });
});

describe("variables on Azure Functions", () => {
  it("accepts _-prefixed names and dots, which app settings allow", () => {
    expect(check("azure", { _PRIVATE: "x", "Logging.LogLevel": "Debug", AWS_REGION: "eu-west-1" })).toEqual([]);
  });

  it("refuses other characters, Flex Consumption's rejected settings and the program's own", () => {
    expect(check("azure", { "MY-VAR": "x" })[0]).toContain("is not a variable name Azure app settings accept: letters, digits, . and _ only");
    expect(check("azure", { FUNCTIONS_WORKER_RUNTIME: "node" })[0]).toContain("Flex Consumption");
    expect(check("azure", { WEBPUBSUB_HUB: "x" })[0]).toContain("is set by semantest-iac itself on azure");
  });
});

describe("NODE_OPTIONS", () => {
  it("keeps the user's options and adds --enable-source-maps once", () => {
    expect(lambdaNodeOptions(undefined)).toBe("--enable-source-maps");
    expect(lambdaNodeOptions("--max-old-space-size=512")).toBe("--max-old-space-size=512 --enable-source-maps");
    expect(lambdaNodeOptions("--enable-source-maps --x")).toBe("--enable-source-maps --x");
  });

  it("reaches the function merged (before the fix the user's value was overwritten)", async () => {
    const run = await runProgram("dev", {
      "aws:region": "us-east-1",
      "semantest:components": { "rest-api": { provider: "aws", variables: { NODE_OPTIONS: "--max-old-space-size=512", AWS_LAMBDA_EXEC_WRAPPER: "/opt/w" } } },
    });
    const variables = (run.get("aws:lambda/function:Function", "rest-api-function").inputs.environment as { variables: Record<string, string> }).variables;
    expect(variables).toMatchObject({ NODE_OPTIONS: "--max-old-space-size=512 --enable-source-maps", AWS_LAMBDA_EXEC_WRAPPER: "/opt/w" });
  });
});

describe("parseVariables never throws (property)", () => {
  it("returns problems under the variables path or a copy of the map", () => {
    fc.assert(
      fc.property(fc.constantFrom("aws" as const, "azure" as const), fc.dictionary(fc.string({ maxLength: 12 }), fc.oneof(fc.string({ maxLength: 12 }), fc.integer())), (provider, raw) => {
        const parsed = parseVariables(provider, raw, "v");
        return parsed.ok ? Object.keys(parsed.value.plain).length + Object.keys(parsed.value.secrets).length === Object.keys(raw).length : parsed.error.every((p) => p.path.startsWith("v"));
      }),
      { seed: 3, numRuns: 300 },
    );
  });
});
