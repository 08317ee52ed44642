import { describe, expect, it } from "vitest";
import { formatClauseRef, motionRowsToCsv, neutraliseCell, parseMotionCsv, restoreCell, type MotionRow } from "../../app/domain/motion-csv";
import { motionSortKey, romanLabel } from "../../app/domain/motion-numbers";
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
});

describe("motion numbers and titles", () => {
  it("sorts numbers as people read them", () => {
    expect(["10", "5b", "2", "5", "5a"].sort((a, b) => motionSortKey(a).localeCompare(motionSortKey(b)))).toEqual(["2", "5", "5a", "5b", "10"]);
  });

  it.each([[1, "i"], [4, "iv"], [9, "ix"], [14, "xiv"], [20, "xx"]])("part %i is labelled %s", (n, label) => {
    expect(romanLabel(n)).toBe(label);
  });

  it("takes a title from the words after 'That conference'", () => {
    expect(titleFromMotionText("That conference, regarding core hours: (i) rejects")).toBe("Regarding core hours");
    expect(titleFromMotionText("That conference " + "very long words ".repeat(20))).toMatch(/…$/);
    expect(titleFromMotionText("")).toBe("Untitled motion");
    expect(titleFromMotionText("That conference believes that access creates demand, and: (i) calls")).toBe("Believes that access creates demand");
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
