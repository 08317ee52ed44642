// Writing motions: saving a motion with its ordered parts and clause links, and submitting a draft.
// Reading them (the agenda, one motion, search) is in agenda.server.ts.
import type { Kysely } from "kysely";
import type { AgendaMarking, ClauseIntent, Database, MotionKind, MotionState } from "../../db/types";
import { indexMotionText } from "../../db/dialect";
import type { Viewer } from "../domain/conference-access";
import { MOTION_NUMBER, motionSortKey, romanLabel } from "../domain/motion-numbers";
import { nowIso } from "../utils/time";
import { recordAudit } from "./audit.server";
import { visibleMotionFilter } from "./visibility.server";

export interface MotionDraft {
  number: string;
  title: string;
  proposer: string;
  proposerLmcId: number | null;
  seconder: string | null;
  kind: MotionKind;
  /** The motion a rider or amendment attaches to, by number. */
  parentNumber: string | null;
  /** The motions a composite replaces, by number. */
  replaces: string[];
  marking: AgendaMarking;
  sectionId: number | null;
  preamble: string;
  state: MotionState;
  parts: { text: string; clauseId?: number; intent?: ClauseIntent }[];
}

/** A draft whose references to other motions are already resolved to ids of the same conference. */
export type MotionRecord = Omit<MotionDraft, "parentNumber" | "replaces"> & { parentId: number | null; replacedIds: number[] };

type MotionField = "number" | "parentNumber" | "replaces" | "sectionId" | `parts[${number}].clauseId` | "version" | "form";
type SaveRefused = { ok: false; field: MotionField; message: string };
export type SaveMotionResult = { ok: true; id: number } | SaveRefused;

/**
 * Creates or replaces a motion with its parts and clause links, in one transaction, audited.
 * The motions it names (parent, replaced) must be in the same conference and visible to
 * `actor` (null: the system, which reaches what the public sees). `expectedVersion` guards
 * against two people saving the same motion at once. Parts that already carry votes keep
 * their ids (matched by label) so no vote is orphaned.
 */
export async function saveMotion(
  db: Kysely<Database>,
  actor: Viewer | null,
  conferenceId: number,
  draft: MotionDraft,
  options: { motionId?: number; expectedVersion?: number } = {},
): Promise<SaveMotionResult> {
  try {
    return await db.transaction().execute(async (trx) => {
      const references = await resolveReferences(trx, actor, conferenceId, draft, options.motionId);
      if (!references.ok) return references;
      const { parentNumber: _parent, replaces: _replaces, ...rest } = draft;
      return writeMotion(trx, actor?.id ?? null, conferenceId, { ...rest, ...references.ids }, options);
    });
  } catch (error) {
    if (error instanceof PartHasVoteError) {
      return { ok: false, field: "form", message: "A part that has a recorded vote cannot be removed." };
    }
    throw error;
  }
}

/**
 * Riders, amendments and composites may name only motions of the same conference that the
 * actor may see: a secretary cannot attach to, or learn of, another LMC's draft. A motion that
 * exists but is hidden gets the same answer as one that does not exist.
 */
async function resolveReferences(
  trx: Kysely<Database>,
  actor: Viewer | null,
  conferenceId: number,
  draft: Pick<MotionDraft, "parentNumber" | "replaces">,
  motionId: number | undefined,
): Promise<{ ok: true; ids: { parentId: number | null; replacedIds: number[] } } | SaveRefused> {
  const reachable = async (number: string) => {
    const found = await trx
      .selectFrom("motions")
      .innerJoin("conferences", "conferences.id", "motions.conference_id")
      .innerJoin("bodies", "bodies.id", "conferences.body_id")
      .select("motions.id")
      .where("motions.conference_id", "=", conferenceId)
      .where("motions.number", "=", number.toLowerCase())
      .where(visibleMotionFilter(actor))
      .executeTakeFirst();
    return found && found.id !== motionId ? found.id : null;
  };
  let parentId: number | null = null;
  if (draft.parentNumber) {
    parentId = await reachable(draft.parentNumber);
    if (!parentId) return { ok: false, field: "parentNumber", message: `There is no motion ${draft.parentNumber} in this conference to attach to` };
  }
  const replacedIds: number[] = [];
  for (const number of draft.replaces) {
    const id = await reachable(number);
    if (!id) return { ok: false, field: "replaces", message: `There is no motion ${number} in this conference for the composite to replace` };
    replacedIds.push(id);
  }
  return { ok: true, ids: { parentId, replacedIds } };
}

/**
 * The body of saveMotion, for callers that already hold a transaction (imports). The parent
 * and replaced ids must already be motions of this conference; the section and clauses are
 * checked here.
 */
export async function writeMotion(
  trx: Kysely<Database>,
  actorUserId: number | null,
  conferenceId: number,
  draft: MotionRecord,
  /** keepClauseLinks: leave the parts' clause links as they are (an agenda re-import has none to give). */
  options: { motionId?: number; expectedVersion?: number; keepClauseLinks?: boolean } = {},
): Promise<SaveMotionResult> {
  // Only runners choose numbers: an LMC's draft carries a placeholder until the agenda committee
  // accepts it (models/review.server.ts). A taken number gets the same words whoever's motion
  // holds it, so nobody learns from the refusal what else is in the conference.
  const clash = await trx
    .selectFrom("motions")
    .select("id")
    .where("conference_id", "=", conferenceId)
    .where("number", "=", draft.number)
    .executeTakeFirst();
  if (clash && clash.id !== options.motionId) {
    return { ok: false, field: "number", message: `Number ${draft.number} is already taken in this conference. Choose another.` };
  }
  if (draft.sectionId !== null) {
    const section = await trx
      .selectFrom("agenda_sections")
      .select("id")
      .where("id", "=", draft.sectionId)
      .where("conference_id", "=", conferenceId)
      .executeTakeFirst();
    if (!section) return { ok: false, field: "sectionId", message: "Choose a section of this conference's agenda" };
  }
  const clauseIds = draft.parts.flatMap((p) => (p.clauseId ? [p.clauseId] : []));
  if (clauseIds.length) {
    const known = new Set((await trx.selectFrom("clauses").select("id").where("id", "in", clauseIds).execute()).map((c) => c.id));
    const index = draft.parts.findIndex((p) => p.clauseId && !known.has(p.clauseId));
    if (index >= 0) return { ok: false, field: `parts[${index}].clauseId`, message: "Choose a clause from the register" };
  }
  const now = nowIso();
  const values = {
    conference_id: conferenceId,
    section_id: draft.sectionId,
    number: draft.number,
    sort_key: motionSortKey(draft.number),
    title: draft.title,
    proposer: draft.proposer,
    proposer_lmc_id: draft.proposerLmcId,
    seconder: draft.seconder,
    kind: draft.kind,
    parent_motion_id: draft.parentId,
    marking: draft.marking,
    preamble: draft.preamble,
    state: draft.state,
  };
  let motionId: number;
  let before: unknown;
  if (options.motionId) {
    const current = await trx.selectFrom("motions").selectAll().where("id", "=", options.motionId).executeTakeFirst();
    if (!current) return { ok: false, field: "form", message: "That motion no longer exists" };
    if (options.expectedVersion !== undefined && current.version !== options.expectedVersion) {
      return { ok: false, field: "version", message: "Someone else saved this motion while you were editing. Reload it, then make your change again." };
    }
    before = { ...current, parts: await partsOf(trx, current.id) };
    // The group lead is set by the agenda import and is not on the form, so an edit keeps it.
    await trx
      .updateTable("motions")
      .set({ ...values, version: current.version + 1, updated_at: now })
      .where("id", "=", current.id)
      .execute();
    motionId = current.id;
  } else {
    const inserted = await trx
      .insertInto("motions")
      .values({ ...values, group_lead_id: null, created_by: actorUserId, created_at: now, updated_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    motionId = inserted.id;
  }

  await trx.deleteFrom("composite_replacements").where("composite_id", "=", motionId).execute();
  for (const replaced of draft.replacedIds) {
    await trx.insertInto("composite_replacements").values({ composite_id: motionId, replaced_motion_id: replaced }).execute();
  }

  const existingParts = await trx.selectFrom("motion_parts").select(["id", "label"]).where("motion_id", "=", motionId).execute();
  const keep = new Map(existingParts.map((p) => [p.label, p.id]));
  const texts = draft.parts.filter((p) => p.text.trim());
  const usedIds: number[] = [];
  for (const [index, part] of texts.entries()) {
    const label = romanLabel(index + 1);
    let partId = keep.get(label);
    if (partId) {
      await trx.updateTable("motion_parts").set({ position: index + 1, text: part.text }).where("id", "=", partId).execute();
    } else {
      partId = (
        await trx
          .insertInto("motion_parts")
          .values({ motion_id: motionId, label, position: index + 1, text: part.text })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
    }
    usedIds.push(partId);
    if (options.keepClauseLinks) continue;
    await trx.deleteFrom("part_clause_links").where("part_id", "=", partId).execute();
    if (part.clauseId && part.intent) {
      await trx.insertInto("part_clause_links").values({ part_id: partId, clause_id: part.clauseId, intent: part.intent }).execute();
    }
  }
  const dropped = existingParts.filter((p) => !usedIds.includes(p.id)).map((p) => p.id);
  if (dropped.length) {
    const voted = await trx.selectFrom("part_votes").select("part_id").where("part_id", "in", dropped).executeTakeFirst();
    if (voted) throw new PartHasVoteError();
    await trx.deleteFrom("part_clause_links").where("part_id", "in", dropped).execute();
    await trx.deleteFrom("motion_parts").where("id", "in", dropped).execute();
  }

  // A draft's placeholder number is nobody's business, and no reader searches for it.
  const searchable = MOTION_NUMBER.test(draft.number) ? [draft.number] : [];
  await indexMotionText(trx, motionId, [...searchable, draft.title, draft.proposer, draft.preamble, ...texts.map((p) => p.text)].join("\n"));
  await recordAudit(trx, {
    actorUserId,
    action: options.motionId ? "motion.update" : "motion.create",
    entity: "motion",
    entityId: motionId,
    before,
    after: { ...values, parts: texts },
  });
  return { ok: true, id: motionId };
}

class PartHasVoteError extends Error {}

function partsOf(db: Kysely<Database>, motionId: number) {
  return db.selectFrom("motion_parts").select(["label", "text"]).where("motion_id", "=", motionId).orderBy("position").execute();
}

/** An LMC's draft goes to the agenda committee; it gets a number only when accepted (models/review.server.ts). */
export async function submitMotion(db: Kysely<Database>, actorUserId: number, motionId: number) {
  await db.transaction().execute(async (trx) => {
    const updated = await trx.updateTable("motions").set({ state: "submitted", updated_at: nowIso() }).where("id", "=", motionId).where("state", "=", "draft").executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return;
    await recordAudit(trx, { actorUserId, action: "motion.submit", entity: "motion", entityId: motionId, before: { state: "draft" }, after: { state: "submitted" } });
  });
}
