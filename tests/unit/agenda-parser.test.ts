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
    expect(parsed.skipped).toEqual([]);
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
    ["a numbered line with no proposer, and its continuation", "TOPIC\n1  That conference agrees\n    with itself.\n2  AVON: That conference agrees.", 1, 2],
    ["a duplicate motion number", "TOPIC\n1  AVON: That conference agrees.\n1  DEVON: That conference disagrees.", 1, 1],
    ["a rider with nothing above it", "TOPIC\n1a RIDER  AVON: and further agrees.", 1, 1],
  ])("%s", (_name, text, motions, skipped) => {
    const parsed = parseAgenda(text);
    expect(parsed.motions).toHaveLength(motions);
    expect(parsed.skipped).toHaveLength(skipped);
  });

  it("says why it skipped a line, with its number", () => {
    const parsed = parseAgenda("TOPIC\n1  AVON: That conference agrees.\n1  DEVON: That conference disagrees.");
    expect(parsed.skipped).toEqual([{ line: 3, text: "1  DEVON: That conference disagrees.", reason: "duplicate motion number 1" }]);
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
