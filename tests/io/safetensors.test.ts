import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MAX_HEADER_BYTES, readSafetensors, readSafetensorsHeader, saveSafetensors, tensor, writeSafetensors, type Tensor } from "qkv";

// fixture.safetensors was written by tests/fixtures/make_safetensors_fixture.py with Python's json + struct
// (an independent writer); fixture.json holds the values it wrote.
const fixtureDir = join(import.meta.dirname, "..", "fixtures", "io");
const fixtureBytes = new Uint8Array(readFileSync(join(fixtureDir, "fixture.safetensors")));
interface FixtureTensor {
  dtype: string;
  shape: number[];
  values: (number | string | boolean)[];
}
const fixture = JSON.parse(readFileSync(join(fixtureDir, "fixture.json"), "utf8")) as {
  metadata: Record<string, string>;
  order: string[];
  tensors: Record<string, FixtureTensor>;
};
const asNumber = (v: number | string | boolean): number =>
  v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : typeof v === "boolean" ? Number(v) : (v as number);

const scratch = mkdtempSync(join(tmpdir(), "qkv-io-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A file from a header (object or raw text) and a data section, laid out like the format says. */
function makeFile(header: object | string | Uint8Array, data: Uint8Array = new Uint8Array(0), lengthOverride?: bigint): Uint8Array {
  const json = header instanceof Uint8Array ? header : new TextEncoder().encode(typeof header === "string" ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, lengthOverride ?? BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

describe("readSafetensors on a file written by an independent writer", () => {
  const { tensors, metadata, dtypes } = readSafetensors(fixtureBytes);

  it("finds every tensor with its dtype and shape, and the metadata", () => {
    expect(Object.keys(tensors).sort()).toEqual(Object.keys(fixture.tensors).sort());
    expect(metadata).toEqual(fixture.metadata);
    const qkvDtype: Record<string, string> = { F32: "float32", F64: "float64", I64: "int32", I32: "int32", BOOL: "bool" };
    for (const [name, f] of Object.entries(fixture.tensors)) {
      expect(tensors[name].shape, name).toEqual(f.shape);
      expect(tensors[name].dtype, name).toBe(qkvDtype[f.dtype]);
      expect(dtypes[name], name).toBe(f.dtype);
    }
  });

  it("reads every value exactly (float32 values rounded as IEEE does, -0 kept, infinities, int32 extremes)", () => {
    for (const [name, f] of Object.entries(fixture.tensors)) {
      const got = Array.from(tensors[name].data as ArrayLike<number>);
      const want = f.values.map(asNumber).map((v) => (f.dtype === "F32" ? Math.fround(v) : v));
      expect(got.length, name).toBe(want.length);
      for (let i = 0; i < want.length; i++) expect(Object.is(got[i], want[i]), `${name}[${i}]: ${got[i]} vs ${want[i]}`).toBe(true);
    }
  });

  it("reads a path the same as the bytes", () => {
    const fromPath = readSafetensors(join(fixtureDir, "fixture.safetensors"));
    for (const name of Object.keys(tensors)) expect(Array.from(fromPath.tensors[name].data)).toEqual(Array.from(tensors[name].data));
  });

  // Issue 15, bug 1: a Node Buffer is a view into a larger pooled ArrayBuffer; its .buffer is not the file.
  it("reads readFileSync's Buffer, a Buffer at an offset in a shared pool, and an ArrayBuffer the same as the bytes", () => {
    const pooled = new Uint8Array(fixtureBytes.length + 24);
    pooled.set(fixtureBytes, 13); // an odd offset: the float32 data is no longer 4-byte aligned in the pool
    const sources = {
      readFileSync: readFileSync(join(fixtureDir, "fixture.safetensors")),
      "Buffer at offset 13": Buffer.from(pooled.buffer, 13, fixtureBytes.length),
      "Buffer.from (pooled)": Buffer.from(fixtureBytes),
      ArrayBuffer: fixtureBytes.slice().buffer,
    };
    for (const [what, source] of Object.entries(sources)) {
      const got = readSafetensors(source);
      expect(Object.keys(got.tensors), what).toEqual(fixture.order);
      for (const name of Object.keys(tensors)) {
        expect(Array.from(got.tensors[name].data), `${what}: ${name}`).toEqual(Array.from(tensors[name].data));
      }
      expect(readSafetensorsHeader(source).entries.map((e) => e.name), what).toEqual(fixture.order);
    }
  });

  it("lists the header alone, in data order", () => {
    const header = readSafetensorsHeader(fixtureBytes);
    expect(header.entries.map((e) => e.name)).toEqual(fixture.order);
    expect(header.dataStart % 8).toBe(0);
  });
});

describe("writeSafetensors", () => {
  it("writes byte-for-byte what the independent writer wrote, from the fixture's values", () => {
    const toQkv: Record<string, "float32" | "float64" | "int32" | "bool"> = { F32: "float32", F64: "float64", I64: "int32", I32: "int32", BOOL: "bool" };
    const tensors: Record<string, Tensor> = {};
    const dtypes: Record<string, "I64"> = {};
    // Insert in reverse alphabetical order: the writer must impose the format's order itself.
    for (const name of Object.keys(fixture.tensors).sort().reverse()) {
      const f = fixture.tensors[name];
      const values = f.values.map(asNumber);
      const dtype = toQkv[f.dtype];
      const data = dtype === "float32" ? Float32Array.from(values) : dtype === "float64" ? Float64Array.from(values) : dtype === "int32" ? Int32Array.from(values) : Uint8Array.from(values);
      tensors[name] = tensor(data, { shape: f.shape, dtype });
      if (f.dtype === "I64") dtypes[name] = "I64";
    }
    const bytes = writeSafetensors(tensors, fixture.metadata, { dtypes });
    expect(bytes.length).toBe(fixtureBytes.length);
    expect(Buffer.from(bytes).equals(Buffer.from(fixtureBytes))).toBe(true);
  });

  it("round-trips what it reads back to the same bytes", () => {
    const read = readSafetensors(fixtureBytes);
    const bytes = writeSafetensors(read.tensors, read.metadata, { dtypes: read.dtypes });
    expect(Buffer.from(bytes).equals(Buffer.from(fixtureBytes))).toBe(true);
  });

  it("pads the header with spaces to a multiple of 8 (hand-computed: no tensors)", () => {
    const bytes = writeSafetensors({});
    expect(Array.from(bytes)).toEqual([8, 0, 0, 0, 0, 0, 0, 0, 0x7b, 0x7d, 32, 32, 32, 32, 32, 32]);
  });

  it("lays out one float32 tensor as the format describes (hand-computed)", () => {
    const bytes = writeSafetensors({ "attn.0": tensor([[[0, 1, 2], [3, 4, 5]]]) });
    const header = '{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}';
    expect(header.length).toBe(64);
    expect(new DataView(bytes.buffer).getBigUint64(0, true)).toBe(64n);
    expect(new TextDecoder().decode(bytes.subarray(8, 72))).toBe(header);
    expect(Array.from(new Float32Array(bytes.slice(72).buffer))).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("stores int32 as I64 on request and reads it back; refuses a lossy dtype choice", () => {
    const ids = tensor([0, -5, 2147483647], { dtype: "int32" });
    const back = readSafetensors(writeSafetensors({ ids }, undefined, { int64: true }));
    expect(back.dtypes.ids).toBe("I64");
    expect(Array.from(back.tensors.ids.data)).toEqual([0, -5, 2147483647]);
    expect(() => writeSafetensors({ w: tensor([1.5]) }, undefined, { dtypes: { w: "I64" } })).toThrow(/cannot store a float32 tensor as I64/);
  });

  it("saves to a path that readSafetensors reads", () => {
    const path = join(scratch, "w.safetensors");
    saveSafetensors(path, { w: tensor([[1, 2], [3, 4]]), b: tensor([0.5], { dtype: "float64" }) }, { format: "pt" });
    const back = readSafetensors(path);
    expect(back.tensors.w.toArray()).toEqual([[1, 2], [3, 4]]);
    expect(back.tensors.b.dtype).toBe("float64");
    expect(back.metadata).toEqual({ format: "pt" });
  });
});

describe("readSafetensors decodes half precision", () => {
  it("F16 and BF16 become float32 (hand-computed bit patterns)", () => {
    const f16 = [0x3c00, 0xc000, 0x7bff, 0x0001, 0x7c00, 0x8000];
    const bf16 = [0x3f80, 0x4049, 0xc2f7];
    const data = new Uint8Array(2 * (f16.length + bf16.length));
    const view = new DataView(data.buffer);
    [...bf16, ...f16].forEach((h, i) => view.setUint16(2 * i, h, true));
    const file = makeFile({
      b: { dtype: "BF16", shape: [3], data_offsets: [0, 6] },
      h: { dtype: "F16", shape: [6], data_offsets: [6, 18] },
    }, data);
    const { tensors } = readSafetensors(file);
    expect(Array.from(tensors.h.data)).toEqual([1, -2, 65504, 2 ** -24, Infinity, -0]);
    expect(Array.from(tensors.b.data)).toEqual([1, 3.140625, -123.5]);
  });
});

describe("readSafetensors refuses truncated and hostile files with a clear error", () => {
  const f32 = (shape: number[], begin: number, end: number) => ({ dtype: "F32", shape, data_offsets: [begin, end] });
  const cases: [string, Uint8Array, RegExp][] = [
    ["shorter than the length prefix", new Uint8Array([1, 2, 3, 4, 5]), /bytes: file is 5 bytes, shorter than the 8-byte header-length prefix/],
    ["a header length of 2^40 (would allocate a terabyte)", makeFile("{}", undefined, 2n ** 40n), /header length 1099511627776 exceeds the maximum of 100000000 bytes/],
    ["a header length of 2^64 - 1", makeFile("{}", undefined, 2n ** 64n - 1n), /header length 18446744073709551615 exceeds the maximum/],
    ["a header that runs past the end of the file", fixtureBytes.subarray(0, 100), /header length 592 runs past the end of the file \(92 bytes after the prefix; truncated file\?\)/],
    ["a data section cut short", fixtureBytes.subarray(0, fixtureBytes.length - 4), /tensor "mask": data_offsets \[\d+, \d+\] run past the data section \(\d+ bytes; truncated file\?\)/],
    ["a header that is not JSON", makeFile('{"a": {"dtype": "F32",   '), /header is not valid JSON/],
    ["a header that is not an object", makeFile("[1, 2, 3]"), /header must start with "\{"/],
    ["a header that is not UTF-8", makeFile(new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])), /header is not valid UTF-8/],
    ["an unknown dtype", makeFile({ a: { dtype: "F128", shape: [1], data_offsets: [0, 16] } }, new Uint8Array(16)), /tensor "a": unknown dtype "F128"/],
    ["a negative dimension", makeFile({ a: f32([-1, 4], 0, 16) }, new Uint8Array(16)), /tensor "a": shape must be a list of non-negative integers, got \[-1,4\]/],
    ["a byte count that does not match the shape", makeFile({ a: f32([2, 2], 0, 8) }, new Uint8Array(8)), /tensor "a": F32 shape \[2,2\] needs 16 bytes but data_offsets \[0, 8\] hold 8/],
    ["a shape whose size overflows", makeFile({ a: f32([2 ** 40, 2 ** 40], 0, 8) }, new Uint8Array(8)), /tensor "a": F32 shape \[1099511627776,1099511627776\] needs .* bytes but data_offsets \[0, 8\] hold 8/],
    ["offsets that end before they begin", makeFile({ a: f32([0], 8, 0) }, new Uint8Array(8)), /tensor "a": data_offsets \[8, 0\] end before they begin/],
    ["offsets that are not two integers", makeFile({ a: { dtype: "F32", shape: [1], data_offsets: [0, 4, 8] } }, new Uint8Array(4)), /tensor "a": data_offsets must be \[begin, end\]/],
    ["overlapping tensors", makeFile({ a: f32([2], 0, 8), b: f32([2], 4, 12) }, new Uint8Array(12)), /tensor "b": data_offsets \[4, 12\] overlap tensor "a" \(which ends at 8\)/],
    ["a hole between tensors", makeFile({ a: f32([1], 0, 4), b: f32([1], 8, 12) }, new Uint8Array(12)), /tensor "b": data_offsets start at 8, leaving a hole at bytes \[4, 8\)/],
    ["bytes after the last tensor", makeFile({ a: f32([1], 0, 4) }, new Uint8Array(12)), /the tensors cover 4 bytes but the data section has 12 \(trailing bytes are not allowed\)/],
    ["metadata that is not a string", makeFile({ __metadata__: { epochs: 3 } }), /"__metadata__"\."epochs" must be a string, got 3/],
    ["an I64 value beyond int32", makeFile({ ids: { dtype: "I64", shape: [1], data_offsets: [0, 8] } }, new Uint8Array([0, 0, 0, 0, 1, 0, 0, 0])), /tensor "ids": I64 element 0 = 4294967296 does not fit in int32/],
    ["a valid dtype qkv cannot hold", makeFile({ u: { dtype: "U64", shape: [1], data_offsets: [0, 8] } }, new Uint8Array(8)), /tensor "u": dtype U64 is valid safetensors but qkv cannot load it/],
  ];
  for (const [what, bytes, message] of cases) {
    it(what, () => {
      expect(() => readSafetensors(bytes)).toThrow(message);
    });
  }

  it("checks a file's header length against the file size before reading more (path)", () => {
    const path = join(scratch, "hostile.safetensors");
    writeFileSync(path, makeFile("{}", undefined, BigInt(MAX_HEADER_BYTES)));
    expect(() => readSafetensors(path)).toThrow(/hostile\.safetensors: header length 100000000 runs past the end of the file/);
    writeFileSync(path, fixtureBytes.subarray(0, fixtureBytes.length - 1));
    expect(() => readSafetensors(path)).toThrow(/hostile\.safetensors: tensor "mask": data_offsets .* run past the data section/);
    expect(() => readSafetensors(join(scratch, "absent.safetensors"))).toThrow(/safetensors: cannot open .*absent\.safetensors/);
  });

  it("keeps a tensor named __proto__ as a plain key (no prototype pollution)", () => {
    const file = makeFile('{"__proto__":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', new Uint8Array(new Float32Array([2.5]).buffer));
    const { tensors } = readSafetensors(file);
    expect(Object.getPrototypeOf(tensors)).toBe(Object.prototype);
    expect(Object.keys(tensors)).toEqual(["__proto__"]);
    expect(Array.from(Object.getOwnPropertyDescriptor(tensors, "__proto__")!.value.data)).toEqual([2.5]);
  });

  it("names the file in the error", () => {
    expect(() => readSafetensors(new Uint8Array(3))).toThrow(/^safetensors: bytes: /);
  });
});
