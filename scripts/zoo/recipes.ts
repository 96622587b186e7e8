// The zoo's recipes, by name (see common.ts for why they live in scripts/ and not in src/).
import type { Recipe } from "./common.js";
import { bertMiniMlm } from "./bert-mini-mlm.js";
import { bertMiniSentiment } from "./bert-mini-sentiment.js";
import { gptMobyChar } from "./gpt-moby-char.js";
import { transformerG2p } from "./transformer-g2p.js";

export const RECIPES: readonly Recipe[] = [gptMobyChar, bertMiniMlm, bertMiniSentiment, transformerG2p];

export function recipeNamed(name: string): Recipe | undefined {
  return RECIPES.find((r) => r.name === name);
}
