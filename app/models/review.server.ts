// The agenda committee's review of submitted motions: the queue, and the three decisions on a
// submission (accept it onto the agenda, which assigns its number; reject it with a reason its LMC
// reads; merge several into a composite that replaces them). Each decision is one write
// transaction with its audit rows; the conference's row is locked first on PostgreSQL (SQLite's
// write lock does the same) so two reviewers never hand out the same number.
import crypto from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import { forUpdate, indexMotionText, writeTransaction } from "../../db/dialect";
import type { Database } from "../../db/types";
import type { Viewer } from "../domain/conference-access";
import { motionSortKey, nextMotionNumber, provisionalNumber } from "../domain/motion-numbers";
import { nowIso } from "../utils/time";
import { recordAudit } from "./audit.server";
import { writeMotion } from "./motions.server";

export type ReviewResult = { ok: true; motionId: number; number: string } | { ok: false; message: string };

/** A number for a new draft: never a motion number, never another draft's (see provisionalNumber). */
export function newProvisionalNumber(): string {
  return provisionalNumber(crypto.randomBytes(6).toString("hex"));
}

/** The submissions waiting for a decision, oldest first, and the rejected ones with their reasons. */
export async function listReviewQueue(db: Kysely<Database>, conferenceId: number) {
  const motions = await db
    .selectFrom("motions")
    .leftJoin("motions as parent", "parent.id", "motions.parent_motion_id")
    .select([
      "motions.id",
      "motions.title",
      "motions.proposer",
      "motions.seconder",
      "motions.kind",
      "motions.preamble",
      "motions.state",
      "motions.rejection_reason",
      "motions.reviewed_at",
      "motions.updated_at",
      "parent.number as parent_number",
      "parent.state as parent_state",
    ])
    .where("motions.conference_id", "=", conferenceId)
    .where("motions.state", "in", ["submitted", "rejected"])
    .orderBy("motions.id")
    .execute();
  const parts = motions.length
    ? await db
        .selectFrom("motion_parts")
        .select(["motion_id", "label", "text"])
        .where("motion_id", "in", motions.map((m) => m.id))
        .orderBy("motion_id")
        .orderBy("position")
        .execute()
    : [];
  const withParts = motions.map((m) => ({
    ...m,
    // A rider's motion is named only where it has a number (on the agenda).
    parent_number: m.parent_state === "agenda" ? m.parent_number : null,
    parts: parts.filter((p) => p.motion_id === m.id).map((p) => ({ label: p.label, text: p.text })),
  }));
  return {
    waiting: withParts.filter((m) => m.state === "submitted"),
    rejected: withParts.filter((m) => m.state === "rejected").sort((a, b) => (b.reviewed_at ?? "").localeCompare(a.reviewed_at ?? "")),
  };
}

/** How many submissions wait for a decision, for the link to the queue. */
export async function countWaitingSubmissions(db: Kysely<Database>, conferenceId: number): Promise<number> {
  const row = await db
    .selectFrom("motions")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("conference_id", "=", conferenceId)
    .where("state", "=", "submitted")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The agenda motions a composite may also replace: no recorded vote, not already replaced. */
export async function listMergeableAgendaMotions(db: Kysely<Database>, conferenceId: number) {
  return db
    .selectFrom("motions")
    .select(["motions.id", "motions.number", "motions.title", "motions.proposer"])
    .where("motions.conference_id", "=", conferenceId)
    .where("motions.state", "=", "agenda")
    .where("motions.kind", "!=", "composite")
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom("composite_replacements").select("composite_id").whereRef("composite_replacements.replaced_motion_id", "=", "motions.id"))),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("motion_parts")
            .innerJoin("part_votes", "part_votes.part_id", "motion_parts.id")
            .select("motion_parts.id")
            .whereRef("motion_parts.motion_id", "=", "motions.id"),
        ),
      ),
    )
    .orderBy("motions.sort_key")
    .execute();
}

async function lockConference(trx: Transaction<Database>, conferenceId: number) {
  await forUpdate(trx, trx.selectFrom("conferences").select("id").where("id", "=", conferenceId)).executeTakeFirst();
}

/** Every number held in the conference, but for the motion being numbered (its own placeholder is no claim). */
async function takenNumbers(trx: Transaction<Database>, conferenceId: number, exceptMotionId?: number): Promise<string[]> {
  let query = trx.selectFrom("motions").select("number").where("conference_id", "=", conferenceId);
  if (exceptMotionId !== undefined) query = query.where("id", "!=", exceptMotionId);
  return (await query.execute()).map((m) => m.number);
}

async function reindex(trx: Transaction<Database>, motionId: number) {
  const motion = await trx.selectFrom("motions").select(["number", "title", "proposer", "preamble"]).where("id", "=", motionId).executeTakeFirstOrThrow();
  const parts = await trx.selectFrom("motion_parts").select("text").where("motion_id", "=", motionId).orderBy("position").execute();
  await indexMotionText(trx, motionId, [motion.number, motion.title, motion.proposer, motion.preamble, ...parts.map((p) => p.text)].join("\n"));
}

const NOT_WAITING = "That motion is no longer waiting for review: someone may have decided it already. Reload the queue.";

/** A submission of this conference, or null. */
function submission(trx: Transaction<Database>, conferenceId: number, motionId: number) {
  return trx
    .selectFrom("motions")
    .select(["id", "number", "kind", "parent_motion_id", "state", "version"])
    .where("id", "=", motionId)
    .where("conference_id", "=", conferenceId)
    .where("state", "=", "submitted")
    .executeTakeFirst();
}

/** Puts a submission on the agenda under the next free number (a rider takes its motion's number and a letter). */
async function placeOnAgenda(trx: Transaction<Database>, actorUserId: number, conferenceId: number, motion: NonNullable<Awaited<ReturnType<typeof submission>>>) {
  const parent = motion.parent_motion_id
    ? await trx.selectFrom("motions").select(["number", "state"]).where("id", "=", motion.parent_motion_id).executeTakeFirst()
    : undefined;
  const parentNumber = (motion.kind === "rider" || motion.kind === "amendment") && parent?.state === "agenda" ? parent.number : null;
  const number = nextMotionNumber(await takenNumbers(trx, conferenceId, motion.id), parentNumber);
  const now = nowIso();
  await trx
    .updateTable("motions")
    .set({ state: "agenda", number, sort_key: motionSortKey(number), reviewed_at: now, rejection_reason: null, version: motion.version + 1, updated_at: now })
    .where("id", "=", motion.id)
    .execute();
  await reindex(trx, motion.id);
  await recordAudit(trx, { actorUserId, action: "motion.accept", entity: "motion", entityId: motion.id, before: { state: "submitted" }, after: { state: "agenda", number } });
  return number;
}

/** Accepts a submission onto the agenda; its number is assigned now. */
export async function acceptSubmission(db: Kysely<Database>, actorUserId: number, conferenceId: number, motionId: number): Promise<ReviewResult> {
  return writeTransaction(db, async (trx) => {
    await lockConference(trx, conferenceId);
    const motion = await submission(trx, conferenceId, motionId);
    if (!motion) return { ok: false, message: NOT_WAITING };
    const number = await placeOnAgenda(trx, actorUserId, conferenceId, motion);
    return { ok: true, motionId, number };
  });
}

/** Rejects a submission with a reason the proposing LMC reads on its motion's page. */
export async function rejectSubmission(db: Kysely<Database>, actorUserId: number, conferenceId: number, motionId: number, reason: string): Promise<ReviewResult> {
  return writeTransaction(db, async (trx) => {
    const motion = await submission(trx, conferenceId, motionId);
    if (!motion) return { ok: false, message: NOT_WAITING };
    const now = nowIso();
    await trx
      .updateTable("motions")
      .set({ state: "rejected", rejection_reason: reason, reviewed_at: now, version: motion.version + 1, updated_at: now })
      .where("id", "=", motion.id)
      .execute();
    await recordAudit(trx, { actorUserId, action: "motion.reject", entity: "motion", entityId: motion.id, before: { state: "submitted" }, after: { state: "rejected" }, reason });
    return { ok: true, motionId, number: motion.number };
  });
}

/** Rolls the merge back (writeMotion refused the composite after submissions were accepted). */
class CompositeRefused extends Error {}

export interface CompositeInput {
  /** The motions it replaces: submissions (accepted as it is made) or agenda motions with no vote. */
  motionIds: number[];
  title: string;
  proposer: string;
  preamble: string;
  parts: string[];
  sectionId: number | null;
}

/**
 * Merges several motions into a composite that replaces them: submissions among them are
 * accepted first (each gets its number, as printed under the composite), then the composite is
 * added to the agenda under the next number, all in one transaction.
 */
export async function mergeIntoComposite(db: Kysely<Database>, actor: Viewer, conferenceId: number, input: CompositeInput): Promise<ReviewResult> {
  const ids = [...new Set(input.motionIds)];
  if (ids.length < 2) return { ok: false, message: "Choose at least two motions to merge into a composite." };
  return writeTransaction(db, async (trx): Promise<ReviewResult> => {
    await lockConference(trx, conferenceId);
    const chosen = await trx
      .selectFrom("motions")
      .select(["id", "number", "kind", "parent_motion_id", "state", "version"])
      .where("conference_id", "=", conferenceId)
      .where("id", "in", ids)
      .where("state", "in", ["submitted", "agenda"])
      .execute();
    const [replaced, voted] = await Promise.all([
      trx.selectFrom("composite_replacements").select("replaced_motion_id").where("replaced_motion_id", "in", ids).executeTakeFirst(),
      trx.selectFrom("motion_parts").innerJoin("part_votes", "part_votes.part_id", "motion_parts.id").select("motion_parts.motion_id").where("motion_parts.motion_id", "in", ids).executeTakeFirst(),
    ]);
    if (chosen.length !== ids.length || chosen.some((m) => m.kind === "composite") || replaced || voted) {
      return { ok: false, message: "A composite may merge only submissions and agenda motions that have no vote and are not already in a composite. Reload the queue and choose again." };
    }
    for (const motion of chosen.filter((m) => m.state === "submitted")) await placeOnAgenda(trx, actor.id, conferenceId, motion);
    const number = nextMotionNumber(await takenNumbers(trx, conferenceId));
    const saved = await writeMotion(trx, actor.id, conferenceId, {
      number,
      title: input.title,
      proposer: input.proposer,
      proposerLmcId: null,
      seconder: null,
      kind: "composite",
      parentId: null,
      replacedIds: ids,
      marking: "debate",
      sectionId: input.sectionId,
      preamble: input.preamble,
      state: "agenda",
      parts: input.parts.map((text) => ({ text })),
    });
    if (!saved.ok) throw new CompositeRefused(saved.message);
    for (const id of ids) {
      await recordAudit(trx, { actorUserId: actor.id, action: "motion.merge", entity: "motion", entityId: id, after: { composite_id: saved.id, composite_number: number } });
    }
    return { ok: true, motionId: saved.id, number };
  }).catch((error: unknown): ReviewResult => {
    if (error instanceof CompositeRefused) return { ok: false, message: error.message };
    throw error;
  });
}
