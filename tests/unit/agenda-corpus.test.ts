// Agendas from many hands (tests/fixtures/agendas/, written for these tests in the styles real
// agendas arrive in), each with the exact parse expected of it; and a property: re-casing and
// re-wrapping an agenda does not change what is read from it.
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAgenda, type ParsedAgenda, type ParsedMotion, type ParsedPart } from "../../app/domain/agenda-parser";

const DIR = "tests/fixtures/agendas";
const read = (file: string) => fs.readFileSync(path.join(DIR, file), "utf8");

type MotionSpec = Partial<ParsedMotion> & { line: number; number: string; proposer: string };
const parts = (...texts: string[]): ParsedPart[] => texts.map((text, i) => ({ label: ["i", "ii", "iii", "iv", "v"][i]!, text }));
/** A motion with the usual defaults: an ordinary motion for debate, one part unless given. */
const motion = (section: string | null, spec: MotionSpec & { text?: string }): ParsedMotion => {
  const { text, ...rest } = spec;
  return {
    section,
    kind: "motion",
    marking: "debate",
    isGroupLead: false,
    groupLead: null,
    parentNumber: null,
    replaces: [],
    preamble: "",
    parts: text === undefined ? [] : parts(text),
    ...rest,
  };
};

interface Expected {
  title: string | null;
  dateLine: string | null;
  sections: string[];
  furniture: [number, string][];
  /** [first line, last line, motion, the start of the reason] */
  problems: [number, number, string | null, string][];
  motions: ParsedMotion[];
}

const CORPUS: [string, string, Expected][] = [
  [
    "01-england-classic.txt",
    "capitals, indented wrapping, PART headings, a composite with its group, a rider, A and AR",
    {
      title: "CONFERENCE OF ENGLAND LOCAL MEDICAL COMMITTEES",
      dateLine: "Thursday 12 November 2026, Liverpool",
      sections: ["PART I – MOTIONS FOR DEBATE", "PREMISES", "PART II – MOTIONS NOT FOR DEBATE"],
      furniture: [
        [1, "conference title"],
        [2, "date and place"],
        [3, "agenda heading"],
      ],
      problems: [],
      motions: [
        motion("PREMISES", {
          line: 9,
          number: "20",
          proposer: "CUMBRIA",
          preamble: "That conference believes that practice premises are no longer fit for purpose and calls on the government to:",
          parts: parts("fund a national premises survey", "end the “last man standing” risk for GP partners", "provide capital grants of at least £2 billion over five years."),
        }),
        motion("PREMISES", { line: 15, number: "20a", proposer: "SHEFFIELD", kind: "rider", parentNumber: "20", text: "and further asks that NHS Property Services rent increases be capped at inflation." }),
        motion("PREMISES", { line: 18, number: "21", proposer: "WESSEX", text: "That conference deplores service charges levied by NHS Property Services, which rose by 40 per cent in two years." }),
        motion("PREMISES", {
          line: 22,
          number: "22",
          proposer: "DEVON",
          kind: "composite",
          isGroupLead: true,
          replaces: ["22a", "22b"],
          preamble: "That conference demands that indemnity for premises be:",
          parts: parts("provided by the state", "free at the point of use."),
        }),
        motion("PREMISES", { line: 28, number: "22a", proposer: "DEVON", marking: "grouped", groupLead: "22", text: "That conference calls for state-backed premises indemnity." }),
        motion("PREMISES", { line: 29, number: "22b", proposer: "CORNWALL AND ISLES OF SCILLY", marking: "grouped", groupLead: "22", text: "That conference asks that premises indemnity carry no charge to practices." }),
        motion("PART II – MOTIONS NOT FOR DEBATE", { line: 34, number: "23", proposer: "BEDFORDSHIRE", marking: "A", text: "That conference reaffirms its support for the partnership model." }),
        motion("PART II – MOTIONS NOT FOR DEBATE", { line: 36, number: "24", proposer: "LINCOLNSHIRE", marking: "AR", text: "That conference asks GPC England to review rural dispensing fees." }),
      ],
    },
  ],
  [
    "02-compact-mixed-case.txt",
    "no blank lines, no indentation, proposers in mixed case, 23 and 23A, running header and page footers",
    {
      title: "Conference of England LMCs 2026 – Agenda",
      dateLine: null,
      sections: ["ONLINE ACCESS", "WORKFORCE"],
      furniture: [
        [1, "conference title"],
        [11, "page number"],
        [12, "repeated page header or footer"],
        [20, "page number"],
      ],
      problems: [],
      motions: [
        motion("ONLINE ACCESS", { line: 3, number: "23", proposer: "Cumbria", text: "That conference believes that online consultation requests must count towards a practice's safe working limit." }),
        motion("ONLINE ACCESS", { line: 5, number: "23a", proposer: "CUMBRIA", text: "That conference asks GPC England to publish model wording for practice websites." }),
        motion("ONLINE ACCESS", {
          line: 7,
          number: "24",
          proposer: "Bath & North East Somerset",
          preamble: "That conference:",
          parts: parts("rejects the requirement to keep online tools open all day", "calls for practices to be able to close online tools when full", "asks NHS England to fund triage capacity."),
        }),
        motion("ONLINE ACCESS", { line: 13, number: "25", proposer: "Kensington, Chelsea and Westminster", text: "That conference insists that patients are told plainly when a practice has reached its safe limit." }),
        motion("WORKFORCE", { line: 16, number: "26", proposer: "Newcastle and North Tyneside", text: "That conference calls for the ARRS to fund salaried GPs without restriction." }),
        motion("WORKFORCE", { line: 18, number: "27", proposer: "Hull and East Yorkshire", text: "That conference deplores the unemployment of newly qualified GPs." }),
      ],
    },
  ],
  [
    "03-typography-parts.txt",
    "mixed-case PART and section headings, curly quotes, dashes, £ and &, the body under the proposer, a mixed-case composite",
    {
      title: "UK Conference of LMCs 2027",
      dateLine: null,
      sections: ["Part I – Motions for debate", "Funding and contracts", "Part II – Motions not for debate", "Dispensing"],
      furniture: [[1, "conference title"]],
      problems: [],
      motions: [
        motion("Funding and contracts", {
          line: 7,
          number: "30",
          proposer: "Bath & North East Somerset",
          preamble: "That conference believes the “global sum” uplift of £1.50 per patient — announced without negotiation — is inadequate, and:",
          parts: parts("rejects it", "demands a minimum uplift of £10 per weighted patient", "calls for the uplift to be backdated to 1 April."),
        }),
        motion("Funding and contracts", {
          line: 14,
          number: "31",
          proposer: "Kent",
          kind: "composite",
          replaces: ["31a", "31b"],
          text: "That conference insists that practices’ expenses – including staff, premises & indemnity – are funded in full.",
        }),
        motion("Funding and contracts", { line: 18, number: "31a", proposer: "Kent", text: "That conference calls for expenses to be funded in full." }),
        motion("Funding and contracts", { line: 20, number: "31b", proposer: "Londonwide LMCs", text: "That conference wants “full and fair” funding of staff costs." }),
        motion("Dispensing", { line: 26, number: "32", proposer: "Shropshire", marking: "A", text: "That conference supports dispensing practices’ right to dispense." }),
      ],
    },
  ],
  [
    "04-riders-amendments.txt",
    "amendments and riders (one without the word RIDER, one whose motion is missing), A and AR spacing",
    {
      title: "CONFERENCE OF ENGLAND LMCs – SPECIAL CONFERENCE",
      dateLine: "Saturday 6 March 2027, London",
      sections: ["CONTRACT"],
      furniture: [
        [1, "conference title"],
        [2, "date and place"],
      ],
      problems: [
        [17, 17, "43a", "rider 43a belongs to motion 43, which is neither in this text nor on the conference's agenda"],
        [21, 21, null, "this looks like a motion, but no number can be read"],
      ],
      motions: [
        motion("CONTRACT", { line: 6, number: "40", proposer: "DERBYSHIRE", text: "That conference rejects the 2027/28 contract offer." }),
        motion("CONTRACT", { line: 8, number: "40a", proposer: "NOTTINGHAMSHIRE", kind: "amendment", parentNumber: "40", text: "Add at the end “and calls for a ballot of GPs”." }),
        motion("CONTRACT", {
          line: 10,
          number: "40b",
          proposer: "LEICESTERSHIRE AND RUTLAND",
          kind: "rider",
          parentNumber: "40",
          text: "and further instructs GPC England to seek a new offer within three months.",
        }),
        motion("CONTRACT", { line: 13, number: "41", proposer: "SURREY", text: "That conference believes that the contract should be for ten years." }),
        motion("CONTRACT", { line: 15, number: "41a", proposer: "HERTFORDSHIRE", kind: "rider", parentNumber: "41", text: "and further asks that the contract be indexed to inflation." }),
        // Printed after 41a, but 41 is not its motion: it is flagged, not attached there.
        motion("CONTRACT", { line: 17, number: "43a", proposer: "BEDFORDSHIRE", kind: "rider", parentNumber: "43", text: "and further calls for a fresh mandate." }),
        motion("CONTRACT", { line: 19, number: "44", proposer: "ESSEX", marking: "AR", text: "That conference thanks the negotiators." }),
        motion("CONTRACT", { line: 20, number: "45", proposer: "SUFFOLK", marking: "A", text: "That conference notes the offer." }),
      ],
    },
  ],
  [
    "05-pdf-export.txt",
    "a PDF export: tabs, numbers with full stops, page numbers and repeated headers mid-motion, notes outside motions, a numbered line with no proposer",
    {
      title: "Conference of England LMCs 2026",
      dateLine: null,
      sections: ["WORKFORCE AND WELLBEING", "Digital"],
      furniture: [
        [1, "conference title"],
        [2, "agenda heading"],
        [13, "page number"],
        [14, "repeated page header or footer"],
        [24, "page number"],
      ],
      problems: [
        [4, 4, null, "text outside any motion"],
        [15, 16, null, "motion 52 has no proposer that can be read"],
      ],
      motions: [
        motion("WORKFORCE AND WELLBEING", {
          line: 7,
          number: "50",
          proposer: "GREATER MANCHESTER",
          preamble: "That conference calls for:",
          parts: parts("a national GP retention scheme", "a cap on patient contacts per GP per day, with no more than 25 contacts per clinician in any session", "protected time for training."),
        }),
        motion("WORKFORCE AND WELLBEING", { line: 12, number: "51", proposer: "Lancashire and Cumbria", text: "That conference condemns abuse of practice staff." }),
        motion("WORKFORCE AND WELLBEING", { line: 17, number: "53", proposer: "Cheshire", text: "That conference asks that NHS England fund security staff in practices that need them." }),
        motion("Digital", { line: 22, number: "54", proposer: "Berkshire, Buckinghamshire and Oxfordshire", text: "That conference asks that clinical systems be paid for nationally." }),
      ],
    },
  ],
  [
    "06-local-lmc-meeting.txt",
    "a local meeting: numbers with brackets, a part out of sequence, a duplicate, an unreadable line indented like wrapped text, a rider without a letter, a heading that could be text",
    {
      title: "Avon LMC – Annual General Meeting",
      dateLine: null,
      sections: ["Motions"],
      furniture: [[1, "conference title"]],
      problems: [
        [10, 10, "2", "motion 2: part (iv) is where part (iii) should be"],
        [11, 11, null, "duplicate motion number 2"],
        [14, 14, null, "motion 4 has no proposer that can be read"],
        [15, 15, "4", "rider 4 has no letter after its number"],
        [18, 18, null, "line 18 could be a section heading or more of motion 5's text"],
      ],
      motions: [
        motion("Motions", { line: 5, number: "1", proposer: "Avon", text: "That this LMC believes that practices must be able to close their doors at 18:30 without penalty." }),
        motion("Motions", {
          line: 7,
          number: "2",
          proposer: "Avon",
          preamble: "That this LMC:",
          parts: [
            { label: "i", text: "supports the national collective action" },
            { label: "ii", text: "asks member practices to log every breach notice they receive" },
            { label: "iv", text: "thanks the LMC officers." },
          ],
        }),
        motion("Motions", { line: 12, number: "3", proposer: "North Somerset", text: "That this LMC calls on the ICB to publish its estates strategy by 1 June." }),
        motion("Motions", { line: 15, number: "4", proposer: "Bristol", kind: "rider", text: "and further asks for the strategy to be costed." }),
        motion("Motions", { line: 16, number: "5", proposer: "South Gloucestershire", text: "That this LMC asks the ICB to fund" }),
        motion("Motions", { line: 20, number: "6", proposer: "Bristol", text: "That this LMC welcomes new practice premises in Bristol." }),
      ],
    },
  ],
];

describe("the agenda corpus", () => {
  it("has at least six agendas, each in the table", () => {
    const files = fs.readdirSync(DIR).filter((f) => f.endsWith(".txt"));
    expect(files.length).toBeGreaterThanOrEqual(6);
    expect(CORPUS.map(([file]) => file).sort()).toEqual(files.sort());
  });

  it.each(CORPUS)("%s (%s) parses exactly as expected", (file, _style, expected) => {
    const parsed = parseAgenda(read(file));
    expect({ title: parsed.title, dateLine: parsed.dateLine, sections: parsed.sections }).toEqual({ title: expected.title, dateLine: expected.dateLine, sections: expected.sections });
    expect(parsed.furniture.map((f) => [f.line, f.reason])).toEqual(expected.furniture);
    expect(parsed.problems.map((p) => [p.line, p.lastLine, p.motion, p.reason.slice(0, expected.problems.find(([l]) => l === p.line)?.[3].length ?? 0)])).toEqual(expected.problems);
    expect(parsed.motions).toEqual(expected.motions);
  });

  it("drops no numbered motion: every numbered line is a motion or a problem", () => {
    for (const [file] of CORPUS) {
      const text = read(file).split("\n");
      const parsed = parseAgenda(read(file));
      const accounted = new Set([...parsed.motions.map((m) => m.line), ...parsed.problems.map((p) => p.line)]);
      text.forEach((line, i) => {
        if (/^\s*(?:(?:AR|A)\s+)?\*?\d{1,3}[a-zA-Z]?[.)]?\s+[A-Z]/.test(line)) expect(accounted.has(i + 1), `${file}:${i + 1} ${line}`).toBe(true);
      });
    }
  });
});

// Re-lays an agenda from what was read of it, in a style fast-check picks: the case of names,
// keywords, letters and headings; wrap width and indentation; blank lines or none; 23, 23. or 23).
// What is read back must be the same, whatever the case and wrapping.
interface Style {
  width: number;
  indent: number;
  spaced: boolean;
  numberEnd: "" | "." | ")";
  gap: string;
  nameCase: ("asis" | "upper" | "title" | "lower" | "mixed")[];
  keywordCase: "upper" | "title" | "lower";
  letterCase: "lower" | "upper";
  headingCase: "asis" | "upper" | "title";
  riderWord: boolean;
}

const recase = (text: string, how: Style["nameCase"][number] | Style["keywordCase"] | Style["headingCase"]) => {
  switch (how) {
    case "upper":
      return text.toUpperCase();
    case "lower":
      return text.toLowerCase();
    case "title":
      return text.toLowerCase().replace(/(^|[\s(])([a-z])/g, (_m, before: string, letter: string) => before + letter.toUpperCase());
    case "mixed":
      return [...text].map((c, i) => (i % 2 ? c.toLowerCase() : c.toUpperCase())).join("");
    default:
      return text;
  }
};

function wrap(first: string, text: string, style: Style): string[] {
  const lines: string[] = [];
  let current = first;
  for (const word of text.split(" ").filter(Boolean)) {
    if (current.trim() && current.length + 1 + word.length > style.width) {
      lines.push(current);
      current = " ".repeat(style.indent) + word;
    } else current = current.endsWith(" ") || current === "" ? current + word : `${current} ${word}`;
  }
  lines.push(current);
  return lines;
}

function render(agenda: ParsedAgenda, style: Style): string {
  const out: string[] = ["CONFERENCE OF LMCS"];
  const gap = () => (style.spaced ? out.push("") : undefined);
  const motions = (section: string | null) => agenda.motions.filter((m) => m.section === section);
  const lay = (m: ParsedMotion, i: number) => {
    const number = style.letterCase === "upper" ? m.number.toUpperCase() : m.number;
    const marking = m.marking === "A" || m.marking === "AR" ? `${m.marking}${style.gap}` : "";
    const name = recase(m.proposer, style.nameCase[i % style.nameCase.length]!);
    const keyword = (word: string) => recase(word, style.keywordCase);
    const who =
      m.kind === "composite"
        ? `${keyword("AGENDA COMMITTEE TO BE PROPOSED BY")} ${name}`
        : m.kind === "amendment" || (m.kind === "rider" && style.riderWord)
          ? `${keyword(m.kind.toUpperCase())} ${name}`
          : name;
    const head = `${marking}${m.isGroupLead ? "*" : ""}${number}${style.numberEnd}${style.gap}${who}: `;
    const replaces = m.replaces.length ? ` (replaces motions ${m.replaces.join(" and ")})` : "";
    if (m.preamble || m.parts.length > 1) {
      out.push(...wrap(head, m.preamble, style));
      m.parts.forEach((p, j) => out.push(...wrap(`${" ".repeat(style.indent)}(${p.label}) `, p.text + (j === m.parts.length - 1 ? replaces : ""), style)));
    } else out.push(...wrap(head, m.parts[0]!.text + replaces, style));
    gap();
  };
  let i = 0;
  for (const m of motions(null)) lay(m, i++);
  for (const section of agenda.sections) {
    gap();
    // A heading straight after a motion's text must be in capitals (or a PART heading) to be told from it.
    out.push(style.spaced || /^part\b/i.test(section) ? recase(section, style.headingCase) : recase(section, "upper"));
    gap();
    for (const m of motions(section)) lay(m, i++);
  }
  return out.join("\n");
}

/** What must survive re-casing and re-wrapping: everything but line numbers and the case of names and headings. */
const essence = (agenda: ParsedAgenda) => ({
  sections: agenda.sections.map((s) => s.toLowerCase()),
  motions: agenda.motions.map(({ line: _line, ...m }) => ({ ...m, proposer: m.proposer.toLowerCase(), section: m.section?.toLowerCase() ?? null })),
  problems: agenda.problems.filter((p) => p.motion !== null).map((p) => p.reason),
});

const styles: fc.Arbitrary<Style> = fc.record({
  width: fc.integer({ min: 40, max: 120 }),
  indent: fc.constantFrom(0, 2, 4, 6),
  spaced: fc.boolean(),
  numberEnd: fc.constantFrom("" as const, "." as const, ")" as const),
  gap: fc.constantFrom(" ", "  ", "   "),
  nameCase: fc.array(fc.constantFrom("asis" as const, "upper" as const, "title" as const, "lower" as const, "mixed" as const), { minLength: 1, maxLength: 5 }),
  keywordCase: fc.constantFrom("upper" as const, "title" as const, "lower" as const),
  letterCase: fc.constantFrom("lower" as const, "upper" as const),
  headingCase: fc.constantFrom("asis" as const, "upper" as const, "title" as const),
  riderWord: fc.boolean(),
});

describe("re-casing and re-wrapping an agenda", () => {
  it.each(CORPUS.map(([file]) => file))("does not change what is read from %s", (file) => {
    const original = parseAgenda(read(file));
    const expected = essence(original);
    fc.assert(
      fc.property(styles, (style) => {
        const text = render(original, style);
        expect(essence(parseAgenda(text)), text).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
