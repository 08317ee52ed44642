// Every change the app can make leaves an audit row. Two checks:
// 1. Derived from the code: every exported model function whose name says it changes data
//    (create, save, update, record, change, set, submit, accept, ...) writes an audit row, itself
//    or through the model functions it calls; a new one that does not fails here, unless it is
//    listed below with the reason it needs none.
// 2. Run for real: the main mutations each write exactly one audit row with the right action, the
//    actor, and what changed.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { addCampaignNote, changeCampaignStatus, saveOption } from "../../app/models/campaigns.server";
import { addSection, createConference, moveSection, renameSection, updateConference } from "../../app/models/conferences.server";
import { recordResolutionProgress } from "../../app/models/resolutions.server";
import { changeSignUp, recordNotice, setPersonalPledge } from "../../app/models/signups.server";
import { createUser, setUserDisabled, updateUser } from "../../app/models/users.server";
import { getDb } from "../../app/utils/db.server";
import { makeCampaign, makeCarriedResolution, makeSignatory, signPracticeUp } from "../fixtures/campaigns";
import { makePractice, makeUser } from "../fixtures/factories";
import { answerOf, requestAs } from "../fixtures/requests";

const MUTATOR = /^(?:erase|anonymise|delete|create|save|update|change|record|add|move|rename|set|submit|accept|reject|merge|import|apply|run|register|request|confirm|reset|resend|withdraw|decide|revoke|remove|discard|write)[A-Z]/;

/** Mutators that need no audit row of their own, and why. */
const EXEMPT: Record<string, string> = {
  "sessions.createSession": "a session row is the login's; logIn audits session.login in the same transaction",
  "sessions.revokeSession": "called by logOut and logIn, which audit session.logout/login",
  "sessions.revokeUserSessions": "called by revokeSessionsOfUser and password changes, which audit",
  "imports.savePendingImport": "an upload waiting for the admin's preview; applying it is audited",
  "imports.discardPendingImport": "throws away an upload that was never applied",
  "cache-versions.bumpCacheVersions": "bookkeeping inside recordAudit itself",
  "audit.recordAudit": "is the audit",
  "outbox.markSent": "delivery bookkeeping of a message whose cause was audited when it was queued",
  "outbox.markAttemptFailed": "delivery bookkeeping, as markSent",
  "notifications.saveNotificationSettings": "a user's own email preferences",
  "notifications.setFollowing": "a user's own email preferences",
  "votes.writePartVote": "runs inside recordPartVote/recordMotionVotes/imports, which audit each vote",
  "motions.writeMotion": "runs inside saveMotion and the imports, which audit",
  "signups.moveCountsWithPractice": "moves counters inside a register or LMC-areas import, which audits the move",
  "signups.moveCountsOfMovedPractices": "as moveCountsWithPractice",
};

/** Every top-level function of a module (exported or not) with its body. */
function functionsOf(source: string): Map<string, string> {
  const bodies = new Map<string, string>();
  const starts = [...source.matchAll(/^(?:export )?(?:async )?function (\w+)/gm)];
  starts.forEach((match, i) => {
    const end = i + 1 < starts.length ? starts[i + 1]!.index! : source.length;
    bodies.set(match[1]!, source.slice(match.index!, end));
  });
  return bodies;
}

describe("every mutation is audited (from the code)", () => {
  it("each exported model function that changes data writes an audit row, or says why not", () => {
    const dir = path.resolve("app/models");
    const all = new Map<string, { module: string; body: string; exported: boolean }>();
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".server.ts"))) {
      const module = file.replace(".server.ts", "");
      const source = fs.readFileSync(path.join(dir, file), "utf8");
      for (const [name, body] of functionsOf(source)) all.set(name, { module, body, exported: body.startsWith("export ") });
    }
    // A function audits when its body calls recordAudit, or calls an exported function that does.
    const audits = new Map<string, boolean>();
    const visit = (name: string, seen: Set<string>): boolean => {
      if (audits.has(name)) return audits.get(name)!;
      if (seen.has(name)) return false;
      seen.add(name);
      const fn = all.get(name)!;
      const direct = /\brecordAudit\(/.test(fn.body) && name !== "recordAudit";
      const viaOthers = [...all.keys()].some((other) => other !== name && new RegExp(`\\b${other}\\(`).test(fn.body) && visit(other, seen));
      audits.set(name, direct || viaOthers);
      return direct || viaOthers;
    };
    const missing: string[] = [];
    for (const [name, { module, exported }] of all) {
      if (!exported || !MUTATOR.test(name)) continue;
      const key = `${module}.${name}`;
      if (EXEMPT[key]) continue;
      if (!visit(name, new Set())) missing.push(key);
    }
    expect(missing, "model functions that change data without an audit row (audit them, or add a reason to EXEMPT)").toEqual([]);
  });
});

interface AuditRow {
  action: string;
  actor_user_id: number | null;
  before_json: string | null;
  after_json: string | null;
}

async function auditedBy(run: () => Promise<unknown>): Promise<AuditRow[]> {
  const db = getDb();
  const last = Number((await db.selectFrom("audit_events").select((eb) => eb.fn.max("id").as("id")).executeTakeFirst())?.id ?? 0);
  await run();
  return db.selectFrom("audit_events").select(["action", "actor_user_id", "before_json", "after_json"]).where("id", ">", last).orderBy("id").execute();
}

describe("every mutation is audited (run for real)", () => {
  it("conferences, sections and resolutions: one row each, with the actor and what changed", async () => {
    const db = getDb();
    const staff = await makeUser(db, { role: "bma_staff" });
    const body = await db.selectFrom("bodies").select("id").where("kind", "=", "national").executeTakeFirstOrThrow();
    let conferenceId = 0;
    const created = await auditedBy(async () => {
      conferenceId = await createConference(db, staff.id, { bodyId: body.id, title: "Audited conference", heldOn: "2026-11-06", venue: "", status: "planning" });
    });
    expect(created.map((r) => [r.action, r.actor_user_id])).toEqual([["conference.create", staff.id]]);
    const updated = await auditedBy(() => updateConference(db, staff.id, conferenceId, { title: "Audited conference, renamed", heldOn: "2026-11-06", venue: "Leeds", status: "planning" }));
    expect(updated.map((r) => r.action)).toEqual(["conference.update"]);
    expect(updated[0]!.before_json).toContain("Audited conference");
    expect(updated[0]!.after_json).toContain("renamed");
    const sections = await auditedBy(async () => {
      await addSection(db, staff.id, conferenceId, "First");
      await addSection(db, staff.id, conferenceId, "Second");
    });
    expect(sections.map((r) => r.action)).toEqual(["section.create", "section.create"]);
    const second = await db.selectFrom("agenda_sections").select("id").where("conference_id", "=", conferenceId).where("title", "=", "Second").executeTakeFirstOrThrow();
    expect((await auditedBy(() => renameSection(db, staff.id, conferenceId, second.id, "Second, renamed"))).map((r) => r.action)).toEqual(["section.rename"]);
    expect((await auditedBy(() => moveSection(db, staff.id, conferenceId, second.id, "up"))).map((r) => r.action)).toEqual(["section.move"]);

    const { resolutionId } = await makeCarriedResolution(db);
    const progress = await auditedBy(() => recordResolutionProgress(db, staff.id, resolutionId, { status: "in_progress", notedOn: "2026-11-25", note: "Raised with NHS England." }));
    expect(progress.map((r) => [r.action, r.actor_user_id])).toEqual([["resolution.progress", staff.id]]);
  });

  it("users: one row each, never with a password in it", async () => {
    const db = getDb();
    const admin = await makeUser(db, { role: "admin" });
    let userId = 0;
    const created = await auditedBy(async () => {
      const user = await createUser(db, admin.id, { email: "audited@example.org", name: "Audited User", role: "gp", password: "a long enough password" });
      userId = (user as { id: number }).id;
    });
    expect(created.map((r) => [r.action, r.actor_user_id])).toEqual([["user.create", admin.id]]);
    expect(JSON.stringify(created)).not.toContain("a long enough password");
    expect((await auditedBy(() => updateUser(db, admin.id, userId, { intent: "update", name: "Audited User Two", role: "gp" }))).map((r) => r.action)).toEqual(["user.update"]);
    expect((await auditedBy(() => setUserDisabled(db, admin.id, userId, true))).length).toBe(1);
  });

  it("campaigns, options, sign-ups, pledges and notices: one row each, with the actor", async () => {
    const db = getDb();
    const campaign = await makeCampaign(db, { status: "draft", options: [{ title: "Audited option" }] });
    const staffId = campaign.staffId;
    expect((await auditedBy(() => changeCampaignStatus(db, staffId, campaign.id, "open", 1, "Go."))).map((r) => [r.action, r.actor_user_id])).toEqual([["campaign.status", staffId]]);
    expect((await auditedBy(() => addCampaignNote(db, staffId, campaign.id, "A note for the timeline."))).map((r) => r.action)).toEqual(["campaign.note"]);
    const option = campaign.options[0]!;
    expect(
      (await auditedBy(() => saveOption(db, staffId, campaign.id, option.id, { title: "Audited option", description: "What a practice does, edited.", riskNote: "", trigger: null, clauseIds: [] }))).map((r) => r.action),
    ).toEqual(["option.update"]);

    const practice = await makePractice(db);
    const lead = await makeSignatory(db, practice);
    const signed = await auditedBy(() => changeSignUp(db, lead.id, { practiceId: practice.id, optionId: option.id, status: "pledged", condition: null, expectedVersion: 0 }));
    expect(signed.map((r) => [r.action, r.actor_user_id])).toEqual([["signup.create", lead.id]]);
    expect(signed[0]!.after_json).toContain('"status":"pledged"');
    const withdrawn = await auditedBy(() => changeSignUp(db, lead.id, { practiceId: practice.id, optionId: option.id, status: "withdrawn", condition: null, expectedVersion: 1 }));
    expect(withdrawn.map((r) => r.action)).toEqual(["signup.withdraw"]);
    expect(withdrawn[0]!.before_json).toContain('"status":"pledged"');
    expect((await auditedBy(() => setPersonalPledge(db, lead.id, option.id, true))).map((r) => [r.action, r.actor_user_id])).toEqual([["pledge.create", lead.id]]);
    expect(
      (await auditedBy(() => recordNotice(db, lead.id, { practiceId: practice.id, optionId: option.id, type: "breach_notice", receivedOn: "2026-11-20", note: "" }))).map((r) => r.action),
    ).toEqual(["notice.create"]);
  });
});

describe("the signed-practices export is itself audited", () => {
  it("records who took it and how many practices it named, and a refused download records nothing", async () => {
    const db = getDb();
    const campaign = await makeCampaign(db, { options: [{ title: "Exported option" }] });
    const practices = [await makePractice(db), await makePractice(db)];
    for (const practice of practices) await signPracticeUp(db, { practice, option: campaign.options[0]!, status: "pledged" });
    const staff = await makeUser(db, { role: "bma_staff" });
    const gp = await makeUser(db);
    const mod = await import("../../app/routes/campaigns.$id_.signed-practices[.]csv");
    const exportsOf = () => db.selectFrom("audit_events").select(["actor_user_id", "after_json"]).where("action", "=", "signups.export").where("entity_id", "=", String(campaign.id)).execute();
    const params = { id: String(campaign.id) };

    const refused = await answerOf(async () => mod.loader({ request: await requestAs(gp.id, `/campaigns/${campaign.id}/signed-practices.csv`), params, context: { cspNonce: "" } }));
    expect(refused.status).toBe(403);
    expect(await exportsOf()).toEqual([]);

    const taken = await answerOf(async () => mod.loader({ request: await requestAs(staff.id, `/campaigns/${campaign.id}/signed-practices.csv`), params, context: { cspNonce: "" } }));
    expect(taken.status).toBe(200);
    for (const practice of practices) expect(taken.body).toContain(practice.ods_code);
    expect(await exportsOf()).toEqual([{ actor_user_id: staff.id, after_json: JSON.stringify({ practices: 2 }) }]);
  });
});
