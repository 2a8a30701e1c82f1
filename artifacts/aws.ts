import * as path from "path";
import type { ComponentSettings } from "../domain";
import type { ArtifactSpec } from "./build";
import { appModulePath, type CloudRecipes } from "./recipe";

/**
 * The Lambda runtimes for Node.js 18+ ship the AWS SDK for JavaScript v3 (Lambda Developer Guide,
 * "Building Lambda functions with Node.js", runtime-included SDK), so it stays out of the bundle.
 */
export const LAMBDA_EXTERNALS = ["@aws-sdk/*"] as const;

/** The names the AWS handler entries import their app by (declared in runtime/aws/app-modules.d.ts). */
export const AWS_APP_MODULES = { "rest-api": "semantest:rest-app", websocket: "semantest:websocket-app" } as const;

/** The Lambda entry for each component, relative to the project; the zip holds it as `index.js`. */
export const AWS_HANDLER_ENTRIES = { "rest-api": "runtime/aws/rest-entry.ts", websocket: "runtime/aws/websocket-entry.ts" } as const;

/** The WebSocket `$connect` authorizer, bundled beside the handler as `authorizer.js` when the component has auth (components/aws/auth.ts). */
export const AWS_AUTHORIZER_ENTRY = "runtime/aws/authorizer-entry.ts";

/** The Lambda `handler` setting for every AWS artifact: `index.js`, export `handler`. */
export const AWS_LAMBDA_HANDLER = "index.handler";

export function awsArtifactSpec(settings: ComponentSettings, projectDir: string): ArtifactSpec {
  return {
    kind: settings.kind,
    provider: "aws",
    entryPoints: {
      index: path.join(projectDir, AWS_HANDLER_ENTRIES[settings.kind]),
      // Only with auth, so a stack without it keeps its artifact (and digest) as it was.
      ...(settings.kind === "websocket" && settings.auth ? { authorizer: path.join(projectDir, AWS_AUTHORIZER_ENTRY) } : {}),
    },
    modules: { [AWS_APP_MODULES[settings.kind]]: appModulePath(settings, projectDir) },
    external: [...LAMBDA_EXTERNALS],
    projectDir,
    nodeVersion: 22,
  };
}

export const AWS_RECIPES: CloudRecipes = { "rest-api": awsArtifactSpec, websocket: awsArtifactSpec };
