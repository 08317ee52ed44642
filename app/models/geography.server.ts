// Regions, ICBs and LMCs, and the LMC areas that map practices to LMCs.
import type { Kysely } from "kysely";
import type { Database } from "../../db/types";
import type { LmcAreaRow } from "../domain/lmc-areas";
import type { LineProblem } from "../domain/practice-register";
import { todayIso } from "../utils/time";
import { recordAudit } from "./audit.server";
import { createLmc } from "./conferences.server";
import { isOpenEnded } from "./in-force.server";
import { syncPracticeLmcMemberships } from "./practices.server";

export function listIcbs(db: Kysely<Database>) {
  return db
    .selectFrom("icbs")
    .innerJoin("regions", "regions.code", "icbs.region_code")
    .select(["icbs.code", "icbs.name", "icbs.region_code", "regions.name as region_name"])
    .orderBy("icbs.name")
    .execute();
}

export function listLmcs(db: Kysely<Database>) {
  return db.selectFrom("lmcs").select(["id", "name", "is_demo"]).orderBy("name").execute();
}

export function getLmc(db: Kysely<Database>, id: number) {
  return db.selectFrom("lmcs").select(["id", "name", "is_demo"]).where("id", "=", id).executeTakeFirst();
}

export interface LmcAreaPlanRow extends LmcAreaRow {
  areaKind: "icb" | "sub_icb";
  lmcExists: boolean;
  status: "new" | "changed" | "unchanged";
  previousLmc: string | null;
}

/** Resolves each row's area against the database and says what applying it would change. */
export async function planLmcAreaImport(db: Kysely<Database>, rows: LmcAreaRow[]) {
  const icbs = new Set((await db.selectFrom("icbs").select("code").execute()).map((r) => r.code));
  const subIcbs = new Set(
    (await db.selectFrom("practices").select("sub_icb_code").distinct().where("sub_icb_code", "is not", null).execute()).map(
      (r) => r.sub_icb_code!,
    ),
  );
  const lmcs = new Map((await db.selectFrom("lmcs").select(["id", "name"]).execute()).map((l) => [l.name.toLowerCase(), l]));
  const current = await db
    .selectFrom("lmc_areas")
    .innerJoin("lmcs", "lmcs.id", "lmc_areas.lmc_id")
    .select(["lmc_areas.area_kind", "lmc_areas.area_code", "lmc_areas.valid_from", "lmcs.name"])
    .where(isOpenEnded("lmc_areas"))
    .execute();
  const currentByArea = new Map(current.map((c) => [`${c.area_kind}:${c.area_code}`, c]));

  const planned: LmcAreaPlanRow[] = [];
  const problems: LineProblem[] = [];
  for (const row of rows) {
    const kind = row.areaKind ?? (icbs.has(row.areaCode) ? "icb" : subIcbs.has(row.areaCode) ? "sub_icb" : null);
    const known = kind === "icb" ? icbs.has(row.areaCode) : kind === "sub_icb" ? subIcbs.has(row.areaCode) : false;
    if (!kind || !known) {
      problems.push({ line: row.line, message: `area_code ${row.areaCode} is neither a known ICB nor a sub-ICB location of any practice` });
      continue;
    }
    const existing = currentByArea.get(`${kind}:${row.areaCode}`);
    const same = existing && existing.name.toLowerCase() === row.lmcName.toLowerCase();
    if (existing && !same && row.validFrom <= existing.valid_from) {
      problems.push({
        line: row.line,
        message: `area ${row.areaCode} already belongs to ${existing.name} from ${existing.valid_from}; a change must start after that`,
      });
      continue;
    }
    planned.push({
      ...row,
      areaKind: kind,
      lmcExists: lmcs.has(row.lmcName.toLowerCase()),
      status: !existing ? "new" : same ? "unchanged" : "changed",
      previousLmc: existing && !same ? existing.name : null,
    });
  }
  return { planned, problems };
}

export async function applyLmcAreaImport(db: Kysely<Database>, actorUserId: number | null, planned: LmcAreaPlanRow[], source: string) {
  return db.transaction().execute(async (trx) => {
    let createdLmcs = 0;
    let applied = 0;
    for (const row of planned) {
      if (row.status === "unchanged") continue;
      let lmc: { id: number; name: string } | undefined = await trx
        .selectFrom("lmcs")
        .select(["id", "name"])
        .where((eb) => eb(eb.fn("lower", ["name"]), "=", row.lmcName.toLowerCase()))
        .executeTakeFirst();
      if (!lmc) {
        lmc = await createLmc(trx, actorUserId, { name: row.lmcName }, source);
        createdLmcs++;
      }
      await trx
        .updateTable("lmc_areas")
        .set({ valid_to: row.validFrom })
        .where("area_kind", "=", row.areaKind)
        .where("area_code", "=", row.areaCode)
        .where(isOpenEnded("lmc_areas"))
        .execute();
      await trx
        .insertInto("lmc_areas")
        .values({ lmc_id: lmc.id, area_kind: row.areaKind, area_code: row.areaCode, valid_from: row.validFrom, valid_to: null })
        .execute();
      await recordAudit(trx, {
        actorUserId,
        action: "lmc_area.set",
        entity: "lmc",
        entityId: lmc.id,
        before: row.previousLmc ? { lmc: row.previousLmc } : undefined,
        after: { area_kind: row.areaKind, area_code: row.areaCode, valid_from: row.validFrom },
        reason: source,
      });
      applied++;
    }
    let practicesMoved = 0;
    const changed = planned.filter((r) => r.status !== "unchanged").map((r) => r.validFrom);
    // Today too: a change dated in the past holds today, also for a practice that has moved since
    // (its membership from then on was decided by the areas as they were).
    const dates = changed.length > 0 ? [...new Set([...changed, todayIso()])].sort() : [];
    for (const date of dates) practicesMoved += await syncPracticeLmcMemberships(trx, date);
    return { applied, createdLmcs, practicesMoved };
  });
}

/** The LMC areas in force (not ended), in the columns the LMC areas import reads. */
export function listLmcAreas(db: Kysely<Database>) {
  return db
    .selectFrom("lmc_areas")
    .innerJoin("lmcs", "lmcs.id", "lmc_areas.lmc_id")
    .select(["lmcs.name as lmc_name", "lmc_areas.area_code", "lmc_areas.valid_from", "lmc_areas.area_kind"])
    .where(isOpenEnded("lmc_areas"))
    .orderBy("lmc_areas.valid_from")
    .orderBy("lmc_areas.area_code")
    .execute();
}
