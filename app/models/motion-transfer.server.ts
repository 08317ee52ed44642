// Getting motions in and out: the plain-text agenda import, and the motions CSV/JSON
// export with its CSV import (round trip). Imports are all-or-nothing.
import type { Kysely } from "kysely";
import type { Database } from "../../db/types";
import { planAgendaImport, type AgendaImportPlan, type PlannedMotion, type StoredMotion } from "../domain/agenda-import-plan";
import type { ParsedAgenda } from "../domain/agenda-parser";
import type { Viewer } from "../domain/conference-access";
import { formatClauseRef, type ImportedMotion, type MotionRow } from "../domain/motion-csv";
import { checkOutcome } from "../domain/vote-outcome";
import { recordAudit } from "./audit.server";
import { listSections, sectionIdFor } from "./conferences.server";
import { loadAgenda } from "./agenda.server";
import { writeMotion, type MotionRecord } from "./motions.server";
import { writePartVote } from "./votes.server";

export class ImportRejected extends Error {
  constructor(public problems: { line: number; message: string }[]) {
    super(problems.map((p) => `line ${p.line}: ${p.message}`).join("\n"));
  }
}

/** A motion of the conference as the import plan compares it, with what an update must keep. */
type TargetMotion = StoredMotion & { proposerLmcId: number | null; seconder: string | null };

/** The conference's motions (every state: numbers are unique across them) and section titles. */
async function loadImportTarget(db: Kysely<Database>, conferenceId: number): Promise<{ stored: TargetMotion[]; sections: string[] }> {
  const [motions, parts, replaced, sections] = await Promise.all([
    db
      .selectFrom("motions")
      .leftJoin("agenda_sections", (join) =>
        join.onRef("agenda_sections.id", "=", "motions.section_id").onRef("agenda_sections.conference_id", "=", "motions.conference_id"),
      )
      .leftJoin("motions as parent", "parent.id", "motions.parent_motion_id")
      .leftJoin("motions as lead", "lead.id", "motions.group_lead_id")
      .select([
        "motions.id",
        "motions.number",
        "motions.state",
        "motions.title",
        "motions.proposer",
        "motions.proposer_lmc_id",
        "motions.seconder",
        "motions.kind",
        "motions.marking",
        "motions.preamble",
        "agenda_sections.title as section",
        "parent.number as parent_number",
        "lead.number as lead_number",
      ])
      .where("motions.conference_id", "=", conferenceId)
      .execute(),
    db
      .selectFrom("motion_parts")
      .innerJoin("motions", "motions.id", "motion_parts.motion_id")
      .leftJoin("part_votes", "part_votes.part_id", "motion_parts.id")
      .select(["motion_parts.motion_id", "motion_parts.label", "motion_parts.text", "part_votes.part_id as voted"])
      .where("motions.conference_id", "=", conferenceId)
      .orderBy("motion_parts.motion_id")
      .orderBy("motion_parts.position")
      .execute(),
    db
      .selectFrom("composite_replacements")
      .innerJoin("motions", "motions.id", "composite_replacements.replaced_motion_id")
      .select(["composite_replacements.composite_id", "motions.number"])
      .where("motions.conference_id", "=", conferenceId)
      .execute(),
    db.selectFrom("agenda_sections").select("title").where("conference_id", "=", conferenceId).orderBy("position").execute(),
  ]);
  const partsOf = new Map<number, StoredMotion["parts"]>();
  for (const p of parts) partsOf.set(p.motion_id, [...(partsOf.get(p.motion_id) ?? []), { label: p.label, text: p.text, voted: p.voted !== null }]);
  const replacesOf = new Map<number, string[]>();
  for (const r of replaced) replacesOf.set(r.composite_id, [...(replacesOf.get(r.composite_id) ?? []), r.number]);
  return {
    stored: motions.map((m) => ({
      id: m.id,
      number: m.number,
      state: m.state,
      title: m.title,
      proposer: m.proposer,
      proposerLmcId: m.proposer_lmc_id,
      seconder: m.seconder,
      kind: m.kind,
      marking: m.marking,
      section: m.section,
      preamble: m.preamble,
      parts: partsOf.get(m.id) ?? [],
      parentNumber: m.parent_number,
      replaces: replacesOf.get(m.id) ?? [],
      groupLead: m.lead_number,
    })),
    sections: sections.map((s) => s.title),
  };
}

/** What applying the agenda would do (nothing is saved): for the preview. */
export async function planAgendaImportFor(db: Kysely<Database>, conferenceId: number, agenda: ParsedAgenda, skip: ReadonlySet<string>): Promise<AgendaImportPlan> {
  const target = await loadImportTarget(db, conferenceId);
  return planAgendaImport(agenda, target.stored, target.sections, skip);
}

/**
 * Applies a parsed agenda in one transaction: every heading becomes a section (in order), new
 * motions are added and motions already on the agenda updated through writeMotion (audited),
 * then the links between them are set (composites name motions printed after them). Refused,
 * with nothing saved, while any problem the clerk has not skipped remains.
 */
export async function importParsedAgenda(db: Kysely<Database>, actorUserId: number | null, conferenceId: number, agenda: ParsedAgenda, skip: ReadonlySet<string> = new Set()) {
  return db.transaction().execute(async (trx) => {
    const target = await loadImportTarget(trx, conferenceId);
    const plan = planAgendaImport(agenda, target.stored, target.sections, skip);
    if (plan.problems.length) throw new ImportRejected(plan.problems.map((p) => ({ line: p.line, message: p.reason })));
    const sectionIds = new Map<string, number>();
    for (const title of agenda.sections) sectionIds.set(title, await sectionIdFor(trx, conferenceId, title));
    const stored = new Map(target.stored.map((m) => [m.number, m]));
    const record = (motion: PlannedMotion, links: { parentId: number | null; replacedIds: number[] }, existing?: TargetMotion): MotionRecord => ({
      number: motion.number,
      title: motion.title,
      proposer: motion.proposer,
      proposerLmcId: existing?.proposerLmcId ?? null,
      seconder: existing?.seconder ?? null,
      kind: motion.kind,
      ...links,
      marking: motion.marking,
      sectionId: motion.section ? sectionIds.get(motion.section)! : null,
      preamble: motion.preamble,
      state: "agenda",
      parts: motion.parts.map((p) => ({ text: p.text })),
    });
    const refused = (motion: PlannedMotion, message: string) => new ImportRejected([{ line: motion.line, message: `motion ${motion.number}: ${message}` }]);

    // First pass: new motions, without links (a composite names motions printed after it).
    for (const motion of plan.motions) {
      if (motion.action !== "add") continue;
      const result = await writeMotion(trx, actorUserId, conferenceId, record(motion, { parentId: null, replacedIds: [] }));
      if (!result.ok) throw refused(motion, result.message);
    }
    // Links reach only the agenda, never an LMC's draft or submission that shares a number.
    const ids = new Map(
      (await trx.selectFrom("motions").select(["id", "number"]).where("conference_id", "=", conferenceId).where("state", "=", "agenda").execute()).map((m) => [
        m.number,
        m.id,
      ]),
    );
    for (const motion of plan.motions) {
      if (motion.action !== "add" && motion.action !== "update") continue;
      const id = ids.get(motion.number)!;
      // The plan has made sure that every motion named is imported or on the agenda already.
      const parentId = motion.parentNumber ? ids.get(motion.parentNumber)! : null;
      const replacedIds = motion.replaces.map((r) => ids.get(r)!);
      const groupLeadId = motion.groupLead ? (ids.get(motion.groupLead) ?? null) : null;
      if (motion.action === "update") {
        const result = await writeMotion(trx, actorUserId, conferenceId, record(motion, { parentId, replacedIds }, stored.get(motion.number)), { motionId: id, keepClauseLinks: true });
        if (!result.ok) throw refused(motion, result.message);
        await trx.updateTable("motions").set({ group_lead_id: groupLeadId }).where("id", "=", id).execute();
        continue;
      }
      if (parentId || groupLeadId) {
        await trx.updateTable("motions").set({ parent_motion_id: parentId, group_lead_id: groupLeadId }).where("id", "=", id).execute();
      }
      for (const replacedId of replacedIds) {
        await trx.insertInto("composite_replacements").values({ composite_id: id, replaced_motion_id: replacedId }).execute();
      }
    }
    const summary = {
      added: plan.counts.add,
      updated: plan.counts.update,
      unchanged: plan.counts.unchanged,
      left_out: plan.counts.left_out,
      sections: agenda.sections.length,
    };
    await recordAudit(trx, {
      actorUserId,
      action: "agenda.import",
      entity: "conference",
      entityId: conferenceId,
      after: { ...summary, skipped: plan.skipped.slice(0, 100).map((p) => ({ line: p.line, last_line: p.lastLine, reason: p.reason })) },
    });
    return summary;
  });
}

/**
 * One row per part of the agenda motions the viewer may see, in agenda order: section by section
 * as the agenda orders them, then the motions with no section, each by number. Drafts and
 * submissions stay out even for those who may see them: the file has no state column, and its
 * import puts every row on the agenda. Each motion's rows carry its section, preamble, seconder,
 * the motion it is a rider or amendment to, what it replaces as a composite and its group's lead,
 * so importing the file into an empty conference gives back the same agenda.
 */
export async function motionRowsForConference(
  db: Kysely<Database>,
  viewer: Viewer | null,
  conference: { id: number; title: string },
  filters: { outcome?: string; proposer?: string; sectionId?: number; clauseId?: number; q?: string } = {},
): Promise<MotionRow[]> {
  const [agenda, sections, numbers, replaced] = await Promise.all([
    loadAgenda(db, conference.id, { ...filters, viewer, states: ["agenda"] }),
    listSections(db, conference.id),
    // Links name motions by number, including motions a filter left out.
    db.selectFrom("motions").select(["id", "number"]).where("conference_id", "=", conference.id).where("state", "=", "agenda").execute(),
    db
      .selectFrom("composite_replacements")
      .innerJoin("motions", "motions.id", "composite_replacements.replaced_motion_id")
      .select(["composite_replacements.composite_id", "motions.number", "motions.sort_key"])
      .where("motions.conference_id", "=", conference.id)
      .where("motions.state", "=", "agenda")
      .orderBy("motions.sort_key")
      .execute(),
  ]);
  const numberOf = new Map(numbers.map((m) => [m.id, m.number]));
  const replaces = new Map<number, string[]>();
  for (const r of replaced) replaces.set(r.composite_id, [...(replaces.get(r.composite_id) ?? []), r.number]);
  const sectionTitle = new Map(sections.map((s) => [s.id, s.title]));
  const sectionOrder = new Map(sections.map((s, i) => [s.id, i]));
  const place = (m: { section_id: number | null }) => (m.section_id === null ? sections.length : (sectionOrder.get(m.section_id) ?? sections.length));
  // loadAgenda gives number order; a stable sort by section keeps it within each section.
  const ordered = [...agenda].sort((a, b) => place(a) - place(b));
  return ordered.flatMap((m) =>
    m.parts.map((p) => ({
      conference: conference.title,
      motion_number: m.number,
      title: m.title,
      proposer: m.proposer,
      kind: m.kind,
      marking: m.marking,
      part_label: p.label,
      part_text: p.text,
      method: p.method ?? "",
      for: p.votes_for === null ? "" : String(p.votes_for),
      against: p.votes_against === null ? "" : String(p.votes_against),
      abstain: p.votes_abstain === null ? "" : String(p.votes_abstain),
      majority: p.majority ?? "",
      outcome: p.outcome ?? "",
      clause_references: p.clauses.map((c) => formatClauseRef({ clauseId: c.clause_id, intent: c.intent, name: c.reference || c.title })).join("; "),
      section: m.section_id === null ? "" : (sectionTitle.get(m.section_id) ?? ""),
      preamble: m.preamble,
      seconder: m.seconder ?? "",
      parent_number: m.parent_motion_id === null ? "" : (numberOf.get(m.parent_motion_id) ?? ""),
      replaces: (replaces.get(m.id) ?? []).join("; "),
      group_lead: m.group_lead_id === null ? "" : (numberOf.get(m.group_lead_id) ?? ""),
    })),
  );
}

const RIDERS = new Set(["rider", "amendment"]);

/**
 * Imports motions read from the CSV or JSON format: every row checked first, then one
 * transaction. Sections are made in the order given (`sections`, then as the rows name them);
 * motions are added, then linked (riders to their motions, composites to what they replace,
 * groups to their lead: by number, in the file or already on the agenda), then their votes are
 * recorded, motions before the riders and amendments that depend on them.
 */
export async function importMotionRows(db: Kysely<Database>, actorUserId: number, conferenceId: number, motions: ImportedMotion[], sections: string[] = []) {
  const problems: { line: number; message: string }[] = [];
  const [clauseRows, agenda] = await Promise.all([
    db.selectFrom("clauses").select("id").execute(),
    db.selectFrom("motions").select("number").where("conference_id", "=", conferenceId).where("state", "=", "agenda").execute(),
  ]);
  const clauseIds = new Set(clauseRows.map((c) => c.id));
  const known = new Set([...agenda.map((m) => m.number), ...motions.map((m) => m.number)]);
  for (const motion of motions) {
    for (const [what, number] of [
      ["motion", motion.parentNumber],
      ["lead", motion.groupLead],
      ...(motion.replaces ?? []).map((n) => ["replaced", n] as const),
    ] as const) {
      if (number && !known.has(number)) {
        const words = { motion: "is attached to", lead: "is grouped under", replaced: "replaces" }[what];
        problems.push({ line: motion.line, message: `motion ${motion.number} ${words} motion ${number}, which is neither in the file nor on the agenda` });
      }
    }
    motion.parts.forEach((part, index) => {
      const expected = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"][index];
      if (part.label !== expected) problems.push({ line: part.line, message: `motion ${motion.number}: expected part ${expected} here, found ${part.label}` });
      for (const c of part.clauses) if (!clauseIds.has(c.clauseId)) problems.push({ line: part.line, message: `there is no clause ${c.clauseId}` });
      if (part.vote) {
        const check = checkOutcome({ method: part.vote.method, majority: part.vote.majority, counts: part.vote, outcome: part.vote.outcome });
        if (!check.ok) problems.push({ line: part.line, message: check.message });
      }
    });
  }
  if (problems.length) throw new ImportRejected(problems);
  return db.transaction().execute(async (trx) => {
    const sectionIds = new Map<string, number>();
    for (const title of [...sections, ...motions.flatMap((m) => (m.section ? [m.section] : []))]) {
      if (!sectionIds.has(title)) sectionIds.set(title, await sectionIdFor(trx, conferenceId, title));
    }
    const partIds = new Map<string, number>();
    for (const motion of motions) {
      const saved = await writeMotion(trx, actorUserId, conferenceId, {
        number: motion.number,
        title: motion.title,
        proposer: motion.proposer,
        proposerLmcId: null,
        seconder: motion.seconder ?? null,
        kind: motion.kind,
        parentId: null,
        replacedIds: [],
        marking: motion.marking,
        sectionId: motion.section ? sectionIds.get(motion.section)! : null,
        preamble: motion.preamble ?? "",
        state: "agenda",
        parts: motion.parts.map((p) => ({ text: p.text, clauseId: p.clauses[0]?.clauseId, intent: p.clauses[0]?.intent })),
      });
      if (!saved.ok) throw new ImportRejected([{ line: motion.line, message: saved.message }]);
      const parts = await trx.selectFrom("motion_parts").select(["id", "label"]).where("motion_id", "=", saved.id).execute();
      for (const part of motion.parts) {
        const partId = parts.find((p) => p.label === part.label)!.id;
        partIds.set(`${motion.number} ${part.label}`, partId);
        for (const extra of part.clauses.slice(1)) {
          await trx.insertInto("part_clause_links").values({ part_id: partId, clause_id: extra.clauseId, intent: extra.intent }).execute();
        }
      }
    }
    const ids = new Map(
      (await trx.selectFrom("motions").select(["id", "number"]).where("conference_id", "=", conferenceId).where("state", "=", "agenda").execute()).map((m) => [m.number, m.id]),
    );
    for (const motion of motions) {
      const id = ids.get(motion.number)!;
      if (motion.parentNumber || motion.groupLead) {
        await trx
          .updateTable("motions")
          .set({ parent_motion_id: motion.parentNumber ? ids.get(motion.parentNumber)! : null, group_lead_id: motion.groupLead ? ids.get(motion.groupLead)! : null })
          .where("id", "=", id)
          .execute();
      }
      for (const number of motion.replaces ?? []) {
        await trx.insertInto("composite_replacements").values({ composite_id: id, replaced_motion_id: ids.get(number)! }).execute();
      }
    }
    // A rider's vote may depend on its motion's (one whose motion fell takes no vote).
    const byDependence = [...motions.filter((m) => !RIDERS.has(m.kind)), ...motions.filter((m) => RIDERS.has(m.kind))];
    for (const motion of byDependence) {
      for (const part of motion.parts) {
        if (!part.vote) continue;
        const partId = partIds.get(`${motion.number} ${part.label}`)!;
        const result = await writePartVote(trx, actorUserId, { partId, ...part.vote, version: 0 }, part.vote.outcome);
        if (!result.ok) throw new ImportRejected([{ line: part.line, message: result.message }]);
      }
    }
    await recordAudit(trx, { actorUserId, action: "motions.import_csv", entity: "conference", entityId: conferenceId, after: { motions: motions.length } });
    return { motions: motions.length };
  });
}
