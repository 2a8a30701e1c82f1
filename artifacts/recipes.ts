import type { CloudProvider } from "../domain";
import { AWS_RECIPES } from "./aws";
import { AZURE_RECIPES } from "./azure";
import type { CloudRecipes } from "./recipe";

export type { ArtifactRecipe, CloudRecipes } from "./recipe";

/** Every cloud's recipes; a component without one gets no artifact built (its implementation decides). */
export const RECIPES: Readonly<Record<CloudProvider, CloudRecipes>> = { aws: AWS_RECIPES, azure: AZURE_RECIPES };
