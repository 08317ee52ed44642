// Reads a conference agenda in the plain-text shape LMC agendas are printed in
// (see db/reference/sample-agenda.txt). Pure and tolerant: it never throws, places what it
// can, and lists every line it could not place with the reason, so a clerk can fix the text.
//
// Shapes it knows:
//   section headings in capitals               ONLINE ACCESS
//   numbered motions with the proposer          5  NORTH STAFFORDSHIRE: That conference ...
//   A / AR before the number                    A 9  BEDFORDSHIRE: ...
//   a starred lead of a group                   *6  AGENDA COMMITTEE TO BE PROPOSED BY KENT: ...
//   composites and what they replace            (replaces motions 6a, 6b and 6c)
//   riders and amendments to the motion above   7a RIDER  SHEFFIELD: and further ...
//   parts                                       (i) ... (ii) ...
//   wrapped lines                               indented continuation lines
//   page furniture                              the title, date line, "AGENDA ...", page numbers

export type AgendaMarking = "debate" | "A" | "AR" | "chosen" | "grouped" | "not_reached";
export type MotionKind = "motion" | "composite" | "amendment" | "rider";

export interface ParsedPart {
  label: string;
  text: string;
}

export interface ParsedMotion {
  number: string;
  line: number;
  section: string | null;
  proposer: string;
  kind: MotionKind;
  marking: AgendaMarking;
  isGroupLead: boolean;
  parentNumber: string | null;
  replaces: string[];
  /** Text before the first part; empty when the motion has no separately voted parts. */
  preamble: string;
  /** At least one: a motion without (i), (ii) ... is one part holding its whole text. */
  parts: ParsedPart[];
}

export interface SkippedLine {
  line: number;
  text: string;
  reason: string;
}

export interface ParsedAgenda {
  title: string | null;
  dateLine: string | null;
  sections: string[];
  motions: ParsedMotion[];
  skipped: SkippedLine[];
  furniture: SkippedLine[];
}

const MOTION_START = /^\s*(?:(AR|A)\s+)?(\*)?\s*(\d{1,4}[a-z]?)\s+(.*)$/i;
const PROPOSER = /^(?:(RIDER|AMENDMENT)\s+)?([A-Z][A-Z0-9 '&,.()\-/]*?)\s*:\s*(.*)$/;
const COMPOSITE = /^AGENDA COMMITTEE\s+(?:TO BE\s+)?PROPOSED BY\s+(.+)$/i;
const PART_START = /^\s*\(((?:x{0,2})(?:ix|iv|v?i{0,3}))\)\s+(.*)$/i;
const REPLACES = /\(\s*replaces?\s+motions?\s+([^)]*)\)\s*\.?\s*$/i;
const HEADING = /^[A-Z][A-Z '&,\-/]*[A-Z]$/;
const PAGE_NUMBER = /^\s*(?:page\s+\d+(?:\s+of\s+\d+)?|-\s*\d+\s*-|\d{1,3})\s*$/i;
const MONTHS = /\b(?:january|february|march|april|may|june|july|august|september|october|november|december)\b/i;

interface Draft {
  motion: Omit<ParsedMotion, "preamble" | "parts">;
  preamble: string[];
  parts: { label: string; text: string[] }[];
}

function normalise(text: string): string[] {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/[\u00a0\u2007\u202f]/g, " ")
    .replace(/\t/g, "    ")
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, "-")
    .split("\n");
}

const collapse = (parts: string[]) => parts.join(" ").replace(/\s+/g, " ").trim();
const indentOf = (line: string) => line.length - line.trimStart().length;

export function parseAgenda(text: string): ParsedAgenda {
  const result: ParsedAgenda = { title: null, dateLine: null, sections: [], motions: [], skipped: [], furniture: [] };
  let section: string | null = null;
  let current: Draft | null = null;
  let skipping = false; // continuation lines of a line we could not place are not glued elsewhere
  let groupLead: { prefix: string } | null = null;
  let lastMainNumber: string | null = null;
  const seen = new Set<string>();

  const finish = () => {
    if (!current) return;
    const parts = current.parts.map((p) => ({ label: p.label, text: collapse(p.text) }));
    let preamble = collapse(current.preamble);
    const replaces: string[] = [...current.motion.replaces];
    const takeReplaces = (value: string) => {
      const match = REPLACES.exec(value);
      if (!match) return value;
      replaces.push(...(match[1]!.toLowerCase().match(/\d+[a-z]?/g) ?? []));
      return value.slice(0, match.index).trim();
    };
    if (parts.length) parts[parts.length - 1]!.text = takeReplaces(parts[parts.length - 1]!.text);
    else preamble = takeReplaces(preamble);
    const motion: ParsedMotion = parts.length
      ? { ...current.motion, replaces, preamble, parts }
      : { ...current.motion, replaces, preamble: "", parts: [{ label: "i", text: preamble }] };
    result.motions.push(motion);
    current = null;
  };

  const skip = (line: number, raw: string, reason: string) => result.skipped.push({ line, text: raw.trim().slice(0, 500), reason });

  normalise(text).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === "") return;

    if (PAGE_NUMBER.test(trimmed) || /^AGENDA\b/i.test(trimmed)) {
      result.furniture.push({ line, text: trimmed, reason: PAGE_NUMBER.test(trimmed) ? "page number" : "agenda heading" });
      return;
    }
    if (!result.title && !current && result.sections.length === 0 && /CONFERENCE/i.test(trimmed) && trimmed === trimmed.toUpperCase()) {
      result.title = trimmed;
      result.furniture.push({ line, text: trimmed, reason: "conference title" });
      return;
    }
    if (!result.dateLine && !current && result.sections.length === 0 && MONTHS.test(trimmed) && /\b(19|20)\d{2}\b/.test(trimmed)) {
      result.dateLine = trimmed;
      result.furniture.push({ line, text: trimmed, reason: "date and place" });
      return;
    }

    const start = MOTION_START.exec(raw);
    if (start && !PART_START.test(raw)) {
      const [, marking, star, numberRaw, rest] = start;
      const proposer = PROPOSER.exec(rest!.trim());
      const number = numberRaw!.toLowerCase();
      if (!proposer) {
        // An indented line inside a motion that happens to start with a number is wrapped text.
        if (current && indentOf(raw) >= 3) {
          appendText(current, trimmed);
          return;
        }
        finish();
        skipping = true;
        skip(line, raw, `motion ${number} has no proposer: expected "${number}  LMC NAME: That conference ..."`);
        return;
      }
      finish();
      if (seen.has(number)) {
        skipping = true;
        skip(line, raw, `duplicate motion number ${number}`);
        return;
      }
      seen.add(number);
      skipping = false;
      const [, riderWord, proposerText, body] = proposer;
      const composite = COMPOSITE.exec(proposerText!.trim());
      const kind: MotionKind = riderWord ? (riderWord.toUpperCase() === "RIDER" ? "rider" : "amendment") : composite ? "composite" : "motion";
      const prefix = /^\d+/.exec(number)![0];
      if (star) groupLead = { prefix };
      else if (groupLead && groupLead.prefix !== prefix) groupLead = null;
      const grouped = !star && groupLead !== null && groupLead.prefix === prefix && kind !== "rider" && kind !== "amendment";
      current = {
        motion: {
          number,
          line,
          section,
          proposer: (composite ? composite[1]! : proposerText!).trim().replace(/\s+/g, " "),
          kind,
          marking: marking ? (marking.toUpperCase() as "A" | "AR") : grouped ? "grouped" : "debate",
          isGroupLead: Boolean(star),
          parentNumber: kind === "rider" || kind === "amendment" ? lastMainNumber : null,
          replaces: [],
        },
        preamble: body ? [body] : [],
        parts: [],
      };
      if (kind !== "rider" && kind !== "amendment") lastMainNumber = number;
      if (current.motion.parentNumber === null && (kind === "rider" || kind === "amendment")) {
        skip(line, raw, `${kind} ${number} has no motion above it to attach to`);
      }
      return;
    }

    const part = PART_START.exec(raw);
    if (part && current && !skipping) {
      current.parts.push({ label: part[1]!.toLowerCase(), text: [part[2]!] });
      return;
    }

    if (HEADING.test(trimmed) && indentOf(raw) <= 2 && trimmed.length >= 3 && !/^(A|AR)$/.test(trimmed)) {
      finish();
      skipping = false;
      groupLead = null;
      section = trimmed;
      result.sections.push(trimmed);
      return;
    }

    if (current && !skipping) {
      appendText(current, trimmed);
      return;
    }
    skip(line, raw, skipping ? "continues a line that could not be placed" : "text outside any motion");
  });
  finish();
  return result;
}

function appendText(draft: Draft, text: string) {
  const lastPart = draft.parts[draft.parts.length - 1];
  if (lastPart) lastPart.text.push(text);
  else draft.preamble.push(text);
}
