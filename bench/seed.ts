// The benchmark's database (bench/README.md): the real practice register (db/reference/), LMCs
// over its sub-ICB locations, a 600-motion published conference, 40,000 GP accounts with
// their practice memberships, three open campaigns with three options each, and a synthetic
// sign-up history of any size. Everything but the history goes through the app's own models;
// the history is bulk-inserted (chunked multi-row inserts, one transaction per chunk) and the
// figures the app maintains per change (counters, the daily series, who is acting, where an
// option went live) are then derived from it in bulk SQL and app/domain/triggers.ts, so that
// `npm run db:verify` finds no drift on the result.
import { type Kysely, sql } from "kysely";
import { SIGNED_STATUSES, type ConditionScope, type SignUpStatus } from "../app/domain/campaign-status";
import { evaluateConditions, triggerMet, type PracticeCondition } from "../app/domain/triggers";
import { changeCampaignStatus, createCampaign, saveOption } from "../app/models/campaigns.server";
import { createConference } from "../app/models/conferences.server";
import { runLmcAreasImport, runPracticeRegisterImport } from "../app/models/imports.server";
import { saveMotion } from "../app/models/motions.server";
import { areaTotals } from "../app/models/participation.server";
import { createUser } from "../app/models/users.server";
import { recordMotionVotes } from "../app/models/votes.server";
import { nowIso, todayIso } from "../app/utils/time";
import { migrateToLatest } from "../db/connection";
import { loadClauseRegister } from "../db/seed/clauses";
import { loadReferenceGeography, readReferenceFile } from "../db/seed/reference";
import type { Database } from "../db/types";

export const MOTIONS = 600;
export const GP_USERS = 40_000;
export const READER = { email: "reader@bench.example", password: "bench reader password" };
export const LEAD = { email: "lead@bench.example", password: "bench lead password" };
const STAFF = { email: "staff@bench.example", password: "bench staff password" };
/** How far back the synthetic history goes. */
const HISTORY_DAYS = 120;

type Progress = (line: string, done?: boolean) => void;

/** A small deterministic generator, so every bench database holds the same data. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Multi-row inserts, `rows` at a time, each chunk its own statement (bound parameters stay under every limit). */
async function insertChunked<T extends keyof Database & string>(db: Kysely<Database>, table: T, rows: readonly Record<string, unknown>[], perStatement: number) {
  for (let i = 0; i < rows.length; i += perStatement) {
    await db.insertInto(table).values(rows.slice(i, i + perStatement) as any).execute();
  }
}

interface CampaignSpec {
  title: string;
  options: { title: string; trigger: { percent: number; scope: "national" | "icb" } | null; share: number; conditional: number }[];
}

/** Three campaigns; `share` is the part of practices with a sign-up, `conditional` the part of those with a condition. */
export const CAMPAIGNS: CampaignSpec[] = [
  {
    title: "Online access: safe working (bench)",
    options: [
      { title: "Curtail online access at the safe working limit", trigger: null, share: 0.6, conditional: 0 },
      { title: "Limit contacts to 25 per clinician per day", trigger: { percent: 20, scope: "icb" }, share: 0.45, conditional: 0.1 },
      { title: "Do not comply with the all-core-hours online access requirement", trigger: { percent: 60, scope: "national" }, share: 0.4, conditional: 0.15 },
    ],
  },
  {
    title: "Pause ARRS reporting (bench)",
    options: [
      { title: "Stop the monthly ARRS workforce return", trigger: null, share: 0.5, conditional: 0 },
      { title: "Stop the PCN capacity and access plan", trigger: { percent: 50, scope: "national" }, share: 0.55, conditional: 0.05 },
      { title: "Decline new ARRS data requests", trigger: { percent: 30, scope: "icb" }, share: 0.35, conditional: 0.1 },
    ],
  },
  {
    title: "Withdraw from the enhanced access DES (bench)",
    options: [
      { title: "Give notice on the enhanced access DES", trigger: { percent: 25, scope: "national" }, share: 0.45, conditional: 0.1 },
      { title: "Stop Saturday enhanced access clinics", trigger: null, share: 0.5, conditional: 0 },
      { title: "Stop evening enhanced access clinics", trigger: { percent: 15, scope: "icb" }, share: 0.4, conditional: 0.05 },
    ],
  },
];

export interface BaseSeed {
  conferenceId: number;
  campaignIds: number[];
  /** Options in CAMPAIGNS order. */
  optionIds: number[][];
}

/**
 * Everything but the sign-up history: the register and LMCs through the importers, the
 * conference through the motion and vote models, users and campaigns through theirs; the 40,000
 * GP accounts (no password: nobody logs in to them) and their memberships in bulk.
 */
export async function seedBase(db: Kysely<Database>, progress: Progress): Promise<BaseSeed> {
  const started = Date.now();
  const step = (what: string) => progress(`Seeding the base database: ${what} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  await migrateToLatest(db);
  await loadReferenceGeography(db);
  await loadClauseRegister(db);

  step("the practice register");
  const imported = await runPracticeRegisterImport(db, null, {
    register: { name: "epraccur.csv", text: readReferenceFile("epraccur.csv") },
    listSizes: { name: "list-sizes-2026-04.csv", text: readReferenceFile("list-sizes-2026-04.csv") },
  });
  if (imported.plan.problems.length > 0) throw new Error(`The register import found problems: ${JSON.stringify(imported.plan.problems.slice(0, 3))}`);

  // There is no public list of LMC areas: one LMC per sub-ICB location of an active practice,
  // about as many as England has, through the LMC areas importer.
  step("LMC areas");
  const subIcbs = await db.selectFrom("practices").select("sub_icb_code").distinct().where("status", "=", "active").where("sub_icb_code", "is not", null).orderBy("sub_icb_code").execute();
  const areas = ["lmc_name,area_code,valid_from,area_kind", ...subIcbs.map((s) => `Bench LMC ${s.sub_icb_code},${s.sub_icb_code},2024-04-01,sub_icb`)].join("\n");
  const lmcImport = await runLmcAreasImport(db, null, { name: "bench-lmc-areas.csv", text: areas });
  if (lmcImport.problems.length > 0) throw new Error(`The LMC areas import found problems: ${JSON.stringify(lmcImport.problems.slice(0, 3))}`);

  step(`a conference of ${MOTIONS} motions`);
  const staff = await createUser(db, null, { email: STAFF.email, name: "Bench staff", role: "bma_staff", password: STAFF.password });
  const body = await db.selectFrom("bodies").select("id").where("kind", "=", "national").executeTakeFirstOrThrow();
  const conferenceId = await createConference(db, null, { bodyId: body.id, title: "Benchmark conference", heldOn: "2026-11-06", venue: "Bench", status: "published" });
  const clause = await db.selectFrom("clauses").select("id").executeTakeFirstOrThrow();
  for (let n = 1; n <= MOTIONS; n++) {
    const saved = await saveMotion(db, null, conferenceId, {
      number: String(n),
      title: `Benchmark motion ${n} about online access and safe working`,
      proposer: `LMC ${n % 40}`,
      proposerLmcId: null,
      seconder: null,
      kind: "motion",
      parentNumber: null,
      replaces: [],
      marking: "debate",
      sectionId: null,
      preamble: "That conference, regarding the contract:",
      state: "agenda",
      parts: [
        { text: `rejects requirement ${n}`, clauseId: clause.id, intent: "remove" },
        { text: `asks GPC England to negotiate item ${n}` },
        { text: `instructs GPC England to report on item ${n}` },
      ],
    });
    if (!saved.ok) throw new Error(saved.message);
    const parts = await db.selectFrom("motion_parts").select("id").where("motion_id", "=", saved.id).execute();
    const voted = await recordMotionVotes(
      db,
      null,
      parts.map((p, i) => ({ partId: p.id, method: "electronic" as const, majority: "simple" as const, for: 200 + i, against: 100 + (n % 150), abstain: 10, version: 0 })),
    );
    if (!voted.ok) throw new Error(`Recording votes: ${JSON.stringify(voted.errors)}`);
  }

  step("campaigns");
  const resolutions = await db.selectFrom("resolutions").select("id").orderBy("id").limit(CAMPAIGNS.length).execute();
  const campaignIds: number[] = [];
  const optionIds: number[][] = [];
  for (const [i, spec] of CAMPAIGNS.entries()) {
    const created = await createCampaign(db, staff.id, { title: spec.title, summary: `A benchmark campaign (${spec.title}).`, resolutionIds: [resolutions[i]!.id] });
    if (!created.ok) throw new Error(created.message);
    const ids: number[] = [];
    for (const option of spec.options) {
      const saved = await saveOption(db, staff.id, created.id, null, { title: option.title, description: `What a practice does: ${option.title}.`, riskNote: "", trigger: option.trigger, clauseIds: [] });
      if (!saved.ok) throw new Error(saved.message);
      ids.push(saved.id);
    }
    const opened = await changeCampaignStatus(db, staff.id, created.id, "open", 1, "Opened for the benchmark.");
    if (!opened.ok) throw new Error(opened.message);
    campaignIds.push(created.id);
    optionIds.push(ids);
  }

  step(`${GP_USERS.toLocaleString("en-GB")} GP accounts`);
  await createUser(db, null, { email: READER.email, name: "Bench reader", role: "gp", password: READER.password });
  const lead = await createUser(db, null, { email: LEAD.email, name: "Bench practice lead", role: "gp", password: LEAD.password });
  const practices = await activePractices(db);
  // GPs go to practices in proportion to their list sizes; each practice's first is its signatory.
  const totalPatients = practices.reduce((sum, p) => sum + Math.max(p.patients, 1), 0);
  const now = nowIso();
  const users: Record<string, unknown>[] = [];
  const memberships: { userIndex: number; practiceId: number; signatory: number }[] = [];
  let assigned = 0;
  for (const [i, p] of practices.entries()) {
    const share = i === practices.length - 1 ? GP_USERS - assigned : Math.max(1, Math.round((Math.max(p.patients, 1) / totalPatients) * GP_USERS));
    for (let k = 0; k < share && assigned < GP_USERS; k++, assigned++) memberships.push({ userIndex: assigned, practiceId: p.id, signatory: k === 0 ? 1 : 0 });
  }
  for (let i = 0; i < GP_USERS; i++) {
    users.push({ email: `gp-${String(i + 1).padStart(5, "0")}@bench.nhs.net`, name: `Bench GP ${i + 1}`, role: "gp", lmc_id: null, password_hash: null, email_verified_at: now, created_at: now, updated_at: now });
  }
  await db.transaction().execute(async (trx) => {
    await insertChunked(trx, "users", users, 2_000);
    const first = await trx.selectFrom("users").select("id").where("email", "=", "gp-00001@bench.nhs.net").executeTakeFirstOrThrow();
    const rows = memberships.map((m) => ({ user_id: first.id + m.userIndex, practice_id: m.practiceId, is_signatory: m.signatory, created_at: now }));
    // The bench's lead signs for every active practice, so that each sign-up POST is a real change.
    rows.push(...practices.map((p) => ({ user_id: lead.id, practice_id: p.id, is_signatory: 1, created_at: now })));
    await insertChunked(trx, "practice_memberships", rows, 5_000);
  });
  step("done");
  progress(`Seeded the base database in ${((Date.now() - started) / 1000).toFixed(1)} s: ${practices.length.toLocaleString("en-GB")} active practices, ${lmcImport.createdLmcs} LMCs, ${MOTIONS} motions, ${GP_USERS.toLocaleString("en-GB")} GPs.`, true);
  return { conferenceId, campaignIds, optionIds };
}

interface PracticePlace {
  id: number;
  odsCode: string;
  icbCode: string;
  lmcId: number | null;
  patients: number;
}

/** Active practices with the ICB and LMC in force today: those that can sign up. */
export async function activePractices(db: Kysely<Database>): Promise<PracticePlace[]> {
  const today = todayIso();
  const rows = await db
    .selectFrom("practices")
    .innerJoin("practice_icb_memberships as m", "m.practice_id", "practices.id")
    .leftJoin("practice_lmc_memberships as l", (join) =>
      join.onRef("l.practice_id", "=", "practices.id").on("l.valid_from", "<=", today).on((eb) => eb.or([eb("l.valid_to", "is", null), eb("l.valid_to", ">", today)])),
    )
    .select(["practices.id", "practices.ods_code", "practices.list_size", "m.icb_code", "l.lmc_id"])
    .where("practices.status", "=", "active")
    .where("m.valid_from", "<=", today)
    .where((eb) => eb.or([eb("m.valid_to", "is", null), eb("m.valid_to", ">", today)]))
    .orderBy("practices.id")
    .execute();
  return rows
    .filter((r) => /^[A-Z]\d{5}$/.test(r.ods_code))
    .map((r) => ({ id: r.id, odsCode: r.ods_code, icbCode: r.icb_code, lmcId: r.lmc_id ?? null, patients: r.list_size ?? 0 }));
}

const STATUS_CODES: SignUpStatus[] = ["pledged", "pledged_if_triggered", "implementing", "withdrawn"];
const WITHDRAWN = 3;

/**
 * A sign-up history of `historyRows` rows over every option of the seeded campaigns, then the
 * figures derived from it. The sign-ups are as many as the options' shares of the active
 * practices make (fewer when there are fewer rows than that: one row each); each changes status
 * (never to the status it has) a number of times that adds up to `historyRows`, at times spread
 * over the last HISTORY_DAYS days. Also personal pledges from a sixth of the GPs.
 */
export async function seedHistory(db: Kysely<Database>, base: BaseSeed, historyRows: number, progress: Progress): Promise<{ signUps: number; historyRows: number }> {
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  const next = random(20_261_106);
  const practices = await activePractices(db);
  const signatories = new Map(
    (await db.selectFrom("practice_memberships").innerJoin("users", "users.id", "practice_memberships.user_id").select(["practice_id", "user_id"]).where("is_signatory", "=", 1).where("users.email", "like", "gp-%").execute()).map((r) => [
      r.practice_id,
      r.user_id,
    ]),
  );
  // Some ICBs keener than others, so the dashboard's cells differ (and some are suppressed).
  const icbKeenness = new Map<string, number>();
  for (const p of practices) if (!icbKeenness.has(p.icbCode)) icbKeenness.set(p.icbCode, 0.5 + next());

  // Which practices have a sign-up to which option.
  interface Planned {
    practice: PracticePlace;
    optionId: number;
    condition: PracticeCondition | null;
    triggered: boolean;
    rows: number;
  }
  let planned: Planned[] = [];
  for (const [c, spec] of CAMPAIGNS.entries()) {
    for (const [o, option] of spec.options.entries()) {
      for (const practice of practices) {
        if (next() >= Math.min(0.95, option.share * icbKeenness.get(practice.icbCode)!)) continue;
        const condition: PracticeCondition | null =
          next() < option.conditional ? { scope: (next() < 0.5 ? "icb" : "national") as ConditionScope, thresholdPercent: [10, 15, 25][Math.floor(next() * 3)]! } : null;
        planned.push({ practice, optionId: base.optionIds[c]![o]!, condition, triggered: option.trigger !== null, rows: 1 });
      }
    }
  }
  // Fewer rows than sign-ups: a random selection of them, one row each.
  if (historyRows < planned.length) {
    for (let i = planned.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [planned[i], planned[j]] = [planned[j]!, planned[i]!];
    }
    planned = planned.slice(0, historyRows);
  } else {
    // The rest of the rows spread unevenly: weights from an exponential distribution.
    const extra = historyRows - planned.length;
    const weights = planned.map(() => -Math.log(1 - next()));
    const total = weights.reduce((a, b) => a + b, 0);
    let given = 0;
    planned.forEach((p, i) => {
      const n = Math.floor((extra * weights[i]!) / total);
      p.rows += n;
      given += n;
    });
    for (let i = 0; given < extra; i = (i + 1) % planned.length, given++) planned[i]!.rows += 1;
  }
  planned.sort((a, b) => a.optionId - b.optionId || a.practice.id - b.practice.id);

  // Every change, compactly: which sign-up, when, to what status.
  const total = planned.reduce((sum, p) => sum + p.rows, 0);
  const owner = new Uint32Array(total);
  const at = new Float64Array(total);
  const status = new Uint8Array(total);
  const end = Date.now() - 10 * 60_000;
  const windowStart = end - HISTORY_DAYS * 86_400_000;
  const finalStatus = new Uint8Array(planned.length);
  const firstAt = new Float64Array(planned.length);
  const lastAt = new Float64Array(planned.length);
  let r = 0;
  for (const [i, p] of planned.entries()) {
    // A first sign-up somewhere in the window, changes after it.
    const from = windowStart + next() * (end - windowStart) * (p.rows > 1 ? 0.6 : 1);
    const times = Array.from({ length: p.rows }, (_, k) => (k === 0 ? from : from + next() * (end - from))).sort((a, b) => a - b);
    let current = -1;
    for (let k = 0; k < p.rows; k++, r++) {
      let s: number;
      do {
        s = Math.floor(next() * 4);
      } while (s === current || (k === 0 && s === WITHDRAWN) || (s === 1 && !p.triggered) || (current === WITHDRAWN && s === WITHDRAWN));
      owner[r] = i;
      at[r] = times[k]!;
      status[r] = s;
      current = s;
    }
    finalStatus[i] = current;
    firstAt[i] = times[0]!;
    lastAt[i] = times[p.rows - 1]!;
  }

  // Where each option is live and who is acting, by the app's own rules (app/domain/triggers.ts).
  const totals = await areaTotals(db);
  const optionSpecs = new Map(CAMPAIGNS.flatMap((spec, c) => spec.options.map((o, k) => [base.optionIds[c]![k]!, o] as const)));
  const acting = new Map<number, { acting: boolean; reason: string }>();
  const liveScopes: { option_id: number; scope_key: string; went_live_at: string }[] = [];
  const wentLiveAt = new Date(end - 7 * 86_400_000).toISOString();
  for (const [optionId, spec] of optionSpecs) {
    const indexes = planned.map((p, i) => (p.optionId === optionId ? i : -1)).filter((i) => i >= 0);
    const signedIn = new Map<string, number>();
    let signedNationally = 0;
    for (const i of indexes) {
      if (finalStatus[i] === WITHDRAWN) continue;
      signedNationally += 1;
      signedIn.set(planned[i]!.practice.icbCode, (signedIn.get(planned[i]!.practice.icbCode) ?? 0) + 1);
    }
    const live = { national: spec.trigger === null, icbs: new Set<string>() };
    if (spec.trigger?.scope === "national" && triggerMet({ thresholdPercent: spec.trigger.percent, signed: signedNationally, total: totals.national.practices })) {
      live.national = true;
      liveScopes.push({ option_id: optionId, scope_key: "national", went_live_at: wentLiveAt });
    }
    if (spec.trigger?.scope === "icb") {
      for (const [code, signed] of signedIn) {
        if (!triggerMet({ thresholdPercent: spec.trigger.percent, signed, total: totals.icbs.get(code)?.practices ?? 0 })) continue;
        live.icbs.add(code);
        liveScopes.push({ option_id: optionId, scope_key: `icb:${code}`, went_live_at: wentLiveAt });
      }
    }
    const outcome = evaluateConditions({
      signUps: indexes
        .filter((i) => finalStatus[i] !== WITHDRAWN)
        .map((i) => ({ practiceId: planned[i]!.practice.id, icbCode: planned[i]!.practice.icbCode, status: STATUS_CODES[finalStatus[i]!]!, condition: planned[i]!.condition })),
      totals: { national: totals.national.practices, byIcb: new Map([...totals.icbs.values()].map((i) => [i.code, i.practices])) },
      live,
    });
    for (const i of indexes) {
      const evaluation = outcome.practices.get(planned[i]!.practice.id);
      acting.set(i, { acting: evaluation?.acting ?? false, reason: evaluation?.reason ?? "Withdrawn" });
    }
  }

  progress(`Seeding the history: ${planned.length.toLocaleString("en-GB")} sign-ups (${elapsed()})`);
  const iso = (ms: number) => new Date(ms).toISOString();
  await db.transaction().execute(async (trx) => {
    const rows = planned.map((p, i) => {
      const final = STATUS_CODES[finalStatus[i]!]!;
      const state = acting.get(i)!;
      const withdrawn = final === "withdrawn";
      return {
        practice_id: p.practice.id,
        option_id: p.optionId,
        status: final,
        condition_scope: withdrawn ? null : (p.condition?.scope ?? null),
        condition_percent: withdrawn ? null : (p.condition?.thresholdPercent ?? null),
        acting: state.acting ? 1 : 0,
        acting_since: state.acting ? iso(lastAt[i]!) : null,
        acting_reason: state.reason,
        counted_icb_code: p.practice.icbCode,
        counted_lmc_id: p.practice.lmcId,
        counted_patients: p.practice.patients,
        signed_by: signatories.get(p.practice.id) ?? null,
        version: p.rows,
        created_at: iso(firstAt[i]!),
        updated_at: iso(lastAt[i]!),
      };
    });
    await insertChunked(trx, "practice_signups", rows, 1_000);
    await insertChunked(trx, "option_live_scopes", liveScopes, 1_000);
  });
  const ids = new Map((await db.selectFrom("practice_signups").select(["id", "practice_id", "option_id"]).execute()).map((s) => [`${s.practice_id}:${s.option_id}`, s.id]));
  const signUpIds = planned.map((p) => ids.get(`${p.practice.id}:${p.optionId}`)!);

  // History rows in time order, so that ids follow time as they do when people sign up.
  const order = new Uint32Array(total);
  for (let i = 0; i < total; i++) order[i] = i;
  order.sort((a, b) => at[a]! - at[b]! || a - b);
  // Within one sign-up, time order is the order generated (times sorted), so ids stay in step.
  const CHUNK = 50_000;
  for (let from = 0; from < total; from += CHUNK) {
    const rows: Record<string, unknown>[] = [];
    for (let k = from; k < Math.min(total, from + CHUNK); k++) {
      const row = order[k]!;
      const p = planned[owner[row]!]!;
      const s = STATUS_CODES[status[row]!]!;
      const withdrawn = s === "withdrawn";
      rows.push({
        signup_id: signUpIds[owner[row]!],
        practice_id: p.practice.id,
        option_id: p.optionId,
        status: s,
        condition_scope: withdrawn ? null : (p.condition?.scope ?? null),
        condition_percent: withdrawn ? null : (p.condition?.thresholdPercent ?? null),
        changed_by: signatories.get(p.practice.id) ?? null,
        created_at: iso(at[row]!),
      });
    }
    await db.transaction().execute((trx) => insertChunked(trx, "practice_signup_history", rows, 2_000));
    progress(`Seeding the history: ${Math.min(total, from + CHUNK).toLocaleString("en-GB")} of ${total.toLocaleString("en-GB")} rows (${elapsed()})`);
  }

  // Personal pledges: a sixth of the GPs, each to one option, counted where their practice is.
  const gps = await db
    .selectFrom("users")
    .innerJoin("practice_memberships as pm", "pm.user_id", "users.id")
    .select(["users.id", "pm.practice_id"])
    .where("users.email", "like", "gp-%")
    .orderBy("users.id")
    .execute();
  const placeOf = new Map(practices.map((p) => [p.id, p]));
  const allOptions = base.optionIds.flat();
  const pledges: Record<string, unknown>[] = [];
  for (const gp of gps) {
    if (next() >= 1 / 6) continue;
    const place = placeOf.get(gp.practice_id);
    const at = iso(windowStart + next() * (end - windowStart));
    pledges.push({
      user_id: gp.id,
      option_id: allOptions[Math.floor(next() * allOptions.length)]!,
      practice_id: gp.practice_id,
      counted_icb_code: place?.icbCode ?? null,
      counted_lmc_id: place?.lmcId ?? null,
      active: 1,
      created_at: at,
      updated_at: at,
    });
  }
  await db.transaction().execute((trx) => insertChunked(trx, "personal_pledges", pledges, 2_000));

  progress(`Seeding the history: counters and daily series (${elapsed()})`);
  await deriveFigures(db);
  progress(
    `Seeded ${total.toLocaleString("en-GB")} history rows for ${planned.length.toLocaleString("en-GB")} sign-ups and ${pledges.length.toLocaleString("en-GB")} personal pledges in ${elapsed()}.`,
    true,
  );
  return { signUps: planned.length, historyRows: total };
}

/**
 * The counters and the daily series from the records, in bulk: what each sign-up change keeps up
 * one row at a time (app/models/signups.server.ts), and what npm run db:verify recomputes. Plain
 * SQL that SQLite and PostgreSQL both read.
 */
export async function deriveFigures(db: Kysely<Database>) {
  const signed = SIGNED_STATUSES.map((s) => `'${s}'`).join(", ");
  // What is counted: sign-ups by status, sign-ups acting, active personal pledges (no patients).
  const sources = [
    { from: "practice_signups s", where: `s.status in (${signed})`, measure: "s.status", constant: false, patients: "s.counted_patients" },
    { from: "practice_signups s", where: "s.acting = 1", measure: "'acting'", constant: true, patients: "s.counted_patients" },
    { from: "personal_pledges s", where: "s.active = 1", measure: "'personal_pledge'", constant: true, patients: "0" },
  ];
  // Where: England, the ICB, its region and the LMC, as app/models/signups.server.ts areaKeys.
  const areas = [
    { kind: "national", code: "'ENG'", constant: true, join: "", where: "" },
    { kind: "icb", code: "s.counted_icb_code", constant: false, join: "", where: " and s.counted_icb_code is not null" },
    { kind: "region", code: "i.region_code", constant: false, join: " join icbs i on i.code = s.counted_icb_code", where: "" },
    { kind: "lmc", code: "cast(s.counted_lmc_id as text)", constant: false, join: "", where: " and s.counted_icb_code is not null and s.counted_lmc_id is not null" },
  ];
  await db.transaction().execute(async (trx) => {
    await sql`delete from participation_counters`.execute(trx);
    await sql`delete from participation_daily`.execute(trx);
    for (const source of sources) {
      for (const area of areas) {
        // PostgreSQL refuses a constant in GROUP BY.
        const groupBy = ["s.option_id", ...(area.constant ? [] : [area.code]), ...(source.constant ? [] : [source.measure])].join(", ");
        await sql
          .raw(
            `insert into participation_counters (option_id, area_kind, area_code, measure, practices, patients)
             select s.option_id, '${area.kind}', ${area.code}, ${source.measure}, count(*), sum(${source.patients})
             from ${source.from}${area.join} where ${source.where}${area.where} group by ${groupBy}`,
          )
          .execute(trx);
      }
    }
    // Each history row's change to the practices signed: signed now less signed before it.
    await sql
      .raw(
        `create temporary table bench_changes as
         select h.option_id, s.counted_icb_code as icb_code, substr(h.created_at, 1, 10) as day,
           (case when h.status <> 'withdrawn' then 1 else 0 end)
             - (case when coalesce(lag(h.status) over (partition by h.signup_id order by h.id), 'withdrawn') <> 'withdrawn' then 1 else 0 end) as change
         from practice_signup_history h join practice_signups s on s.id = h.signup_id`,
      )
      .execute(trx);
    await sql
      .raw(
        `insert into participation_daily (option_id, area_kind, area_code, day, signed_change)
         select option_id, 'national', 'ENG', day, sum(change) from bench_changes group by option_id, day having sum(change) <> 0`,
      )
      .execute(trx);
    await sql
      .raw(
        `insert into participation_daily (option_id, area_kind, area_code, day, signed_change)
         select option_id, 'icb', icb_code, day, sum(change) from bench_changes group by option_id, icb_code, day having sum(change) <> 0`,
      )
      .execute(trx);
    await sql.raw("drop table bench_changes").execute(trx);
  });
}

