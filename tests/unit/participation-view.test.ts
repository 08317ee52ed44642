// The pure pieces of the participation dashboard: the ICB tile map, the chart's shapes, the
// sentences for triggers and projections, and the export rows.
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { chartGeometry, chartPoints } from "../../app/components/participation/chart-geometry";
import { describeSeries } from "../../app/components/participation/signed-over-time-chart";
import { ICB_TILE_LABELS, ICB_TILE_POSITIONS, placeIcbTiles, SHADES, shadeIndex, TILE_COLUMNS } from "../../app/components/participation/tile-layout";
import { icbProgressText, nationalProgressText, percentOf, projectionCell, projectionText, rateText } from "../../app/components/participation/text";
import { PARTICIPATION_EXPORT_COLUMNS, participationCsv, participationCsvRecord, participationJsonRecord, type ExportArea } from "../../app/domain/participation-export";
import { applySuppression } from "../../app/domain/suppression";
import { readReferenceFile } from "../../db/seed/reference";

const referenceIcbs = parse(readReferenceFile("icbs.csv"), { columns: true }) as { code: string; name: string; region_code: string }[];

describe("the ICB tile map", () => {
  it("has a place and a label for each of the 42 ICBs on the register", () => {
    expect(referenceIcbs).toHaveLength(42);
    for (const icb of referenceIcbs) {
      expect(ICB_TILE_POSITIONS[icb.code], icb.name).toBeDefined();
      expect(ICB_TILE_LABELS[icb.code], icb.name).toBeDefined();
    }
    expect(Object.keys(ICB_TILE_POSITIONS)).toHaveLength(42);
  });

  it("never puts two ICBs in one cell, and stays inside the grid's columns", () => {
    const placed = placeIcbTiles(referenceIcbs.map((i) => i.code));
    const cells = [...placed.values()].map((c) => `${c.column},${c.row}`);
    expect(new Set(cells).size).toBe(42);
    for (const c of placed.values()) {
      expect(c.column).toBeGreaterThanOrEqual(1);
      expect(c.column).toBeLessThanOrEqual(TILE_COLUMNS);
    }
  });

  it("keeps each region's ICBs next to one another (every ICB touches another of its region)", () => {
    const placed = placeIcbTiles(referenceIcbs.map((i) => i.code));
    for (const icb of referenceIcbs) {
      const here = placed.get(icb.code)!;
      const neighbours = referenceIcbs.filter((o) => {
        if (o.code === icb.code || o.region_code !== icb.region_code) return false;
        const there = placed.get(o.code)!;
        return Math.abs(there.column - here.column) <= 1 && Math.abs(there.row - here.row) <= 1;
      });
      expect(neighbours.length, icb.name).toBeGreaterThan(0);
    }
  });

  it("puts a new ICB (after a merger) below the map, not on top of another", () => {
    const placed = placeIcbTiles(["QOP", "QNEW", "QT6", "QNEW2"]);
    expect(placed.get("QOP")).toEqual({ column: 4, row: 3 });
    expect(placed.get("QNEW")).toEqual({ column: 1, row: 10 });
    expect(placed.get("QNEW2")).toEqual({ column: 2, row: 10 });
  });

  it.each([
    [0, "0%"],
    [0.1, "under 5%"],
    [4.9, "under 5%"],
    [5, "5% to under 10%"],
    [9.9, "5% to under 10%"],
    [10, "10% to under 25%"],
    [25, "25% to under 50%"],
    [50, "50% or more"],
    [100, "50% or more"],
  ])("shades %s%% as %s", (percent, label) => {
    expect(SHADES[shadeIndex(percent)]!.label).toBe(label);
  });
});

describe("the chart of practices signed over time", () => {
  const series = [
    { date: "2026-11-03", signed: 4 },
    { date: "2026-11-05", signed: 10 },
    { date: "2026-11-09", signed: 8 },
  ];

  it("starts from none signed the day before the first sign-up and runs on flat to today", () => {
    expect(chartPoints(series, "2026-11-12")).toEqual([{ date: "2026-11-02", signed: 0 }, ...series, { date: "2026-11-12", signed: 8 }]);
  });

  it("has nothing to draw before anyone signs", () => {
    expect(chartPoints([], "2026-11-12")).toEqual([]);
    expect(describeSeries([], null)).toBe("No practices have signed up yet.");
  });

  it("maps the first day to the left edge, today to the right, and none signed to the baseline", () => {
    const g = chartGeometry({ series, asOf: "2026-11-12" });
    expect(g.line.startsWith(`M${g.plot.left},${g.plot.bottom}`)).toBe(true);
    const lastX = Number(g.line.split("L").at(-1)!.split(",")[0]);
    expect(lastX).toBeCloseTo(g.plot.right);
    expect(g.area.length).toBeGreaterThan(0);
  });

  it("labels whole days only, and whole numbers of practices", () => {
    const g = chartGeometry({ series: [{ date: "2026-11-11", signed: 2 }], asOf: "2026-11-12" });
    expect(g.xTicks.map((t) => t.label)).toEqual(["10 Nov", "11 Nov", "12 Nov"]);
    expect(g.yTicks.every((t) => /^\d[\d,]*$/.test(t.label))).toBe(true);
  });

  it("shows the year on day labels when the chart crosses a new year", () => {
    const g = chartGeometry({ series: [{ date: "2026-12-20", signed: 2 }], asOf: "2027-01-10" });
    expect(g.xTicks.some((t) => t.label.endsWith("2027"))).toBe(true);
  });

  it("reaches up to the trigger line, and draws a near projection to it but not a distant one", () => {
    const near = chartGeometry({ series, asOf: "2026-11-12", target: 20, projectedDate: "2026-11-30" });
    expect(near.target).toEqual({ y: expect.any(Number), value: 20 });
    expect(near.target!.y).toBeGreaterThanOrEqual(near.plot.top);
    expect(near.projection).not.toBeNull();
    expect(near.projection!.y2).toBeCloseTo(near.target!.y);
    const far = chartGeometry({ series, asOf: "2026-11-12", target: 20, projectedDate: "2028-01-01" });
    expect(far.projection).toBeNull();
  });

  it("says what it shows in words", () => {
    expect(describeSeries(chartPoints(series, "2026-11-12"), 20)).toBe(
      "From 0 practices signed on 2 November 2026 to 8 practices on 12 November 2026. The highest was 10 practices, on 5 November 2026. The trigger needs 20 practices.",
    );
  });
});

describe("trigger progress and projections in words", () => {
  it.each([
    [{ thresholdPercent: 10, signed: 412, total: 6253, needed: 626, liveSince: null }, "412 of 6,253 practices (6.6%) — trigger 10%: 214 more needed"],
    [{ thresholdPercent: 10, signed: 700, total: 6253, needed: 626, liveSince: "2026-11-03T10:00:00.000Z" }, "Live nationally since 3 November 2026: 700 of 6,253 practices (11.2%) signed, against a trigger of 10%"],
    [{ thresholdPercent: 10, signed: 0, total: 0, needed: null, liveSince: null }, "Trigger 10%: there are no active practices to count yet"],
    [{ thresholdPercent: 10, signed: 626, total: 6253, needed: 626, liveSince: null }, "626 of 6,253 practices (10%) — trigger 10%: met"],
  ])("%o reads %s", (progress, text) => {
    expect(nationalProgressText(progress)).toBe(text);
  });

  it("counts ICBs for a per-ICB trigger", () => {
    expect(icbProgressText({ thresholdPercent: 25, liveIcbs: 3, icbsWithPractices: 42 })).toBe("Trigger 25% of practices in each ICB: live in 3 of 42 ICBs");
  });

  it.each([
    [3.25, "about 3.3 practices a day"],
    [1, "about 1 practice a day"],
    [0.5, "about 3.5 practices a week"],
    [1 / 7, "about 1 practice a week"],
  ])("a rate of %s a day reads %s", (perDay, text) => {
    expect(rateText(perDay)).toBe(text);
  });

  it("says when a straight line would meet the trigger, or why there is no date", () => {
    expect(projectionText({ kind: "projected", date: "2027-01-12", perDay: 2 }, "nationally")).toBe(
      "At the rate of the last 14 days (about 2 practices a day), the trigger would be met nationally around 12 January 2027.",
    );
    expect(projectionText({ kind: "never" }, "nationally")).toBe("No date can be projected nationally: sign-ups over the last 14 days give no steady rate to draw a line from.");
    expect(projectionText({ kind: "met" }, "in Devon")).toBe("The trigger has been met in Devon.");
    expect(projectionCell(null)).toBe("—");
    expect(projectionCell({ kind: "projected", date: "2027-01-12", perDay: 2 })).toBe("around 12 January 2027");
  });

  it("works shares out to one decimal place", () => {
    expect(percentOf(412, 6253)).toBe("6.6%");
    expect(percentOf(1, 3)).toBe("33.3%");
    expect(percentOf(0, 0)).toBe("n/a");
  });
});

describe("participation export rows", () => {
  const area = (scope: ExportArea["scope"], signed: number, total: number, policy: "exact" | "suppressed"): ExportArea => ({
    option: "=Close at 6.30pm",
    scope,
    areaCode: "QOP",
    areaName: "NHS Greater Manchester Integrated Care Board",
    cell: applySuppression({ scope, practicesSigned: signed, practicesTotal: total, patientsCovered: signed * 8000, patientsTotal: total * 8000, personalPledges: 9 }, policy),
  });

  it("has the columns the issue names, in order", () => {
    expect(PARTICIPATION_EXPORT_COLUMNS).toEqual(["option", "scope", "area_code", "area_name", "practices_signed", "practices_total", "percent", "patients_covered", "personal_pledges"]);
  });

  it("writes a suppressed count as * in CSV and null with suppressed: true in JSON", () => {
    const row = area("icb", 3, 40, "suppressed");
    expect(participationCsvRecord(row)).toMatchObject({ practices_signed: "*", practices_total: "40", percent: "*", patients_covered: "*", personal_pledges: "10" });
    expect(participationJsonRecord(row)).toMatchObject({
      practices_signed: null,
      practices_total: 40,
      percent: null,
      patients_covered: null,
      personal_pledges: 10,
      suppressed: true,
      suppressed_fields: ["practices_signed", "percent", "patients_covered"],
      rounded: true,
    });
  });

  it("writes exact figures as they are, with suppressed: false", () => {
    const row = area("icb", 13, 40, "exact");
    expect(participationCsvRecord(row)).toMatchObject({ practices_signed: "13", percent: "32.5", patients_covered: "104000" });
    expect(participationJsonRecord(row)).toMatchObject({ practices_signed: 13, percent: 32.5, suppressed: false, suppressed_fields: [], rounded: false });
  });

  it("leaves the percentage empty (CSV) or null and not among the hidden fields (JSON) when an area has no practices", () => {
    const row = area("icb", 0, 0, "suppressed");
    expect(participationCsvRecord(row).percent).toBe("");
    const json = participationJsonRecord(row);
    expect(json).toMatchObject({ percent: null });
    expect(json.suppressed_fields).not.toContain("percent");
  });

  it("neutralises cells a spreadsheet would run as formulas", () => {
    const [header, line] = participationCsv([area("national", 13, 40, "exact")]).split("\r\n");
    expect(header).toBe(PARTICIPATION_EXPORT_COLUMNS.join(","));
    expect(line!.startsWith("'=Close at 6.30pm,national,QOP,")).toBe(true);
  });
});
