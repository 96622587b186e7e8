/**
 * GPT-2's byte <-> character table. Byte-level BPE works on UTF-8 bytes, but its vocabulary files store
 * tokens as printable text, so every byte 0..255 gets a visible stand-in character: printable Latin-1
 * bytes map to themselves and the rest (control bytes, space, ...) to U+0100 onwards. That is why a
 * leading space shows up as "Ġ" (byte 32 -> U+0120) and a newline as "Ċ".
 */
import { QkvError } from "../tensor/errors.js";

function buildByteToChar(): string[] {
  const printable: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) printable.push(b); // ! .. ~
  for (let b = 0xa1; b <= 0xac; b++) printable.push(b); // ¡ .. ¬
  for (let b = 0xae; b <= 0xff; b++) printable.push(b); // ® .. ÿ
  const table: string[] = new Array(256);
  for (const b of printable) table[b] = String.fromCharCode(b);
  let next = 0;
  for (let b = 0; b < 256; b++) {
    if (table[b] === undefined) table[b] = String.fromCharCode(256 + next++);
  }
  return table;
}

/** BYTE_TO_CHAR[b] is the character that stands for byte b in GPT-2's vocabulary. */
export const BYTE_TO_CHAR: readonly string[] = buildByteToChar();

/** The inverse table: stand-in character -> byte. */
export const CHAR_TO_BYTE: ReadonlyMap<string, number> = new Map(BYTE_TO_CHAR.map((c, b) => [c, b]));

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });

/** Text -> its UTF-8 bytes written with the stand-in characters ("Hi!" -> "Hi!", " é" -> "ĠÃ©"). */
export function bytesToVisible(text: string): string {
  const bytes = utf8Encoder.encode(text);
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += BYTE_TO_CHAR[bytes[i]];
  return out;
}

/**
 * Stand-in characters -> the text they encode. Byte sequences that are not valid UTF-8 (a token cut
 * in the middle of a character) become U+FFFD, as in Hugging Face's decoder. Characters outside the
 * table are a caller error.
 */
export function visibleToText(visible: string): string {
  const bytes: number[] = [];
  for (const ch of visible) {
    const b = CHAR_TO_BYTE.get(ch);
    if (b === undefined) {
      throw new QkvError(`byte-level decode: character ${JSON.stringify(ch)} (U+${ch.codePointAt(0)!.toString(16).toUpperCase()}) is not one of the 256 byte stand-ins`);
    }
    bytes.push(b);
  }
  return utf8Decoder.decode(new Uint8Array(bytes));
}
