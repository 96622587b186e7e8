import { afterEach, describe, expect, it } from "vitest";
import type { DisplayItem } from "../../src/viz/index.js";
import { progress, setDisplaySink } from "../../src/viz/index.js";
import { progressLine } from "../../src/viz/progress.js";
import { setKernelWriterForTests } from "../../src/viz/environment.js";

afterEach(() => {
  setDisplaySink(null);
  setKernelWriterForTests(undefined);
});

function clock(stepMs: number) {
  let t = 0;
  return () => (t += stepMs);
}

describe("progress", () => {
  it("formats a bar with counts, elapsed time, eta and a note", () => {
    expect(progressLine("train", 6, 10, 1200, "loss 2.31")).toBe(`train  [${"█".repeat(14)}${"░".repeat(10)}]  6/10  1.2s, eta 0.8s  loss 2.31`);
  });

  it("under the runner emits one line at the end, without times", () => {
    const items: DisplayItem[] = [];
    setDisplaySink((i) => items.push(i));
    const p = progress(50, { label: "training" });
    for (let i = 0; i < 50; i++) p.tick(`loss ${(2 - i / 50).toFixed(2)}`);
    p.finish();
    p.finish();
    expect(items).toEqual([{ kind: "text", text: "training: 50/50 done  loss 1.02" }]);
  });

  it("rewrites one line with \\r on a terminal, at most every 100 ms", () => {
    setKernelWriterForTests(null);
    const writes: string[] = [];
    const p = progress(100, { label: "x" }, { out: { write: (s) => writes.push(s), isTTY: true }, now: clock(10) });
    for (let i = 0; i < 100; i++) p.tick();
    p.finish();
    expect(writes.every((w) => w.startsWith("\r"))).toBe(true);
    // 100 ticks 10 ms apart: about one redraw per 100 ms, plus the final one.
    expect(writes.length).toBeGreaterThanOrEqual(9);
    expect(writes.length).toBeLessThanOrEqual(12);
    expect(writes.at(-1)).toMatch(/100\/100 .*\n$/);
  });

  it("prints a plain line per tenth when stdout is not a terminal", () => {
    setKernelWriterForTests(null);
    const writes: string[] = [];
    const p = progress(20, {}, { out: { write: (s) => writes.push(s), isTTY: false }, now: clock(1) });
    for (let i = 0; i < 20; i++) p.tick();
    p.finish();
    expect(writes.map((w) => w.match(/(\d+)\/20/)![1])).toEqual(["2", "4", "6", "8", "10", "12", "14", "16", "18", "20"]);
    // A loop that stops early prints where it stopped, once.
    const lines: string[] = [];
    const stopped = progress(20, {}, { out: { write: (s) => lines.push(s), isTTY: false }, now: clock(1) });
    stopped.update(1);
    stopped.finish();
    stopped.finish();
    expect(lines.map((w) => w.match(/(\d+)\/20/)![1])).toEqual(["1"]);
  });

  it("updates one display in place in a notebook", () => {
    const sent: { bundle: Record<string, string>; id?: string; update?: boolean }[] = [];
    setKernelWriterForTests({ write: (bundle, id, update) => sent.push({ bundle, id, update }) });
    const p = progress(3, { label: "epochs" }, { now: clock(200) });
    p.tick();
    p.tick();
    p.tick();
    p.finish("done");
    expect(sent.length).toBe(4);
    expect(new Set(sent.map((s) => s.id)).size).toBe(1);
    expect(sent.map((s) => s.update)).toEqual([false, true, true, true]);
    expect(sent[3]!.bundle["text/html"]).toContain("<progress");
    expect(sent[3]!.bundle["text/plain"]).toMatch(/^epochs {2}\[█+\] {2}3\/3 .* done$/);
  });

  it("rejects a bad total", () => {
    expect(() => progress(-1)).toThrow("progress: total must be a non-negative integer, got -1");
  });
});
