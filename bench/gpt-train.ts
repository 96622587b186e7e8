/**
 * GPT training throughput in qkv: `tsx bench/gpt-train.ts tiny|small [seconds]` trains the config on
 * random token ids (vocab 65) with AdamW for about `seconds` after 3 warm-up steps, then prints one
 * JSON line: tokens/s (median over steps), steps, and the peak resident set size of this process.
 * bench/gpt_train.py does the same in PyTorch; bench/run.ts runs both side by side.
 */
import { GPT, Rng, Tensor, crossEntropy, AdamW } from "qkv";

export const CONFIGS = {
  tiny: { nLayer: 2, nEmbd: 64, nHead: 4, T: 64, batch: 16, vocab: 65 },
  small: { nLayer: 4, nEmbd: 128, nHead: 4, T: 128, batch: 16, vocab: 65 },
} as const;
export type ConfigName = keyof typeof CONFIGS;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export function trainThroughput(name: ConfigName, seconds: number) {
  const c = CONFIGS[name];
  const rng = new Rng(0);
  const model = new GPT({ vocabSize: c.vocab, nPositions: c.T, nEmbd: c.nEmbd, nLayer: c.nLayer, nHead: c.nHead }, rng);
  const opt = new AdamW(model.parameters(), { lr: 3e-4 });
  const batch = () => {
    const ids = new Int32Array(c.batch * (c.T + 1));
    for (let i = 0; i < ids.length; i++) ids[i] = rng.int(0, c.vocab);
    const x = new Int32Array(c.batch * c.T), y = new Int32Array(c.batch * c.T);
    for (let b = 0; b < c.batch; b++) {
      x.set(ids.subarray(b * (c.T + 1), b * (c.T + 1) + c.T), b * c.T);
      y.set(ids.subarray(b * (c.T + 1) + 1, (b + 1) * (c.T + 1)), b * c.T);
    }
    return [new Tensor(x, [c.batch, c.T]), new Tensor(y, [c.batch, c.T])];
  };
  const step = () => {
    const [x, y] = batch();
    opt.zeroGrad();
    const loss = crossEntropy(model.forward(x), y);
    loss.backward();
    opt.step();
    return loss.item();
  };
  for (let i = 0; i < 3; i++) step();
  const times: number[] = [];
  const start = performance.now();
  let loss = 0;
  while (performance.now() - start < seconds * 1000 || times.length < 3) {
    const t0 = performance.now();
    loss = step();
    times.push(performance.now() - t0);
  }
  const tokens = c.batch * c.T;
  return { config: name, tokensPerSecond: tokens / (median(times) / 1000), steps: times.length, loss, peakRssMB: process.resourceUsage().maxRSS / 1024 };
}

if (process.argv[1]?.endsWith("gpt-train.ts")) {
  const name = (process.argv[2] ?? "tiny") as ConfigName;
  if (!(name in CONFIGS)) throw new Error(`gpt-train: config must be tiny or small, got ${name}`);
  console.log(JSON.stringify(trainThroughput(name, Number(process.argv[3] ?? 5))));
}
