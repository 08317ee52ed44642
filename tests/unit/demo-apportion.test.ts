import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { apportion, lmcNameForIcb } from "../../db/seed/demo";

describe("sharing demo practices out over ICBs", () => {
  it("gives exact totals by largest remainder", () => {
    expect([...apportion(new Map([["a", 1], ["b", 1], ["c", 1]]), 10)]).toEqual([["a", 4], ["b", 3], ["c", 3]]);
  });

  it("always sums to the total, and each share is within one of exact", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 50 }), fc.integer({ min: 0, max: 5000 }), (ws, total) => {
        const weights = new Map(ws.map((w, i) => [`k${i}`, w]));
        const shares = apportion(weights, total);
        const sum = ws.reduce((a, b) => a + b, 0);
        expect([...shares.values()].reduce((a, b) => a + b, 0)).toBe(total);
        ws.forEach((w, i) => expect(Math.abs(shares.get(`k${i}`)! - (w / sum) * total)).toBeLessThan(1));
      }),
    );
  });

  it("names a demo LMC after its ICB's area", () => {
    expect(lmcNameForIcb("NHS Greater Manchester Integrated Care Board")).toBe("Greater Manchester LMC (demo)");
  });
});
