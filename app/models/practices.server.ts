// Practices, their dated ICB and LMC memberships, and applying a register import.
import type { Kysely } from "kysely";
import type { Database } from "../../db/types";
import type { ExistingPractice, ImportPlan } from "../domain/practice-register";
import { nowIso } from "../utils/time";
import { rowInForce } from "../domain/in-force";
import { recordAudit } from "./audit.server";
import { inForceOn, isOpenEnded } from "./in-force.server";
import { moveCountsOfMovedPractices } from "./signups.server";


export async function loadExistingPractices(db: Kysely<Database>, onDate: string): Promise<ExistingPractice[]> {
  const rows = await db
    .selectFrom("practices")
    .leftJoin(
      (eb) =>
        eb
          .selectFrom("practice_icb_memberships")
          .select(["practice_id", "icb_code"])
          .where(inForceOn("practice_icb_memberships", onDate))
          .as("m"),
      (join) => join.onRef("m.practice_id", "=", "practices.id"),
    )
    .select([
      "practices.id",
      "practices.ods_code",
      "practices.name",
      "practices.address",
      "practices.postcode",
      "practices.status",
      "practices.sub_icb_code",
      "practices.opened_on",
      "practices.closed_on",
      "practices.list_size",
      "practices.list_size_date",
      "m.icb_code",
    ])
    .execute();
  return rows.map((r) => ({
    id: r.id,
    odsCode: r.ods_code,
    name: r.name,
    address: r.address,
    postcode: r.postcode,
    status: r.status,
    subIcbCode: r.sub_icb_code,
    openedOn: r.opened_on,
    closedOn: r.closed_on,
    listSize: r.list_size,
    listSizeDate: r.list_size_date,
    icbCode: r.icb_code ?? null,
  }));
}

export async function knownIcbCodes(db: Kysely<Database>): Promise<Set<string>> {
  const rows = await db.selectFrom("icbs").select("code").execute();
  return new Set(rows.map((r) => r.code));
}

export interface ImportSummary {
  inserted: number;
  changed: number;
  closed: number;
  icbMoves: number;
  lmcMoves: number;
}

/**
 * Applies a planned import in one transaction with an audit row per practice touched.
 * New practices join their ICB from the date they opened (as far as the register says);
 * an ICB change closes the old membership and opens the new one on `effectiveDate`.
 */
export async function applyPracticeImport(
  db: Kysely<Database>,
  actorUserId: number | null,
  plan: ImportPlan,
  options: { effectiveDate: string; source: string; onProgress?: (done: number, total: number) => void },
): Promise<ImportSummary> {
  const total = plan.inserts.length + plan.changes.length;
  let done = 0;
  const tick = () => {
    done++;
    if (options.onProgress && (done % 500 === 0 || done === total)) options.onProgress(done, total);
  };
  return db.transaction().execute(async (trx) => {
    const now = nowIso();
    const summary: ImportSummary = { inserted: 0, changed: 0, closed: 0, icbMoves: 0, lmcMoves: 0 };
    for (const p of plan.inserts) {
      const { id } = await trx
        .insertInto("practices")
        .values({
          ods_code: p.odsCode,
          name: p.name,
          address: p.address,
          postcode: p.postcode,
          status: p.status,
          contract_type: null,
          sub_icb_code: p.subIcbCode,
          opened_on: p.openedOn,
          closed_on: p.closedOn,
          list_size: p.listSize,
          list_size_date: p.listSizeDate,
          is_demo: 0,
          created_at: now,
          updated_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx
        .insertInto("practice_icb_memberships")
        .values({ practice_id: id, icb_code: p.icbCode, valid_from: p.openedOn ?? options.effectiveDate, valid_to: null })
        .execute();
      await recordAudit(trx, {
        actorUserId,
        action: "practice.import_create",
        entity: "practice",
        entityId: p.odsCode,
        after: { ...p, line: undefined },
        reason: options.source,
      });
      summary.inserted++;
      tick();
    }
    for (const change of plan.changes) {
      const a = change.after;
      await trx
        .updateTable("practices")
        .set({
          ...(a.name !== undefined && { name: a.name }),
          ...(a.address !== undefined && { address: a.address }),
          ...(a.postcode !== undefined && { postcode: a.postcode }),
          ...(a.status !== undefined && { status: a.status }),
          ...(a.subIcbCode !== undefined && { sub_icb_code: a.subIcbCode }),
          ...(a.openedOn !== undefined && { opened_on: a.openedOn }),
          ...(a.closedOn !== undefined && { closed_on: a.closedOn }),
          ...(a.listSize !== undefined && { list_size: a.listSize }),
          ...(a.listSizeDate !== undefined && { list_size_date: a.listSizeDate }),
          updated_at: now,
        })
        .where("id", "=", change.id)
        .execute();
      if (change.icbTo) {
        await moveIcb(trx, change.id, change.icbTo, options.effectiveDate);
        summary.icbMoves++;
      }
      if (a.status === "closed") summary.closed++;
      await recordAudit(trx, {
        actorUserId,
        action: a.status === "closed" ? "practice.import_close" : "practice.import_update",
        entity: "practice",
        entityId: change.odsCode,
        before: { ...change.before, ...(change.icbTo && { icbCode: change.icbFrom }) },
        after: { ...change.after, ...(change.icbTo && { icbCode: change.icbTo }) },
        reason: options.source,
      });
      summary.changed++;
      tick();
    }
    summary.lmcMoves = await syncPracticeLmcMemberships(trx, options.effectiveDate);
    // Sign-ups and pledges follow practices that moved ICB or changed list size, in this transaction.
    await moveCountsOfMovedPractices(trx);
    await recordAudit(trx, {
      actorUserId,
      action: "practice_register.import",
      entity: "practice_register",
      entityId: options.effectiveDate,
      after: { ...summary, unchanged: plan.unchanged, problems: plan.problems.length },
      reason: options.source,
    });
    return summary;
  });
}

async function moveIcb(trx: Kysely<Database>, practiceId: number, icbCode: string, effectiveDate: string) {
  await trx
    .updateTable("practice_icb_memberships")
    .set({ valid_to: effectiveDate })
    .where("practice_id", "=", practiceId)
    .where(isOpenEnded("practice_icb_memberships"))
    .execute();
  await trx
    .insertInto("practice_icb_memberships")
    .values({ practice_id: practiceId, icb_code: icbCode, valid_from: effectiveDate, valid_to: null })
    .execute();
}

/**
 * Brings each practice's LMC membership in line with the LMC areas in force on `date`:
 * a sub-ICB area wins over an ICB area, and the counts of moved practices' sign-ups and pledges
 * go with them. Returns how many practices moved.
 */
export async function syncPracticeLmcMemberships(trx: Kysely<Database>, date: string): Promise<number> {
  const areas = await trx.selectFrom("lmc_areas").select(["lmc_id", "area_kind", "area_code"]).where(inForceOn("lmc_areas", date)).execute();
  if (areas.length === 0) return 0;
  const byIcb = new Map<string, number>();
  const bySubIcb = new Map<string, number>();
  for (const a of areas) (a.area_kind === "icb" ? byIcb : bySubIcb).set(a.area_code, a.lmc_id);

  const practices = await trx
    .selectFrom("practices")
    .innerJoin("practice_icb_memberships as m", "m.practice_id", "practices.id")
    .leftJoin(
      (eb) =>
        eb
          .selectFrom("practice_lmc_memberships")
          .select(["id", "practice_id", "lmc_id", "valid_from", "valid_to"])
          .where(inForceOn("practice_lmc_memberships", date))
          .as("l"),
      (join) => join.onRef("l.practice_id", "=", "practices.id"),
    )
    .select(["practices.id", "practices.sub_icb_code", "m.icb_code", "l.id as membershipId", "l.lmc_id", "l.valid_from", "l.valid_to"])
    .where(inForceOn("m", date))
    .execute();

  let moves = 0;
  for (const p of practices) {
    const target = (p.sub_icb_code ? bySubIcb.get(p.sub_icb_code) : undefined) ?? byIcb.get(p.icb_code) ?? null;
    const current = p.lmc_id ?? null;
    if (target === current || target === null) continue;
    moves++;
    // Only the membership in force on `date` changes, from `date` to where it ended: a later
    // membership (a move after `date`) stands, and no interval ends before it starts.
    if (p.membershipId !== null && p.valid_from === date) {
      await trx.updateTable("practice_lmc_memberships").set({ lmc_id: target }).where("id", "=", p.membershipId).execute();
      continue;
    }
    let until: string | null;
    if (p.membershipId !== null) {
      until = p.valid_to ?? null;
      await trx.updateTable("practice_lmc_memberships").set({ valid_to: date }).where("id", "=", p.membershipId).execute();
    } else {
      const next = await trx
        .selectFrom("practice_lmc_memberships")
        .select((eb) => eb.fn.min("valid_from").as("from"))
        .where("practice_id", "=", p.id)
        .where("valid_from", ">", date)
        .executeTakeFirst();
      until = next?.from ?? null;
    }
    await trx.insertInto("practice_lmc_memberships").values({ practice_id: p.id, lmc_id: target, valid_from: date, valid_to: until }).execute();
  }
  if (moves > 0) await moveCountsOfMovedPractices(trx);
  return moves;
}

export async function searchPractices(
  db: Kysely<Database>,
  options: { q: string; icb: string; status: "active" | "closed" | "all"; page: number; onDate: string },
) {
  const pageSize = 50;
  let query = db
    .selectFrom("practices")
    .leftJoin(
      (eb) => eb.selectFrom("practice_icb_memberships").select(["practice_id", "icb_code"]).where(inForceOn("practice_icb_memberships", options.onDate)).as("m"),
      (join) => join.onRef("m.practice_id", "=", "practices.id"),
    )
    .leftJoin("icbs", "icbs.code", "m.icb_code");
  if (options.q) {
    const like = `%${options.q.toLowerCase()}%`;
    query = query.where((eb) =>
      eb.or([
        eb(eb.fn("lower", ["practices.name"]), "like", like),
        eb("practices.ods_code", "=", options.q.toUpperCase()),
        eb(eb.fn("lower", ["practices.postcode"]), "like", like),
      ]),
    );
  }
  if (options.icb) query = query.where("m.icb_code", "=", options.icb);
  if (options.status !== "all") query = query.where("practices.status", "=", options.status);
  const [{ total }, rows] = await Promise.all([
    query.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow(),
    query
      .select([
        "practices.id",
        "practices.ods_code",
        "practices.name",
        "practices.postcode",
        "practices.status",
        "practices.list_size",
        "practices.is_demo",
        "icbs.name as icb_name",
      ])
      .orderBy("practices.name")
      .limit(pageSize)
      .offset((options.page - 1) * pageSize)
      .execute(),
  ]);
  return { total: Number(total), rows, pageSize };
}

export async function getPracticeByOds(db: Kysely<Database>, odsCode: string, onDate: string) {
  const practice = await db.selectFrom("practices").selectAll().where("ods_code", "=", odsCode).executeTakeFirst();
  if (!practice) return null;
  const [icbHistory, lmcHistory] = await Promise.all([
    db
      .selectFrom("practice_icb_memberships as m")
      .innerJoin("icbs", "icbs.code", "m.icb_code")
      .select(["m.icb_code", "icbs.name", "m.valid_from", "m.valid_to"])
      .where("m.practice_id", "=", practice.id)
      .orderBy("m.valid_from", "desc")
      .execute(),
    db
      .selectFrom("practice_lmc_memberships as m")
      .innerJoin("lmcs", "lmcs.id", "m.lmc_id")
      .select(["lmcs.id", "lmcs.name", "m.valid_from", "m.valid_to"])
      .where("m.practice_id", "=", practice.id)
      .orderBy("m.valid_from", "desc")
      .execute(),
  ]);
  return { practice, icb: rowInForce(icbHistory, onDate), lmc: rowInForce(lmcHistory, onDate), icbHistory, lmcHistory };
}

export async function countPractices(db: Kysely<Database>) {
  const rows = await db
    .selectFrom("practices")
    .select(["status", "is_demo", (eb) => eb.fn.countAll<number>().as("n"), (eb) => eb.fn.sum<number>("list_size").as("patients")])
    .groupBy(["status", "is_demo"])
    .execute();
  return rows.map((r) => ({ ...r, n: Number(r.n), patients: Number(r.patients ?? 0) }));
}

/** Active practices and their registered patients per ICB, by the memberships in force on a date. */
export async function activePracticesByIcb(db: Kysely<Database>, onDate: string): Promise<Map<string, { practices: number; patients: number }>> {
  const rows = await db
    .selectFrom("practices")
    .innerJoin("practice_icb_memberships as m", "m.practice_id", "practices.id")
    .where(inForceOn("m", onDate))
    .where("practices.status", "=", "active")
    .select(["m.icb_code", (eb) => eb.fn.countAll<number>().as("practices"), (eb) => eb.fn.sum<number>("practices.list_size").as("patients")])
    .groupBy("m.icb_code")
    .execute();
  return new Map(rows.map((r) => [r.icb_code, { practices: Number(r.practices), patients: Number(r.patients ?? 0) }]));
}
