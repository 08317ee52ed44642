import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseEpraccur, parseListSizes, planPracticeImport, type ExistingPractice } from "../../app/domain/practice-register";
import { epraccurLine } from "../fixtures/factories";

describe("reading the epraccur register", () => {
  it.each([
    ["an active English GP practice is kept", epraccurLine({ code: "A81001" }), 1, 0, 0],
    ["a closed practice is read as closed", epraccurLine({ code: "A81003", status: "C", close: "20171031" }), 1, 0, 0],
    ["a Welsh practice is left out on purpose", epraccurLine({ code: "W00001", region: "W00" }), 0, 0, 1],
    ["another prescribing setting is left out on purpose", epraccurLine({ code: "Y00001", setting: "8" }), 0, 0, 1],
    ["a malformed ODS code is a problem", epraccurLine({ code: "AB1234" }), 0, 1, 0],
    ["too few columns is a problem", '"A81001","NAME","Y63"', 0, 1, 0],
    ["an unclosed quote is a problem", '"A81001","NAME', 0, 1, 0],
    ["an impossible date is a problem", epraccurLine({ code: "A81001", close: "20250231" }), 0, 1, 0],
    ["an unknown status code is a problem", epraccurLine({ code: "A81001", status: "Q" }), 0, 1, 0],
    ["a blank line is ignored", "   ", 0, 0, 0],
  ])("%s", (_name, line, rows, problems, others) => {
    const parsed = parseEpraccur(line);
    expect(parsed.rows).toHaveLength(rows);
    expect(parsed.problems).toHaveLength(problems);
    expect(parsed.otherOrganisations).toBe(others);
  });

  it("tidies names and addresses and converts dates", () => {
    const [row] = parseEpraccur(epraccurLine({ code: "A81001", name: "THE DENSHAM SURGERY", close: "" })).rows;
    expect(row).toMatchObject({ odsCode: "A81001", name: "The Densham Surgery", address: "1 High Street", openedOn: "1974-04-01", closedOn: null, status: "active" });
  });

  it("keeps the first of two rows with the same code and reports the second by line", () => {
    const parsed = parseEpraccur([epraccurLine({ code: "A81001" }), epraccurLine({ code: "A81001" })].join("\n"));
    expect(parsed.rows).toHaveLength(1);
    expect(parsed.problems).toEqual([{ line: 2, message: "practice A81001 appears again (first on line 1); kept the first" }]);
  });

  it("never throws, whatever the text", () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (text) => void parseEpraccur(text)), { numRuns: 300 });
  });
});

describe("reading list sizes by header name", () => {
  it("reads the two-column file and dates it from the file name", () => {
    const parsed = parseListSizes("CODE,NUMBER_OF_PATIENTS\nA81001,3747\n", "list-sizes-2026-04.csv");
    expect(parsed.sizes.get("A81001")).toBe(3747);
    expect(parsed.asOf).toBe("2026-04-01");
  });

  it("reads NHS Digital's full file, keeping only GP rows for all sexes and ages, dated by EXTRACT_DATE", () => {
    const text = [
      "PUBLICATION,EXTRACT_DATE,TYPE,CODE,POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS",
      "GP_PRAC_PAT_LIST,01APR2026,GP,A81001,TS18 1HU,ALL,ALL,3747",
      "GP_PRAC_PAT_LIST,01APR2026,GP,A81001,TS18 1HU,MALE,ALL,1800",
      "GP_PRAC_PAT_LIST,01APR2026,ICB,QHM,,ALL,ALL,3000000",
    ].join("\n");
    const parsed = parseListSizes(text);
    expect([...parsed.sizes]).toEqual([["A81001", 3747]]);
    expect(parsed.asOf).toBe("2026-04-01");
  });

  it.each([
    ["a missing header", "A81001,3747\n", /header must name/],
    ["a count that is not a number", "CODE,NUMBER_OF_PATIENTS\nA81001,lots\n", /not a whole number/],
    ["a bad ODS code", "CODE,NUMBER_OF_PATIENTS\n12345,10\n", /not a GP practice ODS code/],
  ])("reports %s", (_name, text, message) => {
    expect(parseListSizes(text).problems[0]?.message).toMatch(message);
  });
});

describe("planning an import", () => {
  const held = (over: Partial<ExistingPractice> = {}): ExistingPractice => ({
    id: 1,
    odsCode: "A81001",
    name: "Practice A81001",
    address: "1 High Street",
    postcode: "M1 1AA",
    status: "active",
    subIcbCode: "14L",
    openedOn: "1974-04-01",
    closedOn: null,
    listSize: null,
    listSizeDate: null,
    icbCode: "QOP",
    ...over,
  });
  const icbs = new Set(["QOP", "QYG"]);

  it("an identical row is unchanged", () => {
    const plan = planPracticeImport(parseEpraccur(epraccurLine({ code: "A81001" })), [held()], icbs, null);
    expect(plan).toMatchObject({ unchanged: 1, inserts: [], changes: [] });
  });

  it("a renamed practice is a change with before and after", () => {
    const plan = planPracticeImport(parseEpraccur(epraccurLine({ code: "A81001", name: "NEW NAME" })), [held()], icbs, null);
    expect(plan.changes[0]).toMatchObject({ before: { name: "Practice A81001" }, after: { name: "New Name" }, icbTo: null });
  });

  it("a practice in an ICB we do not know is a problem, not an insert", () => {
    const plan = planPracticeImport(parseEpraccur(epraccurLine({ code: "A81002", icb: "XXX" })), [], icbs, null);
    expect(plan.inserts).toEqual([]);
    expect(plan.problems[0]?.message).toMatch(/ICB "XXX"/);
  });

  it("a closed practice never held is not inserted", () => {
    const plan = planPracticeImport(parseEpraccur(epraccurLine({ code: "A81002", status: "C" })), [], icbs, null);
    expect(plan).toMatchObject({ inserts: [], closedNotHeld: 1, activeAfter: 0 });
  });

  it("keeps a held list size when the new list-size file has none for the practice", () => {
    const plan = planPracticeImport(
      parseEpraccur(epraccurLine({ code: "A81001" })),
      [held({ listSize: 5000, listSizeDate: "2026-01-01" })],
      icbs,
      parseListSizes("CODE,NUMBER_OF_PATIENTS\nA81009,10\n"),
    );
    expect(plan.unchanged).toBe(1);
    expect(plan.activeWithoutListSize).toEqual([]);
  });
});
