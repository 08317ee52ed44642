// Every reference in a motion form is checked against what its user may reach: a section of the
// same conference, a parent or replaced motion they may see, a clause that exists. A refused
// form answers 400 with a message and writes nothing. Saving never accepts a submission, and
// votes are recorded only on the agenda.
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "../../app/domain/conference-access";
import { getDb } from "../../app/utils/db.server";
import { makeConference, makeLmc, makeMotion, makeSection, makeUser, viewerOf } from "../fixtures/factories";
import { answerOf, formPost, requestAs } from "../fixtures/requests";

type Handler = (args: unknown) => Promise<unknown>;

async function post(file: string, userId: number, params: Record<string, string>, fields: Record<string, string>) {
  const mod = (await import(/* @vite-ignore */ path.resolve("app/routes", file))) as { action: Handler };
  const request = await requestAs(userId, "/x", formPost(fields));
  return answerOf(() => mod.action({ request, params, context: { cspNonce: "" } }));
}

async function load(file: string, userId: number, params: Record<string, string>) {
  const mod = (await import(/* @vite-ignore */ path.resolve("app/routes", file))) as { loader: Handler };
  const request = await requestAs(userId, "/x");
  return answerOf(() => mod.loader({ request, params, context: { cspNonce: "" } }));
}

async function idOf(title: string) {
  return (await getDb().selectFrom("motions").select("id").where("title", "=", title).executeTakeFirstOrThrow()).id;
}

/** The field messages of a refused Conform form. */
function fieldErrors(data: unknown): Record<string, string[] | null> {
  return (data as { error?: Record<string, string[] | null> }).error ?? {};
}

/** How many motions and audit rows exist: a refused form changes neither. */
async function written() {
  const db = getDb();
  const [motions, audit] = await Promise.all([
    db.selectFrom("motions").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
    db.selectFrom("audit_events").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { motions: Number(motions.n), audit: Number(audit.n) };
}

const people = {} as Record<"staff" | "ownSecretary" | "otherSecretary", { id: number; viewer: Viewer }>;
const ids = {} as Record<"national" | "otherNational" | "meeting" | "meetingSection" | "otherSection" | "agendaMotion" | "draft" | "submission", number>;
let ownLmcId = 0;

beforeAll(async () => {
  const db = getDb();
  const ownLmc = await makeLmc(db);
  ownLmcId = ownLmc.id;
  const otherLmc = await makeLmc(db);
  for (const [key, role, lmcId] of [
    ["staff", "bma_staff", undefined],
    ["ownSecretary", "lmc_secretary", ownLmc.id],
    ["otherSecretary", "lmc_secretary", otherLmc.id],
  ] as const) {
    const user = await makeUser(db, { role, lmcId });
    people[key] = { id: user.id, viewer: viewerOf(user) };
  }
  ids.national = (await makeConference(db, { status: "planning" })).id;
  ids.otherNational = (await makeConference(db, { status: "planning" })).id;
  ids.otherSection = await makeSection(db, people.staff.id, ids.otherNational);
  ids.meeting = (await makeConference(db, { lmcId: ownLmc.id, status: "planning" })).id;
  ids.meetingSection = await makeSection(db, people.ownSecretary.id, ids.meeting, "Private section");
  ids.agendaMotion = await makeMotion(db, people.staff.viewer, ids.national, { number: "1" });
  const own = { proposer: ownLmc.name, proposerLmcId: ownLmc.id };
  ids.draft = await makeMotion(db, people.ownSecretary.viewer, ids.national, { ...own, number: "2", title: "Private draft", state: "draft" });
  ids.submission = await makeMotion(db, people.ownSecretary.viewer, ids.national, { ...own, number: "3", title: "Private submission", state: "submitted" });
});

const NEW = "conferences.$id_.motions.new.tsx";
const motionForm = (fields: Record<string, string>) => ({ number: "20", title: "A new motion", proposer: "AVON", "parts[0].text": "That conference agrees.", ...fields });

describe("references in a motion form", () => {
  it("a section must be one of the conference's own", async () => {
    const before = await written();
    for (const [who, sectionId] of [
      [people.otherSecretary.id, ids.meetingSection],
      [people.staff.id, ids.otherSection],
    ] as const) {
      const answer = await post(NEW, who, { id: String(ids.national) }, motionForm({ sectionId: String(sectionId) }));
      expect(answer.status).toBe(400);
      expect(fieldErrors(answer.data).sectionId).toEqual(["Choose a section of this conference's agenda"]);
    }
    expect(await written()).toEqual(before);
  });

  it("a rider may attach only to a motion its author may see, and a hidden one reads as missing", async () => {
    const before = await written();
    const attach = async (parentNumber: string) => {
      const answer = await post(NEW, people.otherSecretary.id, { id: String(ids.national) }, motionForm({ kind: "rider", parentNumber }));
      expect(answer.status).toBe(400);
      return fieldErrors(answer.data).parentNumber?.[0]?.replace(parentNumber, "N");
    };
    expect(await attach("2")).toBe("There is no motion N in this conference to attach to");
    expect(await attach("3")).toBe(await attach("99"));
    expect(await written()).toEqual(before);
  });

  it("a composite may replace only motions its author may see", async () => {
    const before = await written();
    const answer = await post(NEW, people.otherSecretary.id, { id: String(ids.national) }, motionForm({ kind: "composite", replaces: "1, 3" }));
    expect(answer.status).toBe(400);
    expect(fieldErrors(answer.data).replaces).toEqual(["There is no motion 3 in this conference for the composite to replace"]);
    expect(await written()).toEqual(before);
  });

  it("a part may link only to a clause in the register", async () => {
    const before = await written();
    const answer = await post(NEW, people.staff.id, { id: String(ids.national) }, motionForm({ "parts[0].clauseId": "999999", "parts[0].intent": "support" }));
    expect(answer.status).toBe(400);
    expect(fieldErrors(answer.data)["parts[0].clauseId"]).toEqual(["Choose a clause from the register"]);
    expect(await written()).toEqual(before);
  });

  it("ids like 0x1 or 1e3 are refused, not read as numbers", async () => {
    const before = await written();
    const answer = await post(NEW, people.staff.id, { id: String(ids.national) }, motionForm({ sectionId: "0x1" }));
    expect(answer.status).toBe(400);
    expect(fieldErrors(answer.data).sectionId).toEqual(["Choose a section from the list"]);
    expect((await load("motions.$id.tsx", people.staff.id, { id: `0x${ids.agendaMotion.toString(16)}` })).status).toBe(404);
    expect((await load("motions.$id.tsx", people.staff.id, { id: "1e0" })).status).toBe(404);
    expect(await written()).toEqual(before);
  });

  it("a secretary's form asks no number: the draft gets a placeholder that says nothing of anyone else's", async () => {
    const db = getDb();
    // A number posted anyway is not theirs to choose: it is ignored, even one another LMC's draft holds.
    const answer = await post(NEW, people.otherSecretary.id, { id: String(ids.national) }, motionForm({ number: "2", title: "Numbered by hand" }));
    expect(answer.status).toBe(302);
    const saved = await db.selectFrom("motions").select(["number", "state"]).where("title", "=", "Numbered by hand").executeTakeFirstOrThrow();
    expect(saved.state).toBe("draft");
    expect(saved.number).toMatch(/^draft-[0-9a-f]{12}$/);
    const page = await load("motions.$id.tsx", people.otherSecretary.id, { id: String(await idOf("Numbered by hand")) });
    expect((page.data as { motion: { name: string } }).motion.name).toBe("Draft motion");
  });

  it("a taken number gets the same words whoever holds it, so another LMC's draft stays unknown to those who number the agenda", async () => {
    const before = await written();
    const clash = async (number: string) => {
      const answer = await post(NEW, people.staff.id, { id: String(ids.national) }, motionForm({ number }));
      expect(answer.status).toBe(400);
      return fieldErrors(answer.data).number?.[0];
    };
    const onDraft = await clash("2");
    expect(onDraft).toBe("Number 2 is already taken in this conference. Choose another.");
    expect(onDraft).not.toMatch(/draft|Private/i);
    expect(onDraft?.replace("2", "N")).toBe((await clash("1"))?.replace("1", "N"));
    expect(await written()).toEqual(before);
  });

  it("those who number the agenda must give a number", async () => {
    const before = await written();
    const answer = await post(NEW, people.staff.id, { id: String(ids.national) }, motionForm({ number: "" }));
    expect(answer.status).toBe(400);
    expect(fieldErrors(answer.data).number).toEqual(["Enter a motion number"]);
    expect(await written()).toEqual(before);
  });
});

describe("saving a submitted motion", () => {
  it("keeps it submitted and keeps its LMC when staff save it; only accepting puts it on the agenda", async () => {
    const db = getDb();
    const motion = () => db.selectFrom("motions").select(["state", "proposer_lmc_id", "title"]).where("id", "=", ids.submission).executeTakeFirstOrThrow();
    const { version } = await db.selectFrom("motions").select("version").where("id", "=", ids.submission).executeTakeFirstOrThrow();
    const saved = await post("motions.$id_.edit.tsx", people.staff.id, { id: String(ids.submission) }, {
      ...motionForm({ number: "3", title: "Private submission, tidied", proposer: "Its LMC" }),
      version: String(version),
    });
    expect(saved.status).toBe(302);
    expect(await motion()).toEqual({ state: "submitted", proposer_lmc_id: ownLmcId, title: "Private submission, tidied" });
    expect((await post("motions.$id.tsx", people.staff.id, { id: String(ids.submission) }, { intent: "accept" })).status).toBe(302);
    expect(await motion()).toMatchObject({ state: "agenda", proposer_lmc_id: ownLmcId });
  });
});

describe("recording votes", () => {
  it("is refused with a clear message until the motion is on the agenda", async () => {
    const db = getDb();
    const submitted = await makeMotion(db, people.ownSecretary.viewer, ids.national, { number: "30", state: "submitted", proposerLmcId: ownLmcId });
    const part = await db.selectFrom("motion_parts").select("id").where("motion_id", "=", submitted).executeTakeFirstOrThrow();
    const page = await load("motions.$id_.votes.tsx", people.staff.id, { id: String(submitted) });
    expect(page.status).toBe(409);
    expect(page.body).toContain("is not on the agenda yet, so no votes can be recorded on it");
    const vote = { [`part-${part.id}-method`]: "show_of_hands", [`part-${part.id}-majority`]: "simple", [`part-${part.id}-outcome`]: "carried", [`part-${part.id}-version`]: "0" };
    expect((await post("motions.$id_.votes.tsx", people.staff.id, { id: String(submitted) }, vote)).status).toBe(409);
    expect(await db.selectFrom("part_votes").select("part_id").where("part_id", "=", part.id).execute()).toEqual([]);
    expect(await db.selectFrom("resolutions").select("id").where("part_id", "=", part.id).execute()).toEqual([]);

    await post("motions.$id.tsx", people.staff.id, { id: String(submitted) }, { intent: "accept" });
    expect((await load("motions.$id_.votes.tsx", people.staff.id, { id: String(submitted) })).status).toBe(200);
    expect((await post("motions.$id_.votes.tsx", people.staff.id, { id: String(submitted) }, vote)).status).toBe(302);
    expect(await db.selectFrom("resolutions").select("id").where("part_id", "=", part.id).execute()).toHaveLength(1);
  });
});
