import fs from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAgenda } from "../../app/domain/agenda-parser";

const sample = fs.readFileSync("db/reference/sample-agenda.txt", "utf8");

describe("parsing the sample agenda", () => {
  const parsed = parseAgenda(sample);
  const byNumber = (n: string) => parsed.motions.find((m) => m.number === n)!;

  it("recognises the page furniture and places every other line", () => {
    expect(parsed.title).toBe("CONFERENCE OF ENGLAND LOCAL MEDICAL COMMITTEES");
    expect(parsed.dateLine).toBe("Friday 7 November 2025, Manchester");
    expect(parsed.furniture.map((f) => f.line)).toEqual([1, 2, 3]);
    expect(parsed.problems).toEqual([]);
  });

  it("finds the sections in order and every motion", () => {
    expect(parsed.sections).toEqual(["ONLINE ACCESS", "CONTRACT", "COLLECTIVE ACTION", "WORKFORCE"]);
    expect(parsed.motions.map((m) => m.number)).toEqual(["5", "5a", "5b", "6", "6a", "6b", "6c", "7", "7a", "8", "9", "10", "11", "12", "13", "14"]);
  });

  it("reads motion 5's preamble and its four wrapped parts", () => {
    const m = byNumber("5");
    expect(m).toMatchObject({ proposer: "NORTH STAFFORDSHIRE", kind: "motion", marking: "debate", section: "ONLINE ACCESS", line: 7 });
    expect(m.preamble).toBe("That conference, regarding the requirement that practices keep online consultation tools open throughout core hours:");
    expect(m.parts).toEqual([
      { label: "i", text: "rejects the requirement as unsafe for patients and unsustainable for practices" },
      { label: "ii", text: "asserts that practices may curtail online access once safe working limits have been reached on any day" },
      { label: "iii", text: "demands the immediate removal of the requirement from the contract" },
      {
        label: "iv",
        text: "instructs GPC England to prepare options for collective action, including non-compliance, should the government refuse to revise the requirement.",
      },
    ]);
  });

  it("makes a motion without numbered parts one part holding its whole text", () => {
    expect(byNumber("5a")).toMatchObject({ preamble: "", parts: [{ label: "i", text: expect.stringMatching(/^That conference believes .* addition to it\.$/) }] });
  });

  it("reads the starred composite, its proposer and the motions it replaces", () => {
    expect(byNumber("6")).toMatchObject({ kind: "composite", proposer: "KENT", isGroupLead: true, replaces: ["6a", "6b", "6c"] });
    expect(byNumber("6").parts.at(-1)!.text).toBe("asks that ICBs take no contractual action against practices acting to protect safety.");
  });

  it("marks the motions under a starred lead as grouped", () => {
    expect(["6a", "6b", "6c"].map((n) => byNumber(n).marking)).toEqual(["grouped", "grouped", "grouped"]);
    expect(byNumber("7").marking).toBe("debate");
  });

  it("attaches a rider to the motion above", () => {
    expect(byNumber("7a")).toMatchObject({ kind: "rider", parentNumber: "7", proposer: "SHEFFIELD" });
    expect(byNumber("7a").parts[0]!.text).toMatch(/^and further insists/);
  });

  it("reads A and AR markings", () => {
    expect(byNumber("9").marking).toBe("A");
    expect(byNumber("10").marking).toBe("AR");
  });
});

describe("tolerating real agendas", () => {
  it.each([
    ["empty text", "", 0, 0],
    ["only blank lines", "\n\n   \n", 0, 0],
    ["Windows line endings", "ONLINE\r\n1  AVON: That conference\r\n    wraps here.\r\n", 1, 0],
    ["tabs and non-breaking spaces", "TOPIC\n1\tAVON:\u00a0That conference\n\tagrees.", 1, 0],
    ["a page number and a page footer", "TOPIC\n1  AVON: That conference agrees.\n- 2 -\nPage 3 of 9\n", 1, 0],
    ["text before any motion", "Some stray words\nTOPIC\n1  AVON: That conference agrees.", 1, 1],
    // One problem covering the line and its continuation, so one decision skips both.
    ["a numbered line with no proposer, and its continuation", "TOPIC\n1  That conference agrees\n    with itself.\n2  AVON: That conference agrees.", 1, 1],
    ["a duplicate motion number", "TOPIC\n1  AVON: That conference agrees.\n1  DEVON: That conference disagrees.", 1, 1],
    ["a rider with nothing above it", "TOPIC\n1a RIDER  AVON: and further agrees.", 1, 1],
  ])("%s", (_name, text, motions, skipped) => {
    const parsed = parseAgenda(text);
    expect(parsed.motions).toHaveLength(motions);
    expect(parsed.problems).toHaveLength(skipped);
  });

  it("says why it skipped a line, with its number", () => {
    const parsed = parseAgenda("TOPIC\n1  AVON: That conference agrees.\n1  DEVON: That conference disagrees.");
    expect(parsed.problems).toEqual([{ line: 3, lastLine: 3, text: "1  DEVON: That conference disagrees.", reason: "duplicate motion number 1", motion: null, missing: [] }]);
  });

  it("covers an unreadable line and the lines that continue it with one problem", () => {
    const parsed = parseAgenda("TOPIC\n1  That conference agrees\n    with itself.\n2  AVON: That conference agrees.");
    expect(parsed.problems).toMatchObject([{ line: 2, lastLine: 3, motion: null, reason: expect.stringMatching(/^motion 1 has no proposer/) }]);
  });

  it("keeps a wrapped line that starts with a number inside the problem it continues", () => {
    const parsed = parseAgenda("TOPIC\n1  That conference calls for no more than\n    25 contacts per clinician per day.\n2  AVON: That conference agrees.");
    expect(parsed.problems).toMatchObject([{ line: 2, lastLine: 3 }]);
  });

  it("keeps a wrapped line that starts with a number inside the motion", () => {
    const parsed = parseAgenda("TOPIC\n1  AVON: That conference calls for no more than\n    25 contacts per clinician per day.");
    expect(parsed.motions[0]!.parts[0]!.text).toBe("That conference calls for no more than 25 contacts per clinician per day.");
  });

  it("joins part text that wraps over several lines", () => {
    const parsed = parseAgenda("TOPIC\n1  AVON: That conference:\n    (i) asks for\n        one thing\n    (ii) and another.");
    expect(parsed.motions[0]!.parts).toEqual([
      { label: "i", text: "asks for one thing" },
      { label: "ii", text: "and another." },
    ]);
  });

  it("parses 5,000 motions", () => {
    const text = ["BIG SECTION", ...Array.from({ length: 5000 }, (_, i) => `${i + 1}  AVON: That conference agrees with item ${i + 1}.`)].join("\n");
    expect(parseAgenda(text).motions).toHaveLength(5000);
  });

  it("never throws, whatever the text", () => {
    const alphabet = fc.constantFrom("1", "5a", " ", "\n", "(i)", "(ii) ", ":", "AVON", "*", "A ", "AR ", "RIDER ", "That conference", "(replaces motions 1a)", "TOPIC", "\t", "é", "-");
    fc.assert(fc.property(fc.array(alphabet, { maxLength: 80 }).map((a) => a.join("")), (text) => void parseAgenda(text)), { numRuns: 500 });
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (text) => void parseAgenda(text)), { numRuns: 300 });
  });
});

describe("reading agendas from many hands honestly", () => {
  const one = (text: string) => parseAgenda(`TOPIC\n${text}`);

  it.each([
    ["capitals", "23 CUMBRIA: That conference agrees.", "23", "CUMBRIA"],
    ["a capitalised name", "23 Cumbria: That conference agrees.", "23", "Cumbria"],
    ["a name with & and two spaces after the number", "23  Bath & North East Somerset: That conference agrees.", "23", "Bath & North East Somerset"],
    ["small joining words", "23 Kensington, Chelsea and Westminster: That conference agrees.", "23", "Kensington, Chelsea and Westminster"],
    ["lower case before That conference", "23 cumbria: That conference agrees.", "23", "cumbria"],
    ["a lower-case letter", "23a Cumbria: That conference agrees.", "23a", "Cumbria"],
    ["a capital letter", "23A Cumbria: That conference agrees.", "23a", "Cumbria"],
    ["a full stop after the number", "23. Cumbria: That conference agrees.", "23", "Cumbria"],
    ["a bracket after the number", "23) Cumbria: That conference agrees.", "23", "Cumbria"],
    ["a curly apostrophe", "23 King’s Lynn: That conference agrees.", "23", "King’s Lynn"],
  ])("reads a proposer in %s", (_name, text, number, proposer) => {
    const parsed = one(text);
    expect(parsed.problems).toEqual([]);
    expect(parsed.motions).toMatchObject([{ number, proposer }]);
  });

  it("never glues a line that looks like a motion onto the motion above, even indented like wrapped text", () => {
    for (const line of ["    24 That conference lost its proposer: That conference agrees.", "    24 Cumbria That conference agrees.", "    24 CUMBRIA - That conference agrees.", "    24a Cumbria; That conference agrees.", "    A 24 something", "    *24 something", "    24 CUMBRIA"]) {
      const parsed = one(`23 AVON: That conference agrees\n${line}\n    and more.`);
      expect(parsed.motions[0]!.parts[0]!.text, line).toBe("That conference agrees");
      expect(parsed.problems, line).toMatchObject([{ line: 3, lastLine: 4, motion: null }]);
    }
  });

  it("asks the clerk about a numbered line with a mixed-case name indented like the wrapped text above it", () => {
    const parsed = one("23 AVON: That conference asks for\n    2026 Contract: a fair deal.");
    expect(parsed.motions.map((m) => m.number)).toEqual(["23"]);
    expect(parsed.problems[0]!.reason).toMatch(/could be wrapped text of motion 23 or the start of motion 2026/);
  });

  it("flags a motion whose number is missing instead of gluing it on", () => {
    const parsed = one("23 AVON: That conference agrees.\nKENT: That conference disagrees.");
    expect(parsed.motions[0]!.parts[0]!.text).toBe("That conference agrees.");
    expect(parsed.problems[0]!.reason).toMatch(/no number can be read/);
  });

  it("attaches a rider to the motion its number names, wherever it is printed", () => {
    const parsed = one("7 AVON: That conference agrees.\n8 DEVON: That conference agrees.\n7a RIDER KENT: and further agrees.");
    expect(parsed.motions.find((m) => m.number === "7a")).toMatchObject({ kind: "rider", parentNumber: "7" });
    expect(parsed.problems).toEqual([]);
  });

  it("flags a rider whose motion is not in the text and does not attach it to the motion before", () => {
    const parsed = one("6c AVON: That conference agrees.\n7a RIDER KENT: and further agrees.");
    expect(parsed.motions.find((m) => m.number === "7a")).toMatchObject({ parentNumber: "7" });
    expect(parsed.problems).toMatchObject([{ line: 3, motion: "7a", missing: ["7"], reason: expect.stringMatching(/belongs to motion 7, which is neither/) }]);
  });

  it("flags a rider without a letter, whose motion cannot be told", () => {
    const parsed = one("7 AVON: That conference agrees.\n8 RIDER KENT: and further agrees.");
    expect(parsed.motions[1]).toMatchObject({ kind: "rider", parentNumber: null });
    expect(parsed.problems).toMatchObject([{ line: 3, motion: "8", reason: expect.stringMatching(/no letter after its number/) }]);
  });

  it("reads a motion opening 'and further' as a rider", () => {
    expect(one("7 AVON: That conference agrees.\n7a KENT: and further agrees.").motions[1]).toMatchObject({ kind: "rider", parentNumber: "7" });
  });

  it("flags a composite replacing motions the text does not hold", () => {
    const parsed = one("*6 AGENDA COMMITTEE TO BE PROPOSED BY KENT: That conference agrees. (replaces motions 6a and 6b)\n6a KENT: That conference agrees.");
    expect(parsed.problems).toMatchObject([{ motion: "6", missing: ["6b"] }]);
  });

  it.each([
    ["a PART heading with an en dash", "PART I – MOTIONS FOR DEBATE"],
    ["a PART heading in mixed case", "Part II - Motions not for debate"],
    ["a heading in brackets", "ONLINE ACCESS (CONTINUED)"],
    ["a heading with digits", "NHS 111"],
  ])("makes %s a section, even straight after a motion's text", (_name, heading) => {
    const parsed = parseAgenda(`1 AVON: That conference agrees.\n${heading}\n2 KENT: That conference agrees.`);
    expect(parsed.sections).toEqual([heading]);
    expect(parsed.motions.map((m) => [m.number, m.section, m.parts[0]!.text])).toEqual([
      ["1", null, "That conference agrees."],
      ["2", heading, "That conference agrees."],
    ]);
  });

  it("makes a short line standing alone a section, and keeps a heading with no motions under it", () => {
    const parsed = parseAgenda("PART I – MOTIONS FOR DEBATE\n\nOnline access\n\n1 AVON: That conference agrees.\n\nWorkforce and wellbeing\n\n2 KENT: That conference agrees.");
    expect(parsed.sections).toEqual(["PART I – MOTIONS FOR DEBATE", "Online access", "Workforce and wellbeing"]);
    expect(parsed.problems).toEqual([]);
  });

  it("asks whether a line standing alone after an unfinished motion is a heading or more of the motion", () => {
    const parsed = parseAgenda("TOPIC\n\n1 AVON: That conference calls on\n\nGPC England\n\nto act.");
    expect(parsed.sections).toEqual(["TOPIC"]);
    expect(parsed.problems).toMatchObject([{ line: 5, reason: expect.stringMatching(/could be a section heading or more of motion 1/) }]);
  });

  it("does not take 'Agenda for Change' in a motion for page furniture", () => {
    const parsed = one("1 AVON: That conference calls for\nAgenda for Change pay for practice staff.");
    expect(parsed.motions[0]!.parts[0]!.text).toBe("That conference calls for Agenda for Change pay for practice staff.");
    expect(parsed.furniture).toEqual([]);
  });

  it("ignores running headers and footers and lists them", () => {
    const parsed = parseAgenda("Conference of LMCs 2026 – Agenda\nTOPIC\n1 AVON: That conference calls\nConference of LMCs 2026 – Agenda\nPage 2 of 9\nfor more.\nLMC conference agenda, page 3 of 9");
    expect(parsed.motions[0]!.parts[0]!.text).toBe("That conference calls for more.");
    expect(parsed.furniture.map((f) => [f.line, f.reason])).toEqual([
      [1, "conference title"],
      [4, "repeated page header or footer"],
      [5, "page number"],
      [7, "page header or footer"],
    ]);
  });

  it("keeps typography as printed", () => {
    const text = "1 AVON: That conference rejects the “global sum” uplift of £1.50 — announced without talks – and Kent’s & Devon’s ‘plan’.";
    expect(one(text).motions[0]!.parts[0]!.text).toBe("That conference rejects the “global sum” uplift of £1.50 — announced without talks – and Kent’s & Devon’s ‘plan’.");
  });

  it("flags a part out of sequence", () => {
    const parsed = one("1 AVON: That conference:\n(i) one\n(iii) three");
    expect(parsed.problems).toMatchObject([{ line: 4, motion: "1", reason: "motion 1: part (iii) is where part (ii) should be" }]);
  });
});

// Regexes that backtracked over runs of spaces once made a 300 KB preview take about 50 seconds.
// This checks growth, not speed: 8 times the text may take at most about 8 times as long
// (30x plus 50 ms leaves room for a busy machine; quadratic growth would be 64x).
describe("parsing time grows linearly with the text", () => {
  const time = (text: string) => {
    let best = Infinity;
    for (let run = 0; run < 3; run++) {
      const start = performance.now();
      parseAgenda(text);
      best = Math.min(best, performance.now() - start);
    }
    return best;
  };
  const spaces = (n: number) => " ".repeat(n);

  it.each<[string, (n: number) => string]>([
    ["a line of spaces ending in a letter", (n) => `${spaces(n)}x`],
    ["a line of spaces ending in a digit", (n) => `${spaces(n)}1`],
    ["a number followed by spaces", (n) => `TOPIC\n1 ${spaces(n)}x`],
    ["a marking followed by spaces", (n) => `TOPIC\nA${spaces(n)}x`],
    ["a star followed by spaces", (n) => `TOPIC\n*${spaces(n)}x`],
    ["a proposer followed by spaces and no colon", (n) => `TOPIC\n1  A${spaces(n)}x`],
    ["a rider followed by spaces", (n) => `TOPIC\n1  AVON: x\n1a RIDER${spaces(n)}x`],
    ["a body with a line separator after spaces", (n) => `TOPIC\n1  AVON:${spaces(n)}x\u2028`],
    ["a part with a line separator after spaces", (n) => `TOPIC\n1  AVON: x\n(i)${spaces(n)}x\u2028`],
    ["a composite followed by spaces", (n) => `TOPIC\n1  AGENDA COMMITTEE PROPOSED BY${spaces(n)}x: y`],
    ["a run of (i)(i)(i)", (n) => `TOPIC\n1  AVON: x\n${"(i)".repeat(n / 3)}`],
    ["many unclosed (replaces motions", (n) => `TOPIC\n1  AVON: x ${"(replaces motions 1 ".repeat(n / 20)}) x`],
    ["many short lines", (n) => "1\n".repeat(n / 2)],
    ["many short motions", (n) => `TOPIC\n${Array.from({ length: n / 20 }, (_, i) => `${i + 1}  AVON: x`).join("\n")}`],
    ["a line of dots", (n) => ".".repeat(n)],
    ["a line of dashes", (n) => "-".repeat(n)],
    ["runs of CRLF", (n) => `TOPIC\r\n1  AVON: x\r\n${"\r\n".repeat(n / 2)}${spaces(n)}y`],
    ["many distinct headings", (n) => Array.from({ length: n / 10 }, (_, i) => `TOPIC ${i}`).join("\n")],
    ["many headings standing alone", (n) => Array.from({ length: n / 12 }, (_, i) => `Topic ${i}\n`).join("\n")],
    ["many running footers", (n) => `Conference 2026\nTOPIC\n1  AVON: x\n${"Conference 2026 page 1 of 2\n".repeat(n / 28)}`],
    ["a proposer of many words", (n) => `TOPIC\n1 ${"Avon ".repeat(n / 5)}: That x`],
    ["a line of capitals", (n) => `TOPIC\n${"AB ".repeat(n / 3)}`],
    ["many unreadable numbered lines", (n) => `TOPIC\n${"1a Avon That this\n".repeat(n / 18)}`],
    ["many riders without their motion", (n) => `TOPIC\n${Array.from({ length: n / 24 }, (_, i) => `${i}a RIDER AVON: and x`).join("\n")}`],
  ])("%s", (_name, make) => {
    const small = time(make(20_000));
    const large = time(make(160_000));
    expect(large).toBeLessThan(5_000);
    expect(large).toBeLessThan(30 * small + 50);
  });

  it("reads a 2 MB line of spaces, the upload limit, in well under a second", () => {
    const start = performance.now();
    parseAgenda(`TOPIC\n1  A${spaces(2_000_000)}x`);
    expect(performance.now() - start).toBeLessThan(1_000);
  });
});
