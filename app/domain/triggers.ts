// Option triggers, practices' own conditions, and when a trigger might be met (SPEC section 3).
//
// Thresholds are percentages above 0 and at most 100, to at most two decimal places, and are
// compared in whole hundredths of a percent (signed * 10,000 >= hundredths * total) so that
// floating point never decides whether a trigger is met. No practices in a scope never meets.
import type { ConditionScope, SignUpStatus } from "./campaign-status";

function hundredthsOf(thresholdPercent: number): number {
  const hundredths = Math.round(thresholdPercent * 100);
  if (!(hundredths > 0 && hundredths <= 10_000) || Math.abs(hundredths - thresholdPercent * 100) > 1e-6) {
    throw new RangeError(`A threshold is a percentage above 0 and at most 100, to two decimal places; got ${thresholdPercent}`);
  }
  return hundredths;
}

/** Whether a trigger is met; signed counts the sign-ups in SIGNED_STATUSES in the scope. */
export function triggerMet(input: { thresholdPercent: number; signed: number; total: number }): boolean {
  const hundredths = hundredthsOf(input.thresholdPercent);
  return input.total > 0 && input.signed * 10_000 >= hundredths * input.total;
}

/** The fewest practices that meet the threshold, or null when there are none to count. */
export function practicesNeeded(thresholdPercent: number, total: number): number | null {
  const hundredths = hundredthsOf(thresholdPercent);
  if (total <= 0) return null;
  return Math.floor((hundredths * total + 9_999) / 10_000);
}

export interface PracticeCondition {
  scope: ConditionScope;
  thresholdPercent: number;
}

export interface SignUpForEvaluation {
  practiceId: number;
  icbCode: string;
  status: SignUpStatus;
  condition: PracticeCondition | null;
}

export interface ConditionsInput {
  signUps: readonly SignUpForEvaluation[];
  /** Active practices nationally and in each ICB (the mapping in force on the day evaluated). */
  totals: { national: number; byIcb: ReadonlyMap<string, number> };
  /** Where the option's trigger is met (an option without a trigger is live nationally). */
  live: { national: boolean; icbs: ReadonlySet<string> };
  /**
   * Practices without a condition that act, per ICB, and are not among `signUps`: they count
   * towards every condition but cannot change, so a caller may count them instead of listing
   * them (a sign-up with no trigger just fired changes only conditional practices and itself).
   */
  unconditionalActing?: ReadonlyMap<string, number>;
}

export interface ConditionResult {
  met: boolean;
  scope: ConditionScope;
  thresholdPercent: number;
  /** Practices acting in the scope, the practice itself included when it acts. */
  acting: number;
  total: number;
  /** null when the scope has no active practices, so the condition can never be met. */
  needed: number | null;
}

export interface PracticeEvaluation {
  acting: boolean;
  /** Why the practice is, or is not, acting, in plain English for its page and the timeline. */
  reason: string;
  condition: ConditionResult | null;
}

export interface ConditionsOutcome {
  acting: ReadonlySet<number>;
  practices: ReadonlyMap<number, PracticeEvaluation>;
  actingCounts: { national: number; byIcb: ReadonlyMap<string, number> };
  /** Sweeps over the scopes until nothing changed; at most the conditional sign-ups plus one. */
  rounds: number;
}

/**
 * Which practices are acting on an option, with every practice's condition evaluated to its
 * fixed point.
 *
 * A sign-up can act when it is pledged or implementing, or pledged if triggered where the option
 * is live (nationally, or in its ICB). It acts when it can and, if it has a condition, at least
 * the threshold of practices in its scope (itself included) act. "Only if 25% act" is read as a
 * promise to act together: thirty practices of a hundred who each say so all act, although none
 * would go first. So the answer is the largest set of practices in which every condition holds
 * (the greatest fixed point), not what a cascade from unconditional practices alone reaches.
 * Such a largest set exists and is unique because conditions are monotone: more practices
 * acting never unmeets a condition, so the union of two consistent sets is consistent.
 *
 * It is found by starting with every practice that can act and dropping those whose condition
 * fails until none fails. Each scope (national, and each ICB) keeps its conditional practices
 * sorted by the number of practices they need, most first, and a sweep drops from the top while
 * the need exceeds the scope's count. Dropping a practice lowers both its ICB's and the national
 * count, so scopes touched by a drop are swept again in the next round. Every round but the last
 * drops at least one practice, so there are at most (conditional sign-ups + 1) rounds; each
 * practice is dropped at most once, and a scope is swept again only after a drop, so the whole
 * evaluation is O(n log n) for the sorts plus O(n) for the sweeps.
 */
export function evaluateConditions(input: ConditionsInput): ConditionsOutcome {
  const liveFor = (icbCode: string) => input.live.national || input.live.icbs.has(icbCode);
  const canAct = (s: SignUpForEvaluation) =>
    s.status === "pledged" || s.status === "implementing" || (s.status === "pledged_if_triggered" && liveFor(s.icbCode));
  const totalIn = (scope: ConditionScope, icbCode: string) => (scope === "national" ? input.totals.national : (input.totals.byIcb.get(icbCode) ?? 0));

  const acting = new Set<number>();
  const byIcb = new Map<string, number>(input.unconditionalActing ?? []);
  let national = [...byIcb.values()].reduce((sum, n) => sum + n, 0);
  const countIn = (scope: ConditionScope, icbCode: string) => (scope === "national" ? national : (byIcb.get(icbCode) ?? 0));

  type Pending = { signUp: SignUpForEvaluation; needed: number };
  type Sweep = { scope: ConditionScope; icbCode: string; pending: Pending[]; next: number };
  const nationalSweep: Sweep = { scope: "national", icbCode: "", pending: [], next: 0 };
  const icbSweeps = new Map<string, Sweep>();

  for (const signUp of input.signUps) {
    if (!canAct(signUp)) continue;
    acting.add(signUp.practiceId);
    national += 1;
    byIcb.set(signUp.icbCode, (byIcb.get(signUp.icbCode) ?? 0) + 1);
    const condition = signUp.condition;
    if (!condition) continue;
    const needed = practicesNeeded(condition.thresholdPercent, totalIn(condition.scope, signUp.icbCode)) ?? Infinity;
    let sweep = nationalSweep;
    if (condition.scope === "icb") {
      sweep = icbSweeps.get(signUp.icbCode) ?? { scope: "icb", icbCode: signUp.icbCode, pending: [], next: 0 };
      icbSweeps.set(signUp.icbCode, sweep);
    }
    sweep.pending.push({ signUp, needed });
  }
  const sweeps = [nationalSweep, ...icbSweeps.values()];
  // Compared rather than subtracted: a need that can never be met is Infinity.
  for (const sweep of sweeps) sweep.pending.sort((a, b) => (a.needed === b.needed ? 0 : a.needed > b.needed ? -1 : 1));

  let rounds = 0;
  let toSweep = new Set(sweeps);
  while (toSweep.size > 0) {
    rounds += 1;
    const touched = new Set<Sweep>();
    for (const sweep of toSweep) {
      while (sweep.next < sweep.pending.length && sweep.pending[sweep.next]!.needed > countIn(sweep.scope, sweep.icbCode)) {
        const { signUp } = sweep.pending[sweep.next]!;
        sweep.next += 1;
        acting.delete(signUp.practiceId);
        national -= 1;
        byIcb.set(signUp.icbCode, byIcb.get(signUp.icbCode)! - 1);
        touched.add(nationalSweep);
        const icbSweep = icbSweeps.get(signUp.icbCode);
        if (icbSweep) touched.add(icbSweep);
      }
    }
    toSweep = touched;
  }

  const practices = new Map<number, PracticeEvaluation>();
  for (const signUp of input.signUps) {
    const condition = signUp.condition ? conditionResult(signUp.condition, countIn(signUp.condition.scope, signUp.icbCode), totalIn(signUp.condition.scope, signUp.icbCode)) : null;
    const isActing = acting.has(signUp.practiceId);
    practices.set(signUp.practiceId, { acting: isActing, condition, reason: reasonFor(signUp, isActing, canAct(signUp), input.live.national, condition) });
  }
  return { acting, practices, actingCounts: { national, byIcb }, rounds };
}

function conditionResult(condition: PracticeCondition, acting: number, total: number): ConditionResult {
  return {
    met: triggerMet({ thresholdPercent: condition.thresholdPercent, signed: acting, total }),
    scope: condition.scope,
    thresholdPercent: condition.thresholdPercent,
    acting,
    total,
    needed: practicesNeeded(condition.thresholdPercent, total),
  };
}

/**
 * In words for the practice's own page and emails: whether the share is reached, never the count.
 * An ICB's count of acting practices is not said, since the practice's members may not see a
 * small count there. The national count is public (SPEC section 6) and the dashboard shows it,
 * but it is not said here either: the reason is stored with the sign-up, and a count in it would
 * change, and have to be rewritten for every conditional sign-up of the option, at every sign-up.
 */
function describeCondition(c: ConditionResult): string {
  const where = c.scope === "icb" ? "in the ICB" : "nationally";
  if (c.needed === null) return `condition not met: there are no active practices ${where}`;
  return c.met
    ? `condition met: at least ${c.thresholdPercent}% of practices ${where} are acting`
    : `condition not met: fewer than ${c.thresholdPercent}% of practices ${where} are acting`;
}

function reasonFor(signUp: SignUpForEvaluation, acting: boolean, canAct: boolean, liveNationally: boolean, condition: ConditionResult | null): string {
  const base =
    signUp.status === "withdrawn"
      ? "Withdrawn"
      : signUp.status === "pledged_if_triggered"
        ? canAct
          ? `Pledged if triggered, and the option is live ${liveNationally ? "nationally" : "in the ICB"}`
          : "Pledged if triggered, and the option is not yet live in the ICB"
        : signUp.status === "implementing"
          ? "Implementing"
          : "Pledged";
  if (!condition || !canAct) return base;
  return `${base}; ${describeCondition(condition)}${acting ? "" : ", so not acting"}`;
}

export type TriggerProjection = { kind: "met" } | { kind: "never" } | { kind: "projected"; date: string; perDay: number };

const DAY_MS = 86_400_000;
const PROJECTION_WINDOW_DAYS = 14;

function dayNumber(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) throw new RangeError(`Expected a date as YYYY-MM-DD; got ${date}`);
  return ms / DAY_MS;
}

const dateOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/**
 * When the trigger would be met if sign-ups keep coming at the rate of the last 14 days, as a
 * straight line from today. The history is cumulative, one entry a day at most; on a day without
 * an entry the count is the last one before it. When the history starts less than 14 days ago
 * the rate is taken from its first entry. No growth (or no history to measure it) is "never".
 */
export function projectTriggerDate(input: {
  history: readonly { date: string; signed: number }[];
  today: string;
  thresholdPercent: number;
  total: number;
}): TriggerProjection {
  const needed = practicesNeeded(input.thresholdPercent, input.total);
  if (needed === null) return { kind: "never" };
  const today = dayNumber(input.today);
  const known = input.history
    .map((h) => ({ day: dayNumber(h.date), signed: h.signed }))
    .filter((h) => h.day <= today)
    .sort((a, b) => a.day - b.day);
  const latest = known.at(-1);
  const current = latest?.signed ?? 0;
  if (current >= needed) return { kind: "met" };
  const windowStart = today - PROJECTION_WINDOW_DAYS;
  const start = known.findLast((h) => h.day <= windowStart) ?? known[0];
  if (!start) return { kind: "never" };
  const span = today - start.day;
  const growth = current - start.signed;
  if (span <= 0 || growth <= 0) return { kind: "never" };
  const days = Math.ceil(((needed - current) * span) / growth);
  return { kind: "projected", date: dateOf(today + days), perDay: growth / span };
}
