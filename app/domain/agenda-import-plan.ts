// What applying a parsed agenda to a conference would do, motion by motion, before anything is
// saved: add, update (and what changes), leave unchanged, or leave out; and the problems that
// stop Apply until the clerk fixes the text or skips them (ADR 006). Pure: the model loads the
// conference's motions and applies the plan in one transaction.
import type { MotionState } from "../../db/types";
import { linkProblems, type AgendaMarking, type AgendaProblem, type MotionKind, type ParsedAgenda, type ParsedMotion } from "./agenda-parser";
import { titleFromMotionText } from "./motion-text";

/** A motion already in the conference, as the plan compares it. */
export interface StoredMotion {
  id: number;
  number: string;
  state: MotionState;
  title: string;
  proposer: string;
  kind: MotionKind;
  marking: AgendaMarking;
  section: string | null;
  preamble: string;
  parts: { label: string; text: string; voted: boolean }[];
  parentNumber: string | null;
  replaces: string[];
  groupLead: string | null;
}

export interface MotionChange {
  field: string;
  before: string;
  after: string;
}

export type PlannedAction = "add" | "update" | "unchanged" | "left_out";

export interface PlannedMotion extends ParsedMotion {
  action: PlannedAction;
  /** The title to save: a new motion's from its text; an update keeps a title the clerk edited. */
  title: string;
  existingId: number | null;
  changes: MotionChange[];
}

export interface PlanProblem extends AgendaProblem {
  /** What the clerk's "skip" checkbox posts: the line and a fingerprint of the problem. */
  key: string;
}

export interface AgendaImportPlan {
  motions: PlannedMotion[];
  sections: { title: string; motions: number; exists: boolean }[];
  /** Unresolved: Apply refuses while any remain. */
  problems: PlanProblem[];
  /** Skipped by the clerk. */
  skipped: PlanProblem[];
  /** Motions of the conference that the text does not mention; the import leaves them alone. */
  untouched: number;
  counts: Record<PlannedAction, number>;
}

/** FNV-1a of the problem's text and reason: a skip decision holds only for the problem it was made on. */
export function problemKey(problem: Pick<AgendaProblem, "line" | "text" | "reason">): string {
  let hash = 0x811c9dc5;
  const input = `${problem.text}\n${problem.reason}`;
  for (let i = 0; i < input.length; i++) {
    hash ^= input.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${problem.line}:${hash.toString(36)}`;
}

const keyed = (p: AgendaProblem): PlanProblem => ({ ...p, key: problemKey(p) });
const motionText = (m: { preamble: string; parts: { text: string }[] }) => [m.preamble, ...m.parts.map((p) => p.text)].join(" ");
const listed = (values: string[]) => (values.length ? values.join(", ") : "none");

function changesBetween(stored: StoredMotion, parsed: ParsedMotion): MotionChange[] {
  const changes: MotionChange[] = [];
  const compare = (field: string, before: string, after: string) => {
    if (before !== after) changes.push({ field, before, after });
  };
  compare("proposer", stored.proposer, parsed.proposer);
  compare("kind", stored.kind, parsed.kind);
  compare("marking", stored.marking, parsed.marking);
  compare("section", stored.section ?? "none", parsed.section ?? "none");
  compare("attached to", stored.parentNumber ?? "none", parsed.parentNumber ?? "none");
  compare("replaces", listed([...stored.replaces].sort()), listed([...parsed.replaces].sort()));
  compare("group lead", stored.groupLead ?? "none", parsed.groupLead ?? "none");
  compare("preamble", stored.preamble, parsed.preamble);
  const count = Math.max(stored.parts.length, parsed.parts.length);
  for (let i = 0; i < count; i++) {
    const before = stored.parts[i];
    const after = parsed.parts[i];
    compare(`part (${after?.label ?? before!.label})`, before?.text ?? "(no such part)", after?.text ?? "(removed)");
  }
  return changes;
}

/** A part text or the preamble changes on a motion that has recorded votes: refused, never silent. */
function voteProblem(stored: StoredMotion, parsed: ParsedMotion, changes: MotionChange[]): AgendaProblem | null {
  const voted = stored.parts.filter((p) => p.voted).map((p) => `(${p.label})`);
  const textChanges = changes.filter((c) => c.field === "preamble" || c.field.startsWith("part ("));
  if (voted.length === 0 || textChanges.length === 0) return null;
  return {
    line: parsed.line,
    lastLine: parsed.line,
    text: `${parsed.number} ${parsed.proposer}`,
    reason: `motion ${parsed.number} has recorded votes on part${voted.length === 1 ? "" : "s"} ${voted.join(", ")}, and this text changes its ${textChanges.map((c) => c.field).join(", ")}. An import never changes the words a vote was taken on: make the text match what was voted on, correct the motion by hand (votes are corrected with a reason), or leave it out of this import`,
    motion: parsed.number,
    missing: [],
  };
}

/**
 * Plans the import of `agenda` into a conference holding `stored` motions and `storedSections`,
 * with the problems the clerk chose to skip (`skip`: problem keys). A skipped problem about a
 * motion leaves that motion out; any other skipped problem leaves its lines out.
 */
export function planAgendaImport(agenda: ParsedAgenda, stored: readonly StoredMotion[], storedSections: readonly string[], skip: ReadonlySet<string>): AgendaImportPlan {
  const byNumber = new Map(stored.map((m) => [m.number, m]));
  const onAgenda = new Set(stored.filter((m) => m.state === "agenda").map((m) => m.number));
  const problems: PlanProblem[] = [];
  const leftOut = new Set<string>();
  const take = (problem: AgendaProblem) => {
    const p = keyed(problem);
    problems.push(p);
    if (p.motion && skip.has(p.key)) leftOut.add(p.motion);
  };

  // The parser's own problems, less those about links: they are judged again below, with the
  // conference's agenda in view (a rider's motion may be there already).
  for (const p of agenda.problems) if (p.missing.length === 0) take(p);

  const planned = new Map<string, { changes: MotionChange[]; stored: StoredMotion | undefined }>();
  for (const motion of agenda.motions) {
    const existing = byNumber.get(motion.number);
    if (existing && existing.state !== "agenda") {
      take({
        line: motion.line,
        lastLine: motion.line,
        text: `${motion.number} ${motion.proposer}`,
        reason: `number ${motion.number} is already taken in this conference by a motion that is not on the agenda (a draft or a submission): accept or renumber that one first, or leave this motion out`,
        motion: motion.number,
        missing: [],
      });
      continue;
    }
    const changes = existing ? changesBetween(existing, motion) : [];
    const refused = existing ? voteProblem(existing, motion, changes) : null;
    if (refused) take(refused);
    planned.set(motion.number, { changes, stored: existing });
  }

  // Links: a rider's motion and what a composite replaces must be imported too, or be on the
  // agenda already. Leaving a motion out can strand another, so repeat until nothing moves.
  let links: PlanProblem[] = [];
  const skippedLinks = new Map<string, PlanProblem>();
  for (let round = 0; round < 10; round++) {
    const available = new Set([...onAgenda, ...agenda.motions.filter((m) => !leftOut.has(m.number) && planned.has(m.number)).map((m) => m.number)]);
    const importing = agenda.motions.filter((m) => !leftOut.has(m.number));
    links = linkProblems(importing, available).map(keyed);
    const before = leftOut.size;
    for (const p of links) {
      if (!p.motion || !skip.has(p.key)) continue;
      leftOut.add(p.motion);
      skippedLinks.set(p.key, p);
    }
    if (leftOut.size === before) break;
  }
  problems.push(...links.filter((p) => !skippedLinks.has(p.key)), ...skippedLinks.values());

  const motions: PlannedMotion[] = agenda.motions.map((motion) => {
    const plan = planned.get(motion.number);
    const existing = plan?.stored;
    const freshTitle = titleFromMotionText(motionText(motion));
    // A title the clerk never edited follows the text; an edited one is kept.
    const title = existing && existing.title !== titleFromMotionText(motionText(existing)) ? existing.title : freshTitle;
    const action: PlannedAction = leftOut.has(motion.number) || !plan ? "left_out" : !existing ? "add" : plan.changes.length || title !== existing.title ? "update" : "unchanged";
    const changes = plan && existing && title !== existing.title ? [...plan.changes, { field: "title", before: existing.title, after: title }] : (plan?.changes ?? []);
    return { ...motion, action, title, existingId: existing?.id ?? null, changes: action === "left_out" ? [] : changes };
  });

  const unresolved = problems.filter((p) => !skip.has(p.key)).sort((a, b) => a.line - b.line);
  const skipped = problems.filter((p) => skip.has(p.key)).sort((a, b) => a.line - b.line);
  const mentioned = new Set(agenda.motions.map((m) => m.number));
  const counts: Record<PlannedAction, number> = { add: 0, update: 0, unchanged: 0, left_out: 0 };
  for (const m of motions) counts[m.action]++;
  const existingSections = new Set(storedSections);
  return {
    motions,
    sections: agenda.sections.map((title) => ({
      title,
      motions: motions.filter((m) => m.section === title && m.action !== "left_out").length,
      exists: existingSections.has(title),
    })),
    problems: unresolved,
    skipped,
    untouched: stored.filter((m) => m.state === "agenda" && !mentioned.has(m.number)).length,
    counts,
  };
}
