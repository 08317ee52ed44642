// Nothing private leaks through a public page or file. One LMC holds a private meeting (still
// planning) and has drafts and a submission at a national conference; one of its motions was
// redrafted before being accepted. The public, a GP and another LMC's secretary read every
// public page and export and find none of it: no titles, no wording, no counts, no names.
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "../../app/domain/conference-access";
import { saveMotion, submitMotion } from "../../app/models/motions.server";
import { acceptSubmission } from "../../app/models/review.server";
import { recordPartVote } from "../../app/models/votes.server";
import { getDb } from "../../app/utils/db.server";
import { makeConference, makeLmc, makeMotion, makeSection, makeUser, viewerOf } from "../fixtures/factories";
import { motionsInAgendaHtml } from "../fixtures/agenda-html";
import { answerOf, requestAs } from "../fixtures/requests";

// Every private text carries this word, so a page that shows any of it fails.
const PRIVATE = /quokka/i;

/** What `userId` (null: the public) gets from a route's loader. */
async function call(file: string, userId: number | null, url: string, params: Record<string, string> = {}) {
  const mod = (await import(/* @vite-ignore */ path.resolve("app/routes", file))) as { loader: (args: unknown) => Promise<unknown> };
  const request = await requestAs(userId, url);
  return answerOf(() => mod.loader({ request, params, context: { cspNonce: "" } }));
}

const db = () => getDb();
const ids = {} as Record<
  "national" | "meeting" | "publicMotion" | "draft" | "submission" | "redrafted" | "misfiled" | "meetingMotion" | "clause" | "meetingSection",
  number
>;
const resolutions = {} as Record<"public" | "meeting" | "legacy", number>;
const people = {} as Record<"staff" | "ownSecretary" | "otherSecretary" | "gp", { id: number; name: string; viewer: Viewer }>;

async function partOf(motionId: number) {
  return db().selectFrom("motion_parts").select("id").where("motion_id", "=", motionId).orderBy("position").executeTakeFirstOrThrow();
}

async function resolutionOf(motionId: number) {
  const part = await partOf(motionId);
  return (await db().selectFrom("resolutions").select("id").where("part_id", "=", part.id).executeTakeFirstOrThrow()).id;
}

beforeAll(async () => {
  const d = db();
  const hiddenLmc = await makeLmc(d, "Hidden Vale LMC");
  const otherLmc = await makeLmc(d);
  for (const [key, role, lmcId] of [
    ["staff", "bma_staff", undefined],
    ["ownSecretary", "lmc_secretary", hiddenLmc.id],
    ["otherSecretary", "lmc_secretary", otherLmc.id],
    ["gp", "gp", undefined],
  ] as const) {
    const user = await makeUser(d, { role, lmcId });
    people[key] = { id: user.id, name: user.name, viewer: viewerOf(user) };
  }
  const { staff, ownSecretary } = people;
  ids.clause = (await d.selectFrom("clauses").select("id").orderBy("id").executeTakeFirstOrThrow()).id;
  const linked = (text: string, intent: "support" | "remove" | "amend" = "support") => [{ text, clauseId: ids.clause, intent }];

  // The national conference, in session, with one public motion that carried.
  ids.national = (await makeConference(d, { status: "in_session", title: "National conference in session" })).id;
  const workforce = await makeSection(d, staff.id, ids.national, "Workforce");
  ids.publicMotion = await makeMotion(d, staff.viewer, ids.national, { number: "1", title: "Safe working limits", sectionId: workforce, parts: linked("That conference demands safe limits.") });
  await recordPartVote(d, staff.id, { partId: (await partOf(ids.publicMotion)).id, method: "show_of_hands", majority: "simple", for: null, against: null, abstain: null, outcome: "carried", version: 0 });
  resolutions.public = await resolutionOf(ids.publicMotion);

  // The hidden LMC's draft and submission there, both targeting the clause.
  const own = { proposer: hiddenLmc.name, proposerLmcId: hiddenLmc.id };
  ids.draft = await makeMotion(d, ownSecretary.viewer, ids.national, { ...own, number: "2", title: "Quokka draft title", state: "draft", parts: linked("Quokka draft wording.", "remove") });
  ids.submission = await makeMotion(d, ownSecretary.viewer, ids.national, { ...own, number: "3", title: "Quokka submission title", state: "submitted", parts: linked("Quokka submission wording.", "amend") });
  // Before the fix staff could record a vote on a submission; such a vote must not surface.
  const legacyPart = await partOf(ids.submission);
  const now = new Date().toISOString();
  await d.insertInto("part_votes").values({ part_id: legacyPart.id, method: "show_of_hands", majority: "simple", votes_for: null, votes_against: null, votes_abstain: null, outcome: "carried", recorded_by: staff.id, recorded_at: now, version: 1 }).execute();
  resolutions.legacy = (await d.insertInto("resolutions").values({ part_id: legacyPart.id, status: "not_started", created_at: now, updated_at: now }).returning("id").executeTakeFirstOrThrow()).id;

  // A motion drafted in private words, reworded, submitted and accepted, then voted and corrected.
  const draft = { ...own, number: "4", title: "Rota gaps", kind: "motion" as const, seconder: null, parentNumber: null, replaces: [], marking: "debate" as const, sectionId: null, preamble: "", state: "draft" as const };
  ids.redrafted = await makeMotion(d, ownSecretary.viewer, ids.national, { ...draft, parts: [{ text: "Quokka early wording, never published." }] });
  await saveMotion(d, ownSecretary.viewer, ids.national, { ...draft, parts: [{ text: "That conference asks for rota gaps to be filled." }] }, { motionId: ids.redrafted });
  await submitMotion(d, ownSecretary.id, ids.redrafted);
  await acceptSubmission(d, staff.id, ids.national, ids.redrafted);
  const redraftedPart = (await partOf(ids.redrafted)).id;
  const vote = { partId: redraftedPart, method: "electronic" as const, majority: "simple" as const, for: 10, against: 2, abstain: 0 };
  await recordPartVote(d, staff.id, { ...vote, version: 0 });
  await recordPartVote(d, staff.id, { ...vote, for: 11, version: 1, reason: "count error" });

  // The hidden LMC's own meeting, still being planned, with a carried motion in a private section.
  ids.meeting = (await makeConference(d, { lmcId: hiddenLmc.id, status: "planning", title: "Quokka private meeting" })).id;
  ids.meetingSection = await makeSection(d, ownSecretary.id, ids.meeting, "Quokka section title");
  ids.meetingMotion = await makeMotion(d, ownSecretary.viewer, ids.meeting, { number: "1", title: "Quokka meeting motion title", proposer: hiddenLmc.name, sectionId: ids.meetingSection, parts: linked("Quokka meeting wording.") });
  await recordPartVote(d, ownSecretary.id, { partId: (await partOf(ids.meetingMotion)).id, method: "show_of_hands", majority: "simple", for: null, against: null, abstain: null, outcome: "carried", version: 0 });
  resolutions.meeting = await resolutionOf(ids.meetingMotion);

  // An agenda motion whose section belongs to the private meeting (data saved before the check).
  ids.misfiled = await makeMotion(d, staff.viewer, ids.national, { number: "5", title: "Misfiled but public" });
  await d.updateTable("motions").set({ section_id: ids.meetingSection }).where("id", "=", ids.misfiled).execute();
});

const OUTSIDERS = ["public", "gp", "otherSecretary"] as const;
const userIdOf = (who: (typeof OUTSIDERS)[number]) => (who === "public" ? null : people[who].id);

describe.each(OUTSIDERS)("as %s", (who) => {
  const as = (file: string, url: string, params: Record<string, string> = {}) => call(file, userIdOf(who), url, params);

  it("no public page or file shows a private title, wording or section", async () => {
    const n = String(ids.national);
    const pages: [string, string, Record<string, string>?][] = [
      ["conferences._index.tsx", "/conferences"],
      // Every private text also has "wording" or "title" in it: search must not find them.
      ["conferences._index.tsx", "/conferences?q=wording"],
      ["conferences._index.tsx", "/conferences?q=title"],
      ["conferences.$id.tsx", `/conferences/${n}`, { id: n }],
      ["conferences.$id.tsx", `/conferences/${n}?q=wording`, { id: n }],
      ["conferences.$id_.motions[.]csv.ts", `/conferences/${n}/motions.csv`, { id: n }],
      ["conferences.$id_.motions[.]json.ts", `/conferences/${n}/motions.json`, { id: n }],
      ["motions.$id.tsx", `/motions/${ids.publicMotion}`, { id: String(ids.publicMotion) }],
      ["motions.$id.tsx", `/motions/${ids.redrafted}`, { id: String(ids.redrafted) }],
      ["motions.$id.tsx", `/motions/${ids.misfiled}`, { id: String(ids.misfiled) }],
      ["clauses._index.tsx", "/clauses"],
      ["clauses.$id.tsx", `/clauses/${ids.clause}`, { id: String(ids.clause) }],
      ["resolutions._index.tsx", "/resolutions"],
      ["resolutions._index.tsx", `/resolutions?conference=${ids.meeting}`],
      ["resolutions[.]csv.ts", "/resolutions.csv"],
      ["resolutions.$id.tsx", `/resolutions/${resolutions.public}`, { id: String(resolutions.public) }],
    ];
    for (const [file, url, params] of pages) {
      const answer = await as(file, url, params);
      expect(answer.status, `${url} answers`).toBe(200);
      expect(answer.body, `${url} shows nothing private`).not.toMatch(PRIVATE);
    }
  });

  it("private conferences, motions and resolutions are not found at their addresses", async () => {
    const m = String(ids.meeting);
    const hidden: [string, string, Record<string, string>][] = [
      ["conferences.$id.tsx", `/conferences/${m}`, { id: m }],
      ["conferences.$id_.motions[.]csv.ts", `/conferences/${m}/motions.csv`, { id: m }],
      ["conferences.$id_.motions[.]json.ts", `/conferences/${m}/motions.json`, { id: m }],
      ...[ids.draft, ids.submission, ids.meetingMotion].map((id): [string, string, Record<string, string>] => ["motions.$id.tsx", `/motions/${id}`, { id: String(id) }]),
      ...[resolutions.meeting, resolutions.legacy].map((id): [string, string, Record<string, string>] => ["resolutions.$id.tsx", `/resolutions/${id}`, { id: String(id) }]),
    ];
    for (const [file, url, params] of hidden) expect((await as(file, url, params)).status, url).toBe(404);
  });

  it("counts only what is public: motions, clause targets and resolutions", async () => {
    const conferences = (await as("conferences._index.tsx", "/conferences")).data as { conferences: { id: number; motion_count: number }[] };
    expect(conferences.conferences.find((c) => c.id === ids.national)?.motion_count).toBe(3);
    expect(conferences.conferences.some((c) => c.id === ids.meeting)).toBe(false);
    const clauses = (await as("clauses._index.tsx", "/clauses")).data as { clauses: { id: number; part_count: number }[] };
    expect(clauses.clauses.find((c) => c.id === ids.clause)?.part_count).toBe(1);
    const list = (await as("resolutions._index.tsx", "/resolutions")).data as { paging: { total: number }; resolutions: { id: number }[] };
    expect(list.paging.total).toBe(2);
    expect(list.resolutions.map((r) => r.id).sort()).toEqual([resolutions.public, await resolutionOf(ids.redrafted)].sort());
  });

  it("a motion's page shows only its published record, in words, with no names", async () => {
    const answer = await as("motions.$id.tsx", `/motions/${ids.redrafted}`, { id: String(ids.redrafted) });
    const page = answer.data as { history: unknown; record: { text: string }[] };
    expect(page.history).toBeNull();
    expect(page.record.map((l) => l.text)).toEqual([
      expect.stringMatching(/^Part \(i\) corrected on \d+ \w+ \d{4}: count error$/),
      expect.stringMatching(/^Votes recorded on /),
      expect.stringMatching(/^Placed on the agenda on /),
    ]);
    for (const name of [people.staff.name, people.ownSecretary.name]) expect(answer.body).not.toContain(name);
    expect(answer.body).not.toMatch(/before|motion\.(create|update|submit)/);
  });

  it("a motion filed under another conference's section stays on its agenda, with no section shown", async () => {
    const page = (await as("conferences.$id.tsx", `/conferences/${ids.national}`, { id: String(ids.national) })).data as { agenda: string };
    // The page lists motions under their section, or under "Other motions" when it has none here.
    expect(motionsInAgendaHtml(page.agenda).find((m) => m.id === ids.misfiled)?.section).toBe("Other motions");
    const motion = (await as("motions.$id.tsx", `/motions/${ids.misfiled}`, { id: String(ids.misfiled) })).data as { motion: { section: string | null } };
    expect(motion.motion.section).toBeNull();
  });
});

describe("those who may see private work still do", () => {
  it("the proposing LMC's secretary sees its draft, submission and meeting, with the full history", async () => {
    const { ownSecretary } = people;
    const national = await call("conferences.$id.tsx", ownSecretary.id, `/conferences/${ids.national}`, { id: String(ids.national) });
    expect(national.body).toContain("Quokka draft title");
    expect(national.body).toContain("Quokka submission title");
    const meeting = await call("conferences.$id.tsx", ownSecretary.id, `/conferences/${ids.meeting}`, { id: String(ids.meeting) });
    expect(meeting.body).toContain("Quokka meeting motion title");
    const clauses = (await call("clauses._index.tsx", ownSecretary.id, "/clauses")).data as { clauses: { id: number; part_count: number }[] };
    expect(clauses.clauses.find((c) => c.id === ids.clause)?.part_count).toBe(4);
    const motion = await call("motions.$id.tsx", ownSecretary.id, `/motions/${ids.redrafted}`, { id: String(ids.redrafted) });
    expect(motion.body).toContain("Quokka early wording");
  });

  it("BMA staff see the submission but not the draft, nor the LMC's own meeting", async () => {
    const { staff } = people;
    const national = await call("conferences.$id.tsx", staff.id, `/conferences/${ids.national}`, { id: String(ids.national) });
    expect(national.body).toContain("Quokka submission title");
    expect(national.body).not.toContain("Quokka draft title");
    expect((await call("conferences.$id.tsx", staff.id, `/conferences/${ids.meeting}`, { id: String(ids.meeting) })).status).toBe(404);
    // Resolutions still come only from the agenda, even for those who see the submission.
    const list = (await call("resolutions._index.tsx", staff.id, "/resolutions")).data as { resolutions: { id: number }[] };
    expect(list.resolutions.map((r) => r.id)).not.toContain(resolutions.legacy);
  });
});
