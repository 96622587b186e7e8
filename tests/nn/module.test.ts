/** Module: names, state dicts (strict errors), train/eval, freeze, counts, summary. */
import { describe, expect, it } from "vitest";
import {
  Module, ModuleList, Linear, LayerNorm, Dropout, Embedding, Rng, Tensor, tensor, noGrad,
  TransformerEncoderLayer, MultiHeadAttention,
} from "qkv";

class Tiny extends Module {
  emb: Embedding;
  blocks: ModuleList<Linear>;
  ln: LayerNorm;
  drop: Dropout;
  constructor(rng: Rng) {
    super();
    this.emb = this.registerModule("emb", new Embedding(5, 4, rng));
    this.blocks = this.registerModule("blocks", new ModuleList([new Linear(4, 4, rng), new Linear(4, 4, rng, { bias: false })]));
    this.ln = this.registerModule("ln", new LayerNorm(4));
    this.drop = this.registerModule("drop", new Dropout(0.5, rng.fork()));
  }
  forward(ids: Tensor): Tensor {
    let x = this.drop.forward(this.emb.forward(ids));
    for (const b of this.blocks) x = b.forward(x);
    return this.ln.forward(x);
  }
}

describe("Module", () => {
  it("namedParameters gives dotted PyTorch-style names in registration order", () => {
    const m = new Tiny(new Rng(0));
    expect(m.namedParameters().map(([n]) => n)).toEqual([
      "emb.weight", "blocks.0.weight", "blocks.0.bias", "blocks.1.weight", "ln.weight", "ln.bias",
    ]);
    expect(m.parameters().every((p) => p.requiresGrad)).toBe(true);
    expect(m.numParameters()).toBe(20 + 16 + 4 + 16 + 4 + 4);
  });

  it("the same seed gives the same weights; another seed different ones", () => {
    const a = new Tiny(new Rng(1)).stateDict();
    const b = new Tiny(new Rng(1)).stateDict();
    const c = new Tiny(new Rng(2)).stateDict();
    expect(Array.from(a["blocks.0.weight"].data)).toEqual(Array.from(b["blocks.0.weight"].data));
    expect(Array.from(a["blocks.0.weight"].data)).not.toEqual(Array.from(c["blocks.0.weight"].data));
  });

  it("stateDict -> loadStateDict copies values into another model in place", () => {
    const a = new Tiny(new Rng(1));
    const b = new Tiny(new Rng(2));
    const w = b.blocks.get(0).weight;
    b.loadStateDict(a.stateDict());
    expect(b.blocks.get(0).weight).toBe(w); // same tensor object: optimizers keep working
    const ids = tensor([[0, 1, 2]], { dtype: "int32" });
    a.eval(); b.eval();
    expect(Array.from(b.forward(ids).data)).toEqual(Array.from(a.forward(ids).data));
  });

  it("strict loadStateDict lists missing, unexpected and mis-shaped keys, and loads nothing", () => {
    const m = new Tiny(new Rng(0));
    const before = Array.from(m.ln.weight!.data);
    const sd = m.stateDict();
    const bad: Record<string, Tensor> = { ...sd, "blocks.2.weight": tensor([1]), "ln.weight": tensor([1, 2, 3]) };
    delete bad["emb.weight"];
    let message = "";
    try {
      m.loadStateDict(bad);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain("loadStateDict(Tiny): the state dict does not match the model (strict); nothing was loaded");
    expect(message).toContain("missing keys (1): emb.weight");
    expect(message).toContain("unexpected keys (1): blocks.2.weight");
    expect(message).toContain("mis-shaped keys (1): ln.weight: got (3), expected (4)");
    expect(Array.from(m.ln.weight!.data)).toEqual(before);
  });

  it("strict: false loads what matches and reports the rest; a shape mismatch is still an error", () => {
    const m = new Tiny(new Rng(0));
    const src = new Tiny(new Rng(5)).stateDict();
    const partial = { "ln.bias": src["ln.bias"], extra: tensor([1]) };
    expect(m.loadStateDict(partial, { strict: false })).toEqual({
      missing: ["emb.weight", "blocks.0.weight", "blocks.0.bias", "blocks.1.weight", "ln.weight"],
      unexpected: ["extra"],
    });
    expect(Array.from(m.ln.bias!.data)).toEqual(Array.from(src["ln.bias"].data));
    expect(() => m.loadStateDict({ "ln.bias": tensor([1, 2]) }, { strict: false })).toThrow(/mis-shaped keys \(1\): ln\.bias: got \(2\), expected \(4\)/);
  });

  it("train() / eval() reach every child; dropout is active only in training", () => {
    const m = new Tiny(new Rng(0));
    expect(m.namedModules().every(([, x]) => x.training)).toBe(true);
    m.eval();
    expect(m.namedModules().every(([, x]) => !x.training)).toBe(true);
    const ids = tensor([[0, 1, 2, 3]], { dtype: "int32" });
    expect(Array.from(m.forward(ids).data)).toEqual(Array.from(m.forward(ids).data));
    m.train();
    expect(m.drop.training).toBe(true);
    const x = m.emb.forward(ids);
    const dropped = m.drop.forward(x);
    const zeros = Array.from(dropped.data).filter((v) => v === 0).length;
    expect(zeros).toBeGreaterThan(0);
    expect(zeros).toBeLessThan(16);
  });

  it("freeze(): no gradients for frozen parameters, only for the rest; unfreeze() restores", () => {
    const m = new Tiny(new Rng(0));
    m.eval();
    m.emb.freeze();
    m.blocks.get(0).freeze();
    expect(m.numParameters({ trainableOnly: true })).toBe(16 + 4 + 4);
    const ids = tensor([[0, 1, 2]], { dtype: "int32" });
    m.forward(ids).pow(2).sum().backward();
    expect(m.emb.weight.grad).toBeNull();
    expect(m.blocks.get(0).weight.grad).toBeNull();
    expect(m.blocks.get(1).weight.grad).not.toBeNull();
    m.unfreeze();
    expect(m.numParameters({ trainableOnly: true })).toBe(m.numParameters());
    m.zeroGrad();
    expect(m.blocks.get(1).weight.grad).toBeNull();
  });

  it("summary: a tree with repeated layers folded and the parameter count", () => {
    const rng = new Rng(0);
    class Stack extends Module {
      layers = this.registerModule("layers", new ModuleList([0, 1, 2].map(() => new TransformerEncoderLayer(8, 2, rng))));
    }
    const s = new Stack();
    s.layers.get(0).freeze();
    const text = s.toString();
    expect(text).toContain("(layers): ModuleList(\n    (0-2): 3 x TransformerEncoderLayer(\n      post-norm, activation=relu\n      (self_attn): MultiHeadAttention(");
    expect(text).toContain("embedDim=8, numHeads=2\n        (in_proj_weight): (24,8)\n        (in_proj_bias): (24)\n        (out_proj): Linear(in=8, out=8)");
    const per = 3 * 8 * 8 + 3 * 8 + 8 * 8 + 8 + (8 * 32 + 32) + (32 * 8 + 8) + 4 * 8;
    expect(text.endsWith(`parameters: ${(3 * per).toLocaleString("en-US")} (trainable ${(2 * per).toLocaleString("en-US")})`)).toBe(true);
  });

  it("registration errors are clear", () => {
    class Bad extends Module {
      constructor() {
        super();
        this.registerParameter("a.b", tensor([1]));
      }
    }
    expect(() => new Bad()).toThrow(/name "a.b" must be an identifier or an index \(no dots\)/);
    class Twice extends Module {
      constructor() {
        super();
        this.registerParameter("w", tensor([1]));
        this.registerParameter("w", tensor([2]));
      }
    }
    expect(() => new Twice()).toThrow(/"w" is already registered/);
  });

  it("a tied weight is one parameter (counted once) but appears under each name in the state dict", () => {
    const rng = new Rng(0);
    class Tied extends Module {
      a = this.registerModule("a", new Linear(3, 3, rng));
      constructor() {
        super();
        this.registerParameter("shared", this.a.weight);
      }
    }
    const t = new Tied();
    expect(t.numParameters()).toBe(12);
    expect(Object.keys(t.stateDict())).toEqual(["shared", "a.weight", "a.bias"]);
  });

  it("noGrad forward of a module builds no graph", () => {
    const mha = new MultiHeadAttention(4, 2, new Rng(0));
    const x = tensor(new Float32Array(2 * 3 * 4).map((_, i) => Math.sin(i)), { shape: [2, 3, 4] });
    const out = noGrad(() => mha.forward(x, x, x).output);
    expect(out.requiresGrad).toBe(false);
  });
});
