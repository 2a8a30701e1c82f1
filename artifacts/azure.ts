import * as path from "path";
import type { ComponentSettings } from "../domain";
import { AWS_APP_MODULES } from "./aws";
import type { ArtifactSpec } from "./build";
import { appModulePath, type CloudRecipes } from "./recipe";

/**
 * Azure Functions artifacts (Node.js programming model v4): the bundled entry as `index.js`, with
 * the `package.json` whose `main` tells the worker where the functions are registered, and the
 * `host.json` the host reads. The worker provides `@azure/functions-core` at run time, so it stays
 * out of the bundle; `@azure/functions` itself is bundled.
 */
export const AZURE_FUNCTION_ENTRIES = { "rest-api": "runtime/azure/rest-entry.ts", websocket: "runtime/azure/websocket-entry.ts" } as const;
export const AZURE_EXTERNALS = ["@azure/functions-core"] as const;

/**
 * host.json: Functions runtime 2.0 schema; an empty route prefix so the app sees its own paths
 * (not `/api/...`); HTTP triggers only, so no extension bundle is needed.
 */
export const AZURE_HOST_JSON = {
  version: "2.0",
  extensions: { http: { routePrefix: "" } },
  logging: { applicationInsights: { samplingSettings: { isEnabled: true, excludedTypes: "Request" } } },
} as const;

/**
 * `functionTimeout` ("hh:mm:ss", Microsoft Learn "host.json reference for Azure Functions 2.x and
 * later") from the component's `timeoutSeconds`: without it the host uses the plan's default (30
 * minutes on Flex Consumption) whatever the config says. HTTP responses are still cut at 230 s by
 * the front end, which the config's validation already enforces.
 */
export function functionTimeout(timeoutSeconds: number): string {
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1) {
    throw new Error(`timeoutSeconds ${JSON.stringify(timeoutSeconds)} is not a positive whole number of seconds; host.json functionTimeout needs one`);
  }
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(Math.floor(timeoutSeconds / 3600))}:${pad(Math.floor((timeoutSeconds % 3600) / 60))}:${pad(timeoutSeconds % 60)}`;
}

/** The host.json of a component: the shared settings plus its own timeout. */
export function hostJson(settings: Pick<ComponentSettings, "timeoutSeconds">): Record<string, unknown> {
  return { ...AZURE_HOST_JSON, functionTimeout: functionTimeout(settings.timeoutSeconds) };
}

export function azureArtifactSpec(settings: ComponentSettings, projectDir: string): ArtifactSpec {
  return {
    kind: settings.kind,
    provider: "azure",
    entryPoints: { index: path.join(projectDir, AZURE_FUNCTION_ENTRIES[settings.kind]) },
    modules: { [AWS_APP_MODULES[settings.kind]]: appModulePath(settings, projectDir) },
    external: [...AZURE_EXTERNALS],
    extraFiles: {
      "host.json": `${JSON.stringify(hostJson(settings), null, 2)}\n`,
      "package.json": `${JSON.stringify({ name: `semantest-${settings.kind}`, version: "1.0.0", private: true, main: "index.js" }, null, 2)}\n`,
    },
    projectDir,
    nodeVersion: 22,
  };
}

export const AZURE_RECIPES: CloudRecipes = { "rest-api": azureArtifactSpec, websocket: azureArtifactSpec };
