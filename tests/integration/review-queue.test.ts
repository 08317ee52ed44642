// The agenda committee's queue (/conferences/:id/review): staff see every submission waiting in
// one place, accept one (its number is assigned then: an LMC never chooses it), reject one with
// a reason its LMC reads, or merge several into a composite that replaces them; each decision is
// audited. Drafts read "Draft" or "Submitted", never "Awaiting vote"; submissions close at the
// deadline and once the conference is in session; a deadline after the conference is refused.
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "../../app/domain/conference-access";
import { loadAgenda } from "../../app/models/agenda.server";
import { recordPartVote } from "../../app/models/votes.server";
import { getDb } from "../../app/utils/db.server";
import { makeConference, makeLmc, makeMotion, makeUser, viewerOf } from "../fixtures/factories";
import { motionsInAgendaHtml } from "../fixtures/agenda-html";
import { answerOf, requestAs } from "../fixtures/requests";

type Handler = (args: unknown) => Promise<unknown>;
const REVIEW = "conferences.$id_.review.tsx";
const NEW = "conferences.$id_.motions.new.tsx";

async function route(file: string) {
  return (await import(/* @vite-ignore */ path.resolve("app/routes", file))) as { loader: Handler; action: Handler };
}

async function load(file: string, userId: number | null, params: Record<string, string>) {
  const request = await requestAs(userId, "/x");
  return answerOf(async () => (await route(file)).loader({ request, params, context: { cspNonce: "" } }));
}

async function post(file: string, userId: number, params: Record<string, string>, fields: Record<string, string> | URLSearchParams) {
  const request = await requestAs(userId, "/x", { method: "POST", body: fields instanceof URLSearchParams ? fields : new URLSearchParams(fields) });
  return answerOf(async () => (await route(file)).action({ request, params, context: { cspNonce: "" } }));
}

const people = {} as Record<"staff" | "secretary" | "otherSecretary", { id: number; viewer: Viewer }>;
let lmc = { id: 0, name: "" };
const future = `${new Date().getUTCFullYear() + 1}`;

beforeAll(async () => {
  const db = getDb();
  lmc = await makeLmc(db, "Wessex Review LMC");
  const other = await makeLmc(db);
  for (const [key, role, lmcId] of [
    ["staff", "bma_staff", undefined],
    ["secretary", "lmc_secretary", lmc.id],
    ["otherSecretary", "lmc_secretary", other.id],
  ] as const) {
    const user = await makeUser(db, { role, lmcId });
    people[key] = { id: user.id, viewer: viewerOf(user) };
  }
});

/** A national conference being planned, open for submissions, with an agenda motion 1 already on it. */
async function openConference() {
  const conference = await makeConference(getDb(), { status: "planning", submissionDeadline: `${future}-09-30` });
  await makeMotion(getDb(), people.staff.viewer, conference.id, { number: "1", title: "Already on the agenda" });
  return conference.id;
}

/** The secretary drafts and submits through the form, as in the browser (no number asked). */
async function submitThroughForm(conferenceId: number, title: string, extra: Record<string, string> = {}) {
  const answer = await post(NEW, people.secretary.id, { id: String(conferenceId) }, { intent: "submit", title, "parts[0].text": `That conference ${title.toLowerCase()}.`, ...extra });
  expect(answer.status, JSON.stringify(answer.data)).toBe(302);
  const motion = await getDb().selectFrom("motions").selectAll().where("conference_id", "=", conferenceId).where("title", "=", title).executeTakeFirstOrThrow();
  expect(motion.state).toBe("submitted");
  return motion;
}

async function motion(id: number) {
  return getDb().selectFrom("motions").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

async function auditOf(id: number) {
  return getDb().selectFrom("audit_events").select(["action", "reason", "after_json", "actor_user_id"]).where("entity", "=", "motion").where("entity_id", "=", String(id)).orderBy("id").execute();
}

describe("the review queue", () => {
  it("lists every submission waiting, in one place, for staff only", async () => {
    const conferenceId = await openConference();
    const first = await submitThroughForm(conferenceId, "Protect safe working limits");
    // A draft is not in the queue until it is submitted.
    await post(NEW, people.secretary.id, { id: String(conferenceId) }, { intent: "save", title: "Still a draft", "parts[0].text": "That conference drafts." });
    const page = await load(REVIEW, people.staff.id, { id: String(conferenceId) });
    expect(page.status).toBe(200);
    const data = page.data as { waiting: { id: number; title: string; proposer: string }[] };
    expect(data.waiting.map((m) => m.title)).toEqual(["Protect safe working limits"]);
    expect(data.waiting[0]).toMatchObject({ id: first.id, proposer: lmc.name });
    expect(page.body).not.toContain("draft-");
    expect((await load(REVIEW, people.secretary.id, { id: String(conferenceId) })).status).toBe(403);
    expect((await load(REVIEW, null, { id: String(conferenceId) })).status).toBe(302);
    expect((await post(REVIEW, people.secretary.id, { id: String(conferenceId) }, { intent: "accept", motionId: String(first.id) })).status).toBe(403);
    expect((await motion(first.id)).state).toBe("submitted");
  });

  it("accepting assigns the next free number (a rider its motion's number and a letter), audited", async () => {
    const conferenceId = await openConference();
    const submitted = await submitThroughForm(conferenceId, "Fund premises properly");
    // The secretary never chose a number: the draft holds a placeholder until now.
    expect(submitted.number).toMatch(/^draft-/);
    const rider = await submitThroughForm(conferenceId, "And fund them now", { kind: "rider", parentNumber: "1" });

    const accepted = await post(REVIEW, people.staff.id, { id: String(conferenceId) }, { intent: "accept", motionId: String(submitted.id) });
    expect(accepted.status).toBe(302);
    expect(await motion(submitted.id)).toMatchObject({ state: "agenda", number: "2", proposer_lmc_id: lmc.id });
    await post(REVIEW, people.staff.id, { id: String(conferenceId) }, { intent: "accept", motionId: String(rider.id) });
    expect(await motion(rider.id)).toMatchObject({ state: "agenda", number: "1a" });

    const audit = await auditOf(submitted.id);
    expect(audit.map((a) => a.action)).toEqual(["motion.create", "motion.submit", "motion.accept"]);
    expect(JSON.parse(audit.at(-1)!.after_json!)).toEqual({ state: "agenda", number: "2" });
    expect(audit.at(-1)!.actor_user_id).toBe(people.staff.id);
    // The agenda reads it under its number; its page too.
    const agenda = await loadAgenda(getDb(), conferenceId, { viewer: people.otherSecretary.viewer });
    expect(agenda.map((m) => m.number)).toEqual(["1", "1a", "2"]);
    const page = await load("motions.$id.tsx", people.otherSecretary.id, { id: String(submitted.id) });
    expect((page.data as { motion: { name: string } }).motion.name).toBe("Motion 2");

    // Deciding twice is refused in words, not a crash.
    const again = await post(REVIEW, people.staff.id, { id: String(conferenceId) }, { intent: "accept", motionId: String(submitted.id) });
    expect(again.status).toBe(409);
  });

  it("rejecting needs a reason, which the LMC reads on its motion's page; the public never sees it", async () => {
    const conferenceId = await openConference();
    const submitted = await submitThroughForm(conferenceId, "Abolish the weather");
    const noReason = await post(REVIEW, people.staff.id, { id: String(conferenceId) }, { intent: "reject", motionId: String(submitted.id), reason: " " });
    expect(noReason.status).toBe(400);
    expect((noReason.data as { errors: Record<string, string[]> }).errors.reason).toEqual(["Say why, for the LMC: they read this"]);
    expect((await motion(submitted.id)).state).toBe("submitted");

    const reason = "Outside the remit of conference: the weather is not a contract matter.";
    expect((await post(REVIEW, people.staff.id, { id: String(conferenceId) }, { intent: "reject", motionId: String(submitted.id), reason })).status).toBe(302);
    expect(await motion(submitted.id)).toMatchObject({ state: "rejected", rejection_reason: reason });
    expect((await auditOf(submitted.id)).at(-1)).toMatchObject({ action: "motion.reject", reason });

    const own = await load("motions.$id.tsx", people.secretary.id, { id: String(submitted.id) });
    expect(own.status).toBe(200);
    const ownData = own.data as { motion: { name: string; rejection: { reason: string; on: string } | null; result: { label: string } }; canEdit: boolean; canSubmit: boolean };
    expect(ownData.motion.rejection?.reason).toBe(reason);
    expect(ownData.motion.name).toBe("Rejected motion");
    expect(ownData.motion.result.label).toBe("Rejected");
    expect(ownData.canEdit).toBe(false);
    expect(ownData.canSubmit).toBe(false);
    for (const outsider of [null, people.otherSecretary.id]) {
      expect((await load("motions.$id.tsx", outsider, { id: String(submitted.id) })).status).toBe(404);
    }
    // It leaves the queue for the list of rejections, with its reason.
    const queue = (await load(REVIEW, people.staff.id, { id: String(conferenceId) })).data as { waiting: unknown[]; rejected: { id: number; rejection_reason: string }[] };
    expect(queue.waiting).toEqual([]);
    expect(queue.rejected).toEqual([expect.objectContaining({ id: submitted.id, rejection_reason: reason })]);
  });

  it("merging makes a composite that replaces the chosen motions, accepting the submissions among them", async () => {
    const conferenceId = await openConference();
    const a = await submitThroughForm(conferenceId, "Cap contacts per clinician");
    const b = await submitThroughForm(conferenceId, "Limit online requests");
    const agendaMotion = (await getDb().selectFrom("motions").select("id").where("conference_id", "=", conferenceId).where("number", "=", "1").executeTakeFirstOrThrow()).id;

    const tooFew = await post(REVIEW, people.staff.id, { id: String(conferenceId) }, { intent: "merge", motionIds: String(a.id), title: "Safe working", proposer: "Agenda committee", parts: "That conference caps." });
    expect(tooFew.status).toBe(400);

    const fields = new URLSearchParams([
      ["intent", "merge"],
      ["motionIds", String(a.id)],
      ["motionIds", String(b.id)],
      ["motionIds", String(agendaMotion)],
      ["title", "Safe working limits"],
      ["proposer", "Agenda committee (to be proposed by Wessex)"],
      ["preamble", "That conference:"],
      ["parts", "caps contacts at 25 per clinician per day"],
      ["parts", "lets practices pause online requests when full"],
      ["parts", ""],
    ]);
    const merged = await post(REVIEW, people.staff.id, { id: String(conferenceId) }, fields);
    expect(merged.status, JSON.stringify(merged.data)).toBe(302);

    expect(await motion(a.id)).toMatchObject({ state: "agenda", number: "2" });
    expect(await motion(b.id)).toMatchObject({ state: "agenda", number: "3" });
    const agenda = await loadAgenda(getDb(), conferenceId, { viewer: people.staff.viewer });
    const composite = agenda.find((m) => m.kind === "composite")!;
    expect(composite).toMatchObject({ number: "4", title: "Safe working limits", preamble: "That conference:", state: "agenda" });
    expect(composite.parts.map((p) => [p.label, p.text])).toEqual([
      ["i", "caps contacts at 25 per clinician per day"],
      ["ii", "lets practices pause online requests when full"],
    ]);
    const replaced = await getDb().selectFrom("composite_replacements").select("replaced_motion_id").where("composite_id", "=", composite.id).execute();
    expect(replaced.map((r) => r.replaced_motion_id).sort((x, y) => x - y)).toEqual([agendaMotion, a.id, b.id].sort((x, y) => x - y));
    for (const id of [a.id, b.id, agendaMotion]) expect((await auditOf(id)).at(-1)).toMatchObject({ action: "motion.merge" });

    // Conference votes on the composite; a replaced motion may only fall.
    const [replacedPart] = await getDb().selectFrom("motion_parts").select("id").where("motion_id", "=", a.id).execute();
    const carried = await recordPartVote(getDb(), people.staff.id, { partId: replacedPart!.id, method: "show_of_hands", majority: "simple", for: null, against: null, abstain: null, outcome: "carried", version: 0 });
    expect(carried.ok).toBe(false);
    // Its public record says so, in words, once the agenda is out.
    await getDb().updateTable("conferences").set({ status: "agenda_published" }).where("id", "=", conferenceId).execute();
    const page = await load("motions.$id.tsx", null, { id: String(a.id) });
    expect((page.data as { record: { text: string }[] }).record[0]!.text).toMatch(/^Replaced by composite motion 4 on \d{1,2} \w+ \d{4}$/);

    // A motion already in a composite cannot be merged again.
    const twice = await post(REVIEW, people.staff.id, { id: String(conferenceId) }, new URLSearchParams([["intent", "merge"], ["motionIds", String(a.id)], ["motionIds", String(b.id)], ["title", "Again"], ["proposer", "X"], ["parts", "Again."]]));
    expect(twice.status).toBe(409);
  });
});

describe("drafts and the deadline", () => {
  it("a draft and a submission read Draft and Submitted, never Awaiting vote, and the awaiting-vote filter leaves them out", async () => {
    const conferenceId = await openConference();
    await submitThroughForm(conferenceId, "A submitted one");
    await post(NEW, people.secretary.id, { id: String(conferenceId) }, { intent: "save", title: "A drafted one", "parts[0].text": "That conference drafts." });
    const page = await load("conferences.$id.tsx", people.secretary.id, { id: String(conferenceId) });
    const motions = motionsInAgendaHtml((page.data as { agenda: string }).agenda);
    const labels = Object.fromEntries(motions.map((m) => [m.title, m.badge]));
    expect(labels).toMatchObject({ "A submitted one": "Submitted", "A drafted one": "Draft", "Already on the agenda": "Awaiting vote" });
    const awaiting = await loadAgenda(getDb(), conferenceId, { viewer: people.secretary.viewer, outcome: "awaiting_vote" });
    expect(awaiting.map((m) => m.title)).toEqual(["Already on the agenda"]);
  });

  it("submissions close at the deadline and once the conference is in session, whatever the deadline", async () => {
    const db = getDb();
    const past = await makeConference(db, { status: "planning", submissionDeadline: "2020-01-01" });
    const inSession = await makeConference(db, { status: "in_session", submissionDeadline: `${future}-09-30` });
    const open = await makeConference(db, { status: "agenda_published", submissionDeadline: `${future}-09-30` });
    const draftForm = async (id: number) => (await load(NEW, people.secretary.id, { id: String(id) })).status;
    expect(await draftForm(past.id)).toBe(403);
    expect(await draftForm(inSession.id)).toBe(403);
    expect(await draftForm(open.id)).toBe(200);
    // A draft made while open cannot be submitted once the conference is in session.
    const draft = await makeMotion(db, people.secretary.viewer, open.id, { number: "draft-early", state: "draft", proposer: lmc.name, proposerLmcId: lmc.id });
    await db.updateTable("conferences").set({ status: "in_session" }).where("id", "=", open.id).execute();
    const submit = await post("motions.$id.tsx", people.secretary.id, { id: String(draft) }, { intent: "submit" });
    expect(submit.status).toBe(403);
    expect((await motion(draft)).state).toBe("draft");
  });

  it("a submission deadline after the conference's date is refused", async () => {
    const body = await getDb().selectFrom("bodies").select("id").where("kind", "=", "national").executeTakeFirstOrThrow();
    const fields = { bodyId: String(body.id), title: "Deadline after the day", heldOn: `${future}-11-06`, status: "planning" };
    const late = await post("conferences._index.tsx", people.staff.id, {}, { ...fields, submissionDeadline: `${future}-11-07` });
    expect(late.status).toBe(400);
    expect((late.data as { error: Record<string, string[]> }).error.submissionDeadline).toEqual(["The deadline for motions must be on or before the conference's date"]);
    expect((await post("conferences._index.tsx", people.staff.id, {}, { ...fields, submissionDeadline: `${future}-11-06` })).status).toBe(302);
    const conference = await getDb().selectFrom("conferences").select("id").where("title", "=", "Deadline after the day").executeTakeFirstOrThrow();
    const edit = await post("conferences.$id_.edit.tsx", people.staff.id, { id: String(conference.id) }, { ...fields, submissionDeadline: `${future}-12-01` });
    expect(edit.status).toBe(400);
  });
});
