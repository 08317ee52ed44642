import { describe, expect, it } from "vitest";
import { MAX_LMC_AREA_LINES, parseLmcAreas } from "../../app/domain/lmc-areas";

const HEADER = "lmc_name,area_code,valid_from,area_kind";
const file = (...lines: string[]) => [HEADER, ...lines].join("\n") + "\n";

describe("reading an LMC areas file", () => {
  it.each([
    ["an ICB from a date", file("Avon LMC,QHM,2026-04-01,icb"), { lmcName: "Avon LMC", areaCode: "QHM", areaKind: "icb", validFrom: "2026-04-01" }],
    ["a sub-ICB location, tidied", `\uFEFF${file(" Avon LMC , qhm , 2026-04-01 ,sub_icb")}`, { lmcName: "Avon LMC", areaCode: "QHM", areaKind: "sub_icb", validFrom: "2026-04-01" }],
    ["an empty kind", file("Avon LMC,16C,2026-04-01,"), { lmcName: "Avon LMC", areaCode: "16C", areaKind: null, validFrom: "2026-04-01" }],
    ["no kind column", "lmc_name,area_code,valid_from\nAvon LMC,16C,2026-04-01\n", { lmcName: "Avon LMC", areaCode: "16C", areaKind: null, validFrom: "2026-04-01" }],
  ])("%s", (_name, text, row) => {
    expect(parseLmcAreas(text)).toEqual({ rows: [{ line: 2, ...row }], problems: [] });
  });

  it.each([
    ["a one-letter name", "A,QHM,2026-04-01,icb", "lmc_name is empty"],
    ["a name over 120 characters", `${"L".repeat(121)},QHM,2026-04-01,icb`, "lmc_name is longer than 120 characters"],
    ["a code too short", "Avon LMC,QH,2026-04-01,icb", "area_code must be an ICB or sub-ICB code such as QHM or 16C"],
    ["a code too long", "Avon LMC,QHM12X,2026-04-01,icb", "area_code must be an ICB or sub-ICB code such as QHM or 16C"],
    ["a date without leading zeros", "Avon LMC,QHM,2026-4-1,icb", "valid_from must be a date like 2026-04-01; valid_from is not a real date"],
    ["a date with more after it", "Avon LMC,QHM,2026-04-01x,icb", "valid_from must be a date like 2026-04-01; valid_from is not a real date"],
    ["a date with more before it", "Avon LMC,QHM,x2026-04-01,icb", "valid_from must be a date like 2026-04-01; valid_from is not a real date"],
    ["a day that does not exist", "Avon LMC,QHM,2026-02-30,icb", "valid_from is not a real date"],
    ["an unknown kind", "Avon LMC,QHM,2026-04-01,ccg", "area_kind must be icb or sub_icb"],
    ["everything wrong at once", "A,QH,2026-4-1,ccg", "lmc_name is empty; area_code must be an ICB or sub-ICB code such as QHM or 16C; valid_from must be a date like 2026-04-01; valid_from is not a real date; area_kind must be icb or sub_icb"],
  ])("reports %s", (_name, line, message) => {
    expect(parseLmcAreas(file(line))).toEqual({ rows: [], problems: [{ line: 2, message }] });
  });

  it("keeps the first of two rows for the same area from the same date, and reports the second by line", () => {
    const parsed = parseLmcAreas(file("Avon LMC,QHM,2026-04-01,icb", "Devon LMC,QHM,2026-04-01,icb", "Devon LMC,QHM,2027-04-01,icb"));
    expect(parsed.rows.map((r) => [r.line, r.lmcName, r.validFrom])).toEqual([
      [2, "Avon LMC", "2026-04-01"],
      [4, "Devon LMC", "2027-04-01"],
    ]);
    expect(parsed.problems).toEqual([{ line: 3, message: "area QHM from 2026-04-01 is already on line 2" }]);
  });

  it.each([
    ["a header and no rows", file(), { line: 1, message: "the file has no rows under a lmc_name,area_code,valid_from header" }],
    ["an empty file", "", { line: 1, message: "the file has no rows under a lmc_name,area_code,valid_from header" }],
    ["broken quoting, by its line", file("Avon LMC,QHM,2026-04-01", '"Devon LMC,QJK,2026-04-01'), { line: 3, message: expect.stringMatching(/^not valid CSV: Quote Not Closed/) }],
  ])("refuses %s", (_name, text, problem) => {
    expect(parseLmcAreas(text)).toEqual({ rows: [], problems: [problem] });
  });

  it(`reads a file of ${MAX_LMC_AREA_LINES.toLocaleString("en-GB")} lines, and refuses a longer one unread`, () => {
    const longest = HEADER + "\n".repeat(MAX_LMC_AREA_LINES - 1);
    expect(parseLmcAreas(longest).problems).toEqual([{ line: 1, message: "the file has no rows under a lmc_name,area_code,valid_from header" }]);
    expect(parseLmcAreas(`${longest}\n`)).toEqual({
      rows: [],
      problems: [{ line: MAX_LMC_AREA_LINES + 1, message: "the file has more than 5,000 lines; an LMC areas file has one line per area" }],
    });
  });
});
