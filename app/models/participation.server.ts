// Participation figures: practices signed per option and area, out of the active practices in
// that area by the memberships in force today, read from counters that every sign-up change
// keeps in its own transaction (signups.server.ts). No request reads the sign-up history.
// Figures leave the server only through `presentParticipation`, which applies suppression.
import type { Kysely } from "kysely";
import type { AreaKind, CounterMeasure, Database } from "../../db/types";
import { SIGNED_STATUSES, type SignUpStatus } from "../domain/campaign-status";
import { applySuppression, viewerPolicyFor, type DisplayCell, type ViewerRole } from "../domain/suppression";
import { todayIso } from "../utils/time";
import { readCacheVersions, SITE } from "./cache-versions.server";
import { inForceOn } from "./in-force.server";

export const NATIONAL_CODE = "ENG";

export interface AreaTotal {
  kind: AreaKind;
  code: string;
  name: string;
  /** The region an ICB is in, or the region of an LMC's first ICB. */
  regionCode: string | null;
  practices: number;
  patients: number;
}

export interface AreaTotals {
  date: string;
  national: AreaTotal;
  regions: Map<string, AreaTotal>;
  icbs: Map<string, AreaTotal>;
  lmcs: Map<string, AreaTotal>;
}

let memo: { key: string; totals: AreaTotals } | null = null;

/**
 * Active practices and patients per area on a date. The register changes rarely (imports bump
 * the `site` version), so the totals are remembered until it does.
 */
export async function areaTotals(db: Kysely<Database>, date = todayIso()): Promise<AreaTotals> {
  const key = `${date}@${await readCacheVersions(db, [SITE])}`;
  if (memo?.key === key) return memo.totals;
  const [regions, icbs, practices] = await Promise.all([
    db.selectFrom("regions").select(["code", "name"]).execute(),
    db.selectFrom("icbs").select(["code", "name", "region_code"]).execute(),
    db
      .selectFrom("practices")
      .innerJoin("practice_icb_memberships as m", "m.practice_id", "practices.id")
      .leftJoin(
        (eb) => eb.selectFrom("practice_lmc_memberships").select(["practice_id", "lmc_id"]).where(inForceOn("practice_lmc_memberships", date)).as("l"),
        (join) => join.onRef("l.practice_id", "=", "practices.id"),
      )
      .where(inForceOn("m", date))
      .where("practices.status", "=", "active")
      .select(["m.icb_code", "l.lmc_id", "practices.list_size"])
      .execute(),
  ]);
  const lmcNames = new Map((await db.selectFrom("lmcs").select(["id", "name"]).execute()).map((l) => [String(l.id), l.name]));
  const icbRegion = new Map(icbs.map((i) => [i.code, i.region_code]));
  const totals: AreaTotals = {
    date,
    national: { kind: "national", code: NATIONAL_CODE, name: "England", regionCode: null, practices: 0, patients: 0 },
    regions: new Map(regions.map((r) => [r.code, { kind: "region", code: r.code, name: r.name, regionCode: r.code, practices: 0, patients: 0 }])),
    icbs: new Map(icbs.map((i) => [i.code, { kind: "icb", code: i.code, name: i.name, regionCode: i.region_code, practices: 0, patients: 0 }])),
    lmcs: new Map(),
  };
  for (const p of practices) {
    const patients = p.list_size ?? 0;
    const add = (area: AreaTotal | undefined) => {
      if (!area) return;
      area.practices += 1;
      area.patients += patients;
    };
    add(totals.national);
    add(totals.icbs.get(p.icb_code));
    add(totals.regions.get(icbRegion.get(p.icb_code) ?? ""));
    if (p.lmc_id !== null) {
      const code = String(p.lmc_id);
      if (!totals.lmcs.has(code)) {
        totals.lmcs.set(code, { kind: "lmc", code, name: lmcNames.get(code) ?? "LMC", regionCode: icbRegion.get(p.icb_code) ?? null, practices: 0, patients: 0 });
      }
      add(totals.lmcs.get(code));
    }
  }
  memo = { key, totals };
  return totals;
}

export interface OptionCounts {
  /** practices and patients per measure, for one area */
  byMeasure: Map<CounterMeasure, { practices: number; patients: number }>;
}

/** Counter rows for some options, grouped as option -> "kind:code" -> measure. */
export async function readCounters(db: Kysely<Database>, optionIds: readonly number[]) {
  const result = new Map<number, Map<string, Map<CounterMeasure, { practices: number; patients: number }>>>();
  if (optionIds.length === 0) return result;
  const rows = await db
    .selectFrom("participation_counters")
    .select(["option_id", "area_kind", "area_code", "measure", "practices", "patients"])
    .where("option_id", "in", [...optionIds])
    .execute();
  for (const r of rows) {
    let byArea = result.get(r.option_id);
    if (!byArea) result.set(r.option_id, (byArea = new Map()));
    const areaKey = `${r.area_kind}:${r.area_code}`;
    let byMeasure = byArea.get(areaKey);
    if (!byMeasure) byArea.set(areaKey, (byMeasure = new Map()));
    byMeasure.set(r.measure, { practices: r.practices, patients: r.patients });
  }
  return result;
}

export interface ParticipationRow {
  optionId: number;
  area: AreaTotal;
  /** Practices signed (any status but withdrawn) and the patients on their lists. */
  signed: number;
  patients: number;
  byStatus: Record<Exclude<SignUpStatus, "withdrawn">, number>;
  acting: number;
  personalPledges: number;
}

/** Every option's figures for every area: national, each region, each ICB, each LMC. */
export async function participationRows(db: Kysely<Database>, optionIds: readonly number[], date = todayIso()): Promise<ParticipationRow[]> {
  const [totals, counters] = await Promise.all([areaTotals(db, date), readCounters(db, optionIds)]);
  const areas = [totals.national, ...totals.regions.values(), ...totals.icbs.values(), ...totals.lmcs.values()];
  const rows: ParticipationRow[] = [];
  for (const optionId of optionIds) {
    const byArea = counters.get(optionId);
    for (const area of areas) {
      const measures = byArea?.get(`${area.kind}:${area.code}`);
      const of = (m: CounterMeasure) => measures?.get(m) ?? { practices: 0, patients: 0 };
      const byStatus = { pledged: of("pledged").practices, pledged_if_triggered: of("pledged_if_triggered").practices, implementing: of("implementing").practices };
      rows.push({
        optionId,
        area,
        signed: SIGNED_STATUSES.reduce((sum, s) => sum + of(s).practices, 0),
        patients: SIGNED_STATUSES.reduce((sum, s) => sum + of(s).patients, 0),
        byStatus,
        acting: of("acting").practices,
        personalPledges: of("personal_pledge").practices,
      });
    }
  }
  return rows;
}

/** Practices signed per day (cumulative), nationally or in one ICB, for the chart and projections. */
export async function signedOverTime(db: Kysely<Database>, optionId: number, area: { kind: "national" | "icb"; code: string }) {
  const rows = await db
    .selectFrom("participation_daily")
    .select(["day", "signed_change"])
    .where("option_id", "=", optionId)
    .where("area_kind", "=", area.kind)
    .where("area_code", "=", area.code)
    .orderBy("day")
    .execute();
  let signed = 0;
  return rows.map((r) => ({ date: r.day, signed: (signed += r.signed_change) }));
}

export interface PresentedRow {
  optionId: number;
  scope: AreaKind;
  areaCode: string;
  areaName: string;
  regionCode: string | null;
  cell: DisplayCell;
  /** Status breakdown, only where the viewer sees the area's figures exactly. */
  byStatus: ParticipationRow["byStatus"] | null;
}

/**
 * The one way participation figures leave the server (pages, CSV, JSON): each cell suppressed as
 * the viewer's role requires (SPEC section 6, app/domain/suppression.ts).
 */
export function presentParticipation(viewer: { role: ViewerRole; lmcId: number | null }, rows: readonly ParticipationRow[]): PresentedRow[] {
  return rows.map((row) => {
    const policy = viewerPolicyFor({ role: viewer.role, viewerLmcId: viewer.lmcId }, row.area.kind, row.area.kind === "lmc" ? Number(row.area.code) : null);
    const cell = applySuppression(
      {
        scope: row.area.kind,
        practicesSigned: row.signed,
        practicesTotal: row.area.practices,
        patientsCovered: row.patients,
        patientsTotal: row.area.patients,
        personalPledges: row.personalPledges,
      },
      policy,
    );
    return {
      optionId: row.optionId,
      scope: row.area.kind,
      areaCode: row.area.code,
      areaName: row.area.name,
      regionCode: row.area.regionCode,
      cell,
      byStatus: policy === "suppressed" ? null : row.byStatus,
    };
  });
}
