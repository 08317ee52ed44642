import { describe, expect, it } from "vitest";
import { formatClauseRef, motionRowsToCsv, motionRowToJson, neutraliseCell, parseMotionCsv, parseMotionJson, restoreCell, type MotionRow } from "../../app/domain/motion-csv";
import { MOTION_NUMBER, motionSortKey, romanLabel } from "../../app/domain/motion-numbers";
import { titleFromMotionText } from "../../app/domain/motion-text";

describe("CSV cells that a spreadsheet would run", () => {
  it.each([
    ["=SUM(A1)", "'=SUM(A1)"],
    ["+44 20", "'+44 20"],
    ["-1", "'-1"],
    ["@cmd", "'@cmd"],
    ["\tTAB", "'\tTAB"],
    ["plain text", "plain text"],
    ["a=b", "a=b"],
    ["a'=b", "a'=b"],
  ])("%j is written as %j and read back unchanged", (value, written) => {
    expect(neutraliseCell(value)).toBe(written);
    expect(restoreCell(neutraliseCell(value))).toBe(value);
  });
});

describe("reading the motions CSV", () => {
  const row = (over: Partial<MotionRow> = {}): MotionRow => ({
    conference: "C", motion_number: "5", title: "Title here", proposer: "AVON", kind: "motion", marking: "debate", part_label: "i",
    part_text: "That conference agrees.", method: "", for: "", against: "", abstain: "", majority: "", outcome: "", clause_references: "", ...over,
  });

  it("groups rows into motions with parts, votes and clause links", () => {
    const csv = motionRowsToCsv([
      row({ method: "electronic", for: "10", against: "2", abstain: "1", majority: "simple", outcome: "carried", clause_references: formatClauseRef({ clauseId: 3, intent: "remove", name: "Core (hours); x" }) }),
      row({ part_label: "ii", part_text: "And more." }),
    ]);
    const { motions, problems } = parseMotionCsv(csv);
    expect(problems).toEqual([]);
    expect(motions).toHaveLength(1);
    expect(motions[0]!.parts.map((p) => p.label)).toEqual(["i", "ii"]);
    expect(motions[0]!.parts[0]!.vote).toEqual({ method: "electronic", majority: "simple", for: 10, against: 2, abstain: 1, outcome: "carried" });
    expect(motions[0]!.parts[0]!.clauses).toEqual([{ clauseId: 3, intent: "remove" }]);
  });

  it.each([
    ["a header without the needed columns", "a,b\n1,2\n", 1, /header is missing/],
    ["an unknown kind", motionRowsToCsv([row({ kind: "speech" })]), 2, /kind must be one of/],
    ["a count that is not a number", motionRowsToCsv([row({ for: "ten", outcome: "carried" })]), 2, /for must be a whole number/],
    ["counts without an outcome", motionRowsToCsv([row({ for: "10", against: "2" })]), 2, /needs an outcome/],
    ["the same part twice", motionRowsToCsv([row(), row()]), 3, /appears twice/],
    ["a bad clause reference", motionRowsToCsv([row({ clause_references: "Sch 3" })]), 2, /should look like/],
    ["broken quoting", 'conference,motion_number\n"C,5\n', 2, /not valid CSV/],
  ])("reports %s by line", (_name, text, line, message) => {
    const { problems } = parseMotionCsv(text);
    expect(problems[0]).toMatchObject({ line, message: expect.stringMatching(message) });
  });

  it("writes a clause reference with a readable name that cannot break the list", () => {
    expect(formatClauseRef({ clauseId: 3, intent: "remove", name: "(Core hours); x" })).toBe("3 remove (Core hours   x)");
  });

  it("trims every cell and lower-cases the motion number", () => {
    const csv = motionRowsToCsv([
      row({ motion_number: " 5A ", title: " Title here ", proposer: " AVON ", part_label: " ii ", part_text: " Text. ", method: "card", for: " 10 ", against: " 2 ", abstain: " 1 ", majority: "two_thirds", outcome: "carried", clause_references: " 3 remove (x);  12  amend (y) " }),
    ]);
    expect(parseMotionCsv(csv)).toEqual({
      motions: [
        {
          line: 2,
          number: "5a",
          title: "Title here",
          proposer: "AVON",
          kind: "motion",
          marking: "debate",
          parts: [
            {
              line: 2,
              label: "ii",
              text: "Text.",
              vote: { method: "card", majority: "two_thirds", for: 10, against: 2, abstain: 1, outcome: "carried" },
              clauses: [
                { clauseId: 3, intent: "remove" },
                { clauseId: 12, intent: "amend" },
              ],
            },
          ],
        },
      ],
      problems: [],
    });
  });

  it("measures clause references without the spaces around them", () => {
    const [motion] = parseMotionCsv(motionRowsToCsv([row({ clause_references: `3 remove (x)${" ".repeat(995)}` })])).motions;
    expect(motion!.parts[0]!.clauses).toEqual([{ clauseId: 3, intent: "remove" }]);
  });

  it("takes a vote with only an outcome as a show of hands by simple majority", () => {
    const [motion] = parseMotionCsv(motionRowsToCsv([row({ outcome: "carried" })])).motions;
    expect(motion!.parts[0]!.vote).toEqual({ method: "show_of_hands", majority: "simple", for: null, against: null, abstain: null, outcome: "carried" });
  });

  it("reads a file without the conference column", () => {
    const csv = motionRowsToCsv([row()]).replace(/^conference,/, "").replace(/\r\nC,/, "\r\n");
    expect(parseMotionCsv(csv)).toMatchObject({ motions: [{ number: "5" }], problems: [] });
  });

  it.each([
    ["a title too short", { title: "ab" }, "title is empty"],
    ["a title too long", { title: "t".repeat(201) }, "title is longer than 200 characters"],
    ["no proposer", { proposer: " " }, "proposer is empty"],
    ["a proposer too long, named by its column", { proposer: "P".repeat(121) }, "proposer String must contain at most 120 character(s)"],
    ["a motion number that is not one", { motion_number: "5x5" }, "motion_number must look like 5 or 5a"],
    ["a part label with more after it", { part_label: "iv2" }, "part_label must be a roman numeral like i or iv"],
    ["a part label with more before it", { part_label: "2iv" }, "part_label must be a roman numeral like i or iv"],
    ["an empty part", { part_text: " " }, "part_text is empty"],
    ["an unknown kind", { kind: "speech" }, "kind must be one of motion, composite, amendment, rider"],
    ["an unknown marking", { marking: "x" }, "marking must be one of debate, A, AR, chosen, grouped, not_reached"],
    ["an unknown method", { method: "x", outcome: "carried" }, "method must be empty or one of show_of_hands, electronic, card"],
    ["an unknown majority", { majority: "x", outcome: "carried" }, "majority must be empty, simple or two_thirds"],
    ["an unknown outcome", { outcome: "x" }, "outcome must be empty or one of carried, carried_unanimously, carried_as_reference, lost, withdrawn, not_reached, fell, remitted"],
    ["several things at once", { title: "ab", part_label: "2iv" }, "title is empty; part_label must be a roman numeral like i or iv"],
    ["a method without an outcome", { method: "card" }, "a vote needs an outcome"],
    ["votes for without an outcome", { for: "10" }, "a vote needs an outcome"],
    ["votes against without an outcome", { against: "2" }, "a vote needs an outcome"],
    ["a clause reference with more before it", { clause_references: "x3 remove (y)" }, 'clause reference "x3 remove (y)" should look like "12 remove (title)"'],
    ["a clause reference with an unknown intent", { clause_references: "3 delete (y)" }, 'clause reference "3 delete (y)" should look like "12 remove (title)"'],
    ["a clause reference without an intent", { clause_references: "3" }, 'clause reference "3" should look like "12 remove (title)"'],
    ["a long bad clause reference, cut to 60 characters", { clause_references: `Schedule ${"x".repeat(80)}` }, `clause reference "Schedule ${"x".repeat(51)}" should look like "12 remove (title)"`],
  ])("says exactly what is wrong with %s", (_name, over, message) => {
    expect(parseMotionCsv(motionRowsToCsv([row(over)]))).toEqual({ motions: [], problems: [{ line: 2, message }] });
  });

  it.each([
    ["title", { title: "Another title" }],
    ["proposer", { proposer: "DEVON" }],
  ])("refuses a second part whose motion has another %s", (_name, over) => {
    const { motions, problems } = parseMotionCsv(motionRowsToCsv([row(), row({ part_label: "ii", ...over })]));
    expect(motions[0]!.parts).toHaveLength(1);
    expect(problems).toEqual([{ line: 3, message: "motion 5 has a different title or proposer than on line 2" }]);
  });

  it.each([
    ["an empty file", "", "the header is missing: conference, motion_number, title, proposer, kind, marking, part_label, part_text, method, for, against, abstain, majority, outcome, clause_references"],
    ["a header short of columns", "motion_number,title\n5,x\n", "the header is missing: proposer, kind, marking, part_label, part_text, method, for, against, abstain, majority, outcome, clause_references"],
  ])("refuses %s, naming the missing columns", (_name, text, message) => {
    expect(parseMotionCsv(text)).toEqual({ motions: [], problems: [{ line: 1, message }] });
  });

  it("refuses broken quoting with nothing read", () => {
    expect(parseMotionCsv('conference,motion_number\n"C,5\n')).toEqual({ motions: [], problems: [{ line: 2, message: expect.stringMatching(/^not valid CSV: /) }] });
  });
});

describe("the agenda's own columns", () => {
  const row = (over: Partial<MotionRow> = {}): MotionRow => ({
    conference: "C", motion_number: "5", title: "Title here", proposer: "AVON", kind: "motion", marking: "debate", part_label: "i",
    part_text: "That conference agrees.", method: "", for: "", against: "", abstain: "", majority: "", outcome: "", clause_references: "", ...over,
  });

  it("reads them trimmed, motion numbers lower-cased and the replaced motions as a list", () => {
    const csv = motionRowsToCsv([row({ section: " Premises ", preamble: " Noting: ", seconder: " DEVON ", parent_number: " 4A ", replaces: " 6A; 6b ,, 7 ", group_lead: " 3B " })]);
    expect(parseMotionCsv(csv).motions[0]).toMatchObject({ section: "Premises", preamble: "Noting:", seconder: "DEVON", parentNumber: "4a", replaces: ["6a", "6b", "7"], groupLead: "3b" });
  });

  it("leaves out what is empty or only spaces", () => {
    const [motion] = parseMotionCsv(motionRowsToCsv([row({ section: "  ", preamble: "", replaces: " ; " })])).motions;
    expect(Object.keys(motion!)).toEqual(["line", "number", "title", "proposer", "kind", "marking", "parts"]);
  });

  it.each([
    ["a section too long", { section: "s".repeat(121) }, "section is longer than 120 characters"],
    ["a preamble too long", { preamble: "p".repeat(3001) }, "preamble is longer than 3000 characters"],
    ["a seconder too long", { seconder: "x".repeat(121) }, "seconder is longer than 120 characters"],
    ["a parent that is not a motion number", { parent_number: "4x4" }, "parent_number must look like 5 or 5a"],
    ["a replaced motion that is not a number", { replaces: "6a; nope" }, "replaces must list motion numbers like 6a; 6b"],
    ["too long a list of replaced motions", { replaces: "1;".repeat(101) }, "replaces is longer than 200 characters"],
    ["a group lead that is not a motion number", { group_lead: "lead" }, "group_lead must look like 5 or 5a"],
  ])("refuses %s", (_name, over, message) => {
    expect(parseMotionCsv(motionRowsToCsv([row(over)])).problems).toEqual([{ line: 2, message }]);
  });
});

describe("reading the motions JSON export", () => {
  const row = (over: Partial<MotionRow> = {}) =>
    motionRowToJson({
      conference: "C", motion_number: "5", title: "Title here", proposer: "AVON", kind: "motion", marking: "debate", part_label: "i",
      part_text: "That conference agrees.", method: "", for: "", against: "", abstain: "", majority: "", outcome: "", clause_references: "", ...over,
    });

  it("writes counts as numbers, and none as null", () => {
    expect(row({ for: "10", against: "", abstain: "0" })).toMatchObject({ for: 10, against: null, abstain: 0, majority: "" });
  });

  it("reads rows back, numbered from 1, cells as they are, with the conference's sections tidied", () => {
    const text = JSON.stringify({ conference: { sections: [" Premises ", "", 3, "  ", "x".repeat(130)] }, rows: [row({ for: "10", against: "2", outcome: "carried", title: "'=Title" })] });
    expect(parseMotionJson(`\uFEFF${text}`)).toEqual({
      motions: [
        {
          line: 1,
          number: "5",
          title: "'=Title",
          proposer: "AVON",
          kind: "motion",
          marking: "debate",
          parts: [{ line: 1, label: "i", text: "That conference agrees.", vote: { method: "show_of_hands", majority: "simple", for: 10, against: 2, abstain: null, outcome: "carried" }, clauses: [] }],
        },
      ],
      problems: [],
      sections: ["Premises", "x".repeat(120)],
    });
  });

  it("reads numbers and nulls as text, and says what is wrong with a row that is not a record", () => {
    const { motions, problems } = parseMotionJson(JSON.stringify({ conference: null, rows: ["x", { ...row({ motion_number: "6" }), for: 3, outcome: "carried", majority: null }] }));
    expect(motions.map((m) => [m.line, m.number, m.parts[0]!.vote])).toEqual([[2, "6", { method: "show_of_hands", majority: "simple", for: 3, against: null, abstain: null, outcome: "carried" }]]);
    expect(problems).toEqual([{ line: 1, message: expect.stringMatching(/^motion_number Required; title Required; /) }]);
  });

  it.each([
    ["sections that are not a list", { conference: { sections: "Premises" }, rows: [] }],
    ["no conference", { rows: [] }],
  ])("has no sections for %s", (_name, body) => {
    expect(parseMotionJson(JSON.stringify(body))).toEqual({ motions: [], problems: [], sections: undefined });
  });

  it.each([
    ["text that is not JSON", "{", /^not valid JSON: /],
    ["a list, not an export", "[1]", /^the file has no list of rows/],
    ["null", "null", /^the file has no list of rows/],
    ["rows that are not a list", JSON.stringify({ rows: {} }), /^the file has no list of rows/],
  ])("refuses %s", (_name, text, message) => {
    expect(parseMotionJson(text)).toEqual({ motions: [], problems: [{ line: 1, message: expect.stringMatching(message) }] });
  });
});

describe("motion numbers and titles", () => {
  it("sorts numbers as people read them", () => {
    expect(["10", "5b", "2", "5", "5a"].sort((a, b) => motionSortKey(a).localeCompare(motionSortKey(b)))).toEqual(["2", "5", "5a", "5b", "10"]);
  });

  it.each([
    ["5", "00005"],
    ["12", "00012"],
    ["1234ab", "01234ab"],
    ["5A", "00005a"],
    [" 5a ", "00005a"],
    ["x5", "99999x5"],
    ["5\n6", "999995\n6"],
  ])("the sort key of %j is %j", (number, key) => {
    expect(motionSortKey(number)).toBe(key);
  });

  it.each([
    ["5", true],
    ["12b", true],
    ["1234ab", true],
    ["12345", false],
    ["5abc", false],
    ["5A", false],
    ["x5", false],
    ["", false],
  ])("%j is a motion number: %s", (number, expected) => {
    expect(MOTION_NUMBER.test(number)).toBe(expected);
  });

  it.each([[1, "i"], [4, "iv"], [5, "v"], [8, "viii"], [9, "ix"], [14, "xiv"], [16, "xvi"], [20, "xx"]])("part %i is labelled %s", (n, label) => {
    expect(romanLabel(n)).toBe(label);
  });

  it("takes a title from the words after 'That conference'", () => {
    expect(titleFromMotionText("That conference, regarding core hours: (i) rejects")).toBe("Regarding core hours");
    expect(titleFromMotionText("That conference " + "very long words ".repeat(20))).toMatch(/…$/);
    expect(titleFromMotionText("")).toBe("Untitled motion");
    expect(titleFromMotionText("That conference believes that access creates demand, and: (i) calls")).toBe("Believes that access creates demand");
  });

  const words = "practices need more funding for premises and staff ";
  it.each([
    ["leading space before 'That conference'", "  \n That conference agrees with this", "Agrees with this"],
    ["runs of spaces, tabs and line breaks", "That conference\n\nbelieves   that GPs\tdeserve better", "Believes that GPs deserve better"],
    ["no space after the comma", "That conference,believes in GPs", "Believes in GPs"],
    ["a text that does not open with 'That conference'", "Conference believes that conference time is short", "Conference believes that conference time is short"],
    ["a conjunction inside the clause", "That conference believes access and demand rise", "Believes access and demand rise"],
    ["a dangling conjunction without a comma", "That conference believes that access creates demand or: (i) calls", "Believes that access creates demand"],
    ["a full stop inside and at the end", "That conference notes that 1.5 million patients wait.", "Notes that 1.5 million patients wait"],
    ["a clause of exactly 120 characters", `That conference ${"x".repeat(115)} yyyy`, `X${"x".repeat(114)} yyyy`],
    ["a longer clause, cut at the last word within 120 characters", `That conference believes that ${words.repeat(4)}`, `Believes that ${words.repeat(2).trim()}…`],
    ["a longer clause with no space to cut at", `That conference ${"y".repeat(121)}`, `Y${"y".repeat(119)}…`],
  ])("a title from %s", (_name, text, title) => {
    expect(titleFromMotionText(text)).toBe(title);
  });
});

describe("clause source addresses", () => {
  it.each([
    ["https://www.legislation.gov.uk/uksi/2015/1862", true],
    ["http://example.org/x", true],
    ["javascript:alert(1)", false],
    ["data:text/html,hi", false],
    ["www.example.org", false],
  ])("%s is accepted: %s", async (url, ok) => {
    const { ClauseSchema } = await import("../../app/schemas/conferences");
    expect(ClauseSchema.safeParse({ documentId: 1, title: "A clause", sourceUrl: url }).success).toBe(ok);
  });
});
