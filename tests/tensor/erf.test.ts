import { describe, expect, it } from "vitest";
import { erf } from "qkv";
import { erfSeries } from "../../src/tensor/erf.js";

describe("erf", () => {
  it("matches known values", () => {
    // erf(1), erf(0.5), erf(2) to 16 digits (Abramowitz & Stegun table 7.1 / any CAS)
    expect(Math.abs(erf(1) - 0.8427007929497149)).toBeLessThan(1e-14);
    expect(Math.abs(erf(0.5) - 0.5204998778130465)).toBeLessThan(1e-14);
    expect(Math.abs(erf(2) - 0.9953222650189527)).toBeLessThan(1e-14);
    expect(Math.abs(erf(3) - 0.9999779095030014)).toBeLessThan(1e-14);
    expect(erf(0)).toBe(0);
    expect(erf(-1)).toBe(-erf(1));
    expect(erf(10)).toBe(1);
    expect(erf(-Infinity)).toBe(-1);
    expect(Number.isNaN(erf(NaN))).toBe(true);
  });
  it("the fast version agrees with the series on a fine grid", () => {
    let worst = 0;
    for (let x = -7; x <= 7; x += 0.0013) worst = Math.max(worst, Math.abs(erf(x) - erfSeries(x)));
    expect(worst).toBeLessThan(2e-14);
  });
});
