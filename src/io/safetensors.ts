/**
 * safetensors: the file format Hugging Face uses for weights (https://huggingface.co/docs/safetensors).
 *
 *   bytes 0..8      N = header length, unsigned 64-bit little-endian
 *   bytes 8..8+N    header: UTF-8 JSON object, starts with "{", may be padded with spaces;
 *                   { "__metadata__"?: { string: string }, name: { dtype, shape, data_offsets: [begin, end] } }
 *   bytes 8+N..     data section: offsets are relative to its start; little-endian, row-major (C order);
 *                   every byte belongs to exactly one tensor (no holes, no overlaps).
 *
 * A file can come from anyone, so the reader validates the header before it allocates anything
 * derived from it: the header length is bounded by the file size and by MAX_HEADER_BYTES, each
 * dtype is known, each shape is a list of non-negative integers, each byte count equals
 * product(shape) × element size, and the tensors tile the data section exactly. Every failure is a
 * QkvError that names the file (or "bytes"), the tensor and the rule.
 *
 * The writer lays the file out as the reference implementation (huggingface/safetensors) does:
 * tensors sorted by dtype alignment (widest first), then by name; compact JSON with "__metadata__"
 * first; the header padded with spaces to a multiple of 8 bytes so every tensor is aligned to its
 * element size. tests/fixtures/make_safetensors_fixture.py writes the same layout with Python's
 * json + struct, and the tests check both directions byte for byte.
 */
import { closeSync, fstatSync, openSync, readSync, writeFileSync } from "node:fs";
import { QkvError, Tensor } from "../tensor/index.js";
import { sizeOf } from "../tensor/shape.js";

/** Headers beyond this are refused (the reference implementation's limit too): 100 MB of JSON is not a header. */
export const MAX_HEADER_BYTES = 100_000_000;

/** The dtypes of the format. Order = the reference writer's alignment order (narrowest first). */
const FORMAT_DTYPES = [
  "BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "I16", "U16", "F16", "BF16", "I32", "U32", "F32", "F64", "I64", "U64",
] as const;
export type SafetensorsDType = (typeof FORMAT_DTYPES)[number];

const ELEMENT_BYTES: Record<SafetensorsDType, number> = {
  BOOL: 1, U8: 1, I8: 1, F8_E5M2: 1, F8_E4M3: 1, I16: 2, U16: 2, F16: 2, BF16: 2,
  I32: 4, U32: 4, F32: 4, F64: 8, I64: 8, U64: 8,
};

/** What each stored dtype becomes in qkv. Integers become int32 (range-checked), halves become float32. */
const LOADS_AS: Partial<Record<SafetensorsDType, "float32" | "float64" | "int32" | "bool">> = {
  BOOL: "bool", U8: "int32", I8: "int32", I16: "int32", U16: "int32", F16: "float32", BF16: "float32",
  I32: "int32", F32: "float32", F64: "float64", I64: "int32",
};

/** One tensor's entry in the header, after validation. `begin`/`end` are offsets in the data section. */
export interface SafetensorsEntry {
  name: string;
  dtype: SafetensorsDType;
  shape: number[];
  begin: number;
  end: number;
}

/** The validated header: entries in data order, metadata ({} when the file has none), and where the data starts. */
export interface SafetensorsHeader {
  entries: SafetensorsEntry[];
  metadata: Record<string, string>;
  /** Byte offset of the data section in the file: 8 + N. */
  dataStart: number;
  /** Total file size the header implies: dataStart + the data section's length. */
  fileBytes: number;
}

export interface SafetensorsContents {
  /** Tensors by name (inserted in the file's data order). */
  tensors: Record<string, Tensor>;
  metadata: Record<string, string>;
  /** The dtype each tensor had in the file (an I64 tensor loads as int32; pass this back to the writer to keep I64). */
  dtypes: Record<string, SafetensorsDType>;
}

export interface WriteSafetensorsOptions {
  /** Store every int32 tensor as I64 (what PyTorch uses for token ids); default false = I32. */
  int64?: boolean;
  /**
   * The stored dtype per tensor name, e.g. the `dtypes` that readSafetensors returned. Only choices that
   * keep every value are accepted: int32 -> I32 or I64, float32 -> F32, float64 -> F64, bool -> BOOL.
   */
  dtypes?: Record<string, SafetensorsDType>;
}

const isLittleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function fail(source: string, message: string): never {
  throw new QkvError(`safetensors: ${source}: ${message}`);
}

/**
 * The bytes to read, as a plain Uint8Array over exactly the file's bytes. A Node Buffer (what
 * readFileSync returns) is a view into a larger shared pool, so its `.buffer` is not the file; an
 * ArrayBuffer (fetch's arrayBuffer()) is the file itself. Anything else is an error naming what was given.
 */
function bytesOf(source: unknown, who: string): Uint8Array {
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  if (source instanceof Uint8Array) return new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  const given =
    source === null ? "null" : ArrayBuffer.isView(source) ? `a ${source.constructor.name}` : Array.isArray(source) ? "an array" : typeof source;
  throw new QkvError(`${who}: source must be a file path (string), a Uint8Array/Buffer or an ArrayBuffer of the file's bytes, got ${given}`);
}

function isFormatDType(s: unknown): s is SafetensorsDType {
  return typeof s === "string" && (FORMAT_DTYPES as readonly string[]).includes(s);
}

/** The 8-byte length prefix as a number; throws when it cannot be a header of a `fileBytes`-byte file. */
function headerLength(prefix: Uint8Array, fileBytes: number, source: string): number {
  if (fileBytes < 8) fail(source, `file is ${fileBytes} bytes, shorter than the 8-byte header-length prefix`);
  const view = new DataView(prefix.buffer, prefix.byteOffset, 8);
  const n = view.getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER_BYTES)) {
    fail(source, `header length ${n} exceeds the maximum of ${MAX_HEADER_BYTES} bytes (corrupt or hostile file)`);
  }
  const length = Number(n);
  if (length < 2) fail(source, `header length ${length} is too small to hold a JSON object`);
  if (8 + length > fileBytes) {
    fail(source, `header length ${length} runs past the end of the file (${fileBytes - 8} bytes after the prefix; truncated file?)`);
  }
  return length;
}

/**
 * Validates a decoded header (the JSON text) against the file's size. Checks every rule of the format;
 * allocates nothing proportional to the declared shapes.
 */
function parseHeader(headerBytes: Uint8Array, fileBytes: number, source: string): SafetensorsHeader {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(headerBytes);
  } catch {
    fail(source, "header is not valid UTF-8");
  }
  if (!text.startsWith("{")) fail(source, `header must start with "{" (found ${JSON.stringify(text.slice(0, 8))})`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    fail(source, `header is not valid JSON (${(e as Error).message})`);
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) fail(source, "header must be a JSON object");

  const dataStart = 8 + headerBytes.length;
  const dataBytes = fileBytes - dataStart;
  const metadata: Record<string, string> = {};
  const entries: SafetensorsEntry[] = [];
  for (const [name, info] of Object.entries(json as Record<string, unknown>)) {
    if (name === "__metadata__") {
      if (info === null || typeof info !== "object" || Array.isArray(info)) fail(source, `"__metadata__" must be an object of strings`);
      for (const [k, v] of Object.entries(info as Record<string, unknown>)) {
        if (typeof v !== "string") fail(source, `"__metadata__"."${k}" must be a string, got ${JSON.stringify(v)}`);
        Object.defineProperty(metadata, k, { value: v, enumerable: true, writable: true, configurable: true });
      }
      continue;
    }
    const what = `tensor "${name}"`;
    if (info === null || typeof info !== "object" || Array.isArray(info)) fail(source, `${what}: entry must be an object with dtype, shape, data_offsets`);
    const { dtype, shape, data_offsets: offsets } = info as Record<string, unknown>;
    if (!isFormatDType(dtype)) fail(source, `${what}: unknown dtype ${JSON.stringify(dtype)} (known: ${FORMAT_DTYPES.join(", ")})`);
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      fail(source, `${what}: shape must be a list of non-negative integers, got ${JSON.stringify(shape)}`);
    }
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) {
      fail(source, `${what}: data_offsets must be [begin, end] with non-negative integers, got ${JSON.stringify(offsets)}`);
    }
    const [begin, end] = offsets as [number, number];
    if (end < begin) fail(source, `${what}: data_offsets [${begin}, ${end}] end before they begin`);
    if (end > dataBytes) {
      fail(source, `${what}: data_offsets [${begin}, ${end}] run past the data section (${dataBytes} bytes; truncated file?)`);
    }
    const expected = sizeOf(shape as number[]) * ELEMENT_BYTES[dtype];
    if (!Number.isSafeInteger(expected) || expected !== end - begin) {
      fail(source, `${what}: ${dtype} shape ${JSON.stringify(shape)} needs ${expected} bytes but data_offsets [${begin}, ${end}] hold ${end - begin}`);
    }
    entries.push({ name, dtype, shape: (shape as number[]).slice(), begin, end });
  }

  // The tensors must tile the data section: sorted by offset, each starts where the previous ended.
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (e.begin < cursor) {
      fail(source, `tensor "${e.name}": data_offsets [${e.begin}, ${e.end}] overlap tensor "${entries[i - 1].name}" (which ends at ${cursor})`);
    }
    if (e.begin > cursor) fail(source, `tensor "${e.name}": data_offsets start at ${e.begin}, leaving a hole at bytes [${cursor}, ${e.begin}) of the data section`);
    cursor = e.end;
  }
  if (cursor !== dataBytes) {
    fail(source, `the tensors cover ${cursor} bytes but the data section has ${dataBytes} (trailing bytes are not allowed)`);
  }
  return { entries, metadata, dataStart, fileBytes };
}

/** Reads and validates only the header of a file or buffer: names, dtypes, shapes, offsets, metadata. */
export function readSafetensorsHeader(source: Uint8Array | ArrayBuffer | string): SafetensorsHeader {
  if (typeof source === "string") {
    const fd = openFile(source);
    try {
      return readHeaderFromFd(fd, source).header;
    } finally {
      closeSync(fd);
    }
  }
  const bytes = bytesOf(source, "readSafetensorsHeader");
  const n = headerLength(bytes, bytes.length, "bytes");
  return parseHeader(bytes.subarray(8, 8 + n), bytes.length, "bytes");
}

function openFile(path: string): number {
  try {
    return openSync(path, "r");
  } catch (e) {
    throw new QkvError(`safetensors: cannot open ${path}: ${(e as Error).message}`);
  }
}

function readExactly(fd: number, length: number, position: number, path: string): Uint8Array {
  const out = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const got = readSync(fd, out, done, length - done, position + done);
    if (got === 0) fail(path, `file ended while reading bytes [${position}, ${position + length})`);
    done += got;
  }
  return out;
}

function readHeaderFromFd(fd: number, path: string): { header: SafetensorsHeader; fileBytes: number } {
  const fileBytes = fstatSync(fd).size;
  const prefix = readExactly(fd, Math.min(8, fileBytes), 0, path);
  const n = headerLength(prefix, fileBytes, path);
  const header = parseHeader(readExactly(fd, n, 8, path), fileBytes, path);
  return { header, fileBytes };
}

/**
 * Reads a safetensors file (a path) or its bytes (a Uint8Array, a Node Buffer from readFileSync, or an
 * ArrayBuffer) into qkv tensors.
 * F32 -> float32, F64 -> float64, F16/BF16 -> float32, BOOL -> bool, I32/I16/I8/U16/U8 -> int32,
 * I64 -> int32 when every value fits (token ids and position ids do), else a clear error.
 * U32, U64 and the 8-bit floats are valid files but are refused with an error that says so.
 */
export function readSafetensors(source: Uint8Array | ArrayBuffer | string): SafetensorsContents {
  let header: SafetensorsHeader;
  let data: Uint8Array;
  const label = typeof source === "string" ? source : "bytes";
  if (typeof source === "string") {
    const fd = openFile(source);
    try {
      header = readHeaderFromFd(fd, source).header;
      // Only now, with the layout validated against the real file size, is the data section read.
      data = readExactly(fd, header.fileBytes - header.dataStart, header.dataStart, source);
    } finally {
      closeSync(fd);
    }
  } else {
    const bytes = bytesOf(source, "readSafetensors");
    header = readSafetensorsHeader(bytes);
    data = bytes.subarray(header.dataStart);
  }
  const entries: [string, Tensor][] = header.entries.map((e) => [e.name, decodeTensor(e, data, label)]);
  // Object.fromEntries defines own properties, so a tensor named "__proto__" stays a plain key.
  return {
    tensors: Object.fromEntries(entries),
    metadata: header.metadata,
    dtypes: Object.fromEntries(header.entries.map((e) => [e.name, e.dtype])),
  };
}

function decodeTensor(e: SafetensorsEntry, data: Uint8Array, source: string): Tensor {
  if (LOADS_AS[e.dtype] === undefined) {
    fail(source, `tensor "${e.name}": dtype ${e.dtype} is valid safetensors but qkv cannot load it (supported: ${Object.keys(LOADS_AS).join(", ")})`);
  }
  const bytes = data.subarray(e.begin, e.end);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = (e.end - e.begin) / ELEMENT_BYTES[e.dtype];
  let values: Float32Array | Float64Array | Int32Array | Uint8Array;
  switch (e.dtype) {
    case "F32":
      // slice() copies into a fresh, aligned buffer; on little-endian hosts its bytes are already the values.
      values = isLittleEndianHost ? new Float32Array(bytes.slice().buffer) : Float32Array.from({ length: count }, (_, i) => view.getFloat32(4 * i, true));
      break;
    case "F64":
      values = isLittleEndianHost ? new Float64Array(bytes.slice().buffer) : Float64Array.from({ length: count }, (_, i) => view.getFloat64(8 * i, true));
      break;
    case "I32":
      values = isLittleEndianHost ? new Int32Array(bytes.slice().buffer) : Int32Array.from({ length: count }, (_, i) => view.getInt32(4 * i, true));
      break;
    case "F16":
      values = Float32Array.from({ length: count }, (_, i) => halfToFloat(view.getUint16(2 * i, true)));
      break;
    case "BF16":
      // bfloat16 is the top half of a float32.
      values = new Float32Array(count);
      {
        const asBits = new Uint32Array(values.buffer);
        for (let i = 0; i < count; i++) asBits[i] = view.getUint16(2 * i, true) << 16;
      }
      break;
    case "I64": {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) {
        const lo = view.getInt32(8 * i, true);
        const hi = view.getInt32(8 * i + 4, true);
        // The value fits in int32 exactly when the high word is the sign extension of the low word.
        if (hi !== lo >> 31) {
          fail(source, `tensor "${e.name}": I64 element ${i} = ${view.getBigInt64(8 * i, true)} does not fit in int32 (qkv stores integers as int32, range -2147483648..2147483647)`);
        }
        out[i] = lo;
      }
      values = out;
      break;
    }
    case "I16":
      values = Int32Array.from({ length: count }, (_, i) => view.getInt16(2 * i, true));
      break;
    case "U16":
      values = Int32Array.from({ length: count }, (_, i) => view.getUint16(2 * i, true));
      break;
    case "I8":
      values = Int32Array.from({ length: count }, (_, i) => view.getInt8(i));
      break;
    case "U8":
      values = Int32Array.from(bytes);
      break;
    case "BOOL":
      values = Uint8Array.from(bytes, (b) => (b === 0 ? 0 : 1));
      break;
    default:
      fail(source, `tensor "${e.name}": no decoder for dtype ${e.dtype}`);
  }
  // `values` is already a fresh array of the target dtype's kind (LOADS_AS) and parseHeader checked that
  // its length is the shape's size: the tensor takes it as its storage, without another copy.
  return new Tensor(values, [...e.shape]);
}

/** IEEE 754 binary16 bits -> number. */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 31) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

function formatDTypeOf(t: Tensor, name: string, options: WriteSafetensorsOptions): SafetensorsDType {
  const wanted = options.dtypes !== undefined && Object.prototype.hasOwnProperty.call(options.dtypes, name) ? options.dtypes[name] : undefined;
  if (wanted !== undefined) {
    const lossless: Record<string, SafetensorsDType[]> = { int32: ["I32", "I64"], float32: ["F32"], float64: ["F64"], bool: ["BOOL"] };
    if (!(lossless[t.dtype] ?? []).includes(wanted)) {
      throw new QkvError(`writeSafetensors: tensor "${name}": cannot store a ${t.dtype} tensor as ${wanted} (allowed: ${(lossless[t.dtype] ?? []).join(", ")})`);
    }
    return wanted;
  }
  const int64 = options.int64 ?? false;
  switch (t.dtype) {
    case "float32":
      return "F32";
    case "float64":
      return "F64";
    case "int32":
      return int64 ? "I64" : "I32";
    case "bool":
      return "BOOL";
    default:
      throw new QkvError(`writeSafetensors: tensor "${name}": unsupported dtype ${String(t.dtype)}`);
  }
}

/** Compares names by their UTF-8 bytes (= code points), the order the reference writer uses. */
function compareNames(a: string, b: string): number {
  const ca = Array.from(a, (c) => c.codePointAt(0) as number);
  const cb = Array.from(b, (c) => c.codePointAt(0) as number);
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) if (ca[i] !== cb[i]) return ca[i] - cb[i];
  return ca.length - cb.length;
}

function encodeTensor(t: Tensor, dtype: SafetensorsDType): Uint8Array {
  const n = t.size;
  const out = new Uint8Array(n * ELEMENT_BYTES[dtype]);
  const view = new DataView(out.buffer);
  const src = t.data;
  switch (dtype) {
    case "F32":
      for (let i = 0; i < n; i++) view.setFloat32(4 * i, src[i], true);
      break;
    case "F64":
      for (let i = 0; i < n; i++) view.setFloat64(8 * i, src[i], true);
      break;
    case "I32":
      for (let i = 0; i < n; i++) view.setInt32(4 * i, src[i], true);
      break;
    case "I64":
      for (let i = 0; i < n; i++) view.setBigInt64(8 * i, BigInt(src[i]), true);
      break;
    case "BOOL":
      for (let i = 0; i < n; i++) out[i] = src[i] ? 1 : 0;
      break;
    default:
      throw new QkvError(`writeSafetensors: cannot encode dtype ${dtype}`);
  }
  return out;
}

/**
 * Serialises tensors (a state dict) to safetensors bytes. `metadata` (string -> string) goes to
 * "__metadata__"; Hugging Face's loaders expect { format: "pt" } there, which saveCheckpoint adds.
 */
export function writeSafetensors(
  tensors: Record<string, Tensor> | Map<string, Tensor>,
  metadata?: Record<string, string>,
  options: WriteSafetensorsOptions = {},
): Uint8Array {
  if (typeof tensors !== "object" || tensors === null || Array.isArray(tensors) || tensors instanceof Tensor) {
    throw new QkvError(`writeSafetensors: tensors must be an object (or Map) of name -> Tensor, got ${tensors instanceof Tensor ? "a Tensor (give it a name: { weight: t })" : Array.isArray(tensors) ? "an array" : String(tensors)}`);
  }
  const list = tensors instanceof Map ? [...tensors.entries()] : Object.entries(tensors);
  const rank = (d: SafetensorsDType) => FORMAT_DTYPES.indexOf(d);
  const items = list.map(([name, t]) => {
    if (name === "__metadata__") throw new QkvError(`writeSafetensors: "__metadata__" is reserved and cannot name a tensor`);
    if (!(t instanceof Tensor)) throw new QkvError(`writeSafetensors: "${name}" is not a Tensor`);
    return { name, t, dtype: formatDTypeOf(t, name, options) };
  });
  items.sort((a, b) => rank(b.dtype) - rank(a.dtype) || compareNames(a.name, b.name));

  // The JSON text is assembled by hand so keys keep this order (a JS object would move integer-like
  // names such as "0" to the front).
  const fields: string[] = [];
  if (metadata && Object.keys(metadata).length > 0) {
    const pairs = Object.entries(metadata).map(([k, v]) => {
      if (typeof v !== "string") throw new QkvError(`writeSafetensors: metadata "${k}" must be a string, got ${JSON.stringify(v)}`);
      return `${JSON.stringify(k)}:${JSON.stringify(v)}`;
    });
    fields.push(`"__metadata__":{${pairs.join(",")}}`);
  }
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const { name, t, dtype } of items) {
    const bytes = encodeTensor(t, dtype);
    const info = { dtype, shape: t.shape, data_offsets: [offset, offset + bytes.length] };
    fields.push(`${JSON.stringify(name)}:${JSON.stringify(info)}`);
    chunks.push(bytes);
    offset += bytes.length;
  }
  const json = new TextEncoder().encode(`{${fields.join(",")}}`);
  const padded = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + padded + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(padded), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + padded);
  let at = 8 + padded;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** writeSafetensors, then write the bytes to `path`. */
export function saveSafetensors(
  path: string,
  tensors: Record<string, Tensor> | Map<string, Tensor>,
  metadata?: Record<string, string>,
  options: WriteSafetensorsOptions = {},
): void {
  writeFileSync(path, writeSafetensors(tensors, metadata, options));
}
