// Practices' sign-ups to options, personal pledges and contractual notices. Every change is one
// write transaction (db/dialect.ts `writeTransaction`) that: saves the current row (one per
// practice and option, a unique index), appends to the history, moves the counters and the daily
// series, writes the audit row, then settles the option: fires its trigger where the threshold is
// now met (once per scope: a primary key) and evaluates every practice's own condition to its
// fixed point (app/domain/triggers.ts), updating who is acting and the acting counters.
import { type Kysely, type Selectable, sql, type Transaction } from "kysely";
import { forUpdate, isPostgres, writeTransaction } from "../../db/dialect";
import type { AreaKind, CounterMeasure, Database, PersonalPledgeTable, PracticeSignup } from "../../db/types";
import { SIGNED_STATUSES, SIGNUP_STATUS_LABELS, type NoticeType, type SignUpStatus } from "../domain/campaign-status";
import { evaluateConditions, triggerMet, type PracticeCondition } from "../domain/triggers";
import { nowIso, todayIso } from "../utils/time";
import { recordAudit } from "./audit.server";
import { inForceOn } from "./in-force.server";
import { notifySignUpWentLive } from "./notifications.server";
import { areaTotals, NATIONAL_CODE } from "./participation.server";

type Trx = Transaction<Database>;

const isSigned = (status: SignUpStatus | null | undefined) => status !== undefined && status !== null && status !== "withdrawn";

/** Campaign statuses in which practices may sign up; withdrawing is possible until it closes. */
const SIGNING_OPEN = new Set(["open", "active"]);
// A closed campaign's figures are a fixed record (app/domain/campaign-status.ts): nothing changes them.
const CLOSED_MESSAGE = "This campaign has closed, so its sign-ups and pledges are a fixed record now.";

interface Areas {
  icbCode: string;
  regionCode: string | null;
  lmcId: number | null;
}

/** The counters one practice is held in; null (a GP pledging without a practice in an ICB) is national only. */
function areaKeys(areas: Areas | null): [AreaKind, string][] {
  const keys: [AreaKind, string][] = [["national", NATIONAL_CODE]];
  if (!areas) return keys;
  keys.push(["icb", areas.icbCode]);
  if (areas.regionCode) keys.push(["region", areas.regionCode]);
  if (areas.lmcId !== null) keys.push(["lmc", String(areas.lmcId)]);
  return keys;
}

async function addToCounters(trx: Trx, optionId: number, areas: Areas | null, measure: CounterMeasure, practices: number, patients: number) {
  if (practices === 0 && patients === 0) return;
  // One statement for every area the practice counts in (bench/README.md, change 15); the keys
  // are distinct, so no row is updated twice, and rows are written in the same order as before.
  await trx
    .insertInto("participation_counters")
    .values(areaKeys(areas).map(([kind, code]) => ({ option_id: optionId, area_kind: kind, area_code: code, measure, practices, patients })))
    .onConflict((oc) =>
      oc.columns(["option_id", "area_kind", "area_code", "measure"]).doUpdateSet({
        practices: sql<number>`participation_counters.practices + excluded.practices`,
        patients: sql<number>`participation_counters.patients + excluded.patients`,
      }),
    )
    .execute();
}

/** The day's net change in practices signed, nationally (unless a move) and in the ICB. */
async function addToDaily(trx: Trx, optionId: number, icbCode: string, change: number, options: { national: boolean; day?: string } = { national: true }) {
  if (change === 0) return;
  const day = options.day ?? todayIso();
  const areas: [("national" | "icb"), string][] = options.national ? [["national", NATIONAL_CODE], ["icb", icbCode]] : [["icb", icbCode]];
  await trx
    .insertInto("participation_daily")
    .values(areas.map(([kind, code]) => ({ option_id: optionId, area_kind: kind, area_code: code, day, signed_change: change })))
    .onConflict((oc) => oc.columns(["option_id", "area_kind", "area_code", "day"]).doUpdateSet({ signed_change: sql<number>`participation_daily.signed_change + excluded.signed_change` }))
    .execute();
}

/** The practice's ICB, region and LMC in force on a date. */
export async function practiceAreas(db: Kysely<Database>, practiceId: number, date = todayIso()): Promise<Areas | null> {
  const row = await db
    .selectFrom("practice_icb_memberships as m")
    .innerJoin("icbs", "icbs.code", "m.icb_code")
    .leftJoin(
      (eb) => eb.selectFrom("practice_lmc_memberships").select(["practice_id", "lmc_id"]).where(inForceOn("practice_lmc_memberships", date)).as("l"),
      (join) => join.onRef("l.practice_id", "=", "m.practice_id"),
    )
    .select(["m.icb_code", "icbs.region_code", "l.lmc_id"])
    .where("m.practice_id", "=", practiceId)
    .where(inForceOn("m", date))
    .executeTakeFirst();
  return row ? { icbCode: row.icb_code, regionCode: row.region_code, lmcId: row.lmc_id ?? null } : null;
}

async function regionOf(trx: Kysely<Database>, icbCode: string): Promise<string | null> {
  return (await trx.selectFrom("icbs").select("region_code").where("code", "=", icbCode).executeTakeFirst())?.region_code ?? null;
}

export interface SignUpChange {
  practiceId: number;
  optionId: number;
  status: SignUpStatus;
  condition: PracticeCondition | null;
  /** The version the signatory saw: 0 for "not signed up yet". A mismatch is a conflict. */
  expectedVersion: number;
}

export type SignUpOutcome =
  | { ok: true; changed: boolean; version: number; wentLive: string[] }
  | { ok: false; status: 404 | 409 | 400; message: string };

/** `at` back-dates the change (the demo seed spreads sign-ups over weeks); normally it is now. */
export async function changeSignUp(db: Kysely<Database>, actorUserId: number | null, change: SignUpChange, options: { at?: string } = {}): Promise<SignUpOutcome> {
  return writeTransaction(db, async (trx) => {
    const option = await forUpdate(
      db,
      trx
        .selectFrom("campaign_options")
        .innerJoin("campaigns", "campaigns.id", "campaign_options.campaign_id")
        .select(["campaign_options.id", "campaign_options.title", "campaign_options.campaign_id", "campaigns.status as campaign_status"])
        .where("campaign_options.id", "=", change.optionId),
    ).executeTakeFirst();
    if (!option || option.campaign_status === "draft") return { ok: false, status: 404, message: "No such option" } as const;
    const practice = await trx.selectFrom("practices").select(["id", "status", "list_size"]).where("id", "=", change.practiceId).executeTakeFirst();
    if (!practice) return { ok: false, status: 404, message: "No such practice" } as const;
    if (option.campaign_status === "closed") return { ok: false, status: 400, message: CLOSED_MESSAGE } as const;
    const current = await trx.selectFrom("practice_signups").selectAll().where("practice_id", "=", change.practiceId).where("option_id", "=", change.optionId).executeTakeFirst();
    const currentVersion = current?.version ?? 0;
    if (currentVersion !== change.expectedVersion) {
      return { ok: false, status: 409, message: "Someone else at your practice changed this sign-up a moment ago. Here it is as it stands now; check it and save again if you still want to change it." } as const;
    }
    if (change.status !== "withdrawn") {
      if (!SIGNING_OPEN.has(option.campaign_status)) return { ok: false, status: 400, message: "This campaign is not taking sign-ups at the moment. You can still withdraw." } as const;
      if (practice.status !== "active") return { ok: false, status: 400, message: "Only an active practice can sign up." } as const;
    } else if (!isSigned(current?.status)) {
      return { ok: false, status: 400, message: "The practice is not signed up to this option." } as const;
    }
    const condition = change.status === "withdrawn" ? null : change.condition;
    if (current && current.status === change.status && current.condition_scope === (condition?.scope ?? null) && current.condition_percent === (condition?.thresholdPercent ?? null)) {
      return { ok: true, changed: false, version: current.version, wentLive: [] } as const;
    }

    const now = options.at ?? nowIso();
    let signUpId: number;
    let areas: Areas;
    let patients: number;
    if (current) {
      signUpId = current.id;
      areas = { icbCode: current.counted_icb_code, regionCode: await regionOf(trx, current.counted_icb_code), lmcId: current.counted_lmc_id };
      patients = current.counted_patients;
      await trx
        .updateTable("practice_signups")
        .set({
          status: change.status,
          condition_scope: condition?.scope ?? null,
          condition_percent: condition?.thresholdPercent ?? null,
          signed_by: actorUserId,
          version: current.version + 1,
          updated_at: now,
        })
        .where("id", "=", current.id)
        .where("version", "=", current.version)
        .execute();
    } else {
      const found = await practiceAreas(trx, change.practiceId);
      if (!found) return { ok: false, status: 400, message: "This practice has no ICB on the register today, so it cannot sign up." } as const;
      areas = found;
      patients = practice.list_size ?? 0;
      signUpId = (
        await trx
          .insertInto("practice_signups")
          .values({
            practice_id: change.practiceId,
            option_id: change.optionId,
            status: change.status,
            condition_scope: condition?.scope ?? null,
            condition_percent: condition?.thresholdPercent ?? null,
            counted_icb_code: areas.icbCode,
            counted_lmc_id: areas.lmcId,
            counted_patients: patients,
            signed_by: actorUserId,
            created_at: now,
            updated_at: now,
          })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
    }
    await trx
      .insertInto("practice_signup_history")
      .values({
        signup_id: signUpId,
        practice_id: change.practiceId,
        option_id: change.optionId,
        status: change.status,
        condition_scope: condition?.scope ?? null,
        condition_percent: condition?.thresholdPercent ?? null,
        changed_by: actorUserId,
        created_at: now,
      })
      .execute();
    if (isSigned(current?.status)) await addToCounters(trx, change.optionId, areas, current!.status, -1, -patients);
    if (isSigned(change.status)) await addToCounters(trx, change.optionId, areas, change.status, 1, patients);
    await addToDaily(trx, change.optionId, areas.icbCode, (isSigned(change.status) ? 1 : 0) - (isSigned(current?.status) ? 1 : 0), { national: true, day: now.slice(0, 10) });
    await recordAudit(trx, {
      actorUserId,
      action: change.status === "withdrawn" ? "signup.withdraw" : current ? "signup.change" : "signup.create",
      entity: "practice_signup",
      entityId: signUpId,
      before: current ? { status: current.status, condition_scope: current.condition_scope, condition_percent: current.condition_percent } : undefined,
      after: { practice_id: change.practiceId, option_id: change.optionId, status: change.status, condition_scope: condition?.scope ?? null, condition_percent: condition?.thresholdPercent ?? null },
    });
    const wentLive = await settleOption(trx, change.optionId, actorUserId, areas.icbCode, signUpId, now);
    return { ok: true, changed: true, version: currentVersion + 1, wentLive } as const;
  });
}

function scopeKeyLabel(key: string, icbNames: Map<string, string>): string {
  return key === "national" ? "nationally" : `in ${icbNames.get(key.slice(4)) ?? key.slice(4)}`;
}

/**
 * The sign-ups of an option without a condition that act, per ICB, leaving out `read` (its
 * conditional sign-ups and the changed one, which are evaluated one by one). Each ICB's counters
 * already count every signed practice by status, in this transaction: take away those read, and
 * what is left is the unconditional ones, without reading them (bench/README.md, change 20). A
 * count below zero would mean counters that drifted from the records (`npm run db:verify` says
 * so); the sign-ups are then counted from the records themselves.
 */
async function unconditionalActingByIcb(
  trx: Trx,
  optionId: number,
  read: readonly { id: number; status: SignUpStatus; counted_icb_code: string }[],
  changedSignUpId: number,
  live: ReadonlySet<string>,
): Promise<Map<string, number>> {
  // On PostgreSQL the counters and the rows read are two reads that a register import moving a
  // practice to another ICB could fall between (it takes no lock a sign-up holds), so the records
  // are counted there. SQLite's one write lock lets nothing in between.
  let entries = isPostgres(trx) ? null : await unconditionalFromCounters(trx, optionId, read);
  if (entries === null || entries.some((e) => e.n < 0)) {
    entries = (
      await trx
        .selectFrom("practice_signups")
        .select(["counted_icb_code", "status", (eb) => eb.fn.countAll<number>().as("n")])
        .where("option_id", "=", optionId)
        .where("condition_scope", "is", null)
        .where("status", "!=", "withdrawn")
        .where("id", "!=", changedSignUpId)
        .groupBy(["counted_icb_code", "status"])
        .execute()
    ).map((c) => ({ icbCode: c.counted_icb_code, status: c.status, n: Number(c.n) }));
  }
  const byIcb = new Map<string, number>();
  for (const { icbCode, status, n } of entries) {
    const canAct = status !== "pledged_if_triggered" || live.has("national") || live.has(`icb:${icbCode}`);
    if (canAct && n > 0) byIcb.set(icbCode, (byIcb.get(icbCode) ?? 0) + n);
  }
  return byIcb;
}

/** Each ICB's signed practices by status, from its counters, less the sign-ups in `read`. */
async function unconditionalFromCounters(trx: Trx, optionId: number, read: readonly { status: SignUpStatus; counted_icb_code: string }[]) {
  const counters = await trx
    .selectFrom("participation_counters")
    .select(["area_code", "measure", "practices"])
    .where("option_id", "=", optionId)
    .where("area_kind", "=", "icb")
    .where("measure", "in", [...SIGNED_STATUSES])
    .execute();
  const signed = new Map<string, { icbCode: string; status: SignUpStatus; n: number }>();
  const add = (icbCode: string, status: SignUpStatus, n: number) => {
    const key = `${icbCode} ${status}`;
    const entry = signed.get(key) ?? { icbCode, status, n: 0 };
    entry.n += n;
    signed.set(key, entry);
  };
  for (const c of counters) add(c.area_code, c.measure as SignUpStatus, Number(c.practices));
  for (const r of read) if (isSigned(r.status)) add(r.counted_icb_code, r.status, -1);
  return [...signed.values()];
}

/**
 * After a change to one practice's sign-up: fire the option's trigger where it is now met, and
 * bring every practice's acting state to the fixed point of the conditions. Returns the scopes
 * (`national`, `icb:<code>`) in which the option went live.
 */
async function settleOption(trx: Trx, optionId: number, actorUserId: number | null, changedIcb: string, changedSignUpId: number, now: string): Promise<string[]> {
  const option = await trx
    .selectFrom("campaign_options")
    .select(["id", "title", "campaign_id", "trigger_percent", "trigger_scope"])
    .where("id", "=", optionId)
    .executeTakeFirstOrThrow();
  const totals = await areaTotals(trx);
  const liveRows = await trx.selectFrom("option_live_scopes").select("scope_key").where("option_id", "=", optionId).execute();
  const live = new Set(liveRows.map((r) => r.scope_key));
  const wentLive: string[] = [];

  if (option.trigger_percent !== null && option.trigger_scope) {
    const scopeKey = option.trigger_scope === "national" ? "national" : `icb:${changedIcb}`;
    if (!live.has(scopeKey)) {
      const area = option.trigger_scope === "national" ? (["national", NATIONAL_CODE] as const) : (["icb", changedIcb] as const);
      const signedRows = await trx
        .selectFrom("participation_counters")
        .select((eb) => eb.fn.sum<number>("practices").as("n"))
        .where("option_id", "=", optionId)
        .where("area_kind", "=", area[0])
        .where("area_code", "=", area[1])
        .where("measure", "in", [...SIGNED_STATUSES])
        .executeTakeFirst();
      const signed = Number(signedRows?.n ?? 0);
      const total = option.trigger_scope === "national" ? totals.national.practices : (totals.icbs.get(changedIcb)?.practices ?? 0);
      if (triggerMet({ thresholdPercent: option.trigger_percent, signed, total })) {
        // The primary key makes a second firing for the same scope impossible, whatever the race.
        await trx.insertInto("option_live_scopes").values({ option_id: optionId, scope_key: scopeKey, went_live_at: now }).execute();
        live.add(scopeKey);
        wentLive.push(scopeKey);
        const names = new Map([...totals.icbs.values()].map((i) => [i.code, i.name]));
        // The timeline is public: national figures are exact (SPEC section 6), an ICB's are not
        // shown at all, since a small ICB's count could point at a practice.
        const text =
          scopeKey === "national"
            ? `“${option.title}” went live nationally: ${signed.toLocaleString("en-GB")} of ${total.toLocaleString("en-GB")} practices signed, meeting the ${option.trigger_percent}% trigger.`
            : `“${option.title}” went live ${scopeKeyLabel(scopeKey, names)}, meeting the ${option.trigger_percent}% trigger there.`;
        await trx.insertInto("campaign_events").values({ campaign_id: option.campaign_id, option_id: optionId, kind: "option_live", text, actor_user_id: null, created_at: now }).execute();
        await recordAudit(trx, { actorUserId, action: "option.went_live", entity: "campaign_option", entityId: optionId, after: { scope: scopeKey, signed, total, trigger_percent: option.trigger_percent } });
      }
    }
  } else {
    live.add("national");
  }

  const conditional = await trx
    .selectFrom("practice_signups")
    .select("id")
    .where("option_id", "=", optionId)
    .where("status", "!=", "withdrawn")
    .where("condition_scope", "is not", null)
    .limit(1)
    .executeTakeFirst();
  const query = trx
    .selectFrom("practice_signups")
    .select(["id", "practice_id", "status", "condition_scope", "condition_percent", "acting", "acting_reason", "counted_icb_code", "counted_lmc_id", "counted_patients"])
    .where("option_id", "=", optionId)
    .where((eb) => eb.or([eb("status", "!=", "withdrawn"), eb("acting", "=", 1)]));
  // A trigger just fired: any sign-up pledged if triggered there may start acting, so all are read.
  // Otherwise only the changed sign-up and the conditional ones can change state; the others
  // without a condition that act are counted per ICB (bench/README.md, changes 11 and 20).
  let unconditionalActing: Map<string, number> | undefined;
  let rows;
  if (wentLive.length > 0) rows = await query.execute();
  else if (!conditional) rows = await query.where("id", "=", changedSignUpId).execute();
  else {
    // Two lookups by index (the option's conditional sign-ups, the changed one by its id), not one
    // with an "or", which read every sign-up of the option to find them.
    const [conditionalRows, changedRows] = await Promise.all([query.where("condition_scope", "is not", null).execute(), query.where("id", "=", changedSignUpId).execute()]);
    rows = [...conditionalRows, ...changedRows.filter((r) => r.condition_scope === null)];
    unconditionalActing = await unconditionalActingByIcb(trx, optionId, rows, changedSignUpId, live);
  }

  const outcome = evaluateConditions({
    signUps: rows
      .filter((r) => r.status !== "withdrawn")
      .map((r) => ({
        practiceId: r.practice_id,
        icbCode: r.counted_icb_code,
        status: r.status,
        condition: r.condition_scope && r.condition_percent !== null ? { scope: r.condition_scope, thresholdPercent: r.condition_percent } : null,
      })),
    totals: { national: totals.national.practices, byIcb: new Map([...totals.icbs.values()].map((i) => [i.code, i.practices])) },
    live: { national: live.has("national"), icbs: new Set([...live].filter((k) => k.startsWith("icb:")).map((k) => k.slice(4))) },
    unconditionalActing,
  });
  for (const row of rows) {
    const evaluation = outcome.practices.get(row.practice_id);
    const acting = evaluation?.acting ? 1 : 0;
    const reason = evaluation?.reason ?? SIGNUP_STATUS_LABELS.withdrawn;
    if (acting === row.acting && reason === row.acting_reason) continue;
    await trx
      .updateTable("practice_signups")
      .set({ acting, acting_reason: reason, ...(acting !== row.acting ? { acting_since: acting ? now : null } : {}) })
      .where("id", "=", row.id)
      .execute();
    if (acting !== row.acting) {
      const areas = { icbCode: row.counted_icb_code, regionCode: await regionOf(trx, row.counted_icb_code), lmcId: row.counted_lmc_id };
      await addToCounters(trx, optionId, areas, "acting", acting ? 1 : -1, acting ? row.counted_patients : -row.counted_patients);
      if (row.id !== changedSignUpId) {
        await recordAudit(trx, { actorUserId: null, action: acting ? "signup.went_live" : "signup.stopped_acting", entity: "practice_signup", entityId: row.id, after: { reason } });
        // Another practice's sign-up (or a trigger) made this one go live: its signatories are told.
        if (acting) await notifySignUpWentLive(trx, row.id, reason);
      }
    }
  }
  return wentLive;
}

/** A GP's personal support for an option, counted where their practice is (if they have one). */
export async function setPersonalPledge(db: Kysely<Database>, userId: number, optionId: number, support: boolean, options: { at?: string } = {}): Promise<{ ok: true; changed: boolean } | { ok: false; message: string }> {
  return writeTransaction(db, async (trx) => {
    // Locked as a sign-up locks it, so two pledges of one GP at once (two tabs, two instances) count once.
    const option = await forUpdate(
      db,
      trx
        .selectFrom("campaign_options")
        .innerJoin("campaigns", "campaigns.id", "campaign_options.campaign_id")
        .select(["campaigns.status"])
        .where("campaign_options.id", "=", optionId),
    ).executeTakeFirst();
    if (!option || option.status === "draft") return { ok: false, message: "No such option" } as const;
    if (option.status === "closed") return { ok: false, message: CLOSED_MESSAGE } as const;
    if (support && !SIGNING_OPEN.has(option.status)) return { ok: false, message: "This campaign is not taking pledges at the moment." } as const;
    const current = await trx.selectFrom("personal_pledges").selectAll().where("user_id", "=", userId).where("option_id", "=", optionId).executeTakeFirst();
    if (Boolean(current?.active) === support) return { ok: true, changed: false } as const;
    const now = options.at ?? nowIso();
    let areas: Areas | null = null;
    let practiceId: number | null = current?.practice_id ?? null;
    if (support) {
      const membership = await trx.selectFrom("practice_memberships").select("practice_id").where("user_id", "=", userId).orderBy("created_at").executeTakeFirst();
      practiceId = membership?.practice_id ?? null;
      areas = practiceId ? await practiceAreas(trx, practiceId) : null;
    } else if (current?.counted_icb_code) {
      areas = { icbCode: current.counted_icb_code, regionCode: await regionOf(trx, current.counted_icb_code), lmcId: current.counted_lmc_id };
    }
    const values = { practice_id: practiceId, counted_icb_code: areas?.icbCode ?? null, counted_lmc_id: areas?.lmcId ?? null, active: support ? 1 : 0, updated_at: now };
    let id: number;
    if (current) {
      id = current.id;
      await trx.updateTable("personal_pledges").set(values).where("id", "=", current.id).execute();
    } else {
      id = (await trx.insertInto("personal_pledges").values({ ...values, user_id: userId, option_id: optionId, created_at: now }).returning("id").executeTakeFirstOrThrow()).id;
    }
    // A GP with no practice (or a practice in no ICB) counts nationally only.
    await addToCounters(trx, optionId, areas, "personal_pledge", support ? 1 : -1, 0);
    await recordAudit(trx, { actorUserId: userId, action: support ? "pledge.create" : "pledge.withdraw", entity: "personal_pledge", entityId: id, after: { option_id: optionId, active: support } });
    return { ok: true, changed: true } as const;
  });
}

export async function recordNotice(
  db: Kysely<Database>,
  actorUserId: number,
  notice: { practiceId: number; optionId: number; type: NoticeType; receivedOn: string; note: string },
): Promise<{ ok: true; id: number } | { ok: false; message: string }> {
  return writeTransaction(db, async (trx) => {
    const option = await trx
      .selectFrom("campaign_options")
      .innerJoin("campaigns", "campaigns.id", "campaign_options.campaign_id")
      .select("campaigns.status")
      .where("campaign_options.id", "=", notice.optionId)
      .executeTakeFirst();
    if (!option || option.status === "draft") return { ok: false, message: "Choose an option of an open campaign" } as const;
    const { id } = await trx
      .insertInto("contractual_notices")
      .values({
        practice_id: notice.practiceId,
        option_id: notice.optionId,
        notice_type: notice.type,
        received_on: notice.receivedOn,
        note: notice.note,
        recorded_by: actorUserId,
        created_at: nowIso(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { actorUserId, action: "notice.create", entity: "contractual_notice", entityId: id, after: notice });
    return { ok: true, id } as const;
  });
}

type CountedSignUp = Pick<PracticeSignup, "id" | "option_id" | "status" | "acting" | "counted_icb_code" | "counted_lmc_id" | "counted_patients">;
type CountedPledge = Pick<Selectable<PersonalPledgeTable>, "id" | "option_id" | "active" | "counted_icb_code" | "counted_lmc_id">;

/** Moves sign-ups' and pledges' counts to where their practice is now (`target`, `patients`). */
async function moveCounted(trx: Trx, target: Areas, patients: number, signUps: readonly CountedSignUp[], pledges: readonly CountedPledge[]) {
  const regions = new Map<string, string | null>();
  const areasOf = async (icbCode: string, lmcId: number | null): Promise<Areas> => {
    if (!regions.has(icbCode)) regions.set(icbCode, await regionOf(trx, icbCode));
    return { icbCode, regionCode: regions.get(icbCode)!, lmcId };
  };
  for (const s of signUps) {
    if (s.counted_icb_code === target.icbCode && s.counted_lmc_id === target.lmcId && s.counted_patients === patients) continue;
    const from = await areasOf(s.counted_icb_code, s.counted_lmc_id);
    const measures: CounterMeasure[] = [];
    if (isSigned(s.status)) measures.push(s.status);
    if (s.acting) measures.push("acting");
    for (const m of measures) {
      await addToCounters(trx, s.option_id, from, m, -1, -s.counted_patients);
      await addToCounters(trx, s.option_id, target, m, 1, patients);
    }
    if (isSigned(s.status) && s.counted_icb_code !== target.icbCode) {
      await addToDaily(trx, s.option_id, s.counted_icb_code, -1, { national: false });
      await addToDaily(trx, s.option_id, target.icbCode, 1, { national: false });
    }
    await trx.updateTable("practice_signups").set({ counted_icb_code: target.icbCode, counted_lmc_id: target.lmcId, counted_patients: patients }).where("id", "=", s.id).execute();
  }
  for (const p of pledges) {
    if (p.counted_icb_code === target.icbCode && p.counted_lmc_id === target.lmcId) continue;
    if (p.active) {
      // A pledge made while the practice was in no ICB was counted nationally only.
      const from = p.counted_icb_code ? await areasOf(p.counted_icb_code, p.counted_lmc_id) : null;
      await addToCounters(trx, p.option_id, from, "personal_pledge", -1, 0);
      await addToCounters(trx, p.option_id, target, "personal_pledge", 1, 0);
    }
    await trx.updateTable("personal_pledges").set({ counted_icb_code: target.icbCode, counted_lmc_id: target.lmcId }).where("id", "=", p.id).execute();
  }
}

const SIGN_UP_COUNTED = ["id", "option_id", "status", "acting", "counted_icb_code", "counted_lmc_id", "counted_patients"] as const;
const PLEDGE_COUNTED = ["id", "option_id", "active", "counted_icb_code", "counted_lmc_id"] as const;

/**
 * When a register or LMC-areas import moves a practice (or changes its list size), move its
 * counted sign-ups and pledges with it, in the import's transaction: the counters, and the ICB's
 * daily series (the national one is unchanged by a move).
 */
export async function moveCountsWithPractice(trx: Kysely<Database>, practiceId: number, date = todayIso()): Promise<void> {
  const target = await practiceAreas(trx, practiceId, date);
  if (!target) return;
  const practice = await trx.selectFrom("practices").select("list_size").where("id", "=", practiceId).executeTakeFirstOrThrow();
  const [signUps, pledges] = await Promise.all([
    trx.selectFrom("practice_signups").select(SIGN_UP_COUNTED).where("practice_id", "=", practiceId).execute(),
    trx.selectFrom("personal_pledges").select(PLEDGE_COUNTED).where("practice_id", "=", practiceId).execute(),
  ]);
  await moveCounted(trx as Trx, target, practice.list_size ?? 0, signUps, pledges);
}

export interface CountedElsewhere {
  practiceId: number;
  odsCode: string;
  optionId: number;
  what: "sign-up" | "pledge";
  id: number;
  counted: { icbCode: string | null; lmcId: number | null; patients: number | null };
  inForce: { icbCode: string; lmcId: number | null; patients: number | null };
}

/**
 * Sign-ups (any status) and pledges counted in an ICB, LMC or list size other than the
 * practice's on `date`: practices moved without their counts. Patients are compared for
 * sign-ups only (pledges count no patients); a practice in no ICB on the date is left alone.
 */
export async function countsOutOfPlace(db: Kysely<Database>, date = todayIso()): Promise<CountedElsewhere[]> {
  const [signUps, pledges, places] = await Promise.all([
    db.selectFrom("practice_signups").select(["id", "practice_id", "option_id", "counted_icb_code", "counted_lmc_id", "counted_patients"]).execute(),
    db
      .selectFrom("personal_pledges")
      .select(["id", "practice_id", "option_id", "counted_icb_code", "counted_lmc_id"])
      .where("practice_id", "is not", null)
      .execute(),
    db
      .selectFrom("practices")
      .innerJoin("practice_icb_memberships as m", "m.practice_id", "practices.id")
      .leftJoin(
        (eb) => eb.selectFrom("practice_lmc_memberships").select(["practice_id", "lmc_id"]).where(inForceOn("practice_lmc_memberships", date)).as("l"),
        (join) => join.onRef("l.practice_id", "=", "practices.id"),
      )
      .where(inForceOn("m", date))
      .select(["practices.id", "practices.ods_code", "practices.list_size", "m.icb_code", "l.lmc_id"])
      .execute(),
  ]);
  const byPractice = new Map(places.map((p) => [p.id, p]));
  const found: CountedElsewhere[] = [];
  for (const s of signUps) {
    const place = byPractice.get(s.practice_id);
    if (!place) continue;
    const inForce = { icbCode: place.icb_code, lmcId: place.lmc_id ?? null, patients: place.list_size ?? 0 };
    if (s.counted_icb_code !== inForce.icbCode || s.counted_lmc_id !== inForce.lmcId || s.counted_patients !== inForce.patients) {
      const counted = { icbCode: s.counted_icb_code, lmcId: s.counted_lmc_id, patients: s.counted_patients };
      found.push({ practiceId: s.practice_id, odsCode: place.ods_code, optionId: s.option_id, what: "sign-up", id: s.id, counted, inForce });
    }
  }
  for (const p of pledges) {
    const place = byPractice.get(p.practice_id!);
    if (!place) continue;
    const inForce = { icbCode: place.icb_code, lmcId: place.lmc_id ?? null, patients: null };
    if (p.counted_icb_code !== inForce.icbCode || p.counted_lmc_id !== inForce.lmcId) {
      const counted = { icbCode: p.counted_icb_code, lmcId: p.counted_lmc_id, patients: null };
      found.push({ practiceId: p.practice_id!, odsCode: place.ods_code, optionId: p.option_id, what: "pledge", id: p.id, counted, inForce });
    }
  }
  return found;
}

/**
 * Moves the counts of every practice counted somewhere other than where it is on `date`, in the
 * caller's (an import's) transaction. Besides the practices the import itself moved, this picks
 * up a move dated in the future once its day has come and any import runs. Returns how many
 * practices' counts moved.
 */
export async function moveCountsOfMovedPractices(trx: Kysely<Database>, date = todayIso()): Promise<number> {
  const outOfPlace = await countsOutOfPlace(trx, date);
  const byPractice = new Map<number, { inForce: CountedElsewhere["inForce"]; signUpIds: number[]; pledgeIds: number[] }>();
  for (const c of outOfPlace) {
    const entry = byPractice.get(c.practiceId) ?? { inForce: c.inForce, signUpIds: [], pledgeIds: [] };
    // A sign-up's reading carries the list size (a pledge's has none).
    if (c.what === "sign-up") entry.inForce = c.inForce;
    (c.what === "sign-up" ? entry.signUpIds : entry.pledgeIds).push(c.id);
    byPractice.set(c.practiceId, entry);
  }
  // Loaded by id, a few hundred at a time: a register refresh can move every practice.
  const load = async <T>(ids: number[], read: (chunk: number[]) => Promise<T[]>) => {
    const rows: T[] = [];
    for (let i = 0; i < ids.length; i += 500) rows.push(...(await read(ids.slice(i, i + 500))));
    return rows;
  };
  const signUps = await load([...byPractice.values()].flatMap((e) => e.signUpIds), (ids) => trx.selectFrom("practice_signups").select(SIGN_UP_COUNTED).where("id", "in", ids).execute());
  const pledges = await load([...byPractice.values()].flatMap((e) => e.pledgeIds), (ids) => trx.selectFrom("personal_pledges").select(PLEDGE_COUNTED).where("id", "in", ids).execute());
  const signUpById = new Map(signUps.map((r) => [r.id, r]));
  const pledgeById = new Map(pledges.map((r) => [r.id, r]));
  const regions = new Map((await trx.selectFrom("icbs").select(["code", "region_code"]).execute()).map((i) => [i.code, i.region_code]));
  for (const { inForce, signUpIds, pledgeIds } of byPractice.values()) {
    const target: Areas = { icbCode: inForce.icbCode, regionCode: regions.get(inForce.icbCode) ?? null, lmcId: inForce.lmcId };
    const patients = inForce.patients ?? 0;
    await moveCounted(trx as Trx, target, patients, signUpIds.map((id) => signUpById.get(id)!), pledgeIds.map((id) => pledgeById.get(id)!));
  }
  return byPractice.size;
}
