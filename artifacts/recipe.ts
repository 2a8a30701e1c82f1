import * as path from "path";
import type { ComponentKind, ComponentSettings } from "../domain";
import type { ArtifactSpec } from "./build";

/** How one cloud builds one component's artifact from its settings. */
export type ArtifactRecipe = (settings: ComponentSettings, projectDir: string) => ArtifactSpec;
export type CloudRecipes = Readonly<Partial<Record<ComponentKind, ArtifactRecipe>>>;

/**
 * The reference app's module for each component, relative to the project. `settings.entry`
 * replaces it with the user's own module (DESIGN §9).
 */
export const REFERENCE_APPS: Readonly<Record<ComponentKind, string>> = {
  "rest-api": "app/rest/app.ts",
  websocket: "app/websocket/relay.ts",
};

/** The absolute path of the app module a component's artifact hosts. */
export function appModulePath(settings: Pick<ComponentSettings, "kind" | "entry">, projectDir: string): string {
  return path.resolve(projectDir, settings.entry ?? REFERENCE_APPS[settings.kind]);
}
