// Pages show the record, not the machinery. A motion drafted by an LMC, reworded, submitted,
// accepted, edited, voted and corrected: its public page and the conference's exports carry no
// audit internals (no action codes, row ids, field names, JSON, names or earlier wording). Those
// who may read the full history read it in words too. A conference that is not public answers
// its exports with a plain 404, not a server error.
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "../../app/domain/conference-access";
import { saveMotion, submitMotion } from "../../app/models/motions.server";
import { acceptSubmission } from "../../app/models/review.server";
import { recordPartVote } from "../../app/models/votes.server";
import { getDb } from "../../app/utils/db.server";
import { makeConference, makeLmc, makeMotion, makeUser, viewerOf } from "../fixtures/factories";
import { answerOf, requestAs } from "../fixtures/requests";

async function call(file: string, userId: number | null, params: Record<string, string>) {
  const mod = (await import(/* @vite-ignore */ path.resolve("app/routes", file))) as { loader: (args: unknown) => Promise<unknown> };
  const request = await requestAs(userId, "/x");
  return answerOf(() => mod.loader({ request, params, context: { cspNonce: "" } }));
}

const people = {} as Record<"staff" | "secretary" | "gp" | "admin", { id: number; name: string; viewer: Viewer }>;
let conference = 0;
let hidden = 0;
let motionId = 0;

/** What the audit log is made of, which no public page or file may show. */
const INTERNALS = [
  /\b(?:motion|vote|motions|agenda)\.(?:create|update|submit|accept|reject|merge|record|correct|set_state|import_csv|import)\b/,
  /before_json|after_json|"before"|"after"|actor_user_id|entity_id|"action"|"actorName"/,
  /draft-[0-9a-f]{6}/,
  /Zebra early wording/,
];

beforeAll(async () => {
  const db = getDb();
  const lmc = await makeLmc(db, "Zebra Fields LMC");
  for (const [key, role, lmcId] of [
    ["staff", "bma_staff", undefined],
    ["secretary", "lmc_secretary", lmc.id],
    ["gp", "gp", undefined],
    ["admin", "admin", undefined],
  ] as const) {
    const user = await makeUser(db, { role, lmcId });
    people[key] = { id: user.id, name: user.name, viewer: viewerOf(user) };
  }
  conference = (await makeConference(db, { status: "planning", title: "Record not machinery" })).id;
  const draft = {
    number: "draft-0123456789ab",
    title: "Rota gaps",
    proposer: lmc.name,
    proposerLmcId: lmc.id,
    seconder: null,
    kind: "motion" as const,
    parentNumber: null,
    replaces: [],
    marking: "debate" as const,
    sectionId: null,
    preamble: "",
    state: "draft" as const,
  };
  motionId = await makeMotion(db, people.secretary.viewer, conference, { ...draft, parts: [{ text: "Zebra early wording, never published." }, { text: "A second part." }] });
  await saveMotion(db, people.secretary.viewer, conference, { ...draft, parts: [{ text: "That conference asks for rota gaps to be filled." }, { text: "and funded." }] }, { motionId });
  await submitMotion(db, people.secretary.id, motionId);
  await acceptSubmission(db, people.staff.id, conference, motionId);
  await db.updateTable("conferences").set({ status: "in_session" }).where("id", "=", conference).execute();
  const parts = await db.selectFrom("motion_parts").select("id").where("motion_id", "=", motionId).orderBy("position").execute();
  const vote = { method: "electronic" as const, majority: "simple" as const, for: 10, against: 2, abstain: 0 };
  await recordPartVote(db, people.staff.id, { partId: parts[0]!.id, ...vote, version: 0 });
  await recordPartVote(db, people.staff.id, { partId: parts[1]!.id, ...vote, version: 0 });
  await recordPartVote(db, people.staff.id, { partId: parts[1]!.id, ...vote, for: 11, version: 1, reason: "count error" });
  hidden = (await makeConference(db, { status: "planning", title: "Not out yet" })).id;
});

describe("the public motion page and the exports", () => {
  it.each(["public", "gp", "admin"] as const)("show %s the record in words, with no audit internals", async (who) => {
    const userId = who === "public" ? null : people[who].id;
    const page = await call("motions.$id.tsx", userId, { id: String(motionId) });
    expect(page.status).toBe(200);
    const data = page.data as { history: unknown; record: { text: string }[] };
    expect(data.history).toBeNull();
    expect(data.record).toEqual([
      { text: expect.stringMatching(/^Part \(ii\) corrected on \d{1,2} [A-Z][a-z]+ \d{4}: count error$/) },
      { text: expect.stringMatching(/^Votes recorded on \d{1,2} [A-Z][a-z]+ \d{4}$/) },
      { text: expect.stringMatching(/^Placed on the agenda on \d{1,2} [A-Z][a-z]+ \d{4}$/) },
    ]);
    for (const internal of INTERNALS) expect(page.body).not.toMatch(internal);
    for (const name of [people.staff.name, people.secretary.name]) expect(page.body).not.toContain(name);

    for (const file of ["conferences.$id_.motions[.]csv.ts", "conferences.$id_.motions[.]json.ts"]) {
      const exported = await call(file, userId, { id: String(conference) });
      expect(exported.status).toBe(200);
      expect(exported.body).toContain("That conference asks for rota gaps to be filled.");
      for (const internal of INTERNALS) expect(exported.body, file).not.toMatch(internal);
      for (const name of [people.staff.name, people.secretary.name]) expect(exported.body).not.toContain(name);
    }
  });

  it("staff and the proposing LMC read the full history in plain words: who, what, when, what changed", async () => {
    for (const who of ["staff", "secretary"] as const) {
      const page = await call("motions.$id.tsx", people[who].id, { id: String(motionId) });
      const history = (page.data as { history: { text: string; who: string; details: string[]; reason: string | null }[] }).history;
      expect(history.map((h) => h.text)).toEqual([
        "Vote corrected on part (ii): Carried: 11 for, 2 against, 0 abstaining (electronic, simple majority)",
        "Vote recorded on part (ii): Carried: 10 for, 2 against, 0 abstaining (electronic, simple majority)",
        "Vote recorded on part (i): Carried: 10 for, 2 against, 0 abstaining (electronic, simple majority)",
        "Accepted onto the agenda as motion 1",
        "Submitted to the conference",
        "Edited",
        "Drafted",
      ]);
      expect(history[0]).toMatchObject({ who: people.staff.name, reason: "count error" });
      expect(history[5]!.details).toEqual([
        "Part (i) reworded: was “Zebra early wording, never published.”, now “That conference asks for rota gaps to be filled.”",
        "Part (ii) reworded: was “A second part.”, now “and funded.”",
      ]);
      // Words, not machinery: no action codes, field names or JSON anywhere in what the page gets.
      for (const words of history.flatMap((h) => [h.text, ...h.details, h.reason ?? ""])) {
        expect(words).not.toMatch(/\b(?:motion|vote)\.[a-z_]+|_json|_id\b|[{}[\]]|"[a-z_]+":/);
      }
    }
  });

  it("the audit log names records by number and conference, with links, never by row id", async () => {
    const page = await call("admin.audit.tsx", people.staff.id, {});
    const events = (page.data as { events: { text: string; subject: { label: string; href: string | null } }[] }).events;
    const accepted = events.find((e) => e.text === "Accepted onto the agenda as motion 1")!;
    expect(accepted.subject).toEqual({ label: "Motion 1, Record not machinery", href: `/motions/${motionId}` });
    const vote = events.find((e) => e.text.startsWith("Vote corrected") && e.subject.label.includes("part (ii)"))!;
    expect(vote.subject).toEqual({ label: "Motion 1 part (ii), Record not machinery", href: `/motions/${motionId}` });
    expect(page.body).not.toMatch(/"action":|before_json|after_json|"entityId"/);
  });

  it("the account page says what a user can do in words, not permission strings", async () => {
    for (const who of ["staff", "secretary", "gp", "admin"] as const) {
      const page = await call("account.tsx", people[who].id, {});
      const powers = (page.data as { powers: string[] }).powers;
      expect(powers.length).toBeGreaterThan(0);
      for (const power of powers) expect(power).toMatch(/^[A-Z][a-z]/);
      expect(page.body).not.toMatch(/\b[a-z]+:[a-z-]+:(?:own|any|lmc|practice)\b/);
    }
  });
});

describe("exports of a conference that is not public", () => {
  it.each(["conferences.$id_.motions[.]csv.ts", "conferences.$id_.motions[.]json.ts"])("%s answers 404 in words, not as a server error", async (file) => {
    for (const id of [String(hidden), "999999", "abc"]) {
      const answer = await call(file, null, { id });
      expect(answer.status).toBe(404);
      expect(answer.body).not.toMatch(/Unexpected Server Error/);
      expect(answer.body.trim()).toMatch(/^No such conference$|^Not found$/);
    }
  });
});

describe("the clause register and the clause page", () => {
  it("agree on what counts as targeting a clause, for every reader", async () => {
    const db = getDb();
    const clause = (await db.selectFrom("clauses").select("id").orderBy("id", "desc").executeTakeFirstOrThrow()).id;
    const link = (text: string) => [{ text, clauseId: clause, intent: "amend" as const }, { text: `${text} More.`, clauseId: clause, intent: "support" as const }];
    const open = (await makeConference(db, { status: "agenda_published", title: "Clause agreement" })).id;
    const lmc = people.secretary.viewer.lmcId!;
    await makeMotion(db, people.staff.viewer, open, { number: "1", parts: link("On the agenda.") });
    await makeMotion(db, people.secretary.viewer, open, { number: "draft-aaaaaaaaaaaa", state: "draft", proposerLmcId: lmc, parts: link("A draft.") });
    await makeMotion(db, people.secretary.viewer, open, { number: "draft-bbbbbbbbbbbb", state: "submitted", proposerLmcId: lmc, parts: link("A submission.") });
    const counts = { public: 0, gp: 0, secretary: 0, staff: 0 };
    for (const who of ["public", "gp", "secretary", "staff"] as const) {
      const userId = who === "public" ? null : people[who].id;
      const register = (await call("clauses._index.tsx", userId, {})).data as { clauses: { id: number; part_count: number }[] };
      const page = (await call("clauses.$id.tsx", userId, { id: String(clause) })).data as { targeted: unknown[] };
      const counted = register.clauses.find((c) => c.id === clause)!.part_count;
      expect(counted, who).toBe(page.targeted.length);
      counts[who] = counted;
    }
    // Each sees the parts of the motions they may see: the agenda's, and their own LMC's or the queue's.
    expect(counts.public).toBe(counts.gp);
    expect(counts.secretary).toBe(counts.public + 4);
    expect(counts.staff).toBe(counts.public + 2);
  });
});
