import { describe, expect, it } from "vitest";
import { parseAgenda } from "../../app/domain/agenda-parser";
import { motionRowsToCsv, parseMotionCsv } from "../../app/domain/motion-csv";
import { addSection, createConference, listSections, moveSection, renameSection } from "../../app/models/conferences.server";
import { ImportRejected, importMotionRows, importParsedAgenda, motionRowsForConference } from "../../app/models/motion-transfer.server";
import { loadAgenda, searchVisibleMotions } from "../../app/models/agenda.server";
import { saveMotion } from "../../app/models/motions.server";
import { listResolutions } from "../../app/models/resolutions.server";
import { recordMotionVotes, recordPartVote } from "../../app/models/votes.server";
import { getDb } from "../../app/utils/db.server";
import { seedDemoConference } from "../../db/seed/demo-conference";
import { readReferenceFile } from "../../db/seed/reference";
import { sessionStorage } from "../../app/utils/session.server";
import { motionsInAgendaHtml } from "../fixtures/agenda-html";
import { makeUser } from "../fixtures/factories";
import { formPost, requestAs } from "../fixtures/requests";

async function newConference(title = `Test conference ${Math.random().toString(36).slice(2)}`) {
  const db = getDb();
  const staff = await makeUser(db, { role: "bma_staff" });
  const body = await db.selectFrom("bodies").select("id").where("kind", "=", "national").executeTakeFirstOrThrow();
  const id = await createConference(db, staff.id, { bodyId: body.id, title, heldOn: "2026-11-06", venue: "Test", status: "published" });
  return { id, title, staff, clerk: { id: staff.id, role: "bma_staff" as const, lmcId: null } };
}

async function partIds(conferenceId: number, number: string) {
  return getDb()
    .selectFrom("motion_parts")
    .innerJoin("motions", "motions.id", "motion_parts.motion_id")
    .select(["motion_parts.id", "motion_parts.label"])
    .where("motions.conference_id", "=", conferenceId)
    .where("motions.number", "=", number)
    .orderBy("motion_parts.position")
    .execute();
}

describe("the demo conference", () => {
  it("is the sample agenda with motion 5 carried in all parts and linked to the online-access clause", async () => {
    const db = getDb();
    const id = await seedDemoConference(db, null);
    const agenda = await loadAgenda(db, id, { viewer: null });
    expect(agenda).toHaveLength(16);
    const five = agenda.find((m) => m.number === "5")!;
    expect(five.result.label).toBe("Carried in all parts");
    expect(five.parts.every((p) => p.clauses.some((c) => c.title.startsWith("Online consultation tool")))).toBe(true);
    expect(agenda.find((m) => m.number === "6")!.result.label).toBe("Carried in part");
    const found = await loadAgenda(db, id, { viewer: null, q: "online consultation" });
    expect(found.map((m) => m.number)).toContain("5");
    const resolutions = await listResolutions(db, null, { conferenceId: id });
    expect(resolutions.filter((r) => r.number === "5")).toHaveLength(4);
  });
});

describe("the motions CSV round trip", () => {
  it("exports, imports into another conference and exports the same rows", async () => {
    const db = getDb();
    const source = await newConference();
    await importParsedAgenda(db, source.staff.id, source.id, parseAgenda(readReferenceFile("sample-agenda.txt")));
    const [part] = await partIds(source.id, "5");
    await recordPartVote(db, source.staff.id, { partId: part!.id, method: "electronic", majority: "two_thirds", for: 200, against: 100, abstain: 3, version: 0 });
    const clause = await db.selectFrom("clauses").select("id").executeTakeFirstOrThrow();
    const [nine] = await partIds(source.id, "9");
    await db.insertInto("part_clause_links").values({ part_id: nine!.id, clause_id: clause.id, intent: "support" }).execute();
    await db.updateTable("motion_parts").set({ text: "=HYPERLINK(\"http://evil\") and more" }).where("id", "=", nine!.id).execute();

    const first = await motionRowsForConference(db, null, source);
    const csv = motionRowsToCsv(first);
    expect(csv).toContain("'=HYPERLINK");
    const parsed = parseMotionCsv(csv);
    expect(parsed.problems).toEqual([]);
    const target = await newConference();
    await importMotionRows(db, target.staff.id, target.id, parsed.motions);
    const second = await motionRowsForConference(db, null, target);
    const strip = (rows: typeof first) => rows.map(({ conference: _c, ...rest }) => rest);
    expect(strip(second)).toEqual(strip(first));
  });

  it("reports bad rows by line and imports nothing", async () => {
    const db = getDb();
    const target = await newConference();
    const header = "conference,motion_number,title,proposer,kind,marking,part_label,part_text,method,for,against,abstain,majority,outcome,clause_references";
    const csv = [
      header,
      "C,1,Good motion,AVON,motion,debate,i,That conference agrees.,electronic,10,5,0,simple,carried,",
      "C,2,Bad kind,AVON,speech,debate,i,Text,,,,,,,",
      "C,3,Lost as carried,AVON,motion,debate,i,Text,electronic,5,10,0,simple,carried,",
      "C,x9,Bad number,AVON,motion,debate,i,Text,,,,,,,",
    ].join("\n");
    const parsed = parseMotionCsv(csv);
    expect(parsed.problems.map((p) => p.line)).toEqual([3, 5]);
    await expect(importMotionRows(db, target.staff.id, target.id, parsed.motions)).rejects.toBeInstanceOf(ImportRejected);
    const count = await db.selectFrom("motions").select("id").where("conference_id", "=", target.id).execute();
    expect(count).toEqual([]);
  });
});

describe("recording votes", () => {
  it("refuses the second of two clerks saving the same part, and takes a correction only with a reason", async () => {
    const db = getDb();
    const conf = await newConference();
    const clerkB = await makeUser(db, { role: "bma_staff" });
    const saved = await saveMotion(db, conf.clerk, conf.id, {
      number: "1", title: "Test", proposer: "AVON", proposerLmcId: null, seconder: null, kind: "motion", parentNumber: null,
      replaces: [], marking: "debate", sectionId: null, preamble: "", state: "agenda", parts: [{ text: "That conference agrees." }],
    });
    expect(saved.ok).toBe(true);
    const [part] = await partIds(conf.id, "1");
    const vote = { partId: part!.id, method: "electronic" as const, majority: "simple" as const, for: 10, against: 2, abstain: 0, version: 0 };
    expect(await recordPartVote(db, conf.staff.id, vote)).toMatchObject({ ok: true, outcome: "carried", version: 1 });
    // Clerk B loaded the page before A saved: version 0 is stale.
    expect(await recordPartVote(db, clerkB.id, { ...vote, for: 2, against: 10 })).toMatchObject({ ok: false, field: "version" });
    expect(await recordPartVote(db, clerkB.id, { ...vote, for: 2, against: 10, version: 1 })).toMatchObject({ ok: false, field: "reason" });
    expect(await recordPartVote(db, clerkB.id, { ...vote, for: 2, against: 10, version: 1, reason: "Counts transposed" })).toMatchObject({ ok: true, outcome: "lost", version: 2 });
    const audit = await db.selectFrom("audit_events").select(["action", "reason"]).where("entity", "=", "motion_part").where("entity_id", "=", String(part!.id)).orderBy("id").execute();
    expect(audit).toEqual([
      { action: "vote.record", reason: null },
      { action: "vote.correct", reason: "Counts transposed" },
    ]);
    // The carried part had become a resolution; the correction to lost removed it.
    expect(await db.selectFrom("resolutions").select("id").where("part_id", "=", part!.id).execute()).toEqual([]);
  });

  it("saves a whole motion's parts together or not at all", async () => {
    const db = getDb();
    const conf = await newConference();
    await saveMotion(db, conf.clerk, conf.id, {
      number: "2", title: "Two parts", proposer: "AVON", proposerLmcId: null, seconder: null, kind: "motion", parentNumber: null,
      replaces: [], marking: "debate", sectionId: null, preamble: "That conference:", state: "agenda", parts: [{ text: "one" }, { text: "two" }],
    });
    const [i, ii] = await partIds(conf.id, "2");
    const result = await recordMotionVotes(db, conf.staff.id, [
      { partId: i!.id, method: "electronic", majority: "simple", for: 10, against: 1, abstain: 0, version: 0 },
      { partId: ii!.id, method: "electronic", majority: "simple", for: 1, against: 10, abstain: 0, outcome: "carried", version: 0 },
    ]);
    expect(result).toMatchObject({ ok: false, errors: [{ partId: ii!.id, field: "outcome" }] });
    expect(await db.selectFrom("part_votes").select("part_id").where("part_id", "in", [i!.id, ii!.id]).execute()).toEqual([]);
  });
});

describe("saving motions", () => {
  it("refuses a duplicate number and a second save from a stale version", async () => {
    const db = getDb();
    const conf = await newConference();
    const draft = {
      number: "3", title: "Dup", proposer: "AVON", proposerLmcId: null, seconder: null, kind: "motion" as const, parentNumber: null,
      replaces: [], marking: "debate" as const, sectionId: null, preamble: "", state: "agenda" as const, parts: [{ text: "text" }],
    };
    const first = await saveMotion(db, conf.clerk, conf.id, draft);
    expect(await saveMotion(db, conf.clerk, conf.id, draft)).toMatchObject({ ok: false, field: "number" });
    if (!first.ok) throw new Error("first save failed");
    expect(await saveMotion(db, conf.clerk, conf.id, { ...draft, title: "A" }, { motionId: first.id, expectedVersion: 1 })).toMatchObject({ ok: true });
    expect(await saveMotion(db, conf.clerk, conf.id, { ...draft, title: "B" }, { motionId: first.id, expectedVersion: 1 })).toMatchObject({ ok: false, field: "version" });
  });
});

describe("agenda sections", () => {
  it("are added in order, renamed, moved, refused when duplicated, and every change is audited", async () => {
    const db = getDb();
    const conf = await newConference();
    for (const title of ["Online access", "Contract", "Workforce"]) expect(await addSection(db, conf.staff.id, conf.id, title)).toEqual({ ok: true });
    expect(await addSection(db, conf.staff.id, conf.id, "Contract")).toMatchObject({ ok: false, message: expect.stringMatching(/already a section/) });
    const [first, , third] = await listSections(db, conf.id);
    await moveSection(db, conf.staff.id, conf.id, third!.id, "up");
    await renameSection(db, conf.staff.id, conf.id, first!.id, "Online access and safety");
    expect((await listSections(db, conf.id)).map((s) => s.title)).toEqual(["Online access and safety", "Workforce", "Contract"]);
    expect(await moveSection(db, conf.staff.id, conf.id, first!.id, "up")).toBe(false);
    const actions = await db.selectFrom("audit_events").select("action").where("entity", "=", "conference").where("entity_id", "=", String(conf.id)).execute();
    expect(actions.map((a) => a.action)).toEqual(["conference.create", "section.create", "section.create", "section.create", "section.move", "section.rename"]);
  });
});

describe("moving a section on the edit page", () => {
  it("says so when nothing can move, rather than that the sections were saved", async () => {
    const db = getDb();
    const conf = await newConference();
    for (const title of ["First", "Second"]) await addSection(db, conf.staff.id, conf.id, title);
    const [first, second] = await listSections(db, conf.id);
    const mod = await import("../../app/routes/conferences.$id_.edit");
    const toastAfter = async (intent: string, sectionId: number) => {
      const request = await requestAs(conf.staff.id, `/conferences/${conf.id}/edit`, formPost({ intent, sectionId: String(sectionId) }));
      const response = (await mod.action({ request, params: { id: String(conf.id) }, context: { cspNonce: "" } })) as Response;
      expect(response.status).toBe(302);
      return (await sessionStorage().getSession(response.headers.get("Set-Cookie"))).get("toast") as { kind: string; message: string };
    };
    expect(await toastAfter("section-up", first!.id)).toMatchObject({ kind: "error", message: expect.stringMatching(/already first/) as string });
    expect(await toastAfter("section-down", second!.id)).toMatchObject({ kind: "error", message: expect.stringMatching(/already last/) as string });
    expect(await toastAfter("section-down", first!.id)).toEqual({ kind: "success", message: "Sections saved." });
    expect((await listSections(db, conf.id)).map((s) => s.title)).toEqual(["Second", "First"]);
  });
});

describe("the conference page", () => {
  it("shows a long agenda 50 motions a page, and a write shows at once despite the agenda being remembered", async () => {
    const db = getDb();
    const conf = await newConference();
    const csv = ["conference,motion_number,title,proposer,kind,marking,part_label,part_text,method,for,against,abstain,majority,outcome,clause_references"];
    for (let n = 1; n <= 60; n++) csv.push(`C,${n},Motion number ${n},AVON,motion,debate,i,That conference agrees ${n}.,,,,,,,`);
    await importMotionRows(db, conf.staff.id, conf.id, parseMotionCsv(csv.join("\n")).motions);
    const mod = await import("../../app/routes/conferences.$id");
    const page = async (query: string) =>
      mod.loader({ request: new Request(`http://localhost/conferences/${conf.id}${query}`), params: { id: String(conf.id) }, context: { cspNonce: "" } });
    const first = await page("");
    expect(first.paging).toEqual({ page: 1, pages: 2, total: 60, first: 1, last: 50 });
    // The motions come as HTML (components/ui/server-html.tsx): their headings, in agenda order.
    const numbers = (html: string | null) => motionsInAgendaHtml(html).map((m) => m.heading.split(".")[0]);
    expect(numbers(first.agenda)).toEqual(Array.from({ length: 50 }, (_, i) => String(1 + i)));
    const second = await page("?page=2");
    expect(numbers(second.agenda)).toEqual(Array.from({ length: 10 }, (_, i) => String(51 + i)));
    expect((await page("?page=99")).paging.page).toBe(2);

    const [part] = await partIds(conf.id, "60");
    await recordPartVote(db, conf.staff.id, { partId: part!.id, method: "show_of_hands", majority: "simple", for: null, against: null, abstain: null, outcome: "carried", version: 0 });
    expect(motionsInAgendaHtml(second.agenda).at(-1)!.badge).toBe("Awaiting vote");
    const after = await page("?page=2");
    expect(motionsInAgendaHtml(after.agenda).at(-1)!.badge).toBe("Carried");

    // A document's render takes the HTML through the load context, and its data does not carry it again.
    const islands = new Map<string, string>();
    const documentData = await mod.loader({ request: new Request(`http://localhost/conferences/${conf.id}?page=2`), params: { id: String(conf.id) }, context: { cspNonce: "", islands } });
    expect(documentData.agenda).toBeNull();
    expect(islands.get("agenda")).toBe(after.agenda);
  });
});

describe("searching across conferences", () => {
  it("finds agenda motions only in conferences the reader may see", async () => {
    const db = getDb();
    const conf = await newConference();
    await db.updateTable("conferences").set({ status: "planning" }).where("id", "=", conf.id).execute();
    await saveMotion(db, conf.clerk, conf.id, {
      number: "1", title: "Zebra crossings", proposer: "AVON", proposerLmcId: null, seconder: null, kind: "motion", parentNumber: null,
      replaces: [], marking: "debate", sectionId: null, preamble: "", state: "agenda", parts: [{ text: "That conference wants zebras." }],
    });
    expect(await searchVisibleMotions(db, null, "zebra")).toEqual([]);
    expect((await searchVisibleMotions(db, conf.clerk, "zebra")).map((m) => m.title)).toEqual(["Zebra crossings"]);
  });
});
