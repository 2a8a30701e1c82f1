import type { CloudRecipes } from "./recipe";

/**
 * Azure Functions artifacts: the Azure implementation adds its recipes here (entry points under
 * runtime/azure/, `host.json` as an extra file). Until it does, Azure components get no artifact
 * built and resolve only what `semantest:release` names.
 */
export const AZURE_RECIPES: CloudRecipes = {};
