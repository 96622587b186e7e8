// The agreement test set: real sentences from data/ plus hand-written hard cases plus seeded
// perturbations (emoji, accents, repeated spaces, newlines, tabs, other scripts). Deterministic.
import { Rng } from "../../src/tensor/index.js";
import { loadMobyDick, loadSentiment, loadSotu } from "../../src/data/index.js";

export const HARD_CASES: string[] = [
  "",
  " ",
  "   ",
  "\n",
  "\n\n\n",
  "\t",
  " \t \n ",
  "Hello world!",
  "Hello  world!",
  "Hello   world  !  ",
  "  leading and trailing  ",
  "line one\nline two\n\nline four",
  "windows\r\nline\r\nendings",
  "tabs\tbetween\t\twords",
  "Café, naïve, résumé, coöperate, jalapeño, Ångström, Øresund, façade",
  "ÉCOLE ÉLÉMENTAIRE À PARIS",
  "Crème brûlée für Müller — ß, æ, œ, ĳ",
  "e\u0301 (e + combining acute) vs é (precomposed)",
  "Ｆｕｌｌｗｉｄｔｈ ｌｅｔｔｅｒｓ and ①②③ and ﬁ ligature",
  "emoji: 👍 👍🏽 🤗 🎉🎉🎉",
  "family: 👨‍👩‍👧‍👦 and flag: 🇫🇷🇯🇵 and keycap: 1️⃣",
  "❤️ hearts ❤ and ☃ snowman and ★ star",
  "漢字とひらがなとカタカナ",
  "中文句子，带标点。",
  "한국어 문장입니다.",
  "Русский текст с пунктуацией: «ёлка»!",
  "Ελληνικά: καλημέρα κόσμε",
  "עברית ושלום",
  "العربية: مرحبا بالعالم",
  "हिन्दी पाठ",
  "ไทย ภาษา",
  "I'll've can't WON'T she's they're we've I'm you'd",
  "'s 't 're 've 'm 'll 'd",
  "quotes: \"double\" 'single' “curly” ‘curly’ «guillemets»",
  "numbers: 3.14159, 1,000,000, 2nd, 42nd, -7, 1e-10, 0x1F",
  "urls: https://example.com/a?b=c&d=e#f and mail@example.org",
  "code: function f(x) { return x * 2; } // comment",
  "math: a² + b² = c², ∑ᵢ xᵢ, √2 ≈ 1.414, π > 3",
  "symbols: @#$%^&*()_+-=[]{}|;':\",./<>?`~",
  "dashes – and — and ‒ and ellipsis…",
  "non-breaking\u00a0space and thin\u2009space and ideographic\u3000space",
  "zero\u200bwidth\u200cjoiner\u200dchars",
  "control\u0001chars\u0007here\u001b",
  "replacement \ufffd char and BOM \ufeff here",
  "soft\u00adhyphen",
  "<|endoftext|>",
  "before <|endoftext|> after",
  "[CLS] [SEP] [MASK] [PAD] [UNK] literal special tokens",
  "a [MASK] in the middle",
  "x" + "a".repeat(150),
  "supercalifragilisticexpialidocious antidisestablishmentarianism",
  "ALL CAPS SENTENCE WITH SHOUTING!!!",
  "MiXeD cAsE wOrDs",
  "                                        many spaces",
  "trailing newline\n",
  "???!!!...,,,",
  "a",
  "A",
  "1",
  "😀",
  "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝕞𝕒𝕥𝕙 𝐛𝐨𝐥𝐝",
];

const INSERTS = ["👍", "🤗", "🎉", "é", "ü", "ñ", "ø", "ç", "  ", "   ", "\n", "\n\n", "\t", " — ", "…", "中", "字", "ß", "Å", "😀😀", " 's", "can't", "\u00a0"];

function perturb(s: string, rng: Rng): string {
  const words = s.split(" ");
  const n = 1 + rng.int(0, 3);
  for (let k = 0; k < n; k++) {
    const at = rng.int(0, words.length + 1);
    const what = INSERTS[rng.int(0, INSERTS.length)];
    words.splice(at, 0, what);
  }
  let out = words.join(rng.next() < 0.3 ? "  " : " ");
  if (rng.next() < 0.3) out = out.toUpperCase();
  if (rng.next() < 0.2) out = out.replace(/e/g, "é").replace(/a/g, "à");
  return out;
}

/** Paragraphs of a long text: split on blank lines, keep 20..600 characters. */
function paragraphs(text: string): string[] {
  return text.split(/\n\s*\n/).filter((p) => p.length >= 20 && p.length <= 600);
}

let cached: string[] | null = null;

export function agreementSentences(): string[] {
  if (cached) return cached;
  const rng = new Rng(2024);
  const sentiment = loadSentiment().map((r) => r.text);
  const moby = paragraphs(loadMobyDick());
  const sotu = loadSotu().flatMap((a) => a.text.split(/(?<=[.!?])\s+/)).filter((s) => s.length > 0);
  const pick = (xs: string[], n: number) => {
    const idx = rng.shuffle(xs.map((_, i) => i)).slice(0, n);
    return idx.map((i) => xs[i]);
  };
  const mobyPicked = pick(moby, 300); // paragraphs keep their single newlines
  const sotuPicked = pick(sotu, 200);
  const perturbed = pick(sentiment, 500).map((s) => perturb(s, rng));
  // 1,500 of the 3,000 review sentences keep the test at a few seconds; the rest still feed `perturbed`
  const reviews = pick(sentiment, 1500);
  cached = [...HARD_CASES, ...reviews, ...mobyPicked, ...sotuPicked, ...perturbed];
  return cached;
}
