// Getting motions in and out: the plain-text agenda import, and the motions CSV/JSON
// export with its CSV import (round trip). Imports are all-or-nothing.
import type { Kysely } from "kysely";
import type { Database } from "../../db/types";
import type { ParsedAgenda } from "../domain/agenda-parser";
import type { Viewer } from "../domain/conference-access";
import { formatClauseRef, type ImportedMotion, type MotionRow } from "../domain/motion-csv";
import { titleFromMotionText } from "../domain/motion-text";
import { checkOutcome } from "../domain/vote-outcome";
import { recordAudit } from "./audit.server";
import { sectionIdFor } from "./conferences.server";
import { loadAgenda, writeMotion } from "./motions.server";
import { writePartVote } from "./votes.server";

export class ImportRejected extends Error {
  constructor(public problems: { line: number; message: string }[]) {
    super(problems.map((p) => `line ${p.line}: ${p.message}`).join("\n"));
  }
}

/** Saves a parsed agenda: sections, motions and parts, then the links between motions. */
export async function importParsedAgenda(db: Kysely<Database>, actorUserId: number | null, conferenceId: number, agenda: ParsedAgenda) {
  return db.transaction().execute(async (trx) => {
    const problems: { line: number; message: string }[] = [];
    const existing = new Set(
      (await trx.selectFrom("motions").select("number").where("conference_id", "=", conferenceId).execute()).map((m) => m.number),
    );
    for (const motion of agenda.motions) {
      if (existing.has(motion.number.toLowerCase())) {
        problems.push({ line: motion.line, message: `motion ${motion.number} is already in this conference` });
        continue;
      }
      const sectionId = motion.section ? await sectionIdFor(trx, conferenceId, motion.section) : null;
      const text = [motion.preamble, ...motion.parts.map((p) => p.text)].join(" ");
      const result = await writeMotion(trx, actorUserId, conferenceId, {
        number: motion.number.toLowerCase(),
        title: titleFromMotionText(text),
        proposer: motion.proposer,
        proposerLmcId: null,
        seconder: null,
        kind: motion.kind,
        parentId: null,
        replacedIds: [],
        marking: motion.marking,
        sectionId,
        preamble: motion.preamble,
        state: "agenda",
        parts: motion.parts.map((p) => ({ text: p.text })),
      });
      if (!result.ok) problems.push({ line: motion.line, message: result.message });
    }
    if (problems.length) throw new ImportRejected(problems);
    // Second pass: composites name motions printed after them, so links wait until all exist.
    // Links reach only the agenda, never an LMC's draft or submission that shares a number.
    const ids = new Map(
      (await trx.selectFrom("motions").select(["id", "number"]).where("conference_id", "=", conferenceId).where("state", "=", "agenda").execute()).map((m) => [
        m.number,
        m.id,
      ]),
    );
    let lead: number | null = null;
    let leadPrefix = "";
    for (const motion of agenda.motions) {
      const id = ids.get(motion.number.toLowerCase())!;
      const prefix = /^\d+/.exec(motion.number)?.[0] ?? "";
      if (motion.isGroupLead) {
        lead = id;
        leadPrefix = prefix;
      } else if (prefix !== leadPrefix) {
        lead = null;
      }
      const parentId = motion.parentNumber ? (ids.get(motion.parentNumber.toLowerCase()) ?? null) : null;
      const groupLeadId = !motion.isGroupLead && motion.marking === "grouped" ? lead : null;
      if (parentId || groupLeadId) {
        await trx.updateTable("motions").set({ parent_motion_id: parentId, group_lead_id: groupLeadId }).where("id", "=", id).execute();
      }
      for (const replaced of motion.replaces) {
        const replacedId = ids.get(replaced.toLowerCase());
        if (!replacedId) {
          problems.push({ line: motion.line, message: `motion ${motion.number} replaces ${replaced}, which is not on the agenda` });
          continue;
        }
        await trx.insertInto("composite_replacements").values({ composite_id: id, replaced_motion_id: replacedId }).execute();
      }
    }
    if (problems.length) throw new ImportRejected(problems);
    await recordAudit(trx, {
      actorUserId,
      action: "agenda.import",
      entity: "conference",
      entityId: conferenceId,
      after: { motions: agenda.motions.length, sections: agenda.sections.length, skipped_lines: agenda.skipped.length },
    });
    return { motions: agenda.motions.length, sections: agenda.sections.length };
  });
}

/**
 * One row per part of the agenda motions the viewer may see. Drafts and submissions stay out even
 * for those who may see them: the file has no state column, and its import puts every row on
 * the agenda.
 */
export async function motionRowsForConference(
  db: Kysely<Database>,
  viewer: Viewer | null,
  conference: { id: number; title: string },
  filters: { outcome?: string; proposer?: string; sectionId?: number; clauseId?: number; q?: string } = {},
): Promise<MotionRow[]> {
  const agenda = await loadAgenda(db, conference.id, { ...filters, viewer, states: ["agenda"] });
  return agenda.flatMap((m) =>
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
    })),
  );
}

/** Imports motions read from the CSV format: every row checked first, then one transaction. */
export async function importMotionRows(db: Kysely<Database>, actorUserId: number, conferenceId: number, motions: ImportedMotion[]) {
  const problems: { line: number; message: string }[] = [];
  const clauseIds = new Set((await db.selectFrom("clauses").select("id").execute()).map((c) => c.id));
  for (const motion of motions) {
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
    for (const motion of motions) {
      const saved = await writeMotion(trx, actorUserId, conferenceId, {
        number: motion.number,
        title: motion.title,
        proposer: motion.proposer,
        proposerLmcId: null,
        seconder: null,
        kind: motion.kind,
        parentId: null,
        replacedIds: [],
        marking: motion.marking,
        sectionId: null,
        preamble: "",
        state: "agenda",
        parts: motion.parts.map((p) => ({ text: p.text, clauseId: p.clauses[0]?.clauseId, intent: p.clauses[0]?.intent })),
      });
      if (!saved.ok) throw new ImportRejected([{ line: motion.line, message: saved.message }]);
      const parts = await trx.selectFrom("motion_parts").select(["id", "label"]).where("motion_id", "=", saved.id).execute();
      for (const part of motion.parts) {
        const partId = parts.find((p) => p.label === part.label)!.id;
        for (const extra of part.clauses.slice(1)) {
          await trx.insertInto("part_clause_links").values({ part_id: partId, clause_id: extra.clauseId, intent: extra.intent }).execute();
        }
        if (part.vote) {
          const result = await writePartVote(trx, actorUserId, { partId, ...part.vote, version: 0 }, part.vote.outcome);
          if (!result.ok) throw new ImportRejected([{ line: part.line, message: result.message }]);
        }
      }
    }
    await recordAudit(trx, { actorUserId, action: "motions.import_csv", entity: "conference", entityId: conferenceId, after: { motions: motions.length } });
    return { motions: motions.length };
  });
}
