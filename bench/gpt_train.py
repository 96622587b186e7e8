"""GPT training throughput in PyTorch, the twin of bench/gpt-train.ts (same architecture: GPT-2 blocks,
pre-norm, tanh GELU, tied LM head, AdamW lr 3e-4; random token ids).

    /usr/bin/python3 bench/gpt_train.py tiny|small [seconds]

prints one JSON line: tokens/s (median over steps after 3 warm-up steps), steps, peak RSS in MB.
Run it single-threaded, as bench/run.ts does: OPENBLAS_NUM_THREADS=1 (and torch.set_num_threads(1) below).
"""
import json
import math
import resource
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

CONFIGS = {
    "tiny": dict(n_layer=2, n_embd=64, n_head=4, T=64, batch=16, vocab=65),
    "small": dict(n_layer=4, n_embd=128, n_head=4, T=128, batch=16, vocab=65),
}


class Block(nn.Module):
    def __init__(self, C, nh, T):
        super().__init__()
        self.nh = nh
        self.ln_1 = nn.LayerNorm(C)
        self.c_attn = nn.Linear(C, 3 * C)
        self.c_proj = nn.Linear(C, C)
        self.ln_2 = nn.LayerNorm(C)
        self.c_fc = nn.Linear(C, 4 * C)
        self.mlp_proj = nn.Linear(4 * C, C)
        self.register_buffer("mask", torch.tril(torch.ones(T, T, dtype=torch.bool)))

    def attn(self, x):
        B, T, C = x.shape
        q, k, v = self.c_attn(x).split(C, dim=2)
        q, k, v = (t.view(B, T, self.nh, C // self.nh).transpose(1, 2) for t in (q, k, v))
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))
        att = att.masked_fill(~self.mask[:T, :T], float("-inf")).softmax(dim=-1)
        return self.c_proj((att @ v).transpose(1, 2).contiguous().view(B, T, C))

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp_proj(F.gelu(self.c_fc(self.ln_2(x)), approximate="tanh"))


class GPT(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.wte = nn.Embedding(c["vocab"], c["n_embd"])
        self.wpe = nn.Embedding(c["T"], c["n_embd"])
        self.h = nn.ModuleList([Block(c["n_embd"], c["n_head"], c["T"]) for _ in range(c["n_layer"])])
        self.ln_f = nn.LayerNorm(c["n_embd"])
        # GPT-2's init, as qkv's GPT: weights N(0, 0.02), biases 0 (so the loss starts near log(vocab))
        for name, p in self.named_parameters():
            if name.endswith(".bias"):
                nn.init.zeros_(p)
            elif p.dim() == 2:
                nn.init.normal_(p, 0.0, 0.02)

    def forward(self, ids):
        T = ids.shape[1]
        x = self.wte(ids) + self.wpe(torch.arange(T))
        for block in self.h:
            x = block(x)
        return self.ln_f(x) @ self.wte.weight.t()


def main():
    name = sys.argv[1] if len(sys.argv) > 1 else "tiny"
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 5
    c = CONFIGS[name]
    torch.set_num_threads(1)
    torch.manual_seed(0)
    model = GPT(c)
    opt = torch.optim.AdamW(model.parameters(), lr=3e-4)

    def step():
        ids = torch.randint(0, c["vocab"], (c["batch"], c["T"] + 1))
        x, y = ids[:, :-1], ids[:, 1:]
        opt.zero_grad()
        logits = model(x)
        loss = F.cross_entropy(logits.reshape(-1, c["vocab"]), y.reshape(-1))
        loss.backward()
        opt.step()
        return loss.item()

    for _ in range(3):
        step()
    times = []
    start = time.perf_counter()
    loss = 0.0
    while time.perf_counter() - start < seconds or len(times) < 3:
        t0 = time.perf_counter()
        loss = step()
        times.append(time.perf_counter() - t0)
    times.sort()
    tokens = c["batch"] * c["T"]
    print(json.dumps({
        "config": name,
        "tokensPerSecond": tokens / times[len(times) // 2],
        "steps": len(times),
        "loss": loss,
        "peakRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "torch": torch.__version__,
    }))


if __name__ == "__main__":
    main()
