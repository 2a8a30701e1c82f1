/**
 * Finding 7 of issue 12: API Gateway must not route to the function before the Lambda permission
 * exists, or the first requests get 500. Every integration depends on the permission, so routes,
 * the WebSocket deployment and the stages that serve them come after it. Before the fix the
 * permission was declared last and nothing waited for it.
 */
import type { RecordedResource } from "../../adapters/engine/offline/evaluate";
import { runProgram, type Run } from "../support/pulumi-harness";

/** Every URN `resource` waits for, directly or through others. */
function upstream(run: Run, resource: RecordedResource, seen = new Set<string>()): Set<string> {
  for (const urn of resource.dependencies) {
    if (seen.has(urn)) continue;
    seen.add(urn);
    const next = run.resources.find((r) => r.urn === urn);
    if (next) upstream(run, next, seen);
  }
  return seen;
}

describe("the invoke permission comes before anything that routes to the function", () => {
  let run: Run;
  beforeAll(async () => {
    run = await runProgram("dev");
  });

  it.each([
    ["rest-api", ["aws:apigatewayv2/integration:Integration rest-api-integration", "aws:apigatewayv2/route:Route rest-api-default-route"]],
    [
      "websocket",
      [
        "aws:apigatewayv2/integration:Integration websocket-integration",
        "aws:apigatewayv2/route:Route websocket-route-connect",
        "aws:apigatewayv2/route:Route websocket-route-default",
        "aws:apigatewayv2/deployment:Deployment websocket-deployment",
        "aws:apigatewayv2/stage:Stage websocket-stage",
      ],
    ],
  ])("%s", (name, dependents) => {
    const permission = run.get("aws:lambda/permission:Permission", `${name}-invoke`);
    for (const dependent of dependents) {
      const [type, resourceName] = dependent.split(" ");
      expect({ dependent, waits: upstream(run, run.get(type!, resourceName!)).has(permission.urn) }).toEqual({ dependent, waits: true });
    }
  });
});
