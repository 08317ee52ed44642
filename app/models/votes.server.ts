// Recording a part's vote and outcome. The outcome rules are in app/domain/vote-outcome.ts;
// this module adds optimistic concurrency, corrections with reasons, audit and resolutions.
import type { Kysely } from "kysely";
import type { Database } from "../../db/types";
import { checkOutcome, isCarriedOutcome, voteStanding, type Majority, type Outcome, type VoteMethod, type VoteStanding } from "../domain/vote-outcome";
import { nowIso } from "../utils/time";
import { recordAudit } from "./audit.server";

export interface PartVoteRecord {
  partId: number;
  method: VoteMethod;
  majority: Majority;
  for: number | null;
  against: number | null;
  abstain: number | null;
  outcome?: Outcome;
  /** The version the clerk saw: 0 when no vote was recorded yet. */
  version: number;
  reason?: string;
}

export type RecordVoteResult =
  | { ok: true; outcome: Outcome; version: number }
  | { ok: false; field: "outcome" | "for" | "against" | "abstain" | "reason" | "version" | "motion"; message: string };

export async function recordPartVote(db: Kysely<Database>, actorUserId: number, vote: PartVoteRecord): Promise<RecordVoteResult> {
  const counts = { for: vote.for, against: vote.against, abstain: vote.abstain };
  const check = checkOutcome({ method: vote.method, majority: vote.majority, counts, outcome: vote.outcome ?? null });
  if (!check.ok) return check;
  return db.transaction().execute((trx) => writePartVote(trx, actorUserId, vote, check.outcome));
}

/**
 * Whether a motion may take a vote: not when a composite on the agenda replaced it, nor when it is
 * a rider or amendment whose motion has fallen (lost, fell, withdrawn, not reached or remitted).
 */
export async function loadVoteStanding(db: Kysely<Database>, motionId: number): Promise<VoteStanding> {
  const motion = await db.selectFrom("motions").select(["number", "kind", "parent_motion_id"]).where("id", "=", motionId).executeTakeFirst();
  if (!motion) return { canVote: true };
  const [composites, parent, parentParts] = await Promise.all([
    db
      .selectFrom("composite_replacements")
      .innerJoin("motions", "motions.id", "composite_replacements.composite_id")
      .select("motions.number")
      .where("composite_replacements.replaced_motion_id", "=", motionId)
      .where("motions.state", "=", "agenda")
      .orderBy("motions.sort_key")
      .execute(),
    motion.parent_motion_id ? db.selectFrom("motions").select("number").where("id", "=", motion.parent_motion_id).executeTakeFirst() : undefined,
    motion.parent_motion_id
      ? db
          .selectFrom("motion_parts")
          .leftJoin("part_votes", "part_votes.part_id", "motion_parts.id")
          .select("part_votes.outcome")
          .where("motion_parts.motion_id", "=", motion.parent_motion_id)
          .execute()
      : [],
  ]);
  return voteStanding({
    number: motion.number,
    kind: motion.kind,
    replacedBy: composites.map((c) => c.number),
    parent: parent ? { number: parent.number, outcomes: parentParts.map((p) => (p.outcome as Outcome | null) ?? null) } : null,
  });
}

/** The body of recordPartVote for callers that hold a transaction; the outcome is already checked. */
export async function writePartVote(trx: Kysely<Database>, actorUserId: number | null, vote: PartVoteRecord, outcome: Outcome): Promise<RecordVoteResult> {
  // Votes, and so resolutions, belong only to motions on the agenda.
  const motion = await trx
    .selectFrom("motion_parts")
    .innerJoin("motions", "motions.id", "motion_parts.motion_id")
    .select(["motions.id", "motions.state"])
    .where("motion_parts.id", "=", vote.partId)
    .executeTakeFirst();
  if (!motion || motion.state !== "agenda") {
    return { ok: false, field: "motion", message: "Votes can be recorded only on a motion on the agenda." };
  }
  // A motion replaced by a composite, or a rider whose motion fell, takes no vote: checked here,
  // in the transaction, so every way of recording (the clerk's page, imports, the seed) obeys it.
  const standing = await loadVoteStanding(trx, motion.id);
  if (!standing.canVote) {
    const counts = { for: vote.for, against: vote.against, abstain: vote.abstain };
    const check = checkOutcome({ method: vote.method, majority: vote.majority, counts, outcome, standing });
    if (!check.ok) return check;
  }
  const current = await trx.selectFrom("part_votes").selectAll().where("part_id", "=", vote.partId).executeTakeFirst();
  const currentVersion = current?.version ?? 0;
  if (currentVersion !== vote.version) {
    return {
      ok: false,
      field: "version",
      message: "Someone else recorded this part's vote while you were entering it. Their result is shown now; check it, and correct it with a reason if it is wrong.",
    };
  }
  const values = {
    method: vote.method,
    majority: vote.majority,
    votes_for: vote.for,
    votes_against: vote.against,
    votes_abstain: vote.abstain,
    outcome: outcome,
    recorded_by: actorUserId,
    recorded_at: nowIso(),
  };
  if (current) {
    const unchanged =
      current.method === values.method &&
      current.majority === values.majority &&
      current.votes_for === values.votes_for &&
      current.votes_against === values.votes_against &&
      current.votes_abstain === values.votes_abstain &&
      current.outcome === values.outcome;
    if (unchanged) return { ok: true, outcome: outcome, version: current.version };
    if (!vote.reason) return { ok: false, field: "reason", message: "A correction to a recorded vote needs a reason" };
    // The version check is repeated in the UPDATE so a concurrent writer cannot slip between.
    const updated = await trx
      .updateTable("part_votes")
      .set({ ...values, version: current.version + 1 })
      .where("part_id", "=", vote.partId)
      .where("version", "=", current.version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) {
      return { ok: false, field: "version", message: "Someone else changed this vote first. Reload and try again." };
    }
  } else {
    await trx.insertInto("part_votes").values({ ...values, part_id: vote.partId, version: 1 }).execute();
  }
  await syncResolution(trx, vote.partId, outcome);
  await recordAudit(trx, {
    actorUserId,
    action: current ? "vote.correct" : "vote.record",
    entity: "motion_part",
    entityId: vote.partId,
    before: current ?? undefined,
    after: values,
    reason: vote.reason ?? null,
  });
  await recordAudit(trx, {
    actorUserId,
    action: current ? "vote.correct" : "vote.record",
    entity: "motion",
    entityId: motion.id,
    after: { part_id: vote.partId, ...values },
    reason: vote.reason ?? null,
  });
  return { ok: true, outcome: outcome, version: currentVersion + 1 };
}

/** A carried part becomes a resolution; a correction to "not carried" removes one with no progress. */
async function syncResolution(trx: Kysely<Database>, partId: number, outcome: Outcome) {
  const existing = await trx.selectFrom("resolutions").select("id").where("part_id", "=", partId).executeTakeFirst();
  if (isCarriedOutcome(outcome)) {
    if (!existing) {
      const now = nowIso();
      await trx.insertInto("resolutions").values({ part_id: partId, status: "not_started", created_at: now, updated_at: now }).execute();
    }
    return;
  }
  if (existing) {
    const note = await trx.selectFrom("resolution_notes").select("id").where("resolution_id", "=", existing.id).executeTakeFirst();
    if (!note) await trx.deleteFrom("resolutions").where("id", "=", existing.id).execute();
  }
}

export type PartVoteError = { partId: number; field: string; message: string };

/**
 * Saves several parts' votes from one screen: every part is checked first, then all are
 * written in one transaction, so a clash on one part (someone else saved it) saves none.
 */
export async function recordMotionVotes(db: Kysely<Database>, actorUserId: number | null, votes: PartVoteRecord[]): Promise<{ ok: true } | { ok: false; errors: PartVoteError[] }> {
  const errors: PartVoteError[] = [];
  const checked: { vote: PartVoteRecord; outcome: Outcome }[] = [];
  for (const vote of votes) {
    const check = checkOutcome({ method: vote.method, majority: vote.majority, counts: { for: vote.for, against: vote.against, abstain: vote.abstain }, outcome: vote.outcome ?? null });
    if (check.ok) checked.push({ vote, outcome: check.outcome });
    else errors.push({ partId: vote.partId, field: check.field, message: check.message });
  }
  if (errors.length) return { ok: false, errors };
  try {
    await db.transaction().execute(async (trx) => {
      for (const { vote, outcome } of checked) {
        const result = await writePartVote(trx, actorUserId, vote, outcome);
        if (!result.ok) throw new VoteRejected({ partId: vote.partId, field: result.field, message: result.message });
      }
    });
    return { ok: true };
  } catch (error) {
    if (error instanceof VoteRejected) return { ok: false, errors: [error.detail] };
    throw error;
  }
}

class VoteRejected extends Error {
  constructor(public detail: PartVoteError) {
    super(detail.message);
  }
}
