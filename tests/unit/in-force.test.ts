import { describe, expect, it } from "vitest";
import { inForceOn, rowInForce } from "../../app/domain/in-force";

describe("a dated membership is in force from its first day up to, not including, its end", () => {
  it.each([
    ["the day before it starts", { valid_from: "2026-04-01", valid_to: null }, "2026-03-31", false],
    ["its first day", { valid_from: "2026-04-01", valid_to: null }, "2026-04-01", true],
    ["years later when open-ended", { valid_from: "2026-04-01", valid_to: null }, "2040-01-01", true],
    ["the day before it ends", { valid_from: "2022-07-01", valid_to: "2026-04-01" }, "2026-03-31", true],
    ["the day it ends (the next one has begun)", { valid_from: "2022-07-01", valid_to: "2026-04-01" }, "2026-04-01", false],
  ])("%s", (_what, row, date, expected) => {
    expect(inForceOn(row, date)).toBe(expected);
  });

  it("finds the one row of a history in force on a date, or none", () => {
    const history = [
      { icb: "QHM", valid_from: "2026-04-01", valid_to: null },
      { icb: "QOP", valid_from: "2022-07-01", valid_to: "2026-04-01" },
    ];
    expect(rowInForce(history, "2026-03-31")?.icb).toBe("QOP");
    expect(rowInForce(history, "2026-04-01")?.icb).toBe("QHM");
    expect(rowInForce(history, "2020-01-01")).toBeNull();
  });
});
