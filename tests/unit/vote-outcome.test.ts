import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allowedOutcomes, checkOutcome, computedOutcome, countsPass, deriveMotionResult, percentages, type Majority, type Outcome } from "../../app/domain/vote-outcome";

const counts = (f: number | null, a: number | null, ab: number | null = 0) => ({ for: f, against: a, abstain: ab });

describe("majorities (abstentions never count)", () => {
  it.each([
    ["a simple majority of 51 to 49 is carried", 51, 49, "simple", true],
    ["a tie under simple majority is lost", 50, 50, "simple", false],
    ["zero votes are lost", 0, 0, "simple", false],
    ["a two-thirds vote of 66 to 34 is lost", 66, 34, "two_thirds", false],
    ["a two-thirds vote of 67 to 33 is carried", 67, 33, "two_thirds", true],
    ["2 to 1 is exactly two thirds and carried", 2, 1, "two_thirds", true],
    ["200 to 101 is just short of two thirds", 200, 101, "two_thirds", false],
    ["zero votes under two thirds are lost", 0, 0, "two_thirds", false],
    ["1 to 0 under two thirds is carried", 1, 0, "two_thirds", true],
  ] as const)("%s", (_name, f, a, majority, expected) => {
    expect(countsPass({ for: f, against: a }, majority)).toBe(expected);
    expect(computedOutcome({ method: "electronic", majority, counts: counts(f, a) })).toBe(expected ? "carried" : "lost");
  });

  it("abstentions only are lost", () => {
    expect(computedOutcome({ method: "electronic", majority: "simple", counts: counts(0, 0, 10) })).toBe("lost");
  });

  it("counts pass under two thirds only when they pass under simple majority", () => {
    fc.assert(
      fc.property(fc.nat(100_000), fc.nat(100_000), (f, a) => {
        if (countsPass({ for: f, against: a }, "two_thirds")) expect(countsPass({ for: f, against: a }, "simple")).toBe(true);
      }),
    );
  });
});

describe("what the recorder may choose", () => {
  const check = (method: "show_of_hands" | "electronic" | "card", majority: Majority, c: ReturnType<typeof counts>, outcome: Outcome | null) =>
    checkOutcome({ method, majority, counts: c, outcome });

  it("an electronic vote of 60 to 40 cannot be recorded as lost", () => {
    expect(check("electronic", "simple", counts(60, 40), "lost")).toMatchObject({ ok: false, field: "outcome", message: expect.stringMatching(/carried, not lost/) });
  });

  it("an electronic vote of 60 to 40 under two thirds cannot be recorded as carried", () => {
    expect(check("electronic", "two_thirds", counts(60, 40), "carried")).toMatchObject({ ok: false, message: expect.stringMatching(/do not give a two-thirds majority/) });
  });

  it("an electronic vote with counts and no outcome chosen takes the computed one", () => {
    expect(check("electronic", "simple", counts(60, 40), null)).toEqual({ ok: true, outcome: "carried" });
  });

  it("an electronic vote needs counts to be carried or lost", () => {
    expect(check("electronic", "simple", counts(null, null), "carried")).toMatchObject({ ok: false, field: "for" });
  });

  it.each(["carried_as_reference", "withdrawn", "not_reached", "fell", "remitted"] as const)("%s needs no counts", (outcome) => {
    expect(check("electronic", "simple", counts(null, null, null), outcome)).toEqual({ ok: true, outcome });
  });

  it("a show of hands without counts allows any outcome", () => {
    expect(allowedOutcomes({ method: "show_of_hands", majority: "simple", counts: counts(null, null) })).toHaveLength(8);
    expect(check("show_of_hands", "simple", counts(null, null), "carried_unanimously")).toEqual({ ok: true, outcome: "carried_unanimously" });
  });

  it("carried unanimously needs no votes against", () => {
    expect(check("card", "simple", counts(90, 0), "carried_unanimously")).toEqual({ ok: true, outcome: "carried_unanimously" });
    expect(check("card", "simple", counts(90, 1), "carried_unanimously")).toMatchObject({ ok: false, message: expect.stringMatching(/not unanimous/) });
  });

  it.each([
    ["a negative count", counts(-1, 5), "for"],
    ["a fractional count", counts(5, 1.5), "against"],
    ["a count that is too large", counts(5, 1, 10_000_000), "abstain"],
    ["for without against", counts(5, null), "against"],
  ] as const)("rejects %s", (_name, c, field) => {
    expect(check("electronic", "simple", c, "carried")).toMatchObject({ ok: false, field });
  });
});

describe("percentages", () => {
  it("gives for and against as shares of the votes that count, abstentions of all votes cast", () => {
    expect(percentages(counts(75, 25, 100))).toEqual({ for: 75, against: 25, abstain: 50 });
    expect(percentages(counts(2, 1, 0))).toEqual({ for: 66.7, against: 33.3, abstain: 0 });
  });

  it("is empty without counts and zero with no votes", () => {
    expect(percentages(counts(null, null))).toBeNull();
    expect(percentages(counts(0, 0, 0))).toEqual({ for: 0, against: 0, abstain: 0 });
  });
});

describe("the motion's overall result is derived from its parts", () => {
  it.each([
    ["no votes yet", [null, null], "Awaiting vote"],
    ["some parts still to vote", ["carried", null], "Part recorded"],
    ["one part carried", ["carried"], "Carried"],
    ["one part withdrawn", ["withdrawn"], "Withdrawn"],
    ["all parts carried in any form", ["carried", "carried_unanimously", "carried_as_reference"], "Carried in all parts"],
    ["some parts carried", ["carried", "lost", "carried"], "Carried in part"],
    ["every part lost", ["lost", "lost"], "Lost"],
    ["every part not reached", ["not_reached", "not_reached"], "Not reached"],
    ["lost and withdrawn parts", ["lost", "withdrawn"], "Lost"],
  ] as const)("%s: %s", (_name, outcomes, label) => {
    expect(deriveMotionResult([...outcomes]).label).toBe(label);
  });
});
