import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  allowedOutcomes,
  checkOutcome,
  computedOutcome,
  countsPass,
  deriveMotionResult,
  OUTCOMES,
  percentages,
  voteStanding,
  type Majority,
  type Outcome,
  type VoteMethod,
  type VoteStanding,
} from "../../app/domain/vote-outcome";
import { voteOutcomePreview } from "../../app/schemas/conferences";

const counts = (f: number | null, a: number | null, ab: number | null = 0) => ({ for: f, against: a, abstain: ab });

describe("majorities (abstentions never count)", () => {
  it.each([
    ["a simple majority of 51 to 49 is carried", 51, 49, "simple", true],
    ["a tie under simple majority is lost", 50, 50, "simple", false],
    ["a two-thirds vote of 66 to 34 is lost", 66, 34, "two_thirds", false],
    ["a two-thirds vote of 67 to 33 is carried", 67, 33, "two_thirds", true],
    ["2 to 1 is exactly two thirds and carried", 2, 1, "two_thirds", true],
    ["200 to 101 is just short of two thirds", 200, 101, "two_thirds", false],
    ["1 to 0 under two thirds is carried", 1, 0, "two_thirds", true],
  ] as const)("%s", (_name, f, a, majority, expected) => {
    expect(countsPass({ for: f, against: a }, majority)).toBe(expected);
    expect(computedOutcome({ method: "electronic", majority, counts: counts(f, a) })).toBe(expected ? "carried" : "lost");
  });

  it("no votes for and none against pass no majority", () => {
    expect(countsPass({ for: 0, against: 0 }, "simple")).toBe(false);
    expect(countsPass({ for: 0, against: 0 }, "two_thirds")).toBe(false);
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

const NO_COUNT = ["carried_as_reference", "withdrawn", "not_reached", "fell", "remitted"] as const;

describe("no votes for and none against is no result", () => {
  const cases = (["electronic", "card", "show_of_hands"] as const).flatMap((method) =>
    (["simple", "two_thirds"] as const).flatMap((majority) =>
      (
        [
          ["abstentions only", counts(0, 0, 12)],
          ["nothing at all", counts(0, 0, 0)],
          ["nothing at all, abstentions left blank", counts(0, 0, null)],
        ] as const
      ).map(([name, c]) => [`${name} (${method}, ${majority})`, method, majority, c] as const),
    ),
  );

  it.each(cases)("%s: computes no outcome and allows only the outcomes that need no counts", (_name, method, majority, c) => {
    expect(computedOutcome({ method, majority, counts: c })).toBeNull();
    expect(allowedOutcomes({ method, majority, counts: c })).toEqual([...NO_COUNT]);
  });

  it.each(cases)("%s: is never saved as carried or lost", (_name, method, majority, c) => {
    for (const outcome of [null, "carried", "carried_unanimously", "lost"] as const) {
      expect(checkOutcome({ method, majority, counts: c, outcome }), String(outcome)).toMatchObject({ ok: false, field: "outcome", message: expect.stringMatching(/neither carried nor lost/) });
    }
  });

  it.each(cases)("%s: may be recorded as any outcome that needs no counts", (_name, method, majority, c) => {
    for (const outcome of NO_COUNT) expect(checkOutcome({ method, majority, counts: c, outcome })).toEqual({ ok: true, outcome });
  });

  it("says what happened and what the clerk may do", () => {
    expect(checkOutcome({ method: "electronic", majority: "simple", counts: counts(0, 0, 12), outcome: null })).toMatchObject({
      message: "No votes for and none against (only 12 abstentions) give no result, so the part is neither carried nor lost. Choose withdrawn, not reached, fell, remitted or carried as reference, or correct the counts.",
    });
  });

  it("one vote either way is a result again", () => {
    expect(checkOutcome({ method: "electronic", majority: "simple", counts: counts(1, 0, 12), outcome: null })).toEqual({ ok: true, outcome: "carried" });
    expect(checkOutcome({ method: "electronic", majority: "simple", counts: counts(0, 1, 12), outcome: null })).toEqual({ ok: true, outcome: "lost" });
  });
});

describe("motions that cannot take a vote", () => {
  const rider = (outcomes: (Outcome | null)[], kind: "rider" | "amendment" = "rider") => voteStanding({ number: "7a", kind, replacedBy: [], parent: { number: "7", outcomes } });

  it.each([
    ["a motion replaced by a composite", voteStanding({ number: "6a", kind: "motion", replacedBy: ["6"], parent: null }), /^Motion 6a was replaced by composite 6, so it cannot take a vote/],
    ["a rider whose motion was lost", rider(["lost"]), /^Rider 7a cannot take a vote: its motion 7 was lost, so the rider falls with it\. Record it as fell, withdrawn or not reached\.$/],
    ["a rider whose motion fell", rider(["fell"]), /its motion 7 fell,/],
    ["a rider whose motion was withdrawn", rider(["withdrawn"]), /its motion 7 was withdrawn/],
    ["a rider whose motion was not reached", rider(["not_reached"]), /its motion 7 was not reached/],
    ["a rider whose motion was remitted", rider(["remitted"]), /its motion 7 was remitted/],
    ["a rider whose motion lost every part", rider(["lost", "fell"]), /its motion 7 was lost/],
    ["an amendment whose motion fell", rider(["fell"], "amendment"), /^Amendment 7a cannot take a vote/],
  ] as const)("%s cannot take a vote", (_name, standing, message) => {
    expect(standing).toMatchObject({ canVote: false, message: expect.stringMatching(message) });
  });

  it.each([
    ["a motion", voteStanding({ number: "7", kind: "motion", replacedBy: [], parent: null })],
    ["a composite", voteStanding({ number: "6", kind: "composite", replacedBy: [], parent: null })],
    ["a rider whose motion was carried", rider(["carried"])],
    ["a rider whose motion was carried in part", rider(["carried", "lost"])],
    ["a rider whose motion was carried as reference", rider(["carried_as_reference"])],
    ["a rider whose motion is still to vote", rider([null])],
    ["a rider whose motion is part recorded", rider(["lost", null])],
    ["an amendment, voted before its motion", rider([null, null], "amendment")],
  ] as const)("%s may take a vote", (_name, standing) => {
    expect(standing).toEqual({ canVote: true });
  });

  const blocked: VoteStanding = { canVote: false, message: "Motion 6a was replaced by composite 6, so it cannot take a vote." };
  it("takes no counts, whatever the method", () => {
    for (const method of ["electronic", "card", "show_of_hands"] as const) {
      expect(checkOutcome({ method, majority: "simple", counts: counts(10, 2), outcome: "fell", standing: blocked })).toEqual({ ok: false, field: "for", message: blocked.message });
      expect(checkOutcome({ method, majority: "simple", counts: counts(null, null, 4), outcome: "fell", standing: blocked })).toMatchObject({ ok: false, field: "abstain" });
    }
  });

  it.each(OUTCOMES.map((o) => [o, ["fell", "withdrawn", "not_reached"].includes(o)] as const))("may be recorded as %s: %s", (outcome, allowed) => {
    const check = checkOutcome({ method: "show_of_hands", majority: "simple", counts: counts(null, null, null), outcome, standing: blocked });
    expect(check.ok).toBe(allowed);
    if (!check.ok) expect(check).toMatchObject({ field: "outcome", message: blocked.message });
  });

  it("offers only fell, withdrawn and not reached, and computes nothing", () => {
    expect(allowedOutcomes({ method: "electronic", majority: "simple", counts: counts(10, 2), standing: blocked })).toEqual(["fell", "withdrawn", "not_reached"]);
    expect(computedOutcome({ method: "electronic", majority: "simple", counts: counts(10, 2), standing: blocked })).toBeNull();
  });
});

describe("the outcome shown before saving", () => {
  const text = (n: number | null) => (n === null ? "" : String(n));
  const field = fc.oneof(fc.constant(null), fc.nat(400), fc.constant(0));

  it("is recomputed from the counts whenever they change, and is what the server's check saves", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<VoteMethod>("electronic", "card", "show_of_hands"),
        fc.constantFrom<Majority>("simple", "two_thirds"),
        field,
        field,
        field,
        fc.constantFrom<Outcome | "">("", ...OUTCOMES),
        (method, majority, f, a, ab, outcome) => {
          const shown = voteOutcomePreview(1, { method, majority, for: text(f), against: text(a), abstain: text(ab), outcome }, { canVote: true });
          const saved = checkOutcome({ method, majority, counts: counts(f, a, ab), outcome: outcome || null });
          expect(shown.ok).toBe(saved.ok);
          if (shown.ok && saved.ok) expect(shown.outcome).toBe(saved.outcome);
          // Left to the counts, the outcome follows them: carried when they pass, lost when they do not, nothing at 0 to 0.
          if (outcome === "" && f !== null && a !== null) {
            expect(shown.ok ? shown.outcome : null).toBe(f + a === 0 ? null : countsPass({ for: f, against: a }, majority) ? "carried" : "lost");
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it("follows a correction that flips the result", () => {
    const fields = { method: "electronic", majority: "simple", for: "60", against: "40", abstain: "3", outcome: "" };
    expect(voteOutcomePreview(1, fields, { canVote: true })).toEqual({ ok: true, outcome: "carried" });
    expect(voteOutcomePreview(1, { ...fields, for: "40", against: "60" }, { canVote: true })).toEqual({ ok: true, outcome: "lost" });
    expect(voteOutcomePreview(1, { ...fields, for: "0", against: "0" }, { canVote: true })).toMatchObject({ ok: false, message: expect.stringMatching(/neither carried nor lost/) });
  });

  it("reads the counts exactly as the form is posted", () => {
    expect(voteOutcomePreview(1, { method: "electronic", majority: "simple", for: " 60 ", against: "40", abstain: "", outcome: "" }, { canVote: true })).toEqual({ ok: true, outcome: "carried" });
    expect(voteOutcomePreview(1, { method: "electronic", majority: "simple", for: "6e1", against: "40", abstain: "", outcome: "" }, { canVote: true })).toMatchObject({ ok: false });
  });
});
