import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SIGNUP_STATUSES, type SignUpStatus } from "../../app/domain/campaign-status";
import {
  evaluateConditions,
  practicesNeeded,
  projectTriggerDate,
  triggerMet,
  type ConditionsInput,
  type PracticeCondition,
  type SignUpForEvaluation,
} from "../../app/domain/triggers";

describe("an option's trigger", () => {
  it.each([
    ["9 of 100 does not meet 10%", 10, 9, 100, false],
    ["10 of 100 meets 10%", 10, 10, 100, true],
    ["57 of 100 meets 57%, where floating point would say 56.99999999999999%", 57, 57, 100, true],
    ["6 of 7 does not meet 100%", 100, 6, 7, false],
    ["7 of 7 meets 100%", 100, 7, 7, true],
    ["1 of 3 meets 33.33%", 33.33, 1, 3, true],
    ["1 of 3 does not meet 33.34%", 33.34, 1, 3, false],
    ["1 of 8 meets 12.5%", 12.5, 1, 8, true],
    ["no practices in the scope never meets it", 1, 0, 0, false],
    ["signatures with no practices in the scope never meet it", 1, 5, 0, false],
  ] as const)("%s", (_name, thresholdPercent, signed, total, expected) => {
    expect(triggerMet({ thresholdPercent, signed, total })).toBe(expected);
  });

  it.each([0, -5, 100.01, 12.345, Number.NaN, Number.POSITIVE_INFINITY])("refuses a threshold of %s", (thresholdPercent) => {
    expect(() => triggerMet({ thresholdPercent, signed: 1, total: 10 })).toThrow(RangeError);
  });

  it("needs exactly the fewest practices that meet it", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 10_000 }), (hundredths, total) => {
        const thresholdPercent = hundredths / 100;
        const needed = practicesNeeded(thresholdPercent, total)!;
        expect(needed).toBeGreaterThanOrEqual(1);
        expect(needed).toBeLessThanOrEqual(total);
        expect(triggerMet({ thresholdPercent, signed: needed, total })).toBe(true);
        expect(triggerMet({ thresholdPercent, signed: needed - 1, total })).toBe(false);
      }),
    );
  });

  it("needs nobody in particular when there are no practices, because it can never be met", () => {
    expect(practicesNeeded(10, 0)).toBeNull();
  });
});

let nextPracticeId = 1;
const signUp = (icbCode: string, status: SignUpStatus, condition: PracticeCondition | null = null): SignUpForEvaluation => ({
  practiceId: nextPracticeId++,
  icbCode,
  status,
  condition,
});
const inIcb = (thresholdPercent: number): PracticeCondition => ({ scope: "icb", thresholdPercent });
const nationally = (thresholdPercent: number): PracticeCondition => ({ scope: "national", thresholdPercent });

const evaluate = (
  signUps: SignUpForEvaluation[],
  byIcb: Record<string, number>,
  options: { national?: number; liveNationally?: boolean; liveIcbs?: string[] } = {},
) =>
  evaluateConditions({
    signUps,
    totals: { national: options.national ?? Object.values(byIcb).reduce((a, b) => a + b, 0), byIcb: new Map(Object.entries(byIcb)) },
    live: { national: options.liveNationally ?? true, icbs: new Set(options.liveIcbs ?? []) },
  });
const actingIds = (outcome: ReturnType<typeof evaluateConditions>) => [...outcome.acting].sort((a, b) => a - b);

describe("which practices act without conditions", () => {
  it("pledged and implementing practices act; withdrawn ones do not", () => {
    const pledged = signUp("A", "pledged");
    const implementing = signUp("A", "implementing");
    const withdrawn = signUp("A", "withdrawn");
    const outcome = evaluate([pledged, implementing, withdrawn], { A: 10 });
    expect(actingIds(outcome)).toEqual([pledged.practiceId, implementing.practiceId]);
    expect(outcome.practices.get(withdrawn.practiceId)).toEqual({ acting: false, reason: "Withdrawn", condition: null });
    expect(outcome.actingCounts.national).toBe(2);
  });

  it("a practice pledged if triggered acts only where the option is live", () => {
    const inLiveIcb = signUp("A", "pledged_if_triggered");
    const elsewhere = signUp("B", "pledged_if_triggered");
    const outcome = evaluate([inLiveIcb, elsewhere], { A: 10, B: 10 }, { liveNationally: false, liveIcbs: ["A"] });
    expect(actingIds(outcome)).toEqual([inLiveIcb.practiceId]);
    expect(outcome.practices.get(inLiveIcb.practiceId)?.reason).toBe("Pledged if triggered, and the option is live in the ICB");
    expect(outcome.practices.get(elsewhere.practiceId)?.reason).toBe("Pledged if triggered, and the option is not yet live in the ICB");
  });

  it("once the option is live nationally, every practice pledged if triggered acts", () => {
    const a = signUp("A", "pledged_if_triggered");
    const b = signUp("B", "pledged_if_triggered");
    expect(actingIds(evaluate([a, b], { A: 10, B: 10 }, { liveNationally: true }))).toEqual([a.practiceId, b.practiceId]);
  });
});

describe("practices' own conditions", () => {
  it("a condition already met by unconditional practices needs no cascade", () => {
    const pledges = [signUp("A", "pledged"), signUp("A", "pledged"), signUp("A", "implementing")];
    const conditional = signUp("A", "pledged", inIcb(30));
    const outcome = evaluate([...pledges, conditional], { A: 10 });
    expect(outcome.acting.has(conditional.practiceId)).toBe(true);
    expect(outcome.practices.get(conditional.practiceId)).toEqual({
      acting: true,
      reason: "Pledged; condition met: at least 30% of practices in the ICB are acting",
      condition: { met: true, scope: "icb", thresholdPercent: 30, acting: 4, total: 10, needed: 3 },
    });
  });

  it("counts the practice itself among those acting", () => {
    const pledged = signUp("A", "pledged");
    const conditional = signUp("A", "pledged", inIcb(20));
    const outcome = evaluate([pledged, conditional], { A: 10 });
    expect(outcome.practices.get(conditional.practiceId)?.reason).toBe("Pledged; condition met: at least 20% of practices in the ICB are acting");
  });

  it("a condition that is never met leaves the practice not acting, and says so without a count that would change at every sign-up", () => {
    const pledged = signUp("A", "pledged");
    const conditional = signUp("A", "implementing", nationally(50));
    const outcome = evaluate([pledged, conditional], { A: 10, B: 90 });
    expect(actingIds(outcome)).toEqual([pledged.practiceId]);
    expect(outcome.practices.get(conditional.practiceId)).toEqual({
      acting: false,
      reason: "Implementing; condition not met: fewer than 50% of practices nationally are acting, so not acting",
      condition: { met: false, scope: "national", thresholdPercent: 50, acting: 1, total: 100, needed: 50 },
    });
  });

  it("one pledge sets off a chain in which each practice tips the next one's threshold", () => {
    // In an ICB of 100, the practices need 2, 3, 4, 5 and 6 acting (themselves included).
    const chain = [2, 3, 4, 5, 6].map((t) => signUp("A", "pledged", inIcb(t)));
    expect(actingIds(evaluate(chain, { A: 100 }))).toEqual([]);
    const firstPledge = signUp("A", "pledged");
    const outcome = evaluate([firstPledge, ...chain], { A: 100 });
    expect(outcome.acting.size).toBe(6);
    expect(outcome.practices.get(chain[4]!.practiceId)?.condition).toMatchObject({ met: true, acting: 6, needed: 6 });
  });

  it("a withdrawal unwinds the chain it had set off", () => {
    const chain = [2, 3, 4, 5, 6].map((t) => signUp("A", "pledged", inIcb(t)));
    const withdrawn = signUp("A", "withdrawn");
    const outcome = evaluate([withdrawn, ...chain], { A: 100 });
    expect(outcome.acting.size).toBe(0);
    expect(outcome.rounds).toBeLessThanOrEqual(chain.length + 1);
  });

  it("practices that each act only if a quarter of their ICB acts all act together once a quarter say so", () => {
    const thirty = Array.from({ length: 30 }, () => signUp("A", "pledged", inIcb(25)));
    const outcome = evaluate(thirty, { A: 100 });
    expect(outcome.acting.size).toBe(30);
    expect(outcome.practices.get(thirty[0]!.practiceId)?.condition).toMatchObject({ met: true, acting: 30, needed: 25 });
  });

  it("too few practices with the same condition do not act", () => {
    const twenty = Array.from({ length: 20 }, () => signUp("A", "pledged", inIcb(25)));
    const outcome = evaluate(twenty, { A: 100 });
    expect(outcome.acting.size).toBe(0);
    expect(outcome.practices.get(twenty[0]!.practiceId)?.condition).toMatchObject({ met: false, acting: 0, needed: 25 });
  });

  it("a pledge in one ICB lets that ICB's conditions hold, which lifts the national count for a practice elsewhere", () => {
    const icbConditions = [signUp("A", "pledged", inIcb(30)), signUp("A", "pledged", inIcb(30))];
    const elsewhere = signUp("B", "pledged", nationally(15)); // needs 3 of 20
    const pledge = signUp("A", "pledged");
    const totals = { A: 10, B: 10 };
    expect(evaluate([pledge, ...icbConditions, elsewhere], totals).acting.size).toBe(4);
    const withoutPledge = evaluate([...icbConditions, elsewhere], totals);
    expect(withoutPledge.acting.size).toBe(0);
    expect(withoutPledge.practices.get(elsewhere.practiceId)?.reason).toBe(
      "Pledged; condition not met: fewer than 15% of practices nationally are acting, so not acting",
    );
  });

  it("a withdrawal elsewhere drops national conditions, which drops the ICB conditions that counted on them", () => {
    const pledgeInA = signUp("A", "pledged");
    const nationalInA = signUp("A", "pledged", nationally(25)); // needs 5 of 20
    const icbInA = [signUp("A", "pledged", inIcb(40)), signUp("A", "pledged", inIcb(40))]; // need 4 of 10
    const nationalInB = signUp("B", "pledged", nationally(30)); // needs 6 of 20
    const totals = { A: 10, B: 10 };
    const all = [pledgeInA, nationalInA, ...icbInA, nationalInB];
    expect(evaluate([...all, signUp("B", "pledged")], totals).acting.size).toBe(6);
    const outcome = evaluate([...all, signUp("B", "withdrawn")], totals);
    expect(actingIds(outcome)).toEqual([pledgeInA.practiceId]);
    expect(outcome.actingCounts.byIcb.get("A")).toBe(1);
  });

  it.each([
    ["an ICB condition in an ICB with no active practices", inIcb(1), "in the ICB"],
    ["a national condition with no active practices at all", nationally(1), "nationally"],
  ] as const)("%s is never met", (_name, condition, where) => {
    const conditional = signUp("Z", "implementing", condition);
    const outcome = evaluate([signUp("Z", "pledged"), conditional], {}, { national: 0 });
    expect(outcome.practices.get(conditional.practiceId)).toMatchObject({
      acting: false,
      reason: `Implementing; condition not met: there are no active practices ${where}, so not acting`,
      condition: { met: false, needed: null },
    });
  });

  it("withdrawn practices never count, and do not act even when their condition is met", () => {
    const withdrawn = Array.from({ length: 5 }, () => signUp("A", "withdrawn"));
    const pledged = signUp("A", "pledged");
    const withdrawnWithCondition = signUp("A", "withdrawn", inIcb(10));
    const conditional = signUp("A", "pledged", inIcb(30));
    const outcome = evaluate([...withdrawn, pledged, withdrawnWithCondition, conditional], { A: 10 });
    expect(actingIds(outcome)).toEqual([pledged.practiceId]);
    expect(outcome.practices.get(withdrawnWithCondition.practiceId)).toMatchObject({ acting: false, reason: "Withdrawn", condition: { met: true, acting: 1 } });
  });

  it("a practice waiting for the trigger does not count towards others' conditions", () => {
    const waiting = Array.from({ length: 5 }, () => signUp("A", "pledged_if_triggered"));
    const conditional = signUp("A", "pledged", inIcb(20));
    const outcome = evaluate([...waiting, conditional], { A: 10 }, { liveNationally: false });
    expect(outcome.acting.size).toBe(0);
  });
});

// The definition, computed the slow way: start with every practice that can act and drop those
// whose condition fails, counting everyone still in, until nothing changes.
function naiveEvaluation(input: ConditionsInput): { acting: Set<number>; met: Map<number, boolean> } {
  const live = (s: SignUpForEvaluation) => input.live.national || input.live.icbs.has(s.icbCode);
  const canAct = (s: SignUpForEvaluation) => s.status === "pledged" || s.status === "implementing" || (s.status === "pledged_if_triggered" && live(s));
  const total = (s: SignUpForEvaluation, c: PracticeCondition) => (c.scope === "national" ? input.totals.national : (input.totals.byIcb.get(s.icbCode) ?? 0));
  const count = (members: SignUpForEvaluation[], s: SignUpForEvaluation, c: PracticeCondition) =>
    members.filter((m) => c.scope === "national" || m.icbCode === s.icbCode).length;
  const holds = (members: SignUpForEvaluation[], s: SignUpForEvaluation) =>
    !s.condition || triggerMet({ thresholdPercent: s.condition.thresholdPercent, signed: count(members, s, s.condition), total: total(s, s.condition) });
  let members = input.signUps.filter(canAct);
  for (;;) {
    const kept = members.filter((s) => holds(members, s));
    if (kept.length === members.length) break;
    members = kept;
  }
  return {
    acting: new Set(members.map((m) => m.practiceId)),
    met: new Map(input.signUps.filter((s) => s.condition).map((s) => [s.practiceId, holds(members, s)])),
  };
}

const ICBS = ["A", "B", "C"] as const;
const arbitraryInput: fc.Arbitrary<ConditionsInput> = fc
  .record({
    rows: fc.array(
      fc.record({
        icbCode: fc.constantFrom(...ICBS),
        status: fc.constantFrom(...SIGNUP_STATUSES),
        condition: fc.option(
          fc.record({ scope: fc.constantFrom("national" as const, "icb" as const), thresholdPercent: fc.integer({ min: 1, max: 10_000 }).map((h) => h / 100) }),
          { nil: null },
        ),
      }),
      { maxLength: 40 },
    ),
    spare: fc.tuple(fc.nat(12), fc.nat(12), fc.nat(12)),
    zeroIcb: fc.option(fc.constantFrom(...ICBS), { nil: null }),
    liveNationally: fc.boolean(),
    liveIcbs: fc.subarray([...ICBS]),
  })
  .map(({ rows, spare, zeroIcb, liveNationally, liveIcbs }) => {
    const signUps = rows.map((r, i) => ({ ...r, practiceId: i + 1 }));
    const byIcb = new Map<string, number>();
    ICBS.forEach((icb, i) => {
      if (icb !== zeroIcb) byIcb.set(icb, signUps.filter((s) => s.icbCode === icb).length + spare[i]!);
    });
    const national = [...byIcb.values()].reduce((a, b) => a + b, 0);
    return { signUps, totals: { national, byIcb }, live: { national: liveNationally, icbs: new Set(liveIcbs) } };
  });

describe("evaluating conditions to their fixed point", () => {
  it("agrees with dropping failed conditions one pass at a time until nothing changes", () => {
    fc.assert(
      fc.property(arbitraryInput, (input) => {
        const fast = evaluateConditions(input);
        const naive = naiveEvaluation(input);
        expect([...fast.acting].sort((a, b) => a - b)).toEqual([...naive.acting].sort((a, b) => a - b));
        for (const [practiceId, met] of naive.met) expect(fast.practices.get(practiceId)?.condition?.met).toBe(met);
      }),
      { numRuns: 500 },
    );
  });

  it("gives the same answer when practices without a condition are counted per ICB instead of listed (what a sign-up's settling reads)", () => {
    fc.assert(
      fc.property(arbitraryInput, fc.nat(40), (input, keep) => {
        const whole = evaluateConditions(input);
        // Listed: every conditional sign-up and one other (the changed one); counted: the rest that can act.
        const liveFor = (icb: string) => input.live.national || input.live.icbs.has(icb);
        const canAct = (s: (typeof input.signUps)[number]) => s.status === "pledged" || s.status === "implementing" || (s.status === "pledged_if_triggered" && liveFor(s.icbCode));
        const changed = input.signUps[keep % Math.max(1, input.signUps.length)];
        const listed = input.signUps.filter((s) => s.condition || s === changed);
        const unconditionalActing = new Map<string, number>();
        for (const s of input.signUps) if (!listed.includes(s) && canAct(s)) unconditionalActing.set(s.icbCode, (unconditionalActing.get(s.icbCode) ?? 0) + 1);
        const part = evaluateConditions({ ...input, signUps: listed, unconditionalActing });
        for (const s of listed) expect(part.practices.get(s.practiceId), `practice ${s.practiceId}`).toEqual(whole.practices.get(s.practiceId));
        expect(part.actingCounts.national).toBe(whole.actingCounts.national);
      }),
      { numRuns: 500 },
    );
  });

  it("every acting practice's condition holds, and it takes at most one round per conditional sign-up, plus one", () => {
    fc.assert(
      fc.property(arbitraryInput, (input) => {
        const outcome = evaluateConditions(input);
        for (const id of outcome.acting) {
          const condition = outcome.practices.get(id)?.condition;
          if (condition) expect(condition.met).toBe(true);
        }
        expect(outcome.rounds).toBeLessThanOrEqual(input.signUps.filter((s) => s.condition).length + 1);
      }),
      { numRuns: 300 },
    );
  });

  it("acts on at least everything a cascade from unconditional practices alone would reach", () => {
    fc.assert(
      fc.property(arbitraryInput, (input) => {
        const outcome = evaluateConditions(input);
        // The cascade: conditional practices join only once the others already acting suffice.
        const live = (s: SignUpForEvaluation) => input.live.national || input.live.icbs.has(s.icbCode);
        const candidates = input.signUps.filter((s) => s.status === "pledged" || s.status === "implementing" || (s.status === "pledged_if_triggered" && live(s)));
        const reached = new Set(candidates.filter((s) => !s.condition).map((s) => s.practiceId));
        for (let grew = true; grew; ) {
          grew = false;
          for (const s of candidates) {
            if (reached.has(s.practiceId) || !s.condition) continue;
            const inScope = candidates.filter((m) => reached.has(m.practiceId) && (s.condition!.scope === "national" || m.icbCode === s.icbCode)).length;
            const total = s.condition.scope === "national" ? input.totals.national : (input.totals.byIcb.get(s.icbCode) ?? 0);
            if (triggerMet({ thresholdPercent: s.condition.thresholdPercent, signed: inScope, total })) {
              reached.add(s.practiceId);
              grew = true;
            }
          }
        }
        for (const id of reached) expect(outcome.acting.has(id)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe("projecting when a trigger will be met", () => {
  const project = (history: readonly (readonly [string, number])[], options: { today?: string; thresholdPercent?: number; total?: number } = {}) =>
    projectTriggerDate({
      history: history.map(([date, signed]) => ({ date, signed })),
      today: options.today ?? "2025-11-30",
      thresholdPercent: options.thresholdPercent ?? 50,
      total: options.total ?? 100,
    });

  it.each([
    ["a trigger already met", [["2025-11-16", 30], ["2025-11-30", 50]], { kind: "met" }],
    ["one a day over the last 14 days, 26 short", [["2025-11-16", 10], ["2025-11-30", 24]], { kind: "projected", date: "2025-12-26", perDay: 1 }],
    ["10 in 14 days, 5 short: 7 days", [["2025-11-16", 35], ["2025-11-30", 45]], { kind: "projected", date: "2025-12-07", perDay: 10 / 14 }],
    ["no growth in the last 14 days", [["2025-11-01", 0], ["2025-11-16", 20], ["2025-11-30", 20]], { kind: "never" }],
    ["falling numbers", [["2025-11-16", 30], ["2025-11-30", 25]], { kind: "never" }],
    ["only today's figure", [["2025-11-30", 10]], { kind: "never" }],
    ["no history at all", [], { kind: "never" }],
    ["a history shorter than 14 days, from its first day", [["2025-11-26", 0], ["2025-11-30", 8]], { kind: "projected", date: "2025-12-21", perDay: 2 }],
    ["the last figure carried to today when today has none", [["2025-11-16", 0], ["2025-11-28", 14]], { kind: "projected", date: "2026-01-05", perDay: 1 }],
    ["figures after today ignored", [["2025-11-16", 10], ["2025-11-30", 24], ["2025-12-01", 90]], { kind: "projected", date: "2025-12-26", perDay: 1 }],
    ["an unsorted history", [["2025-11-30", 24], ["2025-11-16", 10], ["2025-11-20", 14]], { kind: "projected", date: "2025-12-26", perDay: 1 }],
    ["the window's start taken from the last figure on or before it", [["2025-11-10", 0], ["2025-11-15", 10], ["2025-11-30", 24]], { kind: "projected", date: "2025-12-28", perDay: 14 / 15 }],
  ] as const)("%s", (_name, history, expected) => {
    const projection = project(history);
    expect(projection.kind).toBe(expected.kind);
    if (expected.kind === "projected" && projection.kind === "projected") {
      expect(projection.date).toBe(expected.date);
      expect(projection.perDay).toBeCloseTo(expected.perDay, 10);
    }
  });

  it("runs across the turn of the year", () => {
    expect(project([["2025-12-06", 10], ["2025-12-20", 24]], { today: "2025-12-20" })).toEqual({ kind: "projected", date: "2026-01-15", perDay: 1 });
  });

  it("never projects a trigger in a scope with no practices", () => {
    expect(project([["2025-11-16", 0], ["2025-11-30", 14]], { total: 0 })).toEqual({ kind: "never" });
  });

  it("refuses a date that is not YYYY-MM-DD", () => {
    expect(() => project([["2025-11-31", 1]])).toThrow(RangeError);
    expect(() => project([], { today: "30/11/2025" })).toThrow(RangeError);
  });
});

describe("what a practice is told about its own condition", () => {
  it("never gives the number of practices acting in its ICB (a small count its members may not see)", () => {
    const signUps = [1, 2, 3].map((practiceId) => ({ practiceId, icbCode: "QOP", status: "pledged" as const, condition: { scope: "icb" as const, thresholdPercent: 10 } }));
    const outcome = evaluateConditions({ signUps, totals: { national: 100, byIcb: new Map([["QOP", 20]]) }, live: { national: true, icbs: new Set() } });
    for (const evaluation of outcome.practices.values()) {
      expect(evaluation.reason).not.toMatch(/\b\d+ of \d+\b/);
      expect(evaluation.reason).toContain("at least 10% of practices in the ICB are acting");
    }
  });
});
