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

// Every pattern must match in linear time (tests/unit/regex-safety.test.ts): a 300 KB line of
// spaces once took 50 s. So no two quantifiers may share a run of characters; whitespace is skipped
// with trimStart/trimEnd (which strip exactly what \s matches) and the pieces matched one by one.
const MARKING_PREFIX = /^(AR|A)\s+/i;
const NUMBER_START = /^(\d{1,4}[a-z]?)\s/i;
const RIDER_PREFIX = /^(RIDER|AMENDMENT)\s+/;
const PROPOSER_NAME = /^[A-Z][A-Z0-9 '&,.()\-/]*$/;
const COMPOSITE = /^AGENDA COMMITTEE\s+(?:TO BE\s+)?PROPOSED BY\s+(\S.*)$/i;
const PART_LABEL = /^\((x{0,2}(?:ix|iv|v?i{0,3}))\)\s/i;
const REPLACES_HEAD = /\(\s*replaces?\s+motions?\s/iy;
/** What `.` does not match: the old `(.*)$` patterns failed on a line holding one of these. */
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;
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

/** The text after a run of whitespace, as `\s+(.*)$` captured it; null where that failed. */
function restOfLine(text: string): string | null {
  const rest = text.trimStart();
  return LINE_TERMINATOR.test(rest) ? null : rest;
}

/** `^\s*(?:(AR|A)\s+)?(\*)?\s*(\d{1,4}[a-z]?)\s+(.*)$`/i, matched piece by piece. */
function matchMotionStart(raw: string): { marking?: string; star: boolean; number: string; rest: string } | null {
  let text = raw.trimStart();
  const marking = MARKING_PREFIX.exec(text);
  if (marking) text = text.slice(marking[0].length);
  const star = text.startsWith("*");
  if (star) text = text.slice(1).trimStart();
  const number = NUMBER_START.exec(text);
  const rest = number && restOfLine(text.slice(number[0].length));
  return number && rest !== null ? { marking: marking?.[1], star, number: number[1]!, rest } : null;
}

/** `^\s*\((label)\)\s+(.*)$`/i, matched piece by piece. */
function matchPartStart(raw: string): { label: string; rest: string } | null {
  const text = raw.trimStart();
  const label = PART_LABEL.exec(text);
  const rest = label && restOfLine(text.slice(label[0].length));
  return label && rest !== null ? { label: label[1]!, rest } : null;
}

/**
 * `^(?:(RIDER|AMENDMENT)\s+)?([A-Z][A-Z0-9 '&,.()\-/]*?)\s*:\s*(.*)$`: the name cannot hold a
 * colon, so it is whatever stands before the first colon, less trailing whitespace.
 */
function matchProposer(text: string): { riderWord?: string; name: string; body: string } | null {
  const colon = text.indexOf(":");
  const body = colon < 0 ? null : restOfLine(text.slice(colon + 1));
  if (body === null) return null;
  const head = text.slice(0, colon).trimEnd();
  const rider = RIDER_PREFIX.exec(head);
  if (rider && PROPOSER_NAME.test(head.slice(rider[0].length))) return { riderWord: rider[1], name: head.slice(rider[0].length), body };
  return PROPOSER_NAME.test(head) ? { name: head, body } : null;
}

/**
 * `\(\s*replaces?\s+motions?\s+([^)]*)\)\s*\.?\s*$`/i without trying it from every "(": the ")" must
 * be the last one, and the "(" the first after the ")" before it that opens "(replaces motions".
 */
function findReplaces(value: string): { index: number; list: string } | null {
  const close = value.lastIndexOf(")");
  const tail = value.slice(close + 1).trim();
  if (close < 0 || (tail !== "" && tail !== ".")) return null;
  const previous = close > 0 ? value.lastIndexOf(")", close - 1) : -1;
  for (let open = value.indexOf("(", previous + 1); open >= 0 && open < close; open = value.indexOf("(", open + 1)) {
    REPLACES_HEAD.lastIndex = open;
    if (REPLACES_HEAD.test(value)) return { index: open, list: value.slice(REPLACES_HEAD.lastIndex, close) };
  }
  return null;
}

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
      const match = findReplaces(value);
      if (!match) return value;
      replaces.push(...(match.list.toLowerCase().match(/\d+[a-z]?/g) ?? []));
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
    if (!result.dateLine && !current && result.sections.length === 0 && MONTHS.test(trimmed) && /\b(?:19|20)\d{2}\b/.test(trimmed)) {
      result.dateLine = trimmed;
      result.furniture.push({ line, text: trimmed, reason: "date and place" });
      return;
    }

    const start = matchMotionStart(raw);
    if (start && !matchPartStart(raw)) {
      const { marking, star, rest } = start;
      const proposer = matchProposer(rest.trim());
      const number = start.number.toLowerCase();
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
      const { riderWord, name: proposerText, body } = proposer;
      const composite = COMPOSITE.exec(proposerText.trim());
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
          proposer: (composite ? composite[1]! : proposerText).trim().replace(/\s+/g, " "),
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

    const part = matchPartStart(raw);
    if (part && current && !skipping) {
      current.parts.push({ label: part.label.toLowerCase(), text: [part.rest] });
      return;
    }

    if (HEADING.test(trimmed) && indentOf(raw) <= 2 && trimmed.length >= 3 && !/^(?:A|AR)$/.test(trimmed)) {
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
