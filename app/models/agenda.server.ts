// Reading motions: the agenda of a conference as a reader may see it (remembered per conference
// version), one motion with its parts, votes and links, the proposers filter and search.
// Writing them is in motions.server.ts.
import type { Kysely } from "kysely";
import type { Database, MotionState } from "../../db/types";
import { searchMotionIds } from "../../db/dialect";
import type { Viewer } from "../domain/conference-access";
import { MOTION_STATE_LABELS } from "../domain/motion-states";
import { deriveMotionResult, percentages, type MotionResult, type Outcome } from "../domain/vote-outcome";
import { CLAUSES, conferenceKey, readCacheVersions } from "./cache-versions.server";
import { visibleMotionFilter } from "./visibility.server";

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

const agendaMemo = new Map<string, { version: string; value: AgendaMotion[] }>();

/**
 * loadAgenda, remembered until its conference or the clause register changes, so readers of
 * a large agenda do not each rebuild it. Readers share an entry only when the visibility rule
 * treats them alike (same role and LMC). Callers must not mutate what it returns.
 */
export async function loadAgendaCached(db: Kysely<Database>, conferenceId: number, filters: AgendaFilters): Promise<AgendaMotion[]> {
  const { viewer, ...rest } = filters;
  const key = JSON.stringify([conferenceId, viewer ? [viewer.role, viewer.lmcId] : null, rest]);
  const version = await readCacheVersions(db, [conferenceKey(conferenceId), CLAUSES]);
  return remember(agendaMemo, key, version, () => loadAgenda(db, conferenceId, filters));
}

async function remember<T>(memo: Map<string, { version: string; value: T }>, key: string, version: string, load: () => Promise<T>): Promise<T> {
  const hit = memo.get(key);
  if (hit && hit.version === version) return hit.value;
  const value = await load();
  memo.delete(key);
  memo.set(key, { version, value });
  if (memo.size > 30) memo.delete(memo.keys().next().value!);
  return value;
}

const proposersMemo = new Map<string, { version: string; value: string[] }>();

/** listProposers, remembered as the agenda is (a distinct over the conference's motions on every page otherwise). */
export async function listProposersCached(db: Kysely<Database>, viewer: Viewer | null, conferenceId: number): Promise<string[]> {
  const key = JSON.stringify([conferenceId, viewer ? [viewer.role, viewer.lmcId] : null]);
  const version = await readCacheVersions(db, [conferenceKey(conferenceId)]);
  return remember(proposersMemo, key, version, () => listProposers(db, viewer, conferenceId));
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
