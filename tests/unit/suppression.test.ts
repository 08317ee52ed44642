import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applySuppression,
  formatCellForCsv,
  formatCellForJson,
  formatCellForPage,
  viewerPolicyFor,
  type CellScope,
  type ParticipationCell,
  type ViewerRole,
} from "../../app/domain/suppression";

const makeCell = (overrides: Partial<ParticipationCell> = {}): ParticipationCell => ({
  scope: "icb",
  practicesSigned: 20,
  practicesTotal: 100,
  patientsCovered: 180_000,
  patientsTotal: 1_000_000,
  personalPledges: 40,
  ...overrides,
});

describe("sub-national practice counts shown to the public", () => {
  it.each([
    ["0 stays 0", 0, { suppressed: false, value: 0 }],
    ["1 is suppressed", 1, { suppressed: true, reason: "small_count" }],
    ["7 is suppressed", 7, { suppressed: true, reason: "small_count" }],
    ["8 rounds up to 10", 8, { suppressed: false, value: 10 }],
    ["10 stays 10", 10, { suppressed: false, value: 10 }],
    ["12 rounds down to 10", 12, { suppressed: false, value: 10 }],
    ["13 rounds up to 15", 13, { suppressed: false, value: 15 }],
    ["97 rounds down to 95", 97, { suppressed: false, value: 95 }],
    ["98 rounds up to 100", 98, { suppressed: false, value: 100 }],
  ] as const)("%s", (_name, signed, expected) => {
    expect(applySuppression(makeCell({ practicesSigned: signed }), "suppressed").practicesSigned).toEqual(expected);
  });

  it.each(["region", "icb", "lmc"] as const)("applies to %s cells", (scope) => {
    const cell = applySuppression(makeCell({ scope, practicesSigned: 3 }), "suppressed");
    expect(cell.practicesSigned).toEqual({ suppressed: true, reason: "small_count" });
    expect(cell.rounded).toBe(true);
  });

  it("rounds the practices in the area and personal pledges by the same rule", () => {
    const cell = applySuppression(makeCell({ practicesTotal: 47, personalPledges: 6 }), "suppressed");
    expect(cell.practicesTotal).toEqual({ suppressed: false, value: 45 });
    expect(cell.personalPledges).toEqual({ suppressed: true, reason: "small_count" });
    expect(applySuppression(makeCell({ personalPledges: 23 }), "suppressed").personalPledges).toEqual({ suppressed: false, value: 25 });
  });

  it("every shown count is 0 or a multiple of 5 no smaller than 10, and never more than 2 away from the truth", () => {
    fc.assert(
      fc.property(fc.nat(10_000), (n) => {
        const figure = applySuppression(makeCell({ practicesSigned: n, practicesTotal: 10_000 }), "suppressed").practicesSigned;
        if (figure.suppressed) {
          expect(n >= 1 && n <= 7).toBe(true);
        } else {
          expect(figure.value % 5).toBe(0);
          expect(figure.value === 0 || figure.value >= 10).toBe(true);
          expect(Math.abs(figure.value - n)).toBeLessThanOrEqual(2);
        }
      }),
    );
  });
});

describe("patients in sub-national cells", () => {
  // One practice joining can leave the rounded count where it was while patients covered jump by
  // its list size, which is public: so below national level patients covered are never shown to
  // a viewer without exact figures, whatever the counts.
  it.each([
    ["1 to 7 practices signed", 1, 8_734],
    ["12 practices signed", 12, 61_499],
    ["none signed", 0, 0],
    ["many signed", 400, 2_400_000],
  ] as const)("are hidden when %s", (_name, signed, patients) => {
    expect(applySuppression(makeCell({ practicesSigned: signed, patientsCovered: patients }), "suppressed").patientsCovered).toEqual({
      suppressed: true,
      reason: "reveals_practice",
    });
  });

  it.each([
    ["rounded to the nearest 1,000", 61_499, 61_000],
    ["halves rounded up", 61_500, 62_000],
  ] as const)("registered in the area are %s", (_name, patients, expected) => {
    expect(applySuppression(makeCell({ practicesTotal: 40, patientsTotal: patients }), "suppressed").patientsTotal).toEqual({ suppressed: false, value: expected });
  });

  it("covered are shown nationally to the nearest 10,000, and exactly only to those with exact figures", () => {
    expect(applySuppression(makeCell({ scope: "national", practicesSigned: 1, patientsCovered: 8_734 }), "suppressed").patientsCovered).toEqual({ suppressed: false, value: 10_000 });
    expect(applySuppression(makeCell({ scope: "national", practicesSigned: 1, patientsCovered: 8_734 }), "exact").patientsCovered).toEqual({ suppressed: false, value: 8_734 });
  });

  it("covered in a secretary's own LMC are hidden: counts exact, but not what would point at the practice", () => {
    const cell = applySuppression(makeCell({ scope: "lmc", practicesSigned: 3, patientsCovered: 21_000 }), "exact-counts");
    expect(cell.practicesSigned).toEqual({ suppressed: false, value: 3 });
    expect(cell.patientsCovered).toEqual({ suppressed: true, reason: "reveals_practice" });
  });

  it("in the whole area are suppressed when the area has 1 to 7 practices", () => {
    expect(applySuppression(makeCell({ practicesSigned: 0, practicesTotal: 5, patientsTotal: 40_000 }), "suppressed").patientsTotal).toEqual({
      suppressed: true,
      reason: "reveals_small_count",
    });
  });
});

describe("percentages in sub-national cells", () => {
  it.each([
    ["are worked out from the rounded figures (15 of 45, not 13 of 47)", { practicesSigned: 13, practicesTotal: 47 }, { suppressed: false, value: 33.3 }],
    ["of 12 in 12 practices are 10 of 10", { practicesSigned: 12, practicesTotal: 12 }, { suppressed: false, value: 100 }],
    ["are 0 when no practice signed", { practicesSigned: 0, practicesTotal: 40 }, { suppressed: false, value: 0 }],
    ["are hidden in an area of 9 practices", { practicesSigned: 0, practicesTotal: 9 }, { suppressed: true, reason: "small_area" }],
    ["are hidden in an area of 8 practices, though it shows as 10", { practicesSigned: 8, practicesTotal: 8 }, { suppressed: true, reason: "small_area" }],
    ["are hidden in an area of 3 practices", { practicesSigned: 3, practicesTotal: 3 }, { suppressed: true, reason: "small_area" }],
    ["are shown for an area of exactly 10 practices", { practicesSigned: 10, practicesTotal: 10 }, { suppressed: false, value: 100 }],
    ["are hidden when the count is 1 to 7", { practicesSigned: 5, practicesTotal: 200 }, { suppressed: true, reason: "reveals_small_count" }],
    ["are not applicable in an area with no practices", { practicesSigned: 0, practicesTotal: 0 }, null],
  ] as const)("%s", (_name, counts, expected) => {
    expect(applySuppression(makeCell(counts), "suppressed").practicesSignedPercent).toEqual(expected);
  });

  it("of patients are hidden below national level, like the patients they are a share of", () => {
    const cell = applySuppression(makeCell({ practicesSigned: 20, patientsCovered: 123_456, patientsTotal: 987_654 }), "suppressed");
    expect(cell.patientsCoveredPercent).toEqual({ suppressed: true, reason: "reveals_practice" });
  });

  it("of patients are shown exactly to a viewer with exact figures", () => {
    expect(applySuppression(makeCell({ practicesSigned: 4, patientsCovered: 25_000, patientsTotal: 100_000 }), "exact").patientsCoveredPercent).toEqual({ suppressed: false, value: 25 });
  });
});

describe("exact figures", () => {
  it("national counts are exact whatever the viewer's policy; patients covered to the nearest 10,000 unless exact", () => {
    const cell = applySuppression(
      makeCell({ scope: "national", practicesSigned: 3, practicesTotal: 6_300, patientsCovered: 9_876, patientsTotal: 63_000_001, personalPledges: 2 }),
      "exact",
    );
    expect(applySuppression(makeCell({ scope: "national", patientsCovered: 9_876 }), "exact-counts").patientsCovered).toEqual({ suppressed: false, value: 10_000 });
    expect(applySuppression(makeCell({ scope: "national", patientsCovered: 9_876 }), "suppressed").patientsCovered).toEqual({ suppressed: false, value: 10_000 });
    expect(cell).toEqual({
      scope: "national",
      rounded: false,
      practicesSigned: { suppressed: false, value: 3 },
      practicesTotal: { suppressed: false, value: 6_300 },
      practicesSignedPercent: { suppressed: false, value: 0 },
      patientsCovered: { suppressed: false, value: 9_876 },
      patientsTotal: { suppressed: false, value: 63_000_001 },
      patientsCoveredPercent: { suppressed: false, value: 0 },
      personalPledges: { suppressed: false, value: 2 },
    });
  });

  it("an exact viewer sees small counts and small areas in sub-national cells", () => {
    const cell = applySuppression(makeCell({ scope: "lmc", practicesSigned: 3, practicesTotal: 7, patientsCovered: 21_345 }), "exact");
    expect(cell.rounded).toBe(false);
    expect(cell.practicesSigned).toEqual({ suppressed: false, value: 3 });
    expect(cell.patientsCovered).toEqual({ suppressed: false, value: 21_345 });
    expect(cell.practicesSignedPercent).toEqual({ suppressed: false, value: 42.9 });
  });

  it("an exact percentage with no practices in the area is not applicable", () => {
    expect(applySuppression(makeCell({ practicesSigned: 0, practicesTotal: 0, patientsTotal: 0 }), "exact")).toMatchObject({
      practicesSignedPercent: null,
      patientsCoveredPercent: null,
    });
  });
});

describe("who sees exact figures", () => {
  const OWN_LMC = 7;
  const OTHER_LMC = 9;
  it.each([
    ["public", null, "national", null, "exact-counts"],
    ["public", null, "region", null, "suppressed"],
    ["public", null, "icb", null, "suppressed"],
    ["public", null, "lmc", OWN_LMC, "suppressed"],
    ["gp", null, "national", null, "exact-counts"],
    ["gp", null, "icb", null, "suppressed"],
    ["gp", null, "lmc", OWN_LMC, "suppressed"],
    ["admin", null, "national", null, "exact-counts"],
    ["admin", null, "region", null, "suppressed"],
    ["admin", null, "lmc", OWN_LMC, "suppressed"],
    ["bma_staff", null, "national", null, "exact"],
    ["bma_staff", null, "region", null, "exact"],
    ["bma_staff", null, "icb", null, "exact"],
    ["bma_staff", null, "lmc", OTHER_LMC, "exact"],
    ["lmc_secretary", OWN_LMC, "lmc", OWN_LMC, "exact-counts"],
    ["lmc_secretary", OWN_LMC, "lmc", OTHER_LMC, "suppressed"],
    ["lmc_secretary", OWN_LMC, "icb", null, "suppressed"],
    ["lmc_secretary", OWN_LMC, "region", null, "suppressed"],
    ["lmc_secretary", OWN_LMC, "national", null, "exact-counts"],
    ["lmc_secretary", null, "lmc", null, "suppressed"],
  ] as const)("%s (LMC %s) viewing a %s cell (LMC %s) sees it %s", (role, viewerLmcId, scope, cellLmcId, expected) => {
    expect(viewerPolicyFor({ role: role satisfies ViewerRole, viewerLmcId }, scope satisfies CellScope, cellLmcId)).toBe(expected);
  });
});

describe("formats", () => {
  const suppressedCell = applySuppression(makeCell({ practicesSigned: 3, practicesTotal: 1_203, patientsCovered: 20_000, patientsTotal: 12_345_678, personalPledges: 13 }), "suppressed");

  it("a page shows 1-7 for small counts, hidden for what would give them away, and says why", () => {
    const page = formatCellForPage(suppressedCell);
    expect(page).toMatchObject({
      practicesSigned: "1-7",
      practicesTotal: "1,205",
      practicesSignedPercent: "hidden",
      patientsCovered: "hidden",
      patientsTotal: "12,346,000",
      patientsCoveredPercent: "hidden",
      personalPledges: "15",
    });
    expect(page.notes).toEqual([expect.stringMatching(/rounded/), expect.stringMatching(/^1-7 means/), expect.stringMatching(/give away/), expect.stringMatching(/point at the practice/)]);
  });

  it("a page shows percentages to one decimal place and n/a where there is no denominator", () => {
    const page = formatCellForPage(applySuppression(makeCell({ practicesSigned: 13, practicesTotal: 47 }), "suppressed"));
    expect(page.practicesSignedPercent).toBe("33.3%");
    expect(formatCellForPage(applySuppression(makeCell({ practicesSigned: 0, practicesTotal: 0 }), "suppressed")).practicesSignedPercent).toBe("n/a");
  });

  it("a page of exact figures has no notes", () => {
    expect(formatCellForPage(applySuppression(makeCell({ scope: "national" }), "exact")).notes).toEqual([]);
  });

  it("a CSV row shows * where suppressed and plain numbers elsewhere", () => {
    expect(formatCellForCsv(suppressedCell)).toEqual({
      practices_signed: "*",
      practices_total: "1205",
      practices_signed_percent: "*",
      patients_covered: "*",
      patients_total: "12346000",
      patients_covered_percent: "*",
      personal_pledges: "15",
    });
  });

  it("a CSV row leaves a percentage with no denominator empty", () => {
    expect(formatCellForCsv(applySuppression(makeCell({ practicesSigned: 0, practicesTotal: 0 }), "exact")).practices_signed_percent).toBe("");
  });

  it("JSON gives null with suppressed true where a figure is hidden", () => {
    expect(formatCellForJson(suppressedCell)).toEqual({
      scope: "icb",
      rounded: true,
      practicesSigned: { value: null, suppressed: true, reason: "small_count" },
      practicesTotal: { value: 1_205, suppressed: false },
      practicesSignedPercent: { value: null, suppressed: true, reason: "reveals_small_count" },
      patientsCovered: { value: null, suppressed: true, reason: "reveals_practice" },
      patientsTotal: { value: 12_346_000, suppressed: false },
      patientsCoveredPercent: { value: null, suppressed: true, reason: "reveals_practice" },
      personalPledges: { value: 15, suppressed: false },
    });
  });

  it("JSON gives null without suppression where there is no denominator", () => {
    expect(formatCellForJson(applySuppression(makeCell({ practicesSigned: 0, practicesTotal: 0 }), "suppressed")).practicesSignedPercent).toEqual({
      value: null,
      suppressed: false,
    });
  });
});
