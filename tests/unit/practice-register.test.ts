import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseEpraccur, parseListSizes, planPracticeImport, recordsByHeader, type ExistingPractice } from "../../app/domain/practice-register";
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

  /** An epraccur line with some cells (0-based) set. */
  const withCells = (line: string, cells: Record<number, string>) =>
    line
      .split(",")
      .map((cell, i) => (i in cells ? `"${cells[i]}"` : cell))
      .join(",");

  it.each([
    ["an unclosed quote", '"A81001","NAME', "not valid CSV (Quote Not Closed)"],
    ["too few columns", '"A81001","NAME","Y63"', "expected at least 26 columns, found 3"],
    ["a long malformed code, cut to 20 characters", epraccurLine({ code: "ABCDEFGHIJKLMNOPQRSTUVWXYZ" }), '"ABCDEFGHIJKLMNOPQRST" is not a GP practice ODS code (a letter and five digits)'],
    ["a practice with no name", epraccurLine({ code: "A81001", name: "" }), "practice A81001 has no name"],
    ["a date with a ninth digit", epraccurLine({ code: "A81001", close: "201710311" }), "practice A81001 has a date that is not YYYYMMDD"],
    ["an impossible opening date", withCells(epraccurLine({ code: "A81001" }), { 10: "19740431" }), "practice A81001 has a date that is not YYYYMMDD"],
    ["an impossible date", epraccurLine({ code: "A81001", close: "20250231" }), "practice A81001 has a date that is not YYYYMMDD"],
    ["a long unknown status code, cut to 5 characters", epraccurLine({ code: "A81001", status: "QUEUED" }), 'practice A81001 has unknown status code "QUEUE"'],
  ])("says what is wrong with %s", (_name, line, message) => {
    expect(parseEpraccur(line).problems).toEqual([{ line: 1, message }]);
  });

  it("reads a line of exactly 26 columns", () => {
    const line = epraccurLine({ code: "A81001" }).replace(/,""$/, "");
    expect(line.split(",")).toHaveLength(26);
    expect(parseEpraccur(line).rows).toHaveLength(1);
  });

  it.each([
    ["A", "active"],
    ["C", "closed"],
    ["D", "closed"],
    ["P", "closed"],
  ])("status code %s is read as %s", (code, status) => {
    expect(parseEpraccur(epraccurLine({ code: "A81001", status: code })).rows[0]?.status).toBe(status);
  });

  it("joins the address lines it has, and keeps an apostrophe's s small", () => {
    const line = withCells(epraccurLine({ code: "A81001", name: "ST JOHN'S SURGERY" }), { 5: "MARKET PLACE", 6: "", 7: "STOCKTON-ON-TEES", 8: "CLEVELAND" });
    expect(parseEpraccur(line).rows[0]).toMatchObject({ name: "St John's Surgery", address: "1 High Street, Market Place, Stockton-On-Tees, Cleveland" });
  });

  it("skips a byte-order mark and blank lines, numbers lines as the file does, and counts only lines with text", () => {
    const parsed = parseEpraccur(["\uFEFF" + epraccurLine({ code: "A81001" }), "", "  ", epraccurLine({ code: "A81002" })].join("\r\n"));
    expect(parsed.rows.map((r) => [r.line, r.odsCode])).toEqual([
      [1, "A81001"],
      [4, "A81002"],
    ]);
    expect(parsed.totalLines).toBe(2);
  });
});

describe("rows keyed by their header", () => {
  it("keys each cell by its trimmed, lower-cased column name and drops cells beyond the header", () => {
    expect(recordsByHeader([[" Code ", "NAME"], ["A81001", "The Surgery", "extra"], ["A81002"]])).toEqual([{ code: "A81001", name: "The Surgery" }, { code: "A81002" }]);
  });

  it("has no rows without a header", () => {
    expect(recordsByHeader([])).toEqual([]);
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

  it.each(["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"].map((month, i) => [month, `2026-${String(i + 1).padStart(2, "0")}-15`]))(
    "reads an EXTRACT_DATE in %s",
    (month, iso) => {
      expect(parseListSizes(`EXTRACT_DATE,CODE,NUMBER_OF_PATIENTS\n15${month}2026,A81001,10\n`).asOf).toBe(iso);
    },
  );

  it.each([
    ["an NHS Digital date in any case", "01apr2026", "2026-04-01"],
    ["an ISO date", "2026-04-01", "2026-04-01"],
    ["an unknown month", "01ABC2026", null],
    ["an NHS Digital date with more before it", "x01APR2026", null],
    ["an NHS Digital date with more after it", "01APR2026x", null],
    ["an ISO date with more before it", "x2026-04-01", null],
    ["an ISO date with more after it", "2026-04-01x", null],
    ["an ISO date without leading zeros", "2026-4-01", null],
    ["an ISO date with a short year", "226-04-01", null],
    ["an ISO date with a short day", "2026-04-1", null],
    ["letters for digits", "YYYY-MM-DD", null],
  ])("dates the file from %s", (_name, date, asOf) => {
    expect(parseListSizes(`CODE,NUMBER_OF_PATIENTS,EXTRACT_DATE\nA81001,10,${date}\n`).asOf).toBe(asOf);
  });

  it("dates the file by the first row's EXTRACT_DATE, before its name", () => {
    const text = "EXTRACT_DATE,CODE,NUMBER_OF_PATIENTS\n01APR2026,A81001,10\n01MAY2026,A81002,20\n";
    expect(parseListSizes(text, "list-sizes-2025-01.csv").asOf).toBe("2026-04-01");
  });

  it("reads the columns wherever they are, under either name for the code", () => {
    const parsed = parseListSizes("NUMBER_OF_PATIENTS,PRACTICE_CODE\n3747,a81001\n");
    expect([...parsed.sizes]).toEqual([["A81001", 3747]]);
    expect(parsed.problems).toEqual([]);
  });

  it.each([
    ["a type", "TYPE,CODE,NUMBER_OF_PATIENTS", ["GP,A81001,10", "ICB,QHM,100", ",A81002,20"]],
    ["a sex", "SEX,CODE,NUMBER_OF_PATIENTS", ["All,A81001,10", "FEMALE,A81009,5", ",A81002,20"]],
    ["an age band", "AGE,CODE,NUMBER_OF_PATIENTS", ["ALL,A81001,10", "0_4,A81009,5", ",A81002,20"]],
  ])("keeps only the practice totals when the file has %s column", (_name, header, rows) => {
    const parsed = parseListSizes([header, ...rows].join("\n"));
    expect([...parsed.sizes]).toEqual([
      ["A81001", 10],
      ["A81002", 20],
    ]);
    expect(parsed.problems).toEqual([]);
  });

  it("says what is wrong with each line, by its number", () => {
    const text = ["CODE,NUMBER_OF_PATIENTS", "A81001", ",5", "ABCDEFGHIJKLMNOPQRSTUVWXYZ,1", "A81002,123456789012345678901234", "A81003,12345678", "A81004,x12", "A81005,12x", "A81006,10"].join("\n");
    const parsed = parseListSizes(text);
    expect(parsed.problems).toEqual([
      { line: 2, message: 'practice A81001: "" is not a whole number of patients' },
      { line: 3, message: '"" is not a GP practice ODS code' },
      { line: 4, message: '"ABCDEFGHIJKLMNOPQRST" is not a GP practice ODS code' },
      { line: 5, message: 'practice A81002: "12345678901234567890" is not a whole number of patients' },
      { line: 6, message: 'practice A81003: "12345678" is not a whole number of patients' },
      { line: 7, message: 'practice A81004: "x12" is not a whole number of patients' },
      { line: 8, message: 'practice A81005: "12x" is not a whole number of patients' },
    ]);
    expect([...parsed.sizes]).toEqual([["A81006", 10]]);
  });

  it("reports a row too short to have a code", () => {
    expect(parseListSizes("NUMBER_OF_PATIENTS,CODE\n10\n").problems).toEqual([{ line: 2, message: '"" is not a GP practice ODS code' }]);
  });

  it.each([
    ["broken quoting, by its line", 'CODE,NUMBER_OF_PATIENTS\nA81001,1\n"A81002,2\n', { line: 3, message: expect.stringMatching(/^not valid CSV: Quote Not Closed/) }],
    ["a header without the count", "CODE,PATIENTS\nA81001,1\n", { line: 1, message: "the header must name the columns CODE and NUMBER_OF_PATIENTS" }],
    ["a header without the code", "PRACTICE,NUMBER_OF_PATIENTS\nA81001,1\n", { line: 1, message: "the header must name the columns CODE and NUMBER_OF_PATIENTS" }],
  ])("refuses %s", (_name, text, problem) => {
    expect(parseListSizes(text)).toEqual({ sizes: new Map(), asOf: null, problems: [problem] });
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

  it("inserts a new active practice with its list size and date, and counts it active", () => {
    const plan = planPracticeImport(
      parseEpraccur(epraccurLine({ code: "A81002", icb: "QYG" })),
      [held(), held({ id: 2, odsCode: "A81003", status: "closed" })],
      icbs,
      parseListSizes("CODE,NUMBER_OF_PATIENTS\nA81002,4000\n", "list-sizes-2026-04.csv"),
    );
    expect(plan.inserts).toEqual([
      {
        odsCode: "A81002",
        icbCode: "QYG",
        line: 1,
        name: "Practice A81002",
        address: "1 High Street",
        postcode: "M1 1AA",
        status: "active",
        subIcbCode: "14L",
        openedOn: "1974-04-01",
        closedOn: null,
        listSize: 4000,
        listSizeDate: "2026-04-01",
      },
    ]);
    expect(plan).toMatchObject({ changes: [], unchanged: 0, activeAfter: 2, activeWithoutListSize: [] });
  });

  it("lists active practices with no list size, but not closed ones", () => {
    const register = parseEpraccur([epraccurLine({ code: "A81002" }), epraccurLine({ code: "A81003", status: "C" })].join("\n"));
    expect(planPracticeImport(register, [], icbs, null)).toMatchObject({ activeWithoutListSize: ["A81002"], closedNotHeld: 1 });
  });

  it("does not ask a closed practice for a known ICB", () => {
    const plan = planPracticeImport(parseEpraccur(epraccurLine({ code: "A81001", icb: "XXX", status: "C" })), [held()], icbs, null);
    expect(plan.problems).toEqual([]);
    expect(plan.changes).toHaveLength(1);
  });

  it.each([
    ["closes", { status: "C", close: "20260331" }, {}, { status: "closed", closedOn: "2026-03-31" }, null, 0],
    ["reopens", {}, { status: "closed" as const }, { status: "active" }, null, 1],
    ["moves to another ICB", { icb: "QYG" }, {}, null, "QYG", 1],
    ["closes in another ICB", { status: "C", icb: "QYG" }, {}, { status: "closed" }, null, 0],
  ])("a held practice that %s", (_name, line, before, after, icbTo, activeAfter) => {
    const plan = planPracticeImport(parseEpraccur(epraccurLine({ code: "A81001", ...line })), [held(before)], icbs, null);
    expect(plan.changes).toEqual([expect.objectContaining({ id: 1, odsCode: "A81001", after: after ?? {}, icbFrom: icbTo ? "QOP" : null, icbTo })]);
    expect(plan.activeAfter).toBe(activeAfter);
  });

  it("passes on the list-size file's problems and counts its sizes for practices it has never heard of", () => {
    const listSizes = parseListSizes("CODE,NUMBER_OF_PATIENTS\nA81001,10\nA81002,20\nA81009,30\nA81010,40\nBAD,1\n");
    const plan = planPracticeImport(parseEpraccur(epraccurLine({ code: "A81001" })), [held(), held({ id: 2, odsCode: "A81002" })], icbs, listSizes);
    expect(plan.listSizesForUnknownPractices).toBe(2);
    expect(plan.problems).toEqual([{ line: 6, message: '"BAD" is not a GP practice ODS code' }]);
    expect(plan.activeAfter).toBe(2);
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
