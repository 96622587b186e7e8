// The zoo's recipes, by name (see common.ts for why they live in scripts/ and not in src/).
import type { Recipe } from "./common.js";
import { gptMobyChar } from "./gpt-moby-char.js";

export const RECIPES: readonly Recipe[] = [gptMobyChar];

export function recipeNamed(name: string): Recipe | undefined {
  return RECIPES.find((r) => r.name === name);
}
