// A lossless round trip: a conference exported as CSV or as JSON and imported into an empty
// conference gives back the same agenda, field by field: sections in order, preambles,
// seconders, parts, markings, composites and what they replace, riders and their motions,
// starred groups and their lead, clause links with their intents, and every vote.
import path from "node:path";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "../../app/domain/conference-access";
import { listSections } from "../../app/models/conferences.server";
import { loadAgenda } from "../../app/models/agenda.server";
import { recordPartVote } from "../../app/models/votes.server";
import { getDb } from "../../app/utils/db.server";
import { makeConference, makeMotion, makeSection, makeUser, viewerOf } from "../fixtures/factories";
import { answerOf, requestAs } from "../fixtures/requests";

type Handler = (args: unknown) => Promise<unknown>;
let staff: { id: number; viewer: Viewer };
let source = 0;
let clauses: number[] = [];

async function route(file: string) {
  return (await import(/* @vite-ignore */ path.resolve("app/routes", file))) as { loader: Handler; action: Handler };
}

async function exported(file: string, conferenceId: number) {
  const request = await requestAs(null, "/x");
  const answer = await answerOf(async () => (await route(file)).loader({ request, params: { id: String(conferenceId) }, context: { cspNonce: "" } }));
  expect(answer.status).toBe(200);
  return answer.body;
}

/** Uploads a file to the import page, as a clerk's browser does (multipart). */
async function importFile(conferenceId: number, name: string, text: string, type: string) {
  const form = new FormData();
  form.append("file", new File([text], name, { type }));
  const request = await requestAs(staff.id, "/x", { method: "POST", body: form });
  return answerOf(async () => (await route("conferences.$id_.import-csv.tsx")).action({ request, params: { id: String(conferenceId) }, context: { cspNonce: "" } }));
}

/** A file's rows without the conference's own title and id. */
function withoutConference(file: string, type: string): unknown {
  if (type === "application/json") {
    const body = JSON.parse(file) as { conference: { sections: string[] }; rows: { conference: string }[] };
    return { sections: body.conference.sections, rows: body.rows.map(({ conference: _c, ...row }) => row) };
  }
  return (parse(file) as string[][]).map((cells) => cells.slice(1));
}

/** Everything the agenda says, with links written as motion numbers (ids differ between conferences). */
async function agendaOf(conferenceId: number) {
  const db = getDb();
  const [motions, sections, replaced] = await Promise.all([
    loadAgenda(db, conferenceId, { viewer: staff.viewer }),
    listSections(db, conferenceId),
    db
      .selectFrom("composite_replacements")
      .innerJoin("motions", "motions.id", "composite_replacements.replaced_motion_id")
      .select(["composite_replacements.composite_id", "motions.number"])
      .where("motions.conference_id", "=", conferenceId)
      .execute(),
  ]);
  const number = new Map(motions.map((m) => [m.id, m.number]));
  const section = new Map(sections.map((s) => [s.id, s.title]));
  const full = await db.selectFrom("motions").select(["id", "seconder"]).where("conference_id", "=", conferenceId).execute();
  const seconder = new Map(full.map((m) => [m.id, m.seconder]));
  return {
    sections: sections.map((s) => s.title),
    motions: motions.map((m) => ({
      number: m.number,
      title: m.title,
      proposer: m.proposer,
      seconder: seconder.get(m.id),
      kind: m.kind,
      marking: m.marking,
      state: m.state,
      section: m.section_id === null ? null : section.get(m.section_id),
      preamble: m.preamble,
      parent: m.parent_motion_id === null ? null : number.get(m.parent_motion_id),
      groupLead: m.group_lead_id === null ? null : number.get(m.group_lead_id),
      replaces: replaced.filter((r) => r.composite_id === m.id).map((r) => r.number).sort(),
      result: m.result,
      parts: m.parts.map((p) => ({
        label: p.label,
        text: p.text,
        method: p.method,
        majority: p.majority,
        for: p.votes_for,
        against: p.votes_against,
        abstain: p.votes_abstain,
        outcome: p.outcome,
        clauses: p.clauses.map((c) => `${c.clause_id} ${c.intent}`).sort(),
      })),
    })),
  };
}

beforeAll(async () => {
  const db = getDb();
  const user = await makeUser(db, { role: "bma_staff" });
  staff = { id: user.id, viewer: viewerOf(user) };
  clauses = (await db.selectFrom("clauses").select("id").orderBy("id").limit(2).execute()).map((c) => c.id);
  expect(clauses).toHaveLength(2);
  source = (await makeConference(db, { status: "published", title: "Round trip, with “typography” & more" })).id;
  // Sections out of number order: the first section holds the higher numbers.
  const online = await makeSection(db, staff.id, source, "Online access");
  const workforce = await makeSection(db, staff.id, source, "Workforce");
  const make = (over: Parameters<typeof makeMotion>[3]) => makeMotion(db, staff.viewer, source, over);
  await make({
    number: "3",
    title: "Workforce and safe limits",
    seconder: "DEVON",
    sectionId: workforce,
    preamble: "That conference:",
    parts: [
      { text: "demands safe working limits", clauseId: clauses[0], intent: "remove" },
      { text: "=asks for a formula-looking part, kept as written", clauseId: clauses[1], intent: "support" },
    ],
  });
  await make({ number: "5", title: "Online consultation tools", sectionId: online, marking: "AR", parts: [{ text: "That conference rejects the 08:00 to 18:30 mandate." }] });
  await make({ number: "5a", title: "And more on tools", kind: "rider", parentNumber: "5", sectionId: online, parts: [{ text: "and asks GPC England to act." }] });
  await make({ number: "6a", title: "Contacts cap, one", sectionId: online, marking: "grouped", parts: [{ text: "That conference caps contacts." }] });
  await make({ number: "6b", title: "Contacts cap, two", sectionId: online, marking: "grouped", parts: [{ text: "That conference caps contacts too." }] });
  await make({ number: "6", title: "Composite on contacts", kind: "composite", replaces: ["6a", "6b"], sectionId: online, parts: [{ text: "That conference caps contacts at 25." }, { text: "and supports practices." }] });
  await make({ number: "9", title: "Not reached", marking: "not_reached", parts: [{ text: "That conference notes." }] });
  const lead = (await db.selectFrom("motions").select("id").where("conference_id", "=", source).where("number", "=", "6a").executeTakeFirstOrThrow()).id;
  await db.updateTable("motions").set({ group_lead_id: lead }).where("conference_id", "=", source).where("number", "in", ["6a", "6b"]).execute();
  // A second link on a part, beyond the form's one.
  const part = async (number: string, label: string) =>
    (
      await db
        .selectFrom("motion_parts")
        .innerJoin("motions", "motions.id", "motion_parts.motion_id")
        .select("motion_parts.id")
        .where("motions.conference_id", "=", source)
        .where("motions.number", "=", number)
        .where("motion_parts.label", "=", label)
        .executeTakeFirstOrThrow()
    ).id;
  await db.insertInto("part_clause_links").values({ part_id: await part("3", "i"), clause_id: clauses[1]!, intent: "clarify" }).execute();
  const vote = async (number: string, label: string, v: Omit<Parameters<typeof recordPartVote>[2], "partId" | "version">) => {
    const result = await recordPartVote(db, staff.id, { partId: await part(number, label), version: 0, ...v });
    expect(result.ok, `${number} ${label}`).toBe(true);
  };
  await vote("3", "i", { method: "electronic", majority: "simple", for: 312, against: 21, abstain: 9 });
  await vote("3", "ii", { method: "electronic", majority: "two_thirds", for: 200, against: 120, abstain: 4 });
  await vote("5", "i", { method: "show_of_hands", majority: "simple", for: null, against: null, abstain: null, outcome: "carried_as_reference" });
  await vote("5a", "i", { method: "card", majority: "simple", for: 90, against: 10, abstain: null });
  await vote("6", "i", { method: "show_of_hands", majority: "simple", for: null, against: null, abstain: null, outcome: "carried_unanimously" });
  await vote("6", "ii", { method: "electronic", majority: "simple", for: 100, against: 150, abstain: 0 });
  await vote("6a", "i", { method: "show_of_hands", majority: "simple", for: null, against: null, abstain: null, outcome: "fell" });
  await vote("6b", "i", { method: "show_of_hands", majority: "simple", for: null, against: null, abstain: null, outcome: "fell" });
});

describe("exporting a conference and importing it into an empty one", () => {
  it("the source agenda holds every kind of thing the round trip must keep", async () => {
    const agenda = await agendaOf(source);
    expect(agenda.sections).toEqual(["Online access", "Workforce"]);
    const by = Object.fromEntries(agenda.motions.map((m) => [m.number, m]));
    expect(by["6"]).toMatchObject({ kind: "composite", replaces: ["6a", "6b"] });
    expect(by["5a"]).toMatchObject({ kind: "rider", parent: "5" });
    expect(by["6b"]).toMatchObject({ marking: "grouped", groupLead: "6a" });
    expect(by["3"]!.parts[0]!.clauses).toHaveLength(2);
  });

  it.each([
    ["CSV", "conferences.$id_.motions[.]csv.ts", "agenda.csv", "text/csv"],
    ["JSON", "conferences.$id_.motions[.]json.ts", "agenda.json", "application/json"],
  ])("through %s gives back the same agenda, field by field", async (_format, exportFile, name, type) => {
    const file = await exported(exportFile, source);
    const target = (await makeConference(getDb(), { status: "published", title: `Empty for ${name}` })).id;
    const answer = await importFile(target, name, file, type);
    expect(answer.status, answer.body).toBe(302);
    const [before, after] = await Promise.all([agendaOf(source), agendaOf(target)]);
    expect(after.sections).toEqual(before.sections);
    expect(after.motions).toHaveLength(before.motions.length);
    for (const [index, motion] of before.motions.entries()) expect(after.motions[index], `motion ${motion.number}`).toEqual(motion);
    // And the file exported from the copy is the file exported from the original, but for the conference.
    expect(withoutConference(await exported(exportFile, target), type)).toEqual(withoutConference(file, type));
  });

  it("the JSON export carries counts as numbers and dates in ISO, and keeps an empty section's place", async () => {
    const db = getDb();
    await makeSection(db, staff.id, source, "Any other business");
    const body = JSON.parse(await exported("conferences.$id_.motions[.]json.ts", source)) as {
      conference: { held_on: string; sections: string[] };
      rows: { motion_number: string; part_label: string; for: unknown; against: unknown; abstain: unknown }[];
    };
    expect(body.conference.held_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(body.conference.sections).toEqual(["Online access", "Workforce", "Any other business"]);
    expect(body.rows.find((r) => r.motion_number === "3" && r.part_label === "i")).toMatchObject({ for: 312, against: 21, abstain: 9 });
    expect(body.rows.find((r) => r.motion_number === "5")).toMatchObject({ for: null, against: null, abstain: null });
    const target = (await makeConference(db, { status: "published", title: "Empty for sections" })).id;
    expect((await importFile(target, "agenda.json", JSON.stringify(body), "application/json")).status).toBe(302);
    expect((await agendaOf(target)).sections).toEqual(["Online access", "Workforce", "Any other business"]);
  });

  it("a file naming a motion that is neither in it nor on the agenda imports nothing and says which", async () => {
    const csv = await exported("conferences.$id_.motions[.]csv.ts", source);
    const withoutFive = csv.split("\r\n").filter((line) => !line.includes(",5,Online consultation tools,")).join("\r\n");
    const target = (await makeConference(getDb(), { status: "published", title: "Empty for a broken file" })).id;
    const answer = await importFile(target, "broken.csv", withoutFive, "text/csv");
    expect(answer.status).toBe(400);
    expect(answer.body).toContain("motion 5a is attached to motion 5, which is neither in the file nor on the agenda");
    expect(await loadAgenda(getDb(), target, { viewer: staff.viewer })).toEqual([]);
  });
});
