// Motions, their ordered parts and clause links, and the agenda as readers see it.
import type { Kysely } from "kysely";
import type { AgendaMarking, ClauseIntent, Database, MotionKind, MotionState } from "../../db/types";
import { indexMotionText, searchMotionIds } from "../../db/dialect";
import { motionSortKey, romanLabel } from "../domain/motion-numbers";
import { deriveMotionResult, percentages, type Outcome } from "../domain/vote-outcome";
import { nowIso } from "../utils/time";
import { currentChangeVersion, recordAudit } from "./audit.server";

export interface MotionDraft {
  number: string;
  title: string;
  proposer: string;
  proposerLmcId: number | null;
  seconder: string | null;
  kind: MotionKind;
  parentNumber: string | null;
  replaces: string[];
  marking: AgendaMarking;
  sectionId: number | null;
  groupLeadNumber?: string | null;
  preamble: string;
  state: MotionState;
  parts: { text: string; clauseId?: number; intent?: ClauseIntent }[];
}

export type SaveMotionResult =
  | { ok: true; id: number }
  | { ok: false; field: "number" | "parentNumber" | "replaces" | "version" | "form"; message: string };

/**
 * Creates or replaces a motion with its parts and clause links, in one transaction, audited.
 * `expectedVersion` guards against two people saving the same motion at once. Parts that
 * already carry votes keep their ids (matched by label) so no vote is orphaned.
 */
export async function saveMotion(
  db: Kysely<Database>,
  actorUserId: number | null,
  conferenceId: number,
  draft: MotionDraft,
  options: { motionId?: number; expectedVersion?: number } = {},
): Promise<SaveMotionResult> {
  try {
    return await db.transaction().execute((trx) => writeMotion(trx, actorUserId, conferenceId, draft, options));
  } catch (error) {
    if (error instanceof PartHasVoteError) {
      return { ok: false, field: "form", message: "A part that has a recorded vote cannot be removed." };
    }
    throw error;
  }
}

/** The body of saveMotion, for callers that already hold a transaction (imports). */
export async function writeMotion(
  trx: Kysely<Database>,
  actorUserId: number | null,
  conferenceId: number,
  draft: MotionDraft,
  options: { motionId?: number; expectedVersion?: number } = {},
): Promise<SaveMotionResult> {
  const clash = await trx
    .selectFrom("motions")
    .select("id")
    .where("conference_id", "=", conferenceId)
    .where("number", "=", draft.number)
    .executeTakeFirst();
  if (clash && clash.id !== options.motionId) {
    return { ok: false, field: "number", message: `Motion ${draft.number} already exists in this conference` };
  }
  const byNumber = async (n: string) =>
    trx.selectFrom("motions").select("id").where("conference_id", "=", conferenceId).where("number", "=", n.toLowerCase()).executeTakeFirst();
  let parentId: number | null = null;
  if (draft.parentNumber) {
    const parent = await byNumber(draft.parentNumber);
    if (!parent) return { ok: false, field: "parentNumber", message: `There is no motion ${draft.parentNumber} to attach to` };
    parentId = parent.id;
  }
  const replacedIds: number[] = [];
  for (const n of draft.replaces) {
    const replaced = await byNumber(n);
    if (!replaced) return { ok: false, field: "replaces", message: `There is no motion ${n} for the composite to replace` };
    replacedIds.push(replaced.id);
  }
  const groupLead = draft.groupLeadNumber ? await byNumber(draft.groupLeadNumber) : undefined;
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
    parent_motion_id: parentId,
    group_lead_id: groupLead?.id ?? null,
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
    await trx
      .updateTable("motions")
      .set({ ...values, version: current.version + 1, updated_at: now })
      .where("id", "=", current.id)
      .execute();
    motionId = current.id;
  } else {
    const inserted = await trx
      .insertInto("motions")
      .values({ ...values, created_by: actorUserId, created_at: now, updated_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    motionId = inserted.id;
  }

  await trx.deleteFrom("composite_replacements").where("composite_id", "=", motionId).execute();
  for (const replaced of replacedIds) {
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

  await indexMotionText(trx, motionId, [draft.number, draft.title, draft.proposer, draft.preamble, ...texts.map((p) => p.text)].join("\n"));
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

export async function setMotionState(db: Kysely<Database>, actorUserId: number, motionId: number, state: MotionState) {
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("motions").select(["state"]).where("id", "=", motionId).executeTakeFirstOrThrow();
    await trx.updateTable("motions").set({ state, updated_at: nowIso() }).where("id", "=", motionId).execute();
    const action = state === "submitted" ? "motion.submit" : state === "agenda" ? "motion.accept" : "motion.set_state";
    await recordAudit(trx, { actorUserId, action, entity: "motion", entityId: motionId, before, after: { state } });
  });
}

export interface AgendaFilters {
  outcome?: string;
  proposer?: string;
  sectionId?: number;
  clauseId?: number;
  q?: string;
  /** Which motion states to include: the public sees only the agenda. */
  states: MotionState[];
  /** For a secretary: also their own LMC's drafts. */
  draftsOfLmc?: number | null;
  /** Only these motions (a motion page reads one). */
  motionIds?: number[];
}

/** The whole agenda of a conference in four queries, whatever its size. */
export async function loadAgenda(db: Kysely<Database>, conferenceId: number, filters: AgendaFilters) {
  let motionsQuery = db
    .selectFrom("motions")
    .select([
      "id",
      "number",
      "title",
      "proposer",
      "proposer_lmc_id",
      "seconder",
      "kind",
      "marking",
      "preamble",
      "section_id",
      "parent_motion_id",
      "group_lead_id",
      "state",
      "sort_key",
    ])
    .where("conference_id", "=", conferenceId)
    .where((eb) => {
      const ors = [eb("state", "in", filters.states)];
      if (filters.draftsOfLmc) ors.push(eb.and([eb("state", "in", ["draft", "submitted"]), eb("proposer_lmc_id", "=", filters.draftsOfLmc)]));
      return eb.or(ors);
    })
    .orderBy("sort_key");
  if (filters.motionIds) motionsQuery = motionsQuery.where("id", "in", filters.motionIds.length ? filters.motionIds : [0]);
  if (filters.sectionId) motionsQuery = motionsQuery.where("section_id", "=", filters.sectionId);
  if (filters.proposer) motionsQuery = motionsQuery.where("proposer", "=", filters.proposer);
  if (filters.q) {
    const ids = await searchMotionIds(db, filters.q);
    if (ids.length === 0) return [];
    motionsQuery = motionsQuery.where("id", "in", ids);
  }
  if (filters.clauseId) {
    motionsQuery = motionsQuery.where("id", "in", (eb) =>
      eb.selectFrom("motion_parts").innerJoin("part_clause_links", "part_clause_links.part_id", "motion_parts.id").select("motion_parts.motion_id").where("part_clause_links.clause_id", "=", filters.clauseId!),
    );
  }
  const motions = await motionsQuery.execute();
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
  const result = motions.map((m) => {
    const motionParts = partsByMotion.get(m.id) ?? [];
    return { ...m, parts: motionParts, result: deriveMotionResult(motionParts.map((p) => p.outcome)) };
  });
  return filters.outcome ? result.filter((m) => m.result.result === filters.outcome || m.parts.some((p) => p.outcome === filters.outcome)) : result;
}

export type AgendaMotion = Awaited<ReturnType<typeof loadAgenda>>[number];

const agendaMemo = new Map<string, { version: number; motions: AgendaMotion[] }>();

/**
 * loadAgenda, remembered until anything changes (the audit change counter moves), so readers of
 * a large agenda do not each rebuild it. Callers must not mutate what it returns.
 */
export async function loadAgendaCached(db: Kysely<Database>, conferenceId: number, filters: AgendaFilters): Promise<AgendaMotion[]> {
  const key = JSON.stringify([conferenceId, filters]);
  const version = await currentChangeVersion(db);
  const hit = agendaMemo.get(key);
  if (hit && hit.version === version) return hit.motions;
  const motions = await loadAgenda(db, conferenceId, filters);
  agendaMemo.delete(key);
  agendaMemo.set(key, { version, motions });
  if (agendaMemo.size > 30) agendaMemo.delete(agendaMemo.keys().next().value!);
  return motions;
}

export async function getMotion(db: Kysely<Database>, id: number) {
  const motion = await db
    .selectFrom("motions")
    .innerJoin("conferences", "conferences.id", "motions.conference_id")
    .innerJoin("bodies", "bodies.id", "conferences.body_id")
    .leftJoin("agenda_sections", "agenda_sections.id", "motions.section_id")
    .leftJoin("motions as parent", "parent.id", "motions.parent_motion_id")
    .selectAll("motions")
    .select([
      "conferences.title as conference_title",
      "conferences.status as conference_status",
      "conferences.submission_deadline",
      "bodies.kind as body_kind",
      "bodies.lmc_id as body_lmc_id",
      "agenda_sections.title as section_title",
      "parent.number as parent_number",
    ])
    .where("motions.id", "=", id)
    .executeTakeFirst();
  if (!motion) return null;
  const [agenda, replaces, resolutions] = await Promise.all([
    loadAgenda(db, motion.conference_id, { states: [motion.state], motionIds: [id] }).then((found) => found[0]),
    db
      .selectFrom("composite_replacements")
      .innerJoin("motions", "motions.id", "composite_replacements.replaced_motion_id")
      .select(["motions.id", "motions.number"])
      .where("composite_replacements.composite_id", "=", id)
      .orderBy("motions.sort_key")
      .execute(),
    db
      .selectFrom("resolutions")
      .innerJoin("motion_parts", "motion_parts.id", "resolutions.part_id")
      .select(["resolutions.id", "resolutions.part_id", "resolutions.status", "motion_parts.label"])
      .where("motion_parts.motion_id", "=", id)
      .execute(),
  ]);
  const partVersions = await db
    .selectFrom("part_votes")
    .innerJoin("motion_parts", "motion_parts.id", "part_votes.part_id")
    .select(["part_votes.part_id", "part_votes.version", "part_votes.recorded_at"])
    .where("motion_parts.motion_id", "=", id)
    .execute();
  return {
    motion,
    parts: agenda?.parts ?? [],
    result: agenda?.result ?? deriveMotionResult([]),
    replaces,
    resolutions,
    voteVersions: new Map(partVersions.map((v) => [v.part_id, v.version])),
    facts: {
      status: motion.conference_status,
      bodyKind: motion.body_kind,
      bodyLmcId: motion.body_lmc_id,
      submissionDeadline: motion.submission_deadline,
    },
  };
}

export async function listProposers(db: Kysely<Database>, conferenceId: number) {
  const rows = await db.selectFrom("motions").select("proposer").distinct().where("conference_id", "=", conferenceId).where("state", "=", "agenda").orderBy("proposer").execute();
  return rows.map((r) => r.proposer);
}

/** Motions on any of these conferences' agendas that match the words, best match first. */
export async function searchAgendaMotions(db: Kysely<Database>, query: string, conferenceIds: number[]) {
  if (conferenceIds.length === 0) return [];
  const ids = await searchMotionIds(db, query, 200);
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom("motions")
    .innerJoin("conferences", "conferences.id", "motions.conference_id")
    .select(["motions.id", "motions.number", "motions.title", "motions.proposer", "conferences.id as conference_id", "conferences.title as conference_title"])
    .where("motions.id", "in", ids)
    .where("motions.state", "=", "agenda")
    .where("motions.conference_id", "in", conferenceIds)
    .execute();
  const rank = new Map(ids.map((id, i) => [id, i]));
  return rows.sort((a, b) => rank.get(a.id)! - rank.get(b.id)!);
}
