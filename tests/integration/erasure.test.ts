// Erasure and retention (issue 12, ADR 014), on a real database. A GP who pledged, withdrew,
// signed their practice up, asked to join another, followed a resolution and got mail deletes
// their account: afterwards their name and address are nowhere in any table, their pledges still
// count without them, the practice's sign-up stays, every audit row stays (the personal values
// redacted), and the counters still verify. Withdrawn pledges older than the administrator's
// period are anonymised by the retention sweep, and only those.
import { spawnSync } from "node:child_process";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { anonymiseWithdrawnPledges, eraseAccount, getPledgeRetentionDays, namedWithdrawnPledges, setPledgeRetentionDays } from "../../app/models/erasure.server";
import { requestMembership } from "../../app/models/membership-requests.server";
import { saveNotificationSettings, setFollowing } from "../../app/models/notifications.server";
import { verifyParticipation } from "../../app/models/participation-verify.server";
import { setPersonalPledge } from "../../app/models/signups.server";
import { getDb } from "../../app/utils/db.server";
import { verifyLogin } from "../../app/utils/auth.server";
import { makeCampaign, makeCarriedResolution, makeSignatory, signPracticeUp } from "../fixtures/campaigns";
import { makePractice, makeUser } from "../fixtures/factories";
import { answerOf, formPost, requestAs } from "../fixtures/requests";
import { databaseDigest, databaseText } from "../support/http";

const db = () => getDb();
const url = () => process.env.DATABASE_URL!;

async function counters() {
  return db().selectFrom("participation_counters").selectAll().orderBy(["option_id", "area_kind", "area_code", "measure"]).execute();
}

async function auditCount() {
  return Number((await db().selectFrom("audit_events").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
}

describe("a GP deletes their account", () => {
  let gp: Awaited<ReturnType<typeof makeSignatory>>;
  let campaign: Awaited<ReturnType<typeof makeCampaign>>;
  let practice: Awaited<ReturnType<typeof makePractice>>;
  let other: Awaited<ReturnType<typeof makePractice>>;

  beforeAll(async () => {
    const d = db();
    campaign = await makeCampaign(d, { options: [{ title: "Close the online form at 6pm" }, { title: "Refuse the new returns" }, { title: "Third option" }] });
    practice = await makePractice(d);
    other = await makePractice(d);
    gp = await makeSignatory(d, practice);
    // A second signatory at the other practice gets mail naming the GP who asks to join.
    await makeSignatory(d, other);
    // The GP's own name is rare enough to search every table for.
    await d.updateTable("users").set({ name: "Dr Quillon Erasmus-Vale" }).where("id", "=", gp.id).execute();
    await signPracticeUp(d, { practice, option: campaign.options[0]!, status: "pledged", by: gp });
    for (const option of campaign.options) expect(await setPersonalPledge(d, gp.id, option.id, true)).toMatchObject({ ok: true });
    expect(await setPersonalPledge(d, gp.id, campaign.options[2]!.id, false)).toMatchObject({ ok: true });
    expect(await requestMembership(d, gp.id, other.ods_code)).toMatchObject({ ok: true });
    const { resolutionId } = await makeCarriedResolution(d);
    await setFollowing(d, gp.id, resolutionId, true);
    await saveNotificationSettings(d, gp.id, new Set());
  });

  it("refuses a wrong password and writes nothing", async () => {
    const before = await databaseDigest(url());
    expect(await eraseAccount(db(), gp.id, "not my password")).toEqual({ ok: false, field: "password", message: "That is not your password." });
    expect(await databaseDigest(url())).toBe(before);
  });

  it("leaves no name or address anywhere, keeps the counts, the sign-up and every audit row", async () => {
    const d = db();
    const user = await d.selectFrom("users").select(["email", "name"]).where("id", "=", gp.id).executeTakeFirstOrThrow();
    const text = await databaseText(url());
    // Before: the name and address are in the account, the audit log and the mail to the other practice.
    expect(text).toContain(user.email);
    expect(text).toContain(user.name);
    const [countersBefore, auditsBefore] = [await counters(), await auditCount()];
    const signUpBefore = await d.selectFrom("practice_signups").selectAll().where("practice_id", "=", practice.id).executeTakeFirstOrThrow();

    expect(await eraseAccount(d, gp.id, gp.password)).toEqual({ ok: true, pledgesAnonymised: 3 });

    const after = await databaseText(url());
    expect(after).not.toContain(user.email);
    expect(after).not.toContain(user.name);
    // The pledges are nobody's; the two still active still count, as before.
    const pledges = await d.selectFrom("personal_pledges").select(["user_id", "active"]).where("option_id", "in", campaign.options.map((o) => o.id)).execute();
    expect(pledges.map((p) => p.user_id)).toEqual([null, null, null]);
    expect(pledges.filter((p) => p.active === 1)).toHaveLength(2);
    expect(await counters()).toEqual(countersBefore);
    expect(await verifyParticipation(d)).toEqual([]);
    // The practice's sign-up is the practice's: unchanged.
    expect(await d.selectFrom("practice_signups").selectAll().where("practice_id", "=", practice.id).executeTakeFirstOrThrow()).toEqual(signUpBefore);
    // Every audit row stays, one more says the account was deleted; the pledges' rows name nobody.
    expect(await auditCount()).toBe(auditsBefore + 1);
    const erase = await d.selectFrom("audit_events").selectAll().where("action", "=", "user.erase").where("entity_id", "=", String(gp.id)).executeTakeFirstOrThrow();
    expect(JSON.parse(erase.after_json!)).toEqual({ pledges_anonymised: 3 });
    const pledgeAudit = await d.selectFrom("audit_events").select("actor_user_id").where("entity", "=", "personal_pledge").where("action", "like", "pledge.%").execute();
    expect(pledgeAudit.length).toBeGreaterThanOrEqual(4);
    expect(new Set(pledgeAudit.map((a) => a.actor_user_id))).toEqual(new Set([null]));
    // Gone: memberships, sessions, links, follows, choices, pending requests; no way to log in.
    expect(await d.selectFrom("practice_memberships").select("practice_id").where("user_id", "=", gp.id).execute()).toEqual([]);
    expect(await d.selectFrom("resolution_follows").select("resolution_id").where("user_id", "=", gp.id).execute()).toEqual([]);
    expect(await d.selectFrom("membership_requests").select("status").where("user_id", "=", gp.id).execute()).toEqual([{ status: "withdrawn" }]);
    expect(await verifyLogin(user.email, gp.password)).toBeNull();
  });

  it("keeps the database consistent: no reference left dangling", async () => {
    if (url().startsWith("file:")) {
      expect((await sql<{ table: string }>`pragma foreign_key_check`.execute(db())).rows).toEqual([]);
      expect((await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db())).rows).toEqual([{ integrity_check: "ok" }]);
    }
  });

  it("lets the address register again, as a new account", async () => {
    const again = await makeUser(db());
    expect(again.id).not.toBe(gp.id);
  });
});

describe("the person who manages users", () => {
  it("cannot leave nobody who can; with another administrator, may go", async () => {
    const d = db();
    // Every other administrator is disabled for the first attempt.
    const admin = await makeUser(d, { role: "admin" });
    const others = await d.selectFrom("users").select("id").where("role", "=", "admin").where("id", "!=", admin.id).where("disabled_at", "is", null).execute();
    if (others.length) await d.updateTable("users").set({ disabled_at: new Date().toISOString() }).where("id", "in", others.map((o) => o.id)).execute();
    const before = await databaseDigest(url());
    expect(await eraseAccount(d, admin.id, admin.password)).toMatchObject({ ok: false, field: "form" });
    expect(await databaseDigest(url())).toBe(before);
    await makeUser(d, { role: "admin" });
    expect(await eraseAccount(d, admin.id, admin.password)).toMatchObject({ ok: true });
  });
});

describe("the audit log stays append-only", () => {
  it("refuses every change but erasure's redaction, and every deletion", async () => {
    const d = db();
    const row = await d.selectFrom("audit_events").selectAll().where("actor_user_id", "is not", null).orderBy("id").executeTakeFirstOrThrow();
    const refused = async (run: () => Promise<unknown>) => expect(run()).rejects.toThrow(/append-only/);
    await refused(() => d.updateTable("audit_events").set({ action: "user.nothing" }).where("id", "=", row.id).execute());
    await refused(() => d.updateTable("audit_events").set({ created_at: "2000-01-01T00:00:00.000Z" }).where("id", "=", row.id).execute());
    await refused(() => d.updateTable("audit_events").set({ actor_user_id: row.actor_user_id! + 1 }).where("id", "=", row.id).execute());
    await refused(() => d.updateTable("audit_events").set({ after_json: '{"forged":true}' }).where("id", "=", row.id).execute());
    await refused(() => d.deleteFrom("audit_events").where("id", "=", row.id).execute());
    // Erasure's own changes: the actor cleared, a value redacted.
    await d.updateTable("audit_events").set({ actor_user_id: null }).where("id", "=", row.id).execute();
    await d.updateTable("audit_events").set({ after_json: '{"email":"[erased]"}' }).where("id", "=", row.id).execute();
  });
});

describe("retention of withdrawn pledges", () => {
  it("anonymises only withdrawn pledges older than the period the administrator set, once", async () => {
    const d = db();
    const admin = await makeUser(d, { role: "admin" });
    const campaign = await makeCampaign(d, { options: [{ title: "Old withdrawn" }, { title: "Recent withdrawn" }, { title: "Old but active" }] });
    const gp = await makeUser(d);
    const [oldOption, recentOption, activeOption] = campaign.options as unknown as [{ id: number }, { id: number }, { id: number }];
    const now = new Date("2026-11-25T12:00:00Z");
    const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000).toISOString();
    for (const option of campaign.options) await setPersonalPledge(d, gp.id, option.id, true);
    await setPersonalPledge(d, gp.id, oldOption.id, false);
    await setPersonalPledge(d, gp.id, recentOption.id, false);
    const age = (optionId: number, days: number) => d.updateTable("personal_pledges").set({ updated_at: daysAgo(days) }).where("option_id", "=", optionId).execute();
    await age(oldOption.id, 40);
    await age(recentOption.id, 10);
    await age(activeOption.id, 400);

    // No period: nothing happens.
    await setPledgeRetentionDays(d, admin.id, null);
    expect(await anonymiseWithdrawnPledges(d, now)).toEqual({ periodDays: null });

    await setPledgeRetentionDays(d, admin.id, 30);
    expect(await getPledgeRetentionDays(d)).toBe(30);
    expect(await namedWithdrawnPledges(d, 30, now)).toMatchObject({ due: expect.any(Number) as number });
    const outcome = await anonymiseWithdrawnPledges(d, now);
    expect(outcome).toMatchObject({ periodDays: 30 });
    const owners = Object.fromEntries(
      (await d.selectFrom("personal_pledges").select(["option_id", "user_id"]).where("option_id", "in", campaign.options.map((o) => o.id)).execute()).map((p) => [p.option_id, p.user_id]),
    );
    expect(owners).toEqual({ [oldOption.id]: null, [recentOption.id]: gp.id, [activeOption.id]: gp.id });
    const oldPledge = await d.selectFrom("personal_pledges").select("id").where("option_id", "=", oldOption.id).executeTakeFirstOrThrow();
    const trail = await d.selectFrom("audit_events").select(["action", "actor_user_id"]).where("entity", "=", "personal_pledge").where("entity_id", "=", String(oldPledge.id)).execute();
    expect(trail.map((t) => t.action)).toEqual(["pledge.create", "pledge.withdraw"]);
    expect(trail.every((t) => t.actor_user_id === null)).toBe(true);
    expect(await verifyParticipation(d)).toEqual([]);
    // A second sweep finds nothing more and records nothing.
    const audits = await auditCount();
    expect(await anonymiseWithdrawnPledges(d, now)).toMatchObject({ periodDays: 30, anonymised: 0 });
    expect(await auditCount()).toBe(audits);
    await setPledgeRetentionDays(d, admin.id, null);
  });
});

describe("npm run db:retention", () => {
  const run = (env: Record<string, string> = {}) => {
    const result = spawnSync("npx", ["tsx", "scripts/db-retention.ts"], { env: { ...process.env, ...env }, encoding: "utf8" });
    return { code: result.status, out: result.stdout + result.stderr };
  };

  it("says what it anonymised, does nothing without a period, and refuses a database that is not there", { timeout: 60_000 }, async () => {
    const d = db();
    const admin = await makeUser(d, { role: "admin" });
    await setPledgeRetentionDays(d, admin.id, null);
    expect(run()).toMatchObject({ code: 0, out: expect.stringMatching(/No retention period is set/) as string });
    const campaign = await makeCampaign(d, { options: [{ title: "Swept by the command" }] });
    const gp = await makeUser(d);
    await setPersonalPledge(d, gp.id, campaign.options[0]!.id, true);
    await setPersonalPledge(d, gp.id, campaign.options[0]!.id, false);
    await d.updateTable("personal_pledges").set({ updated_at: "2020-01-01T00:00:00.000Z" }).where("option_id", "=", campaign.options[0]!.id).execute();
    await setPledgeRetentionDays(d, admin.id, 30);
    const swept = run();
    expect(swept.code).toBe(0);
    expect(swept.out).toMatch(/Anonymised \d+ withdrawn pledges? older than 30 days/);
    expect(await d.selectFrom("personal_pledges").select("user_id").where("option_id", "=", campaign.options[0]!.id).executeTakeFirstOrThrow()).toEqual({ user_id: null });
    await setPledgeRetentionDays(d, admin.id, null);
    if (url().startsWith("file:")) expect(run({ DATABASE_URL: "file:/nonexistent/lmc.db" })).toMatchObject({ code: 2, out: expect.stringMatching(/No database at/) as string });
  });
});

describe("the pages", () => {
  it("asks for the password and a tick, then logs the person out with the account deleted", async () => {
    const gp = await makeUser(db());
    const mod = await import("../../app/routes/account_.delete");
    const post = async (fields: Record<string, string>) => answerOf(async () => mod.action({ request: await requestAs(gp.id, "/account/delete", formPost(fields)), params: {}, context: { cspNonce: "" } }));
    const missing = await post({ password: gp.password });
    expect(missing.status).toBe(400);
    expect(missing.body).toContain("Tick the box");
    const wrong = await post({ password: "wrong", confirm: "yes" });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toContain("That is not your password.");
    const done = await post({ password: gp.password, confirm: "yes" });
    expect(done.status).toBe(302);
    expect(await db().selectFrom("users").select("erased_at").where("id", "=", gp.id).executeTakeFirstOrThrow()).toMatchObject({ erased_at: expect.any(String) as string });
  });

  it("lets an administrator set the period, and refuses nonsense with a message", async () => {
    const admin = await makeUser(db(), { role: "admin" });
    const mod = await import("../../app/routes/admin.privacy");
    const post = async (fields: Record<string, string>) => answerOf(async () => mod.action({ request: await requestAs(admin.id, "/admin/privacy", formPost(fields)), params: {}, context: { cspNonce: "" } }));
    for (const days of ["0", "-5", "2.5", "ninety", "99999"]) {
      const answer = await post({ days });
      expect(answer.status, days).toBe(400);
      expect(answer.body, days).toMatch(/days|number/);
    }
    expect((await post({ days: "90" })).status).toBe(302);
    expect(await getPledgeRetentionDays(db())).toBe(90);
    expect((await post({ days: "" })).status).toBe(302);
    expect(await getPledgeRetentionDays(db())).toBeNull();
  });
});
