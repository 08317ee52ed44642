// Sign-ups keep their counters, daily series, triggers and conditions right whatever happens:
// thousands of random changes (fast-check) leave nothing for `db:verify` to find, refusals leave
// no trace, a trigger fires once however many practices sign at the same moment (in one process
// or several), conditions settle to their fixed point, imports move a practice's counts with it,
// and two signatories saving one sign-up at once cannot both win.
import { fork, spawnSync } from "node:child_process";
import path from "node:path";
import fc from "fast-check";
import type { Kysely } from "kysely";
import { describe, expect, it } from "vitest";
import type { Database } from "../../db/types";
import { SIGNUP_STATUSES, type SignUpStatus } from "../../app/domain/campaign-status";
import { evaluateConditions, practicesNeeded, type PracticeCondition } from "../../app/domain/triggers";
import { runLmcAreasImport, runPracticeRegisterImport } from "../../app/models/imports.server";
import { changeCampaignStatus } from "../../app/models/campaigns.server";
import { verifyParticipation } from "../../app/models/participation-verify.server";
import { areaTotals, NATIONAL_CODE, participationRows, signedOverTime } from "../../app/models/participation.server";
import { changeSignUp, setPersonalPledge, type SignUpChange, type SignUpOutcome } from "../../app/models/signups.server";
import { getDb } from "../../app/utils/db.server";
import { todayIso } from "../../app/utils/time";
import { makeCampaign, makeSignatory, signPracticeUp } from "../fixtures/campaigns";
import { epraccurLine, makePractice, makeUser } from "../fixtures/factories";
import type { WorkerJob, WorkerReport } from "../fixtures/sign-up-worker";

const db = () => getDb();
let lmcSerial = 0;

// Each test takes ICBs no other test here uses, so per-ICB triggers and conditions stay its own.
let icbsTaken = 0;
async function takeIcbs(n: number): Promise<{ code: string; region: string }[]> {
  const all = await db().selectFrom("icbs").select(["code", "region_code"]).orderBy("code").execute();
  const taken = all.slice(icbsTaken, icbsTaken + n).map((i) => ({ code: i.code, region: i.region_code }));
  icbsTaken += n;
  if (taken.length < n) throw new Error("Not enough ICBs for the tests");
  return taken;
}

async function count(table: keyof Database, where?: (q: any) => any): Promise<number> {
  let query: any = db().selectFrom(table).select((eb: any) => eb.fn.countAll().as("n"));
  if (where) query = where(query);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

async function sum(table: "participation_counters" | "participation_daily" | "practice_signups" | "personal_pledges", column: string): Promise<number> {
  const row = await db()
    .selectFrom(table)
    .select((eb) => eb.fn.sum<number>(eb.ref(column as never)).as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n ?? 0);
}

/** Everything a sign-up or pledge change may write, so a refusal can be shown to write nothing. */
async function fingerprint() {
  return {
    signUps: await count("practice_signups"),
    versions: await sum("practice_signups", "version"),
    acting: await sum("practice_signups", "acting"),
    history: await count("practice_signup_history"),
    audit: await count("audit_events"),
    live: await count("option_live_scopes"),
    events: await count("campaign_events"),
    pledges: await sum("personal_pledges", "active"),
    counterPractices: await sum("participation_counters", "practices"),
    counterPatients: await sum("participation_counters", "patients"),
    counterRows: await count("participation_counters"),
    daily: await sum("participation_daily", "signed_change"),
    dailyRows: await count("participation_daily"),
  };
}

async function lastAuditId(): Promise<number> {
  return (await db().selectFrom("audit_events").select((eb) => eb.fn.max("id").as("id")).executeTakeFirst())?.id ?? 0;
}

async function auditSince(id: number) {
  return db().selectFrom("audit_events").select(["action", "entity", "entity_id"]).where("id", ">", id).orderBy("id").execute();
}

async function signUpRow(practiceId: number, optionId: number) {
  return db().selectFrom("practice_signups").selectAll().where("practice_id", "=", practiceId).where("option_id", "=", optionId).executeTakeFirst();
}

async function liveScopes(optionId: number): Promise<string[]> {
  return (await db().selectFrom("option_live_scopes").select("scope_key").where("option_id", "=", optionId).orderBy("scope_key").execute()).map((r) => r.scope_key);
}

async function liveEvents(optionId: number): Promise<number> {
  return count("campaign_events", (q) => q.where("option_id", "=", optionId).where("kind", "=", "option_live"));
}

/** Practices counted in an area for an option, by measure, as the dashboard reads them. */
async function figures(optionId: number, kind: "national" | "region" | "icb" | "lmc", code: string) {
  const row = (await participationRows(db(), [optionId])).find((r) => r.area.kind === kind && r.area.code === code);
  return row ? { signed: row.signed, patients: row.patients, acting: row.acting, pledges: row.personalPledges } : { signed: 0, patients: 0, acting: 0, pledges: 0 };
}

/** The acting flags are the greatest fixed point of every condition, recomputed from scratch. */
async function expectActingAtFixedPoint(optionId: number) {
  const option = await db().selectFrom("campaign_options").select(["trigger_percent"]).where("id", "=", optionId).executeTakeFirstOrThrow();
  const rows = await db().selectFrom("practice_signups").selectAll().where("option_id", "=", optionId).execute();
  const totals = await areaTotals(db());
  const live = await liveScopes(optionId);
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
    live: { national: option.trigger_percent === null || live.includes("national"), icbs: new Set(live.filter((k) => k.startsWith("icb:")).map((k) => k.slice(4))) },
  });
  const wrong = rows.filter((r) => (r.acting === 1) !== outcome.acting.has(r.practice_id)).map((r) => `${r.practice_id}: ${r.acting} (${r.acting_reason})`);
  expect(wrong).toEqual([]);
}

/** Where an option's trigger is met by the practices signed now, it has gone live. */
async function expectLiveWhereMet(optionId: number, icbCodes: string[]) {
  const option = await db().selectFrom("campaign_options").select(["trigger_percent", "trigger_scope"]).where("id", "=", optionId).executeTakeFirstOrThrow();
  if (option.trigger_percent === null) return;
  const totals = await areaTotals(db());
  const live = await liveScopes(optionId);
  const areas = option.trigger_scope === "national" ? [["national", NATIONAL_CODE, totals.national.practices] as const] : icbCodes.map((c) => ["icb", c, totals.icbs.get(c)!.practices] as const);
  for (const [kind, code, total] of areas) {
    const { signed } = await figures(optionId, kind, code);
    if (signed >= practicesNeeded(option.trigger_percent, total)!) expect(live).toContain(kind === "national" ? "national" : `icb:${code}`);
  }
  expect(await liveEvents(optionId)).toBe(live.length);
}

async function expectNoDrift() {
  expect(await verifyParticipation(db())).toEqual([]);
}

const registerFile = (lines: string[]) => ({ name: "epraccur-test.csv", text: lines.join("\n") });
const listSizesFile = (sizes: [string, number][]) => ({ name: "list-sizes-2026-11.csv", text: ["CODE,NUMBER_OF_PATIENTS", ...sizes.map(([c, n]) => `${c},${n}`)].join("\n") });

/** Practices made by the register import, so later imports can move them; returns id by ODS code. */
async function importPractices(practices: { code: string; icb: string; subIcb: string; listSize: number }[]) {
  await runPracticeRegisterImport(
    db(),
    null,
    { register: registerFile(practices.map((p) => epraccurLine({ code: p.code, icb: p.icb, subIcb: p.subIcb }))), listSizes: listSizesFile(practices.map((p) => [p.code, p.listSize])) },
    { effectiveDate: todayIso() },
  );
  const rows = await db().selectFrom("practices").select(["id", "ods_code"]).where("ods_code", "in", practices.map((p) => p.code)).execute();
  return new Map(rows.map((r) => [r.ods_code, { id: r.id, ods_code: r.ods_code }]));
}

const statusArb = fc.constantFrom<SignUpStatus>(...SIGNUP_STATUSES);
const conditionArb: fc.Arbitrary<PracticeCondition | null> = fc.option(
  fc.record({ scope: fc.constantFrom("national" as const, "icb" as const), thresholdPercent: fc.constantFrom(5, 10, 12.5, 25, 40) }),
  { freq: 2 },
);

type Command =
  | { kind: "signup"; practice: number; option: number; status: SignUpStatus; condition: PracticeCondition | null; stale: number }
  | { kind: "pledge"; gp: number; option: number; support: boolean }
  | { kind: "move"; practice: number; icb: number; subIcb: number; listSize: number };

const signUpArb = (practices: number, options: number): fc.Arbitrary<Command> =>
  fc.record({
    kind: fc.constant("signup" as const),
    practice: fc.nat(practices - 1),
    option: fc.nat(options - 1),
    status: statusArb,
    condition: conditionArb,
    // 0 is the version held now; otherwise a stale one (seen before someone else saved, or invented).
    stale: fc.oneof({ arbitrary: fc.constant(0), weight: 9 }, { arbitrary: fc.constantFrom(-1, 1, 2), weight: 1 }),
  });
const pledgeArb = (gps: number, options: number): fc.Arbitrary<Command> =>
  fc.record({ kind: fc.constant("pledge" as const), gp: fc.nat(gps - 1), option: fc.nat(options - 1), support: fc.boolean() });

/**
 * Runs one random sign-up change and checks the model's answer, what it wrote and, for a
 * refusal or a change to nothing, that it wrote nothing at all.
 */
async function applySignUp(command: Extract<Command, { kind: "signup" }>, practice: { id: number; active: boolean; by: number }, optionId: number) {
  const current = await signUpRow(practice.id, optionId);
  const version = current?.version ?? 0;
  const stale = version + command.stale;
  const expectedVersion = command.stale === 0 ? version : stale >= 0 ? stale : version + 1;
  const signed = current !== undefined && current.status !== "withdrawn";
  const condition = command.status === "withdrawn" ? null : command.condition;
  const expected: "409" | "400" | "same" | "changed" =
    expectedVersion !== version
      ? "409"
      : command.status === "withdrawn"
        ? signed
          ? "changed"
          : "400"
        : !practice.active
          ? "400"
          : current && current.status === command.status && current.condition_scope === (condition?.scope ?? null) && current.condition_percent === (condition?.thresholdPercent ?? null)
            ? "same"
            : "changed";

  const before = await fingerprint();
  const auditFrom = await lastAuditId();
  const change: SignUpChange = { practiceId: practice.id, optionId, status: command.status, condition: command.condition, expectedVersion };
  const outcome = await changeSignUp(db(), practice.by, change);
  if (expected !== "changed") {
    if (expected === "same") expect(outcome).toEqual({ ok: true, changed: false, version, wentLive: [] });
    else expect(outcome).toMatchObject({ ok: false, status: Number(expected), message: expect.stringMatching(/\w/) });
    expect(await fingerprint()).toEqual(before);
    return;
  }
  expect(outcome).toMatchObject({ ok: true, changed: true, version: version + 1 });
  if (!outcome.ok) return;
  const after = await fingerprint();
  expect(after.history).toBe(before.history + 1);
  expect(after.live).toBe(before.live + outcome.wentLive.length);
  expect(after.events).toBe(before.events + outcome.wentLive.length);
  const row = (await signUpRow(practice.id, optionId))!;
  expect(row).toMatchObject({ status: command.status, version: version + 1, condition_scope: condition?.scope ?? null, condition_percent: condition?.thresholdPercent ?? null });
  // One audit row for the change itself; the rest only for what it set off.
  const audit = await auditSince(auditFrom);
  const own = audit.filter((a) => a.entity === "practice_signup" && a.entity_id === String(row.id));
  expect(own.map((a) => a.action)).toEqual([command.status === "withdrawn" ? "signup.withdraw" : current ? "signup.change" : "signup.create"]);
  const others = audit.filter((a) => !own.includes(a));
  expect(others.filter((a) => a.action === "option.went_live")).toHaveLength(outcome.wentLive.length);
  expect(others.every((a) => ["option.went_live", "signup.went_live", "signup.stopped_acting"].includes(a.action))).toBe(true);
}

async function applyPledge(command: Extract<Command, { kind: "pledge" }>, userId: number, optionId: number) {
  const current = await db().selectFrom("personal_pledges").select("active").where("user_id", "=", userId).where("option_id", "=", optionId).executeTakeFirst();
  const before = await fingerprint();
  const outcome = await setPersonalPledge(db(), userId, optionId, command.support);
  if (Boolean(current?.active) === command.support) {
    expect(outcome).toEqual({ ok: true, changed: false });
    expect(await fingerprint()).toEqual(before);
  } else {
    expect(outcome).toEqual({ ok: true, changed: true });
    expect((await fingerprint()).audit).toBe(before.audit + 1);
  }
}

describe("random sign-up changes", () => {
  it("2,000 random changes and pledges leave no drift, refusals leave nothing, triggers fire where met and conditions settle", { timeout: 240_000 }, async () => {
    const icbs = await takeIcbs(4);
    const practices: { id: number; active: boolean; by: number }[] = [];
    for (const [i, icb] of icbs.entries()) {
      for (let n = 0; n < 15; n++) {
        const practice = await makePractice(db(), { icbCode: icb.code, listSize: 3000 + ((i * 15 + n) * 137) % 9000 });
        practices.push({ id: practice.id, active: true, by: 0 });
      }
    }
    for (let n = 0; n < 2; n++) practices.push({ id: (await makePractice(db(), { icbCode: icbs[0]!.code, status: "closed" })).id, active: false, by: 0 });
    // Two LMCs over the four ICBs, so the LMC counters are exercised too.
    const north = `Random North LMC ${++lmcSerial}`;
    const south = `Random South LMC ${lmcSerial}`;
    await runLmcAreasImport(db(), null, {
      name: "areas.csv",
      text: ["lmc_name,area_code,valid_from", ...icbs.map((icb, i) => `${i < 2 ? north : south},${icb.code},2024-04-01`)].join("\n"),
    });
    await Promise.all(practices.map(async (p) => (p.by = (await makeSignatory(db(), p)).id)));
    const gps: number[] = [];
    for (let n = 0; n < 10; n++) {
      const gp = await makeUser(db(), { role: "gp" });
      // Eight belong to a practice; two have none yet and count nationally only.
      if (n < 8) await db().insertInto("practice_memberships").values({ user_id: gp.id, practice_id: practices[n * 7]!.id, is_signatory: 0, created_at: new Date().toISOString() }).execute();
      gps.push(gp.id);
    }
    const campaign = await makeCampaign(db(), {
      status: "open",
      options: [
        { title: "Stop the extra returns", trigger: { percent: 10, scope: "national" } },
        { title: "Cap the daily contacts", trigger: { percent: 20, scope: "icb" } },
      ],
    });
    const optionIds = campaign.options.map((o) => o.id);

    let changes = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof({ arbitrary: signUpArb(practices.length, 2), weight: 9 }, { arbitrary: pledgeArb(gps.length, 2), weight: 1 }), { minLength: 500, maxLength: 500 }), async (commands) => {
        for (const command of commands) {
          if (command.kind === "signup") await applySignUp(command, practices[command.practice]!, optionIds[command.option]!);
          else if (command.kind === "pledge") await applyPledge(command, gps[command.gp]!, optionIds[command.option]!);
          changes++;
        }
        await expectNoDrift();
        for (const optionId of optionIds) {
          await expectLiveWhereMet(optionId, icbs.map((i) => i.code));
          await expectActingAtFixedPoint(optionId);
        }
      }),
      // The database carries over from run to run, so shrinking could not replay a failure.
      { numRuns: 4, endOnFailure: true },
    );
    expect(changes).toBe(2000);
    // The random walk did reach the interesting states.
    expect(await count("option_live_scopes", (q) => q.where("option_id", "in", optionIds))).toBeGreaterThan(1);
    expect(await count("practice_signups", (q) => q.where("option_id", "in", optionIds).where("acting", "=", 1).where("condition_scope", "is not", null))).toBeGreaterThan(0);
  });

  it("random changes interleaved with register imports that move practices between ICBs, LMCs and list sizes leave no drift", { timeout: 240_000 }, async () => {
    const icbs = await takeIcbs(3);
    const subIcbs = ["91A", "91B", "91C"];
    const specs = Array.from({ length: 18 }, (_, n) => ({ code: `Y7${String(1000 + n).padStart(4, "0")}`, icb: icbs[n % 3]!.code, subIcb: subIcbs[n % 3]!, listSize: 4000 + n * 100 }));
    const byCode = await importPractices(specs);
    // LMCs by ICB, and by sub-ICB location (which wins): a register import can move a practice's LMC.
    const n = ++lmcSerial;
    await runLmcAreasImport(db(), null, {
      name: "areas.csv",
      text: [
        "lmc_name,area_code,valid_from",
        ...icbs.map((icb, i) => `Moving ICB LMC ${n}-${i},${icb.code},2024-04-01`),
        `Moving Sub LMC ${n}-A,91A,2024-04-01`,
        `Moving Sub LMC ${n}-B,91B,2024-04-01`,
      ].join("\n"),
    });
    const practices = await Promise.all(specs.map(async (s) => ({ id: byCode.get(s.code)!.id, active: true, by: (await makeSignatory(db(), byCode.get(s.code)!)).id })));
    const gps: number[] = [];
    for (let i = 0; i < 4; i++) {
      const gp = await makeUser(db(), { role: "gp" });
      await db().insertInto("practice_memberships").values({ user_id: gp.id, practice_id: practices[i * 4]!.id, is_signatory: 0, created_at: new Date().toISOString() }).execute();
      gps.push(gp.id);
    }
    const campaign = await makeCampaign(db(), { status: "active", options: [{ title: "Work to contract" }, { title: "Decline the enhanced service", trigger: { percent: 20, scope: "icb" } }] });
    const optionIds = campaign.options.map((o) => o.id);
    const moveArb: fc.Arbitrary<Command> = fc.record({
      kind: fc.constant("move" as const),
      practice: fc.nat(specs.length - 1),
      icb: fc.nat(2),
      subIcb: fc.nat(2),
      listSize: fc.integer({ min: 1000, max: 20000 }),
    });
    let moves = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof({ arbitrary: signUpArb(specs.length, 2), weight: 7 }, { arbitrary: pledgeArb(gps.length, 2), weight: 1 }, { arbitrary: moveArb, weight: 2 }), { minLength: 150, maxLength: 150 }),
        async (commands) => {
          for (const command of commands) {
            if (command.kind === "signup") await applySignUp(command, practices[command.practice]!, optionIds[command.option]!);
            else if (command.kind === "pledge") await applyPledge(command, gps[command.gp]!, optionIds[command.option]!);
            else {
              const spec = specs[command.practice]!;
              Object.assign(spec, { icb: icbs[command.icb]!.code, subIcb: subIcbs[command.subIcb]!, listSize: command.listSize });
              await runPracticeRegisterImport(db(), null, { register: registerFile([epraccurLine({ code: spec.code, icb: spec.icb, subIcb: spec.subIcb })]), listSizes: listSizesFile([[spec.code, spec.listSize]]) });
              moves++;
              // The import's own transaction moved the counts: nothing is out of place after it.
              await expectNoDrift();
            }
          }
          await expectNoDrift();
        },
      ),
      { numRuns: 2, endOnFailure: true },
    );
    expect(moves).toBeGreaterThan(10);
  });
});

describe("imports move a practice's counts with it", () => {
  it("a practice signed up and moved to another ICB by the register import today, then to another LMC by an LMC areas import, is counted where it now is", async () => {
    const [from, to] = await takeIcbs(2);
    const n = ++lmcSerial;
    const code = "Y80001";
    const practice = (await importPractices([{ code, icb: from!.code, subIcb: "92A", listSize: 6000 }])).get(code)!;
    await runLmcAreasImport(db(), null, { name: "a.csv", text: `lmc_name,area_code,valid_from\nFrom LMC ${n},${from!.code},2024-04-01\nTo LMC ${n},${to!.code},2024-04-01\n` });
    const lmcId = async (name: string) => String((await db().selectFrom("lmcs").select("id").where("name", "=", name).executeTakeFirstOrThrow()).id);
    const [fromLmc, toLmc] = [await lmcId(`From LMC ${n}`), await lmcId(`To LMC ${n}`)];
    const campaign = await makeCampaign(db(), { status: "open", options: [{ title: "Move with me" }] });
    const option = campaign.options[0]!;
    const { by } = await signPracticeUp(db(), { practice, option, status: "pledged" });
    await setPersonalPledge(db(), (await makeSignatory(db(), practice)).id, option.id, true);
    expect(await figures(option.id, "icb", from!.code)).toEqual({ signed: 1, patients: 6000, acting: 1, pledges: 1 });
    expect(await figures(option.id, "lmc", fromLmc)).toMatchObject({ signed: 1, patients: 6000 });

    // The register moves it to another ICB from today, with a new list size.
    const moved = await runPracticeRegisterImport(db(), null, { register: registerFile([epraccurLine({ code, icb: to!.code, subIcb: "92A" })]), listSizes: listSizesFile([[code, 6500]]) }, { effectiveDate: todayIso() });
    expect(moved.summary).toMatchObject({ icbMoves: 1, lmcMoves: 1 });
    await expectNoDrift();
    expect(await figures(option.id, "icb", from!.code)).toEqual({ signed: 0, patients: 0, acting: 0, pledges: 0 });
    expect(await figures(option.id, "icb", to!.code)).toEqual({ signed: 1, patients: 6500, acting: 1, pledges: 1 });
    expect(await figures(option.id, "lmc", fromLmc)).toMatchObject({ signed: 0, patients: 0 });
    expect(await figures(option.id, "lmc", toLmc)).toMatchObject({ signed: 1, patients: 6500 });
    if (from!.region !== to!.region) expect(await figures(option.id, "region", from!.region)).toMatchObject({ signed: 0 });
    expect(await figures(option.id, "region", to!.region)).toMatchObject({ signed: 1, patients: 6500 });
    expect(await figures(option.id, "national", NATIONAL_CODE)).toMatchObject({ signed: 1, patients: 6500 });
    // The ICBs' charts end where the counters are; England's is unchanged by a move.
    expect((await signedOverTime(db(), option.id, { kind: "icb", code: from!.code })).at(-1)?.signed).toBe(0);
    expect((await signedOverTime(db(), option.id, { kind: "icb", code: to!.code })).at(-1)?.signed).toBe(1);
    expect((await signedOverTime(db(), option.id, { kind: "national", code: NATIONAL_CODE })).at(-1)?.signed).toBe(1);

    // An LMC areas import gives its sub-ICB location to a new LMC from today.
    const areas = await runLmcAreasImport(db(), null, { name: "b.csv", text: `lmc_name,area_code,valid_from\nSub Area LMC ${n},92A,${todayIso()}\n` });
    expect(areas.practicesMoved).toBe(1);
    await expectNoDrift();
    const subLmc = await lmcId(`Sub Area LMC ${n}`);
    expect(await figures(option.id, "lmc", toLmc)).toMatchObject({ signed: 0, patients: 0, pledges: 0 });
    expect(await figures(option.id, "lmc", subLmc)).toEqual({ signed: 1, patients: 6500, acting: 1, pledges: 1 });

    // A new list size alone (no move at all) changes the patients counted.
    const resized = await runPracticeRegisterImport(db(), null, { register: registerFile([epraccurLine({ code, icb: to!.code, subIcb: "92A" })]), listSizes: listSizesFile([[code, 7100]]) });
    expect(resized.summary).toMatchObject({ changed: 1, icbMoves: 0, lmcMoves: 0 });
    await expectNoDrift();
    expect(await figures(option.id, "icb", to!.code)).toMatchObject({ signed: 1, patients: 7100 });
    expect(await figures(option.id, "lmc", subLmc)).toMatchObject({ signed: 1, patients: 7100 });

    // A withdrawal afterwards comes off where the practice is now.
    await signPracticeUp(db(), { practice, option, status: "withdrawn", by });
    await expectNoDrift();
    expect(await figures(option.id, "lmc", subLmc)).toMatchObject({ signed: 0, acting: 0 });
  });
});

describe("triggers under concurrent sign-ups", () => {
  async function practicesToCrossNationally(percent: number) {
    const [icb] = await takeIcbs(1);
    const before = (await areaTotals(db())).national.practices;
    // Enough new practices that all of them together cross the national threshold.
    const k = Math.max(24, Math.ceil((before * percent) / (100 - percent)) + 12);
    const practices = [];
    for (let i = 0; i < k; i++) practices.push(await makePractice(db(), { icbCode: icb!.code }));
    const signatories = await Promise.all(practices.map((p) => makeSignatory(db(), p)));
    const needed = practicesNeeded(percent, (await areaTotals(db())).national.practices)!;
    expect(needed).toBeLessThan(k);
    return { practices, signatories, needed };
  }

  it("many practices signing at once through one connection fire a national trigger exactly once, and the conditional pledges then act", async () => {
    const { practices, signatories } = await practicesToCrossNationally(10);
    const campaign = await makeCampaign(db(), { status: "open", options: [{ title: "Together nationally", trigger: { percent: 10, scope: "national" } }] });
    const option = campaign.options[0]!;
    const status = (i: number): SignUpStatus => (i % 2 === 0 ? "pledged_if_triggered" : "pledged");
    const outcomes = await Promise.all(
      practices.map((p, i) => changeSignUp(db(), signatories[i]!.id, { practiceId: p.id, optionId: option.id, status: status(i), condition: null, expectedVersion: 0 })),
    );
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(outcomes.flatMap((o) => (o.ok ? o.wentLive : []))).toEqual(["national"]);
    expect(await liveScopes(option.id)).toEqual(["national"]);
    expect(await liveEvents(option.id)).toBe(1);
    expect(await count("audit_events", (q) => q.where("action", "=", "option.went_live").where("entity_id", "=", String(option.id)))).toBe(1);
    const conditional = await db().selectFrom("practice_signups").select(["acting"]).where("option_id", "=", option.id).where("status", "=", "pledged_if_triggered").execute();
    expect(conditional.length).toBeGreaterThan(0);
    expect(conditional.every((r) => r.acting === 1)).toBe(true);
    await expectActingAtFixedPoint(option.id);
    await expectNoDrift();
  });

  it("many practices signing at once from several worker processes fire a national trigger exactly once", { timeout: 120_000 }, async () => {
    const { practices, signatories } = await practicesToCrossNationally(10);
    const campaign = await makeCampaign(db(), { status: "open", options: [{ title: "Together from every worker", trigger: { percent: 10, scope: "national" } }] });
    const option = campaign.options[0]!;
    const changes = practices.map((p, i) => ({
      actorUserId: signatories[i]!.id,
      change: { practiceId: p.id, optionId: option.id, status: (i % 2 === 0 ? "pledged_if_triggered" : "pledged") as SignUpStatus, condition: null, expectedVersion: 0 },
    }));
    const workers = 4;
    const reports = await runInWorkers(Array.from({ length: workers }, (_, w) => changes.filter((_, i) => i % workers === w)));
    const outcomes = reports.flat();
    expect(outcomes).toHaveLength(practices.length);
    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    expect(outcomes.flatMap((o) => (o.ok ? o.wentLive : []))).toEqual(["national"]);
    expect(await liveScopes(option.id)).toEqual(["national"]);
    expect(await liveEvents(option.id)).toBe(1);
    const conditional = await db().selectFrom("practice_signups").select(["acting"]).where("option_id", "=", option.id).where("status", "=", "pledged_if_triggered").execute();
    expect(conditional.every((r) => r.acting === 1)).toBe(true);
    await expectActingAtFixedPoint(option.id);
    await expectNoDrift();
  });
});

/**
 * Runs each batch of changes in its own process with its own connection to the test database,
 * all released at the same moment, and returns each process's outcomes.
 */
async function runInWorkers(batches: WorkerJob["changes"][]): Promise<SignUpOutcome[][]> {
  const script = path.resolve("tests/fixtures/sign-up-worker.ts");
  const children = batches.map(() => fork(script, [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] }));
  const ready = children.map((child) => new Promise<void>((resolve, reject) => {
    child.once("message", () => resolve());
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`worker exited with ${code} before it was ready`)));
  }));
  children.forEach((child, i) => child.send({ databaseUrl: process.env.DATABASE_URL!, changes: batches[i]! } satisfies WorkerJob));
  await Promise.all(ready);
  const reports = children.map((child) => new Promise<WorkerReport>((resolve, reject) => {
    child.removeAllListeners("exit");
    child.once("message", (report: WorkerReport) => resolve(report));
    child.once("exit", (code) => reject(new Error(`worker exited with ${code} without reporting`)));
  }));
  for (const child of children) child.send("go");
  return (await Promise.all(reports)).map((report) => {
    if ("error" in report) throw new Error(`worker failed: ${report.error}`);
    return report.outcomes;
  });
}

describe("conditions and withdrawals", () => {
  it("a practice's own ICB condition comes true as others act and false again as they withdraw; the fired trigger stays live and is never repeated", async () => {
    const [icb] = await takeIcbs(1);
    const practices = [];
    for (let i = 0; i < 20; i++) practices.push(await makePractice(db(), { icbCode: icb!.code }));
    const [a, b, c, d, e] = practices;
    const campaign = await makeCampaign(db(), { status: "active", options: [{ title: "Local action", trigger: { percent: 10, scope: "icb" } }] });
    const option = campaign.options[0]!;
    const acting = async (p: { id: number }) => (await signUpRow(p.id, option.id))?.acting ?? 0;
    const scope = `icb:${icb!.code}`;

    // A: "if triggered, and only if 15% of our ICB act" (3 of 20). Two signed meet the 10% trigger.
    const signA = await signPracticeUp(db(), { practice: a!, option, status: "pledged_if_triggered", condition: { scope: "icb", thresholdPercent: 15 } });
    expect(signA.wentLive).toEqual([]);
    const signB = await signPracticeUp(db(), { practice: b!, option, status: "pledged" });
    expect(signB.wentLive).toEqual([scope]);
    expect(await acting(a!)).toBe(0); // live now, but only A and B would act: 2 of the 3 needed
    const byC = await makeSignatory(db(), c!);
    const auditFrom = await lastAuditId();
    const signC = await signPracticeUp(db(), { practice: c!, option, status: "pledged", by: byC });
    expect(await acting(a!)).toBe(1);
    expect((await auditSince(auditFrom)).map((r) => r.action)).toEqual(["signup.create", "signup.went_live"]);
    expect((await signUpRow(a!.id, option.id))?.acting_reason).toMatch(/condition met: at least 15% of practices in the ICB are acting/);
    expect(await figures(option.id, "icb", icb!.code)).toMatchObject({ signed: 3, acting: 3 });

    // B withdraws: A's condition falls back under (2 of 3), so A stops acting.
    await signPracticeUp(db(), { practice: b!, option, status: "withdrawn", by: signB.by });
    expect(await acting(a!)).toBe(0);
    expect((await signUpRow(a!.id, option.id))?.acting_reason).toMatch(/condition not met: fewer than 15% of practices in the ICB are acting/);
    // C withdraws too: one signed, under the trigger's 2, yet the option stays live in the ICB.
    await signPracticeUp(db(), { practice: c!, option, status: "withdrawn", by: signC.by });
    expect(await liveScopes(option.id)).toEqual([scope]);
    expect(await figures(option.id, "icb", icb!.code)).toMatchObject({ signed: 1, acting: 0 });

    // D and E sign: the trigger is met again but does not fire again; A acts again.
    const signD = await signPracticeUp(db(), { practice: d!, option, status: "pledged" });
    const signE = await signPracticeUp(db(), { practice: e!, option, status: "implementing" });
    expect([...signD.wentLive, ...signE.wentLive]).toEqual([]);
    expect(await liveScopes(option.id)).toEqual([scope]);
    expect(await liveEvents(option.id)).toBe(1);
    expect(await acting(a!)).toBe(1);
    expect(await count("audit_events", (q) => q.where("action", "=", "option.went_live").where("entity_id", "=", String(option.id)))).toBe(1);
    await expectActingAtFixedPoint(option.id);
    await expectNoDrift();
  });
});

describe("two signatories saving one sign-up at once", () => {
  it("one wins and the other is refused with a 409 and a message, through one connection and from two processes", { timeout: 60_000 }, async () => {
    const [icb] = await takeIcbs(1);
    const practice = await makePractice(db(), { icbCode: icb!.code });
    const [first, second] = [await makeSignatory(db(), practice), await makeSignatory(db(), practice)];
    const campaign = await makeCampaign(db(), { status: "open", options: [{ title: "Two hands" }] });
    const option = campaign.options[0]!;
    const change = (status: SignUpStatus, expectedVersion: number): SignUpChange => ({ practiceId: practice.id, optionId: option.id, status, condition: null, expectedVersion });

    const created = await Promise.all([changeSignUp(db(), first.id, change("pledged", 0)), changeSignUp(db(), second.id, change("implementing", 0))]);
    const [won] = created.filter((o) => o.ok);
    const lost = created.filter((o) => !o.ok);
    expect(won).toMatchObject({ ok: true, version: 1 });
    expect(lost).toEqual([{ ok: false, status: 409, message: expect.stringMatching(/changed this sign-up a moment ago/) }]);
    expect(await count("practice_signup_history", (q) => q.where("practice_id", "=", practice.id))).toBe(1);
    const winner = created[0]!.ok ? "pledged" : "implementing";
    expect((await signUpRow(practice.id, option.id))?.status).toBe(winner);

    // The same from two worker processes, both starting from version 1.
    const [one, two] = await runInWorkers([
      [{ actorUserId: first.id, change: change("withdrawn", 1) }],
      [{ actorUserId: second.id, change: change("pledged_if_triggered", 1) }],
    ]);
    const both = [...one!, ...two!];
    expect(both.filter((o) => o.ok)).toEqual([expect.objectContaining({ ok: true, version: 2 })]);
    expect(both.filter((o) => !o.ok)).toEqual([{ ok: false, status: 409, message: expect.stringMatching(/\w/) }]);
    const row = (await signUpRow(practice.id, option.id))!;
    expect(row.version).toBe(2);
    expect(row.status).toBe(one![0]!.ok ? "withdrawn" : "pledged_if_triggered");
    expect(await count("practice_signup_history", (q) => q.where("practice_id", "=", practice.id))).toBe(2);
    await expectNoDrift();
  });
});

describe("the audit log and the timeline", () => {
  it("each change writes one audit row for the sign-up, plus one for the option going live and one for each practice that starts acting; the event cannot be changed", async () => {
    const [icb] = await takeIcbs(1);
    const practices = [];
    for (let i = 0; i < 10; i++) practices.push(await makePractice(db(), { icbCode: icb!.code }));
    const campaign = await makeCampaign(db(), { status: "open", options: [{ title: "Audited action", trigger: { percent: 20, scope: "icb" } }] });
    const option = campaign.options[0]!;
    const id = async (p: { id: number }) => String((await signUpRow(p.id, option.id))!.id);
    const [byFirst, bySecond] = [await makeSignatory(db(), practices[0]!), await makeSignatory(db(), practices[1]!)];

    let from = await lastAuditId();
    await signPracticeUp(db(), { practice: practices[0]!, option, status: "pledged_if_triggered", by: byFirst });
    const first = await id(practices[0]!);
    expect(await auditSince(from)).toEqual([{ action: "signup.create", entity: "practice_signup", entity_id: first }]);

    from = await lastAuditId();
    await signPracticeUp(db(), { practice: practices[1]!, option, status: "pledged", by: bySecond });
    expect(await auditSince(from)).toEqual([
      { action: "signup.create", entity: "practice_signup", entity_id: await id(practices[1]!) },
      { action: "option.went_live", entity: "campaign_option", entity_id: String(option.id) },
      { action: "signup.went_live", entity: "practice_signup", entity_id: first },
    ]);
    const events = await db().selectFrom("campaign_events").select(["id", "text"]).where("option_id", "=", option.id).where("kind", "=", "option_live").execute();
    expect(events).toHaveLength(1);
    // An ICB's count is never printed on the public timeline (it could point at a practice).
    expect(events[0]!.text).toMatch(/went live in .*, meeting the 20% trigger there\./);
    expect(events[0]!.text).not.toMatch(/\b\d+ of \d+/);

    from = await lastAuditId();
    await signPracticeUp(db(), { practice: practices[1]!, option, status: "implementing", by: bySecond });
    expect(await auditSince(from)).toEqual([{ action: "signup.change", entity: "practice_signup", entity_id: await id(practices[1]!) }]);

    // Once and immutably: the database refuses to change or remove the event or the live scope.
    await expect(db().updateTable("campaign_events").set({ text: "rewritten" }).where("id", "=", events[0]!.id).execute()).rejects.toThrow(/append-only/);
    await expect(db().deleteFrom("option_live_scopes").where("option_id", "=", option.id).execute()).rejects.toThrow(/append-only/);
    await expectNoDrift();
  });

  it("a closed campaign's sign-ups are a fixed record: no change, not even a withdrawal", async () => {
    const [icb] = await takeIcbs(1);
    const practice = await makePractice(db(), { icbCode: icb!.code });
    const campaign = await makeCampaign(db(), { status: "open", options: [{ title: "Closing soon" }] });
    const option = campaign.options[0]!;
    const { by } = await signPracticeUp(db(), { practice, option, status: "pledged" });
    const version = (await db().selectFrom("campaigns").select("version").where("id", "=", campaign.id).executeTakeFirstOrThrow()).version;
    expect(await changeCampaignStatus(db(), campaign.staffId, campaign.id, "closed", version, null)).toEqual({ ok: true });
    const before = await fingerprint();
    const outcome = await changeSignUp(db(), by.id, { practiceId: practice.id, optionId: option.id, status: "withdrawn", condition: null, expectedVersion: 1 });
    expect(outcome).toMatchObject({ ok: false, status: 400, message: expect.stringMatching(/closed/) });
    expect(await setPersonalPledge(db(), by.id, option.id, false)).toMatchObject({ ok: false });
    expect(await fingerprint()).toEqual(before);
  });
});

describe("npm run db:verify", () => {
  async function runVerify() {
    const result = spawnSync("npx", ["tsx", "scripts/db-verify.ts"], { env: { ...process.env }, encoding: "utf8" });
    return { code: result.status, out: result.stdout + result.stderr };
  }

  it("passes a consistent database, and reports in words and exits 1 when a counter drifts or a practice moves without its counts", { timeout: 60_000 }, async () => {
    const [icb, elsewhere] = await takeIcbs(2);
    const practice = await makePractice(db(), { icbCode: icb!.code, listSize: 7000 });
    const campaign = await makeCampaign(db(), { status: "open", options: [{ title: "Checked option" }] });
    const option = campaign.options[0]!;
    await signPracticeUp(db(), { practice, option, status: "pledged" });

    const clean = await runVerify();
    expect(clean.out).toMatch(/No drift/);
    expect(clean.code).toBe(0);

    // A counter nudged by hand, and a practice moved without an import.
    const counter = (k: Kysely<Database>, delta: number) =>
      k
        .updateTable("participation_counters")
        .set((eb) => ({ practices: eb("practices", "+", delta) }))
        .where("option_id", "=", option.id)
        .where("area_kind", "=", "icb")
        .where("area_code", "=", icb!.code)
        .where("measure", "=", "pledged")
        .execute();
    await counter(db(), 1);
    await db().updateTable("practice_icb_memberships").set({ icb_code: elsewhere!.code }).where("practice_id", "=", practice.id).execute();
    const drift = await verifyParticipation(db());
    expect(drift).toContainEqual(expect.stringMatching(new RegExp(`ICB ${icb!.code}, pledged: the counters say 2 practices and 7,000 patients; the records say 1 and 7,000`)));
    expect(drift).toContainEqual(expect.stringMatching(new RegExp(`sign-up for .* is counted in ICB ${icb!.code}, .* but on .* the practice is in ICB ${elsewhere!.code}`)));
    const dirty = await runVerify();
    expect(dirty.code).toBe(1);
    expect(dirty.out).toMatch(/Drift found \(2\)/);

    // Put it back, so the file stays consistent for anything after.
    await counter(db(), -1);
    await db().updateTable("practice_icb_memberships").set({ icb_code: icb!.code }).where("practice_id", "=", practice.id).execute();
    await expectNoDrift();
  });
});
