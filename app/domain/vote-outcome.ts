// Vote and outcome rules (SPEC section 3), as pure functions.
//
// Majorities: simple means for > against; two-thirds means for >= 2/3 of (for + against),
// computed in integers (3 * for >= 2 * (for + against)). Abstentions never count.
//
// What the recorder may choose:
// - carried_as_reference, withdrawn, not_reached, fell and remitted need no counts (they are
//   decisions about the motion, not results of a count) and are always allowed.
// - With counts (any method), carried is allowed only if the counts pass the majority, lost only
//   if they do not, and carried_unanimously only if they pass with none against.
// - No votes for and none against (abstentions only, or nothing) is no result at all: neither
//   carried nor lost; the recorder chooses one of the outcomes that need no counts, or fixes them.
// - An electronic or card vote needs counts for carried, carried unanimously and lost.
// - A show of hands without counts may be recorded as any outcome (the chair declared it).
// - A motion that cannot take a vote (replaced by a composite, or a rider or amendment whose
//   motion has fallen) takes no counts: only fell, withdrawn or not reached (voteStanding).
// Remitted is not a carried outcome: the matter is referred to GPC, not adopted as policy.

export const VOTE_METHODS = ["show_of_hands", "electronic", "card"] as const;
export type VoteMethod = (typeof VOTE_METHODS)[number];
export const MAJORITIES = ["simple", "two_thirds"] as const;
export type Majority = (typeof MAJORITIES)[number];
export const OUTCOMES = [
  "carried",
  "carried_unanimously",
  "carried_as_reference",
  "lost",
  "withdrawn",
  "not_reached",
  "fell",
  "remitted",
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const OUTCOME_LABELS: Record<Outcome, string> = {
  carried: "Carried",
  carried_unanimously: "Carried unanimously",
  carried_as_reference: "Carried as reference",
  lost: "Lost",
  withdrawn: "Withdrawn",
  not_reached: "Not reached",
  fell: "Fell",
  remitted: "Remitted",
};

export const METHOD_LABELS: Record<VoteMethod, string> = {
  show_of_hands: "Show of hands",
  electronic: "Electronic",
  card: "Card vote",
};

export interface VoteCounts {
  for: number | null;
  against: number | null;
  abstain: number | null;
}

const NO_COUNT_OUTCOMES: readonly Outcome[] = ["carried_as_reference", "withdrawn", "not_reached", "fell", "remitted"];
/** What a motion that cannot take a vote may still be recorded as. */
export const OUTCOMES_WITHOUT_A_VOTE: readonly Outcome[] = ["fell", "withdrawn", "not_reached"];

/** Whether a motion may take a vote at all; when not, the message says why, in the clerk's words. */
export type VoteStanding = { canVote: true } | { canVote: false; message: string };

/** A motion's results after which its riders and amendments fall, in words. */
const ENDED_RESULTS: Partial<Record<MotionResult, string>> = {
  lost: "was lost",
  fell: "fell",
  withdrawn: "was withdrawn",
  not_reached: "was not reached",
  remitted: "was remitted",
};

/**
 * A motion replaced by a composite is debated only as the composite; a rider or amendment falls
 * with its motion (lost, fell, withdrawn, not reached or remitted, in every part).
 */
export function voteStanding(motion: {
  number: string;
  kind: "motion" | "composite" | "amendment" | "rider";
  replacedBy: string[];
  parent: { number: string; outcomes: (Outcome | null)[] } | null;
}): VoteStanding {
  const instead = "Record it as fell, withdrawn or not reached.";
  if (motion.replacedBy.length) {
    const by = motion.replacedBy.join(" and ");
    return { canVote: false, message: `Motion ${motion.number} was replaced by composite ${by}, so it cannot take a vote: conference votes on the composite. ${instead}` };
  }
  if ((motion.kind === "rider" || motion.kind === "amendment") && motion.parent) {
    const ended = ENDED_RESULTS[deriveMotionResult(motion.parent.outcomes).result];
    if (ended) {
      return {
        canVote: false,
        message: `${motion.kind === "rider" ? "Rider" : "Amendment"} ${motion.number} cannot take a vote: its motion ${motion.parent.number} ${ended}, so the ${motion.kind} falls with it. ${instead}`,
      };
    }
  }
  return { canVote: true };
}

export function isCarriedOutcome(outcome: Outcome): boolean {
  return outcome === "carried" || outcome === "carried_unanimously" || outcome === "carried_as_reference";
}

export function countsPass(counts: { for: number; against: number }, majority: Majority): boolean {
  if (majority === "simple") return counts.for > counts.against;
  return counts.for > 0 && 3 * counts.for >= 2 * (counts.for + counts.against);
}

function hasCounts(counts: VoteCounts): counts is { for: number; against: number; abstain: number | null } {
  return counts.for !== null && counts.against !== null;
}

/** Counts with no votes for and none against: abstentions only, or nothing. */
function noVotesCast(counts: VoteCounts): boolean {
  return hasCounts(counts) && counts.for === 0 && counts.against === 0;
}

interface VoteInput {
  method: VoteMethod;
  majority: Majority;
  counts: VoteCounts;
  /** Omitted: the motion may take a vote. */
  standing?: VoteStanding;
}

/** The outcome the counts give; null when they cannot say (no counts, or no votes for or against). */
export function computedOutcome(input: VoteInput): Outcome | null {
  if (!hasCounts(input.counts) || noVotesCast(input.counts) || input.standing?.canVote === false) return null;
  return countsPass(input.counts, input.majority) ? "carried" : "lost";
}

export function allowedOutcomes(input: VoteInput): Outcome[] {
  if (input.standing?.canVote === false) return [...OUTCOMES_WITHOUT_A_VOTE];
  if (!hasCounts(input.counts)) {
    return input.method === "show_of_hands" ? [...OUTCOMES] : [...NO_COUNT_OUTCOMES];
  }
  if (noVotesCast(input.counts)) return [...NO_COUNT_OUTCOMES];
  const pass = countsPass(input.counts, input.majority);
  const counted: Outcome[] = pass ? ["carried", ...(input.counts.against === 0 ? (["carried_unanimously"] as const) : [])] : ["lost"];
  return [...counted, ...NO_COUNT_OUTCOMES];
}

export type OutcomeCheck = { ok: true; outcome: Outcome } | { ok: false; message: string; field: "outcome" | "for" | "against" | "abstain" };

const MAX_COUNT = 1_000_000;

/** The message for counts with no votes for or against; the same words before saving and after. */
export function noResultMessage(counts: VoteCounts): string {
  const abstained = counts.abstain ? `only ${counts.abstain} abstention${counts.abstain === 1 ? "" : "s"}` : "no votes at all";
  return `No votes for and none against (${abstained}) give no result, so the part is neither carried nor lost. Choose withdrawn, not reached, fell, remitted or carried as reference, or correct the counts.`;
}

/**
 * Whether the recorder may save this outcome (null: the one the counts give). What it answers,
 * an outcome or a message, is what the clerk's page shows before saving and what the server saves.
 */
export function checkOutcome(input: VoteInput & { outcome: Outcome | null }): OutcomeCheck {
  for (const field of ["for", "against", "abstain"] as const) {
    const n = input.counts[field];
    if (n !== null && (!Number.isInteger(n) || n < 0 || n > MAX_COUNT)) {
      return { ok: false, field, message: `Votes ${field} must be a whole number from 0 to ${MAX_COUNT.toLocaleString("en-GB")}` };
    }
  }
  if ((input.counts.for === null) !== (input.counts.against === null)) {
    return { ok: false, field: input.counts.for === null ? "for" : "against", message: "Give both the votes for and against, or neither" };
  }
  if (input.standing?.canVote === false) {
    const counted = (["for", "against", "abstain"] as const).find((f) => input.counts[f] !== null);
    if (counted) return { ok: false, field: counted, message: input.standing.message };
    if (!input.outcome || !OUTCOMES_WITHOUT_A_VOTE.includes(input.outcome)) return { ok: false, field: "outcome", message: input.standing.message };
    return { ok: true, outcome: input.outcome };
  }
  const outcome = input.outcome ?? computedOutcome(input);
  if (!outcome) return { ok: false, field: "outcome", message: noVotesCast(input.counts) ? noResultMessage(input.counts) : "Choose an outcome" };
  if (NO_COUNT_OUTCOMES.includes(outcome)) return { ok: true, outcome };
  if (!hasCounts(input.counts)) {
    if (input.method === "show_of_hands") return { ok: true, outcome };
    return { ok: false, field: "for", message: `A ${METHOD_LABELS[input.method].toLowerCase()} vote needs the votes for and against` };
  }
  if (noVotesCast(input.counts)) return { ok: false, field: "outcome", message: noResultMessage(input.counts) };
  if (allowedOutcomes(input).includes(outcome)) return { ok: true, outcome };
  const computed = countsPass(input.counts, input.majority) ? "carried" : "lost";
  const majority = input.majority === "two_thirds" ? "a two-thirds majority" : "a simple majority";
  const given = `${input.counts.for} for, ${input.counts.against} against`;
  if (outcome === "carried_unanimously" && computed === "carried") {
    return { ok: false, field: "outcome", message: `The counts (${given}) are not unanimous, so the part is carried, not carried unanimously.` };
  }
  return {
    ok: false,
    field: "outcome",
    message:
      computed === "lost"
        ? `The counts (${given}) do not give ${majority}, so the part is lost, not ${OUTCOME_LABELS[outcome].toLowerCase()}.`
        : `The counts (${given}) give ${majority}, so the part is carried, not lost.`,
  };
}

/** For and against as shares of the votes that count; abstentions as a share of all votes cast. */
export function percentages(counts: VoteCounts): { for: number; against: number; abstain: number } | null {
  if (!hasCounts(counts)) return null;
  const decided = counts.for + counts.against;
  const all = decided + (counts.abstain ?? 0);
  const pct = (n: number, d: number) => (d === 0 ? 0 : Math.round((n / d) * 1000) / 10);
  return { for: pct(counts.for, decided), against: pct(counts.against, decided), abstain: pct(counts.abstain ?? 0, all) };
}

export type MotionResult =
  | "awaiting_vote"
  | "part_recorded"
  | "carried"
  | "carried_unanimously"
  | "carried_as_reference"
  | "carried_in_all_parts"
  | "carried_in_part"
  | "lost"
  | "withdrawn"
  | "not_reached"
  | "fell"
  | "remitted";

/**
 * The motion's overall result, derived from its parts' outcomes (never typed):
 * - no outcomes yet: "Awaiting vote"; some parts recorded, others not: "Part recorded";
 * - one part: that part's outcome;
 * - several parts, all carried (in any form): "Carried in all parts";
 * - some carried, some not: "Carried in part";
 * - none carried: the shared outcome when all agree (e.g. "Not reached"), else "Lost".
 */
export function deriveMotionResult(partOutcomes: (Outcome | null)[]): { result: MotionResult; label: string } {
  const labelled = (result: MotionResult, label: string) => ({ result, label });
  const recorded = partOutcomes.filter((o): o is Outcome => o !== null);
  if (recorded.length === 0) return labelled("awaiting_vote", "Awaiting vote");
  if (recorded.length < partOutcomes.length) return labelled("part_recorded", "Part recorded");
  if (recorded.length === 1) return labelled(recorded[0]!, OUTCOME_LABELS[recorded[0]!]);
  const carried = recorded.filter(isCarriedOutcome).length;
  if (carried === recorded.length) return labelled("carried_in_all_parts", "Carried in all parts");
  if (carried > 0) return labelled("carried_in_part", "Carried in part");
  const first = recorded[0]!;
  if (recorded.every((o) => o === first)) return labelled(first, OUTCOME_LABELS[first]);
  return labelled("lost", "Lost");
}
