// io: safetensors files and checkpoint folders. What is not listed here is internal.
export {
  MAX_HEADER_BYTES,
  readSafetensors,
  readSafetensorsHeader,
  writeSafetensors,
  saveSafetensors,
} from "./safetensors.js";
export type {
  SafetensorsDType,
  SafetensorsEntry,
  SafetensorsHeader,
  SafetensorsContents,
  WriteSafetensorsOptions,
} from "./safetensors.js";
export { saveCheckpoint, loadCheckpoint, loadModel, CONFIG_FILE, WEIGHTS_FILE, WEIGHTS_INDEX_FILE, TOKENIZER_FILE } from "./checkpoint.js";
export type { Checkpoint, SaveCheckpointOptions, HasStateDict, LoadsStateDict, LoadModelOptions } from "./checkpoint.js";
export {
  fromPretrained, savePretrained, listPretrained, parseCard, renderCard, checkCardFiles, resolvePretrained, zooNames, sha256Of,
  ZOO_DIR, CARD_FILE, TARGET_TOKENIZER_FILE,
} from "./pretrained.js";
export type {
  Pretrained, PretrainedModel, FromPretrainedOptions, ModelCard, CardFile, ParsedCard, PretrainedEntry, SavePretrainedContents,
} from "./pretrained.js";
export { verifyPretrained, smokeTest, readZooIndex, updateZooIndex, zooIndexMarkdown, DEFAULT_EXAMPLES, ZOO_BUDGET_BYTES } from "./zoo-verify.js";
export type { VerifyReport, ModelCheck } from "./zoo-verify.js";
