/** Bad inputs to the data helpers and the safetensors reader/writer (issue 19), and their messages. */
import { it } from "vitest";
import { batchesOf, iterateEpochs, splitDataset, loadSentiment, readSafetensors, readSafetensorsHeader, writeSafetensors, zeros } from "qkv";
import { type BadInputCase, describeBadInputs } from "../bad-inputs-kit.js";

const any = <T>(v: unknown) => v as T;

const cases: BadInputCase[] = [
  ["batchesOf of a string", () => batchesOf(any<unknown[]>("ab"), 1, null), /^batchesOf: items must be an array, got "ab"$/],
  ["batchesOf with batchSize 1.5", () => batchesOf([1, 2], 1.5, null), /^batchesOf: batchSize must be a positive integer, got 1\.5$/],
  ["batchesOf with a look-alike rng", () => batchesOf([1, 2], 1, any({ shuffle: () => [] })), /^batchesOf: rng must be an Rng \(to shuffle\) or null \(keep the order\), got an object \{shuffle\}$/],
  ["iterateEpochs without options", () => [...iterateEpochs([1], any(undefined))], /^iterateEpochs: needs options \{ batchSize, epochs\?, shuffle\?, seed\? \}, got undefined$/],
  ["splitDataset with a fractional seed", () => splitDataset([1, 2, 3], 1.5), /^Rng: seed must be an integer in 0\.\.4294967295 \(2\^32 - 1\), got 1\.5$/],
  ["loadSentiment of an unknown source", () => loadSentiment(any("foo")), /^loadSentiment: source must be "amazon", "imdb" or "yelp", got "foo"$/],
  ["readSafetensors of a number", () => readSafetensors(any(5)), /^readSafetensors: source must be a file path \(string\), a Uint8Array\/Buffer or an ArrayBuffer of the file's bytes, got number$/],
  ["readSafetensorsHeader of an array", () => readSafetensorsHeader(any([1, 2])), /^readSafetensorsHeader: source must be a file path \(string\), a Uint8Array\/Buffer or an ArrayBuffer of the file's bytes, got an array$/],
  ["writeSafetensors of a bare tensor", () => writeSafetensors(any(zeros([2]))), /^writeSafetensors: tensors must be an object \(or Map\) of name -> Tensor, got a Tensor \(give it a name: \{ weight: t \}\)$/],
  ["writeSafetensors of undefined", () => writeSafetensors(any(undefined)), /^writeSafetensors: tensors must be an object \(or Map\) of name -> Tensor, got undefined$/],
];

describeBadInputs("data and io", cases);
