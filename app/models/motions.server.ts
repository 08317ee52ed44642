// Motions, their ordered parts and clause links, and the agenda as readers see it.
import type { Kysely } from "kysely";
import type { AgendaMarking, ClauseIntent, Database, MotionKind, MotionState } from "../../db/types";
import { indexMotionText, searchMotionIds } from "../../db/dialect";
import type { Viewer } from "../domain/conference-access";
import { MOTION_NUMBER, motionSortKey, romanLabel } from "../domain/motion-numbers";
import { MOTION_STATE_LABELS } from "../domain/motion-states";
import { deriveMotionResult, percentages, type MotionResult, type Outcome } from "../domain/vote-outcome";
import { nowIso } from "../utils/time";
import { recordAudit } from "./audit.server";
import { CLAUSES, conferenceKey, readCacheVersions } from "./cache-versions.server";
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

/** Map.groupBy arrived in Node 21; this project runs on Node 20. */
function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

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

export interface AgendaFilters {
  /** Who is reading: the list holds only the motions they may see (canSeeMotion). */
  viewer: Viewer | null;
  /** Narrows further to these states (exports take only the agenda). */
  states?: MotionState[];
  outcome?: string;
  proposer?: string;
  sectionId?: number;
  clauseId?: number;
  q?: string;
}

/** The whole agenda of a conference as the viewer may see it, in four queries whatever its size. */
export async function loadAgenda(db: Kysely<Database>, conferenceId: number, filters: AgendaFilters) {
  let motionsQuery = db
    .selectFrom("motions")
    .innerJoin("conferences", "conferences.id", "motions.conference_id")
    .innerJoin("bodies", "bodies.id", "conferences.body_id")
    // A section of another conference is no section here: the motion lists under "Other motions".
    .leftJoin("agenda_sections", (join) =>
      join.onRef("agenda_sections.id", "=", "motions.section_id").onRef("agenda_sections.conference_id", "=", "motions.conference_id"),
    )
    .select([
      "motions.id",
      "motions.number",
      "motions.title",
      "motions.proposer",
      "motions.proposer_lmc_id",
      "motions.seconder",
      "motions.kind",
      "motions.marking",
      "motions.preamble",
      "agenda_sections.id as section_id",
      "motions.parent_motion_id",
      "motions.group_lead_id",
      "motions.state",
      "motions.sort_key",
    ])
    .where("motions.conference_id", "=", conferenceId)
    .where(visibleMotionFilter(filters.viewer))
    .orderBy("motions.sort_key");
  if (filters.states) motionsQuery = motionsQuery.where("motions.state", "in", filters.states);
  if (filters.sectionId) motionsQuery = motionsQuery.where("motions.section_id", "=", filters.sectionId);
  if (filters.proposer) motionsQuery = motionsQuery.where("motions.proposer", "=", filters.proposer);
  if (filters.q) {
    const ids = await searchMotionIds(db, filters.q);
    if (ids.length === 0) return [];
    motionsQuery = motionsQuery.where("motions.id", "in", ids);
  }
  if (filters.clauseId) {
    motionsQuery = motionsQuery.where("motions.id", "in", (eb) =>
      eb.selectFrom("motion_parts").innerJoin("part_clause_links", "part_clause_links.part_id", "motion_parts.id").select("motion_parts.motion_id").where("part_clause_links.clause_id", "=", filters.clauseId!),
    );
  }
  const result = await withPartsAndResult(db, await motionsQuery.execute());
  return filters.outcome ? result.filter((m) => m.result.result === filters.outcome || m.parts.some((p) => p.outcome === filters.outcome)) : result;
}

/** Adds each motion's parts (with votes and clause links) and derived result, in two queries. */
/**
 * A motion's result as readers see it: derived from its parts' outcomes once it is on the agenda;
 * before that, where it stands (Draft, Submitted, Rejected), never "Awaiting vote".
 */
function resultOf(state: MotionState, outcomes: (Outcome | null)[]): { result: MotionResult | Exclude<MotionState, "agenda">; label: string } {
  return state === "agenda" ? deriveMotionResult(outcomes) : { result: state, label: MOTION_STATE_LABELS[state] };
}

async function withPartsAndResult<M extends { id: number; state: MotionState }>(db: Kysely<Database>, motions: M[]) {
  if (motions.length === 0) return [];
  const ids = motions.map((m) => m.id);
  const [parts, links] = await Promise.all([
    db
      .selectFrom("motion_parts")
      .leftJoin("part_votes", "part_votes.part_id", "motion_parts.id")
      .select([
        "motion_parts.id",
        "motion_parts.motion_id",
        "motion_parts.label",
        "motion_parts.text",
        "part_votes.method",
        "part_votes.majority",
        "part_votes.votes_for",
        "part_votes.votes_against",
        "part_votes.votes_abstain",
        "part_votes.outcome",
      ])
      .where("motion_parts.motion_id", "in", ids)
      .orderBy("motion_parts.motion_id")
      .orderBy("motion_parts.position")
      .execute(),
    db
      .selectFrom("part_clause_links")
      .innerJoin("motion_parts", "motion_parts.id", "part_clause_links.part_id")
      .innerJoin("clauses", "clauses.id", "part_clause_links.clause_id")
      .select(["part_clause_links.part_id", "part_clause_links.intent", "clauses.id as clause_id", "clauses.reference", "clauses.title"])
      .where("motion_parts.motion_id", "in", ids)
      .execute(),
  ]);
  const linksByPart = groupBy(links, (l) => l.part_id);
  const partsByMotion = groupBy(
    parts.map((p) => ({
      ...p,
      outcome: p.outcome as Outcome | null,
      percentages: percentages({ for: p.votes_for, against: p.votes_against, abstain: p.votes_abstain }),
      clauses: linksByPart.get(p.id) ?? [],
    })),
    (p) => p.motion_id,
  );
  return motions.map((m) => {
    const motionParts = partsByMotion.get(m.id) ?? [];
    return { ...m, parts: motionParts, result: resultOf(m.state, motionParts.map((p) => p.outcome)) };
  });
}

export type AgendaMotion = Awaited<ReturnType<typeof loadAgenda>>[number];

const agendaMemo = new Map<string, { version: string; motions: AgendaMotion[] }>();

/**
 * loadAgenda, remembered until its conference or the clause register changes, so readers of
 * a large agenda do not each rebuild it. Readers share an entry only when the visibility rule
 * treats them alike (same role and LMC). Callers must not mutate what it returns.
 */
export async function loadAgendaCached(db: Kysely<Database>, conferenceId: number, filters: AgendaFilters): Promise<AgendaMotion[]> {
  const { viewer, ...rest } = filters;
  const key = JSON.stringify([conferenceId, viewer ? [viewer.role, viewer.lmcId] : null, rest]);
  const version = await readCacheVersions(db, [conferenceKey(conferenceId), CLAUSES]);
  const hit = agendaMemo.get(key);
  if (hit && hit.version === version) return hit.motions;
  const motions = await loadAgenda(db, conferenceId, filters);
  agendaMemo.delete(key);
  agendaMemo.set(key, { version, motions });
  if (agendaMemo.size > 30) agendaMemo.delete(agendaMemo.keys().next().value!);
  return motions;
}

/** One motion with everything its page shows, or null when the viewer may not see it. */
export async function getMotion(db: Kysely<Database>, viewer: Viewer | null, id: number) {
  const motion = await db
    .selectFrom("motions")
    .innerJoin("conferences", "conferences.id", "motions.conference_id")
    .innerJoin("bodies", "bodies.id", "conferences.body_id")
    // Only a section of the motion's own conference has a title to show.
    .leftJoin("agenda_sections", (join) =>
      join.onRef("agenda_sections.id", "=", "motions.section_id").onRef("agenda_sections.conference_id", "=", "motions.conference_id"),
    )
    .selectAll("motions")
    .select([
      "conferences.title as conference_title",
      "conferences.status as conference_status",
      "conferences.submission_deadline",
      "bodies.kind as body_kind",
      "bodies.lmc_id as body_lmc_id",
      "agenda_sections.title as section_title",
    ])
    .where("motions.id", "=", id)
    .where(visibleMotionFilter(viewer))
    .executeTakeFirst();
  if (!motion) return null;
  // Linked motions are shown only where the viewer may see them too.
  const linked = () =>
    db
      .selectFrom("motions")
      .innerJoin("conferences", "conferences.id", "motions.conference_id")
      .innerJoin("bodies", "bodies.id", "conferences.body_id")
      .select(["motions.id", "motions.number"])
      .where(visibleMotionFilter(viewer));
  const [[withParts], parent, replaces, resolutions, partVersions] = await Promise.all([
    withPartsAndResult(db, [{ id: motion.id, state: motion.state }]),
    motion.parent_motion_id ? linked().where("motions.id", "=", motion.parent_motion_id).executeTakeFirst() : undefined,
    linked()
      .innerJoin("composite_replacements", "composite_replacements.replaced_motion_id", "motions.id")
      .where("composite_replacements.composite_id", "=", id)
      .orderBy("motions.sort_key")
      .execute(),
    // Resolutions come only from motions on the agenda.
    motion.state === "agenda"
      ? db
          .selectFrom("resolutions")
          .innerJoin("motion_parts", "motion_parts.id", "resolutions.part_id")
          .select(["resolutions.id", "resolutions.part_id", "resolutions.status", "motion_parts.label"])
          .where("motion_parts.motion_id", "=", id)
          .orderBy("motion_parts.position")
          .execute()
      : [],
    db
      .selectFrom("part_votes")
      .innerJoin("motion_parts", "motion_parts.id", "part_votes.part_id")
      .select(["part_votes.part_id", "part_votes.version", "part_votes.recorded_at"])
      .where("motion_parts.motion_id", "=", id)
      .execute(),
  ]);
  return {
    motion: { ...motion, parent_number: parent?.number ?? null, parent_motion_id: parent?.id ?? null },
    parts: withParts?.parts ?? [],
    result: withParts?.result ?? resultOf(motion.state, []),
    replaces,
    resolutions,
    voteVersions: new Map(partVersions.map((v) => [v.part_id, v.version])),
    facts: {
      status: motion.conference_status,
      bodyKind: motion.body_kind,
      bodyLmcId: motion.body_lmc_id,
      submissionDeadline: motion.submission_deadline,
      state: motion.state,
      proposerLmcId: motion.proposer_lmc_id,
    },
  };
}

/** Proposers of the motions this viewer may see in a conference, for the filter. */
export async function listProposers(db: Kysely<Database>, viewer: Viewer | null, conferenceId: number) {
  const rows = await db
    .selectFrom("motions")
    .innerJoin("conferences", "conferences.id", "motions.conference_id")
    .innerJoin("bodies", "bodies.id", "conferences.body_id")
    .select("motions.proposer")
    .distinct()
    .where("motions.conference_id", "=", conferenceId)
    .where(visibleMotionFilter(viewer))
    .orderBy("motions.proposer")
    .execute();
  return rows.map((r) => r.proposer);
}

/** Motions the viewer may see, in any conference, that match the words; best match first. */
export async function searchVisibleMotions(db: Kysely<Database>, viewer: Viewer | null, query: string) {
  const ids = await searchMotionIds(db, query, 200);
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom("motions")
    .innerJoin("conferences", "conferences.id", "motions.conference_id")
    .innerJoin("bodies", "bodies.id", "conferences.body_id")
    .select(["motions.id", "motions.number", "motions.state", "motions.title", "motions.proposer", "conferences.id as conference_id", "conferences.title as conference_title"])
    .where("motions.id", "in", ids)
    .where(visibleMotionFilter(viewer))
    .execute();
  const rank = new Map(ids.map((id, i) => [id, i]));
  return rows.sort((a, b) => rank.get(a.id)! - rank.get(b.id)!);
}
