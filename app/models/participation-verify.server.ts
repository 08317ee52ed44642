// Recomputes every participation counter and the daily series from the records they summarise
// and reports any difference in words (`npm run db:verify`). Requests never do this: they read
// the counters that each sign-up change keeps in its own transaction (signups.server.ts). This
// reads the whole sign-up history once, so it belongs in a script or a test, not a page.
import type { Kysely } from "kysely";
import type { AreaKind, CounterMeasure, Database } from "../../db/types";
import { SIGNED_STATUSES, type SignUpStatus } from "../domain/campaign-status";
import { todayIso } from "../utils/time";
import { NATIONAL_CODE } from "./participation.server";
import { countsOutOfPlace, type CountedElsewhere } from "./signups.server";

type Figures = { practices: number; patients: number };

const isSigned = (status: SignUpStatus) => (SIGNED_STATUSES as readonly SignUpStatus[]).includes(status);
const whole = (n: number) => n.toLocaleString("en-GB");
const counterKey = (optionId: number, kind: AreaKind, code: string, measure: CounterMeasure) => `${optionId}|${kind}|${code}|${measure}`;
const dailyKey = (optionId: number, kind: AreaKind, code: string) => `${optionId}|${kind}|${code}`;

/** How many records the check read, for the script's summary. */
export async function countParticipationRecords(db: Kysely<Database>) {
  const count = async (table: "practice_signups" | "practice_signup_history" | "personal_pledges" | "participation_counters" | "participation_daily") =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  return {
    signUps: await count("practice_signups"),
    historyRows: await count("practice_signup_history"),
    pledges: await count("personal_pledges"),
    counters: await count("participation_counters"),
    dailyRows: await count("participation_daily"),
  };
}

/**
 * Every way the maintained figures differ from what the records say, one line each; an empty
 * list means no drift. Checked: each sign-up's latest history row matches its current row; the
 * counters per option, area (national, region, ICB, LMC) and measure (each sign-up status by the
 * history, 'acting' by the current rows, 'personal_pledge' by the active pledges), practices and
 * patients; the daily series adds up to the practices signed now, nationally and per ICB; and
 * every sign-up and pledge is counted where its practice is on `date` (the memberships in force).
 */
export async function verifyParticipation(db: Kysely<Database>, date = todayIso()): Promise<string[]> {
  const drift: string[] = [];
  const [signUps, latest, pledges, icbs, practices, options, counters, daily] = await Promise.all([
    db
      .selectFrom("practice_signups")
      .select(["id", "practice_id", "option_id", "status", "condition_scope", "condition_percent", "acting", "counted_icb_code", "counted_lmc_id", "counted_patients"])
      .orderBy("id")
      .execute(),
    // The latest history row of each sign-up: the greatest id (the history is append-only).
    db
      .selectFrom("practice_signup_history as h")
      .innerJoin(
        (eb) => eb.selectFrom("practice_signup_history").select(["signup_id", (e) => e.fn.max("id").as("last_id")]).groupBy("signup_id").as("l"),
        (join) => join.onRef("l.last_id", "=", "h.id"),
      )
      .select(["h.signup_id", "h.practice_id", "h.option_id", "h.status", "h.condition_scope", "h.condition_percent"])
      .execute(),
    db.selectFrom("personal_pledges").select(["id", "option_id", "counted_icb_code", "counted_lmc_id"]).where("active", "=", 1).execute(),
    db.selectFrom("icbs").select(["code", "region_code"]).execute(),
    db.selectFrom("practices").select(["id", "ods_code"]).execute(),
    db.selectFrom("campaign_options").select(["id", "title"]).execute(),
    db.selectFrom("participation_counters").select(["option_id", "area_kind", "area_code", "measure", "practices", "patients"]).execute(),
    db
      .selectFrom("participation_daily")
      .select(["option_id", "area_kind", "area_code", (eb) => eb.fn.sum<number>("signed_change").as("signed")])
      .groupBy(["option_id", "area_kind", "area_code"])
      .execute(),
  ]);
  const regionOf = new Map(icbs.map((i) => [i.code, i.region_code]));
  const odsOf = new Map(practices.map((p) => [p.id, p.ods_code]));
  const titleOf = new Map(options.map((o) => [o.id, o.title]));
  const optionName = (id: number) => `option ${id} (“${titleOf.get(id) ?? "unknown"}”)`;
  const practiceName = (id: number) => `practice ${odsOf.get(id) ?? `#${id}`}`;
  const areaName = (kind: AreaKind, code: string) => (kind === "national" ? "England" : kind === "lmc" ? `LMC ${code}` : `${kind === "icb" ? "ICB" : "region"} ${code}`);

  const expected = new Map<string, Figures>();
  const add = (optionId: number, areas: { icbCode: string | null; lmcId: number | null }, measure: CounterMeasure, patients: number) => {
    const keys: [AreaKind, string][] = [["national", NATIONAL_CODE]];
    if (areas.icbCode !== null) {
      keys.push(["icb", areas.icbCode]);
      const region = regionOf.get(areas.icbCode);
      if (region) keys.push(["region", region]);
      if (areas.lmcId !== null) keys.push(["lmc", String(areas.lmcId)]);
    }
    for (const [kind, code] of keys) {
      const key = counterKey(optionId, kind, code, measure);
      const figures = expected.get(key) ?? { practices: 0, patients: 0 };
      figures.practices += 1;
      figures.patients += patients;
      expected.set(key, figures);
    }
  };

  const latestBySignUp = new Map(latest.map((h) => [h.signup_id, h]));
  for (const s of signUps) {
    const who = `${practiceName(s.practice_id)}'s sign-up to ${optionName(s.option_id)}`;
    const last = latestBySignUp.get(s.id);
    if (!last) {
      drift.push(`${who} has no history.`);
      continue;
    }
    if (last.practice_id !== s.practice_id || last.option_id !== s.option_id) {
      drift.push(`${who} has history recorded for ${practiceName(last.practice_id)} and ${optionName(last.option_id)}.`);
    }
    if (last.status !== s.status) drift.push(`${who} is ${s.status}, but its history ends with ${last.status}.`);
    if (last.condition_scope !== s.condition_scope || last.condition_percent !== s.condition_percent) {
      drift.push(`${who} has the condition ${s.condition_scope ?? "none"} ${s.condition_percent ?? ""}, but its history ends with ${last.condition_scope ?? "none"} ${last.condition_percent ?? ""}.`);
    }
    if (s.acting && !isSigned(s.status)) drift.push(`${who} is withdrawn but marked as acting.`);
    const areas = { icbCode: s.counted_icb_code, lmcId: s.counted_lmc_id };
    if (isSigned(last.status)) add(s.option_id, areas, last.status, s.counted_patients);
    if (s.acting) add(s.option_id, areas, "acting", s.counted_patients);
  }
  const signUpIds = new Set(signUps.map((s) => s.id));
  for (const h of latest) if (!signUpIds.has(h.signup_id)) drift.push(`History names sign-up ${h.signup_id}, which does not exist.`);
  for (const p of pledges) add(p.option_id, { icbCode: p.counted_icb_code, lmcId: p.counted_lmc_id }, "personal_pledge", 0);

  // Counters: a missing row and a row of zeros say the same thing.
  const held = new Map(counters.map((c) => [counterKey(c.option_id, c.area_kind, c.area_code, c.measure), c]));
  for (const key of new Set([...expected.keys(), ...held.keys()])) {
    const want = expected.get(key) ?? { practices: 0, patients: 0 };
    const row = held.get(key);
    const have = row ? { practices: row.practices, patients: row.patients } : { practices: 0, patients: 0 };
    if (want.practices === have.practices && want.patients === have.patients) continue;
    const [optionId, kind, code, measure] = key.split("|") as [string, AreaKind, string, CounterMeasure];
    drift.push(
      `${optionName(Number(optionId))}, ${areaName(kind, code)}, ${measure}: the counters say ${whole(have.practices)} practices and ${whole(have.patients)} patients; ` +
        `the records say ${whole(want.practices)} and ${whole(want.patients)}.`,
    );
  }

  // The daily series, summed, is the number of practices signed now.
  const signedNow = new Map<string, number>();
  for (const [key, figures] of expected) {
    const [optionId, kind, code, measure] = key.split("|") as [string, AreaKind, string, CounterMeasure];
    if ((kind !== "national" && kind !== "icb") || !isSigned(measure as SignUpStatus)) continue;
    const k = dailyKey(Number(optionId), kind, code);
    signedNow.set(k, (signedNow.get(k) ?? 0) + figures.practices);
  }
  const dailySums = new Map(daily.map((d) => [dailyKey(d.option_id, d.area_kind, d.area_code), Number(d.signed)]));
  for (const key of new Set([...signedNow.keys(), ...dailySums.keys()])) {
    const want = signedNow.get(key) ?? 0;
    const have = dailySums.get(key) ?? 0;
    if (want === have) continue;
    const [optionId, kind, code] = key.split("|") as [string, AreaKind, string];
    drift.push(`${optionName(Number(optionId))}, ${areaName(kind, code)}: the daily series adds up to ${whole(have)} practices signed; the records say ${whole(want)}.`);
  }

  for (const c of await countsOutOfPlace(db, date)) {
    const place = (p: CountedElsewhere["counted"]) => `ICB ${p.icbCode ?? "none"}, LMC ${p.lmcId ?? "none"}${p.patients === null ? "" : `, ${whole(p.patients)} patients`}`;
    drift.push(`Practice ${c.odsCode}'s ${c.what} for ${optionName(c.optionId)} is counted in ${place(c.counted)}, but on ${date} the practice is in ${place(c.inForce)}.`);
  }
  return drift;
}
