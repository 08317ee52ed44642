// Reads a conference agenda in the plain-text shapes LMC agendas are printed in (see
// db/reference/sample-agenda.txt and tests/fixtures/agendas/). Pure and honest: it never throws,
// places what it can, and lists every line it could not read as a problem with the reason, so
// the clerk fixes the text or skips the line on purpose. It never glues a line that looks like
// the start of a motion onto the motion before, and never attaches a rider to a motion that is
// not its parent (ADR 006).
//
// Shapes it knows:
//   section headings                            ONLINE ACCESS, PART I – MOTIONS FOR DEBATE, or a
//                                               short line standing alone (Online access)
//   numbered motions with the proposer          5  NORTH STAFFORDSHIRE: That conference ...
//     in any case, numbers with letters          23A Cumbria: ..., 23. Bath & North East Somerset: ...
//   A / AR before the number                    A 9  BEDFORDSHIRE: ...
//   a starred lead of a group                   *6  AGENDA COMMITTEE TO BE PROPOSED BY KENT: ...
//   composites and what they replace            (replaces motions 6a, 6b and 6c)
//   riders and amendments, by number             7a RIDER  SHEFFIELD: and further ...  (belongs to 7)
//   parts                                       (i) ... (ii) ...
//   wrapped lines                               indented or not
//   page furniture                              the title, date line, "AGENDA ...", page numbers,
//                                               running headers and footers
// Typography is kept as printed: quotes, dashes, £ and & reach the stored text unchanged.
import { romanLabel } from "./motion-numbers";

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
  /** As printed (case kept), with runs of spaces made one. */
  proposer: string;
  kind: MotionKind;
  marking: AgendaMarking;
  isGroupLead: boolean;
  /** The starred lead of the group this motion is printed under. */
  groupLead: string | null;
  /** A rider's or amendment's motion: its own number without the letter (7a belongs to 7). */
  parentNumber: string | null;
  replaces: string[];
  /** Text before the first part; empty when the motion has no separately voted parts. */
  preamble: string;
  /** At least one: a motion without (i), (ii) ... is one part holding its whole text. */
  parts: ParsedPart[];
}

/** Something in the text that stops Apply until the clerk fixes the text or skips it. */
export interface AgendaProblem {
  line: number;
  /** The last line the problem covers (the continuation lines of an unreadable line). */
  lastLine: number;
  text: string;
  reason: string;
  /** The motion the problem is about, if it was read: skipping the problem leaves it out. */
  motion: string | null;
  /** Motions it names that the text does not hold (a rider's motion, what a composite replaces). */
  missing: string[];
}

export interface IgnoredLine {
  line: number;
  text: string;
  reason: string;
}

export interface ParsedAgenda {
  title: string | null;
  dateLine: string | null;
  /** Every heading, in order: each becomes a section, with or without motions under it. */
  sections: string[];
  motions: ParsedMotion[];
  problems: AgendaProblem[];
  /** Page furniture: lines read and deliberately ignored. */
  furniture: IgnoredLine[];
}

// Every pattern must match in linear time (tests/unit/regex-safety.test.ts): a 300 KB line of
// spaces once took 50 s. So no two quantifiers may share a run of characters; whitespace is skipped
// with trimStart/trimEnd (which strip exactly what \s matches) and the pieces matched one by one.
const MARKING_PREFIX = /^(AR|A)\s+/i;
const NUMBER_START = /^(\d{1,4}[a-z]?)[.)]?\s/i;
const RIDER_PREFIX = /^(RIDER|AMENDMENT)\s+/i;
const NAME_CHARS = /^[A-Za-z\u00c0-\u024f0-9 &'\u2019,.()\-\u2013\u2014/]+$/;
const CAPITALISED_WORD = /^[A-Z\u00c0-\u00de0-9&(\-\u2013\u2014]/;
const NAME_JOINERS = new Set(["and", "of", "upon", "on", "the", "in", "by", "with", "under", "for", "de", "la", "le", "at", "to", "be"]);
const COMPOSITE = /^AGENDA COMMITTEE\s+(?:TO BE\s+)?PROPOSED BY\s+(\S.*)$/i;
const COMPOSITE_BARE = /^AGENDA COMMITTEE$/i;
const STRONG_BODY = /^(?:that|and)\b/i;
const MOTION_WORDS = /^(?:rider|amendment|agenda committee|that conference|that this)\b/i;
const PART_LABEL = /^\((x{0,2}(?:ix|iv|v?i{0,3}))\)\s/i;
const REPLACES_HEAD = /\(\s*replac(?:es?|ing)\s+motions?\s/iy;
/** What `.` does not match: the old `(.*)$` patterns failed on a line holding one of these. */
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;
const HEADING_CHARS = /^[A-Za-z\u00c0-\u024f0-9 &'\u2019,.()\-\u2013\u2014/:]+$/;
/** "PART I – ...", "Part 2:", "SECTION III": a numbered part of the agenda, never wrapped text ("part 2 of the regulations"). */
const PART_HEADING = /^(?:PART|SECTION)\s+(?:[IVXLC]{1,6}|\d{1,3})(?:$|\s*[-\u2013\u2014:.])/i;
const STARTS_WITH_LETTER = /^[A-Za-z\u00c0-\u024f]/;
const STARTS_UPPER = /^[A-Z\u00c0-\u00de]/;
const HEADING_END = /[A-Za-z\u00c0-\u024f0-9)]$/;
/** How a motion's text ends when it is finished; ":", ";" and "and" promise more. */
const TEXT_END = /[.!?)\u201d"'\u2019]$/;
const PAGE_NUMBER = /^(?:page\s+\d+(?:\s+of\s+\d+)?|[-\u2013\u2014]\s*\d+\s*[-\u2013\u2014]|\d{1,3})$/i;
const PAGE_OF_AT_END = /\bpage\s+\d+\s+of\s+\d+$/i;
const MONTHS = /\b(?:january|february|march|april|may|june|july|august|september|october|november|december)\b/i;
const YEAR = /\b(?:19|20)\d{2}\b/;
const TITLE_END = /[.;:,]$/;
const TITLE_WORDS = /\b(?:conferences?|meetings?)\b/i;
/** "AGENDA", "Agenda – Part 2", "AGENDA (draft)"; not "Agenda for Change", not "AGENDA COMMITTEE". */
const AGENDA_LINE = /^agenda(?:$|\s*[-\u2013\u2014:(,])/i;

interface Draft {
  motion: Omit<ParsedMotion, "preamble" | "parts">;
  indent: number;
  preamble: string[];
  parts: { label: string; text: string[] }[];
}

interface MotionStart {
  marking?: string;
  star: boolean;
  number: string;
  rest: string;
}

interface Proposer {
  riderWord?: string;
  name: string;
  composite: boolean;
  body: string;
  /** Capitals throughout, or every word capitalised: a name on its own, whatever follows. */
  nameShaped: boolean;
  /** A rider word, a composite, or a body that opens "That ..." / "and ...". */
  strong: boolean;
}

function normalise(text: string): string[] {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/[\u00a0\u2007\u202f]/g, " ")
    .replace(/\t/g, "    ")
    .split("\n");
}

const collapse = (parts: string[]) => parts.join(" ").replace(/\s+/g, " ").trim();
const indentOf = (line: string) => line.length - line.trimStart().length;
const isUpperCase = (text: string) => text === text.toUpperCase() && text !== text.toLowerCase();

/** The text after a run of whitespace, as `\s+(.*)$` captured it; null where that failed. */
function restOfLine(text: string): string | null {
  const rest = text.trimStart();
  return LINE_TERMINATOR.test(rest) ? null : rest;
}

/** `^\s*(?:(AR|A)\s+)?(\*)?\s*(\d{1,4}[a-z]?)[.)]?\s+(.*)$`/i, matched piece by piece. */
function matchMotionStart(raw: string): MotionStart | null {
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

/** Capitals, or each word capitalised apart from small joining words (Bath & North East Somerset, Isle of Wight). */
function nameIsShaped(name: string): boolean {
  const words = name.split(" ").filter(Boolean);
  return words.length > 0 && words.length <= 12 && CAPITALISED_WORD.test(words[0]!) && words.every((w) => CAPITALISED_WORD.test(w) || w === "&" || NAME_JOINERS.has(w));
}

/**
 * The proposer before the first colon (a name cannot hold one), with RIDER / AMENDMENT before it
 * or AGENDA COMMITTEE (TO BE) PROPOSED BY, in any case; null when there is no readable name.
 */
function matchProposer(text: string): Proposer | null {
  const colon = text.indexOf(":");
  const body = colon < 0 ? null : restOfLine(text.slice(colon + 1));
  if (body === null) return null;
  let head = text.slice(0, colon).trimEnd();
  const rider = RIDER_PREFIX.exec(head);
  if (rider) head = head.slice(rider[0].length).trimStart();
  const composite = COMPOSITE.exec(head);
  const name = composite ? composite[1]!.trim() : head;
  // "That conference ...:" is a body whose proposer is missing, never a proposer.
  if (name.length === 0 || name.length > 100 || !STARTS_WITH_LETTER.test(name) || !NAME_CHARS.test(name) || STRONG_BODY.test(name)) return null;
  const isComposite = Boolean(composite) || COMPOSITE_BARE.test(head);
  return {
    riderWord: rider?.[1],
    name: name.replace(/\s+/g, " "),
    composite: isComposite,
    body,
    nameShaped: nameIsShaped(name),
    strong: Boolean(rider) || isComposite || STRONG_BODY.test(body),
  };
}

/** A numbered line that did not read as a motion, but that no agenda would print as wrapped text. */
function looksLikeMotionStart(start: MotionStart): boolean {
  if ((start.marking && start.marking === start.marking.toUpperCase()) || start.star) return true;
  const rest = start.rest;
  // "23a Kent ..." is a motion; "6b and 6c)" is the end of a wrapped list of motions.
  if (/[a-z]$/i.test(start.number) && STARTS_UPPER.test(rest)) return true;
  if (MOTION_WORDS.test(rest) || rest.toLowerCase().includes("that conference")) return true;
  // A name, then the body's opening or a colon: "23 Cumbria That this LMC ...", "23 Cumbria LMC*: ...".
  const colon = rest.indexOf(":");
  if (STARTS_UPPER.test(rest) && ((colon > 0 && colon <= 100) || rest.includes(" That this "))) return true;
  return STARTS_WITH_LETTER.test(rest) && isUpperCase(rest) && rest.length <= 100;
}

type HeadingShape = "caps" | "part" | "mixed";

function headingShape(trimmed: string): HeadingShape | null {
  if (trimmed.length < 3 || trimmed.length > 120 || !STARTS_WITH_LETTER.test(trimmed) || !HEADING_CHARS.test(trimmed)) return null;
  if (trimmed === "A" || trimmed === "AR") return null;
  if (PART_HEADING.test(trimmed)) return "part";
  if (!HEADING_END.test(trimmed)) return null;
  if (isUpperCase(trimmed)) return trimmed.replace(/[^A-Za-z\u00c0-\u024f]/g, "").length >= 3 ? "caps" : null;
  if (STARTS_UPPER.test(trimmed) && trimmed.length <= 80 && trimmed.split(" ").length <= 10 && !/^that\b/i.test(trimmed)) return "mixed";
  return null;
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

/** What page furniture looks like once page numbers and spacing are set aside. */
const furnitureKey = (text: string) => text.toLowerCase().replace(/\d+/g, "#").replace(/[\u2013\u2014]/g, "-").replace(/\s+/g, " ").trim();

/**
 * Page furniture, found before the motions are read: the title and date line before anything
 * else, "AGENDA" lines, page numbers, and running headers or footers (a line repeating the title
 * or an earlier footer, page numbers aside).
 */
function findFurniture(lines: string[]) {
  const reasons: (string | null)[] = lines.map(() => null);
  const keys = new Set<string>();
  let title: string | null = null;
  let dateLine: string | null = null;
  let content = false;
  let first = true;
  lines.forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed === "") return;
    const key = furnitureKey(trimmed);
    const isFirst = first;
    first = false;
    if (PAGE_NUMBER.test(trimmed)) reasons[index] = "page number";
    else if (PAGE_OF_AT_END.test(trimmed)) {
      reasons[index] = "page header or footer";
      keys.add(key);
    } else if (AGENDA_LINE.test(trimmed)) {
      reasons[index] = "agenda heading";
    } else if (keys.has(key)) reasons[index] = "repeated page header or footer";
    else if (!content && !title && TITLE_WORDS.test(trimmed) && (isUpperCase(trimmed) || (isFirst && trimmed.length <= 150 && !TITLE_END.test(trimmed)))) {
      title = trimmed;
      keys.add(key);
      reasons[index] = "conference title";
    } else if (!content && !dateLine && MONTHS.test(trimmed) && YEAR.test(trimmed)) {
      dateLine = trimmed;
      keys.add(key);
      reasons[index] = "date and place";
    } else content = true;
  });
  return { reasons, title: title as string | null, dateLine: dateLine as string | null };
}

/** The problems of riders, amendments and composites whose motions are not among `available`. */
export function linkProblems(motions: readonly ParsedMotion[], available: ReadonlySet<string>): AgendaProblem[] {
  const problems: AgendaProblem[] = [];
  for (const m of motions) {
    const text = `${m.number} ${m.proposer}`;
    if (m.parentNumber && !available.has(m.parentNumber)) {
      problems.push({
        line: m.line,
        lastLine: m.line,
        text,
        reason: `${m.kind} ${m.number} belongs to motion ${m.parentNumber}, which is neither in this text nor on the conference's agenda; it is not attached to any other motion`,
        motion: m.number,
        missing: [m.parentNumber],
      });
    }
    const absent = m.replaces.filter((r) => !available.has(r));
    if (absent.length) {
      problems.push({
        line: m.line,
        lastLine: m.line,
        text,
        reason: `${m.kind} ${m.number} replaces ${absent.join(", ")}, ${absent.length === 1 ? "which is" : "which are"} neither in this text nor on the conference's agenda`,
        motion: m.number,
        missing: absent,
      });
    }
  }
  return problems;
}

export function parseAgenda(text: string): ParsedAgenda {
  const lines = normalise(text);
  const { reasons, title, dateLine } = findFurniture(lines);
  const result: ParsedAgenda = { title, dateLine, sections: [], motions: [], problems: [], furniture: [] };
  // The next line that is not furniture (blank lines count), for telling headings from text.
  const nextLine: number[] = new Array(lines.length);
  for (let i = lines.length - 1, next = -1; i >= 0; i--) {
    nextLine[i] = next;
    if (reasons[i] === null) next = i;
  }
  let section: string | null = null;
  let current: Draft | null = null;
  // A problem still taking in the lines that follow it, so they are not glued elsewhere.
  let open: AgendaProblem | null = null;
  let groupLead: { number: string; prefix: string } | null = null;
  // What the last line that was not furniture was: a motion's own line, or a break before this one.
  let previous: "break" | "motion" | "other" = "break";
  const seen = new Set<string>();
  const headings = new Set<string>();

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
    result.motions.push(
      parts.length
        ? { ...current.motion, replaces, preamble, parts }
        : { ...current.motion, replaces, preamble: "", parts: [{ label: "i", text: preamble }] },
    );
    current = null;
  };
  const problem = (line: number, raw: string, reason: string, motion: string | null = null): AgendaProblem => {
    const found: AgendaProblem = { line, lastLine: line, text: raw.trim().slice(0, 500), reason, motion, missing: [] };
    result.problems.push(found);
    return found;
  };
  /** Whether line `index` is followed by a break: a blank line, the end, a numbered line or (for capitals) a heading. */
  const breakAfter = (index: number, headingsToo: boolean) => {
    const next = nextLine[index]!;
    if (next < 0 || lines[next]!.trim() === "") return true;
    if (matchMotionStart(lines[next]!)) return true;
    const shape = headingsToo ? headingShape(lines[next]!.trim()) : null;
    return shape === "caps" || shape === "part";
  };
  const lastText = (draft: Draft) => {
    const part = draft.parts[draft.parts.length - 1];
    const words = part ? part.text : draft.preamble;
    return words.length ? words[words.length - 1]! : "";
  };

  lines.forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (reasons[index]) {
      result.furniture.push({ line, text: trimmed, reason: reasons[index]! });
      return;
    }
    if (trimmed === "") {
      previous = "break";
      return;
    }
    const was = previous;
    previous = "other";

    const start = matchMotionStart(raw);
    const partStart = matchPartStart(raw);
    if (start && !partStart) {
      const proposer = matchProposer(start.rest.trim());
      const number = start.number.toLowerCase();
      // "23 cumbria:" with the body on the next line: "That conference ..." there says it is a motion.
      if (proposer && proposer.body === "" && !proposer.strong) {
        const next = nextLine[index]!;
        proposer.strong = next >= 0 && STRONG_BODY.test(lines[next]!.trim());
      }
      const readable = proposer && (proposer.nameShaped || proposer.strong);
      // A numbered line indented like the wrapped text above it, with a name in mixed case and
      // an ordinary body, could be either: the clerk decides.
      const ambiguous =
        readable &&
        current &&
        !open &&
        was === "motion" &&
        indentOf(raw) >= current.indent + 3 &&
        !start.marking &&
        !start.star &&
        !proposer.strong &&
        !isUpperCase(proposer.name);
      if (readable && !ambiguous) {
        finish();
        open = null;
        if (seen.has(number)) {
          open = problem(line, raw, `duplicate motion number ${number}`);
          return;
        }
        seen.add(number);
        const kind: MotionKind = proposer.riderWord
          ? proposer.riderWord.toUpperCase() === "RIDER"
            ? "rider"
            : "amendment"
          : proposer.composite
            ? "composite"
            : /^and\b/i.test(proposer.body)
              ? "rider"
              : "motion";
        const prefix = /^\d+/.exec(number)![0];
        const attached = kind === "rider" || kind === "amendment";
        if (start.star) groupLead = { number, prefix };
        else if (groupLead && groupLead.prefix !== prefix) groupLead = null;
        const grouped = !start.star && groupLead !== null && !attached;
        current = {
          motion: {
            number,
            line,
            section,
            proposer: proposer.name,
            kind,
            marking: start.marking ? (start.marking.toUpperCase() as "A" | "AR") : grouped ? "grouped" : "debate",
            isGroupLead: start.star,
            groupLead: grouped ? groupLead!.number : null,
            parentNumber: attached && number !== prefix ? prefix : null,
            replaces: [],
          },
          indent: indentOf(raw),
          preamble: proposer.body ? [proposer.body] : [],
          parts: [],
        };
        previous = "motion";
        if (attached && number === prefix) {
          problem(line, raw, `${kind} ${number} has no letter after its number, so the motion it belongs to cannot be told: number it after its motion (7a, 7b ...)`, number);
        }
        return;
      }
      if (ambiguous || looksLikeMotionStart(start) || (!current && !open)) {
        const reason = ambiguous
          ? `line ${line} could be wrapped text of motion ${current!.motion.number} or the start of motion ${number}: put motion ${number} at the margin, or rejoin the wrapped line`
          : `motion ${number} has no proposer that can be read: expected "${number}  LMC NAME: That conference ..."`;
        finish();
        open = problem(line, raw, reason);
        return;
      }
      // Otherwise wrapped text that happens to start with a number ("25 contacts a day").
    }

    if (partStart && current && !open) {
      const label = partStart.label.toLowerCase();
      const expected = romanLabel(current.parts.length + 1);
      if (label !== expected) {
        problem(line, raw, `motion ${current.motion.number}: part (${label}) is where part (${expected}) should be`, current.motion.number);
      }
      current.parts.push({ label, text: [partStart.rest] });
      previous = "motion";
      return;
    }

    const shape = partStart ? null : headingShape(trimmed);
    if (shape) {
      const inMotion = was === "motion" && current !== null && !open;
      const standalone = was === "break" && breakAfter(index, false);
      const heading =
        shape === "part" || (shape === "mixed" ? standalone : !inMotion || standalone || (indentOf(raw) <= 2 && breakAfter(index, true)));
      if (heading) {
        // A short line standing alone after a motion whose text has not ended could be either.
        if (shape === "mixed" && current && !open && !TEXT_END.test(lastText(current).trim())) {
          problem(line, raw, `line ${line} could be a section heading or more of motion ${current.motion.number}'s text: end the motion's text with a full stop, or join the line to it`);
          return;
        }
        finish();
        open = null;
        groupLead = null;
        section = trimmed;
        // A heading printed again (on the next page) continues the same section.
        if (!headings.has(trimmed)) result.sections.push(trimmed);
        headings.add(trimmed);
        return;
      }
    }

    // "KENT: That conference ..." with no number is a motion whose number went missing, not text.
    const unnumbered = matchProposer(trimmed);
    if (unnumbered && ((unnumbered.riderWord && STARTS_UPPER.test(unnumbered.riderWord)) || (unnumbered.nameShaped && /^that conference\b/i.test(unnumbered.body)))) {
      finish();
      open = problem(line, raw, "this looks like a motion, but no number can be read before the proposer: write it as \"23  LMC NAME: ...\" (with a space after A or AR)");
      return;
    }

    if (current && !open) {
      appendText(current, trimmed);
      previous = "motion";
      return;
    }
    if (open) {
      open.lastLine = line;
      return;
    }
    open = problem(line, raw, "text outside any motion");
  });
  finish();
  result.problems.push(...linkProblems(result.motions, new Set(result.motions.map((m) => m.number))));
  result.problems.sort((a, b) => a.line - b.line);
  return result;
}

function appendText(draft: Draft, text: string) {
  const lastPart = draft.parts[draft.parts.length - 1];
  if (lastPart) lastPart.text.push(text);
  else draft.preamble.push(text);
}
