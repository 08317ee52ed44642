// The agenda import against a real database: sections for every heading, typography kept into
// the exports, problems that block Apply until skipped, re-imports that update or add (never
// touching the words of a voted part), and the page's preview and Apply as plain form posts.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseAgenda } from "../../app/domain/agenda-parser";
import { motionRowsToCsv } from "../../app/domain/motion-csv";
import { listSections } from "../../app/models/conferences.server";
import { ImportRejected, importParsedAgenda, motionRowsForConference, planAgendaImportFor } from "../../app/models/motion-transfer.server";
import { loadAgenda } from "../../app/models/agenda.server";
import { recordPartVote } from "../../app/models/votes.server";
import { getDb } from "../../app/utils/db.server";
import { makeConference, makeMotion, makeUser, viewerOf } from "../fixtures/factories";
import { answerOf, requestAs } from "../fixtures/requests";

const corpus = (file: string) => fs.readFileSync(path.join("tests/fixtures/agendas", file), "utf8");
let staff: { id: number; viewer: ReturnType<typeof viewerOf> };

beforeAll(async () => {
  const user = await makeUser(getDb(), { role: "bma_staff" });
  staff = { id: user.id, viewer: viewerOf(user) };
});

async function partsOf(conferenceId: number, number: string) {
  return getDb()
    .selectFrom("motion_parts")
    .innerJoin("motions", "motions.id", "motion_parts.motion_id")
    .select(["motion_parts.id", "motion_parts.label", "motion_parts.text", "motions.id as motion_id"])
    .where("motions.conference_id", "=", conferenceId)
    .where("motions.number", "=", number)
    .orderBy("motion_parts.position")
    .execute();
}

async function motionOf(conferenceId: number, number: string) {
  return getDb()
    .selectFrom("motions")
    .leftJoin("motions as parent", "parent.id", "motions.parent_motion_id")
    .leftJoin("agenda_sections", "agenda_sections.id", "motions.section_id")
    .select(["motions.id", "motions.proposer", "motions.kind", "motions.title", "motions.preamble", "parent.number as parent", "agenda_sections.title as section"])
    .where("motions.conference_id", "=", conferenceId)
    .where("motions.number", "=", number)
    .executeTakeFirst();
}

describe("importing agendas from the corpus", () => {
  it("makes every heading a section in order, the PART headings too, and keeps every motion under its parent", async () => {
    const conf = await makeConference(getDb());
    const result = await importParsedAgenda(getDb(), staff.id, conf.id, parseAgenda(corpus("01-england-classic.txt")));
    expect(result).toEqual({ added: 8, updated: 0, unchanged: 0, left_out: 0, sections: 3 });
    expect((await listSections(getDb(), conf.id)).map((s) => s.title)).toEqual(["PART I – MOTIONS FOR DEBATE", "PREMISES", "PART II – MOTIONS NOT FOR DEBATE"]);
    expect(await motionOf(conf.id, "20a")).toMatchObject({ kind: "rider", parent: "20", section: "PREMISES" });
    const composite = await getDb()
      .selectFrom("composite_replacements")
      .innerJoin("motions", "motions.id", "composite_replacements.replaced_motion_id")
      .select("motions.number")
      .where("composite_id", "=", (await motionOf(conf.id, "22"))!.id)
      .execute();
    expect(composite.map((c) => c.number).sort()).toEqual(["22a", "22b"]);
  });

  it("keeps curly quotes, dashes, £ and & into the stored text, the CSV and the JSON", async () => {
    const conf = await makeConference(getDb());
    await importParsedAgenda(getDb(), staff.id, conf.id, parseAgenda(corpus("03-typography-parts.txt")));
    const thirty = await motionOf(conf.id, "30");
    expect(thirty!.preamble).toBe("That conference believes the “global sum” uplift of £1.50 per patient — announced without negotiation — is inadequate, and:");
    expect(thirty!.proposer).toBe("Bath & North East Somerset");
    expect((await partsOf(conf.id, "31"))[0]!.text).toBe("That conference insists that practices’ expenses – including staff, premises & indemnity – are funded in full.");
    const csv = motionRowsToCsv(await motionRowsForConference(getDb(), null, conf));
    for (const printed of ["“full and fair”", "practices’ expenses – including staff, premises & indemnity –", "£10 per weighted patient", "Bath & North East Somerset"]) {
      expect(csv).toContain(printed);
    }
    const mod = await import("../../app/routes/conferences.$id_.motions[.]json");
    const json = await (await mod.loader({ request: await requestAs(null, `/conferences/${conf.id}/motions.json`), params: { id: String(conf.id) }, context: { cspNonce: "" } })).text();
    expect(JSON.parse(json).rows.map((r: { part_text: string }) => r.part_text)).toContain("That conference wants “full and fair” funding of staff costs.");
  });

  it("refuses Apply while a problem is unresolved, and imports the rest once the clerk skips it", async () => {
    const conf = await makeConference(getDb());
    const agenda = parseAgenda(corpus("04-riders-amendments.txt"));
    const refused = await importParsedAgenda(getDb(), staff.id, conf.id, agenda).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ImportRejected);
    expect((refused as ImportRejected).problems.map((p) => p.line)).toEqual([17, 21]);
    expect(await loadAgenda(getDb(), conf.id, { viewer: staff.viewer })).toEqual([]);

    const plan = await planAgendaImportFor(getDb(), conf.id, agenda, new Set());
    const skip = new Set(plan.problems.map((p) => p.key));
    expect(await importParsedAgenda(getDb(), staff.id, conf.id, agenda, skip)).toMatchObject({ added: 7, left_out: 1 });
    expect(await motionOf(conf.id, "43a")).toBeUndefined();
    expect(await motionOf(conf.id, "41a")).toMatchObject({ kind: "rider", parent: "41" });
    expect(await motionOf(conf.id, "40a")).toMatchObject({ kind: "amendment", parent: "40" });
    const audit = await getDb().selectFrom("audit_events").select("after_json").where("action", "=", "agenda.import").where("entity_id", "=", String(conf.id)).executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after_json!).skipped.map((s: { line: number }) => s.line)).toEqual([17, 21]);
  });

  it("attaches a rider to its motion already on the agenda when a later text holds only the rider", async () => {
    const conf = await makeConference(getDb());
    await importParsedAgenda(getDb(), staff.id, conf.id, parseAgenda("CONTRACT\n43  ESSEX: That conference agrees."));
    await importParsedAgenda(getDb(), staff.id, conf.id, parseAgenda("CONTRACT\n43a RIDER  Bedfordshire: and further agrees."));
    expect(await motionOf(conf.id, "43a")).toMatchObject({ kind: "rider", parent: "43", proposer: "Bedfordshire" });
  });
});

describe("re-importing a corrected agenda", () => {
  const FIRST = ["PREMISES", "20  CUMBRIA: That conference:", "    (i) funds a survey", "    (ii) ends the risk.", "21  WESSEX: That conference deplores service charges."].join("\n");

  it("updates what changed, adds what is new, keeps votes and clause links, in one audited transaction", async () => {
    const db = getDb();
    const conf = await makeConference(db);
    await importParsedAgenda(db, staff.id, conf.id, parseAgenda(FIRST));
    const [twentyOne] = await partsOf(conf.id, "21");
    await recordPartVote(db, staff.id, { partId: twentyOne!.id, method: "electronic", majority: "simple", for: 200, against: 10, abstain: 0, version: 0 });
    const [twentyI] = await partsOf(conf.id, "20");
    const clause = await db.selectFrom("clauses").select("id").executeTakeFirstOrThrow();
    await db.insertInto("part_clause_links").values({ part_id: twentyI!.id, clause_id: clause.id, intent: "support" }).execute();

    const corrected = FIRST.replace("21  WESSEX", "21  Wessex").replace("ends the risk.", "ends the last-man-standing risk.") + "\n22  DEVON: That conference agrees.";
    const plan = await planAgendaImportFor(db, conf.id, parseAgenda(corrected), new Set());
    expect(plan.motions.map((m) => [m.number, m.action, m.changes.map((c) => c.field)])).toEqual([
      ["20", "update", ["part (ii)"]],
      ["21", "update", ["proposer"]],
      ["22", "add", []],
    ]);
    expect(plan.problems).toEqual([]);

    expect(await importParsedAgenda(db, staff.id, conf.id, parseAgenda(corrected))).toEqual({ added: 1, updated: 2, unchanged: 0, left_out: 0, sections: 1 });
    expect((await partsOf(conf.id, "20")).map((p) => [p.id, p.text])).toEqual([
      [twentyI!.id, "funds a survey"],
      [expect.any(Number), "ends the last-man-standing risk."],
    ]);
    expect(await db.selectFrom("part_clause_links").select("clause_id").where("part_id", "=", twentyI!.id).execute()).toEqual([{ clause_id: clause.id }]);
    expect(await db.selectFrom("part_votes").select(["votes_for", "outcome"]).where("part_id", "=", twentyOne!.id).execute()).toEqual([{ votes_for: 200, outcome: "carried" }]);
    expect(await motionOf(conf.id, "21")).toMatchObject({ proposer: "Wessex" });
    const updates = await db
      .selectFrom("audit_events")
      .select("entity_id")
      .where("action", "=", "motion.update")
      .where("entity_id", "in", [String(twentyI!.motion_id), String(twentyOne!.motion_id)])
      .execute();
    expect(updates).toHaveLength(2);

    // The same text again changes nothing.
    expect(await importParsedAgenda(db, staff.id, conf.id, parseAgenda(corrected))).toMatchObject({ added: 0, updated: 0, unchanged: 3 });
  });

  it("refuses to change the words of a part that has a recorded vote, saying so, and saves nothing", async () => {
    const db = getDb();
    const conf = await makeConference(db);
    await importParsedAgenda(db, staff.id, conf.id, parseAgenda(FIRST));
    const [part] = await partsOf(conf.id, "21");
    await recordPartVote(db, staff.id, { partId: part!.id, method: "electronic", majority: "simple", for: 200, against: 10, abstain: 0, version: 0 });
    const changed = parseAgenda(FIRST.replace("deplores service charges.", "deplores all service charges.").replace("funds a survey", "funds two surveys"));
    const refused = await importParsedAgenda(db, staff.id, conf.id, changed).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ImportRejected);
    expect((refused as ImportRejected).problems).toEqual([
      { line: 5, message: expect.stringMatching(/^motion 21 has recorded votes on part \(i\), and this text changes its part \(i\)\. An import never changes the words a vote was taken on/) },
    ]);
    expect((await partsOf(conf.id, "20"))[0]!.text).toBe("funds a survey");

    // Leaving motion 21 out applies the rest.
    const plan = await planAgendaImportFor(db, conf.id, changed, new Set());
    expect(await importParsedAgenda(db, staff.id, conf.id, changed, new Set(plan.problems.map((p) => p.key)))).toMatchObject({ updated: 1, left_out: 1 });
    expect((await partsOf(conf.id, "20"))[0]!.text).toBe("funds two surveys");
    expect((await partsOf(conf.id, "21"))[0]!.text).toBe("That conference deplores service charges.");
  });

  it("will not overwrite a submission that holds the same number", async () => {
    const db = getDb();
    const conf = await makeConference(db);
    await makeMotion(db, staff.viewer, conf.id, { number: "21", state: "submitted" });
    await expect(importParsedAgenda(db, staff.id, conf.id, parseAgenda(FIRST))).rejects.toBeInstanceOf(ImportRejected);
  });
});

describe("the import page", () => {
  type Handler = (args: unknown) => Promise<unknown>;
  const post = async (conferenceId: number, fields: [string, string][]) => {
    const mod = (await import("../../app/routes/conferences.$id_.import")) as unknown as { action: Handler };
    const request = await requestAs(staff.id, `/conferences/${conferenceId}/import`, { method: "POST", body: new URLSearchParams(fields) });
    return answerOf(() => mod.action({ request, params: { id: String(conferenceId) }, context: { cspNonce: "" } }));
  };
  type Preview = { preview: { problems: { key: string; line: number }[]; motions: { number: string; action: string; parts: { text: string }[] }[]; furniture: { line: number; text: string }[] } };

  it("previews every motion's full text and the lines it ignored, refuses Apply with the problems listed, and applies once they are skipped", async () => {
    const conf = await makeConference(getDb());
    const text = corpus("05-pdf-export.txt");
    const preview = await post(conf.id, [["intent", "preview"], ["text", text]]);
    expect(preview.status).toBe(200);
    const data = preview.data as Preview;
    expect(data.preview.problems.map((p) => p.line)).toEqual([4, 15]);
    expect(data.preview.motions.find((m) => m.number === "50")!.parts.map((p) => p.text)).toContain("a cap on patient contacts per GP per day, with no more than 25 contacts per clinician in any session");
    expect(data.preview.furniture.map((f) => f.text)).toContain("- 3 -");

    const refused = await post(conf.id, [["intent", "apply"], ["text", text], ["skip", data.preview.problems[0]!.key]]);
    expect(refused.status).toBe(400);
    expect((refused.data as { applyProblems: { line: number }[] }).applyProblems).toEqual([{ line: 15, message: expect.stringMatching(/^motion 52 has no proposer/) }]);
    expect(await loadAgenda(getDb(), conf.id, { viewer: staff.viewer })).toEqual([]);

    const applied = await post(conf.id, [["intent", "apply"], ["text", text], ...data.preview.problems.map((p) => ["skip", p.key] as [string, string])]);
    expect(applied.status).toBe(302);
    expect((await loadAgenda(getDb(), conf.id, { viewer: staff.viewer })).map((m) => m.number)).toEqual(["50", "51", "53", "54"]);
  });

  it("says which motions a re-import will update and which it will add", async () => {
    const conf = await makeConference(getDb());
    await importParsedAgenda(getDb(), staff.id, conf.id, parseAgenda(corpus("02-compact-mixed-case.txt")));
    const corrected = corpus("02-compact-mixed-case.txt").replace("23 Cumbria:", "23 CUMBRIA:") + "\n28 Devon: That conference agrees.";
    const preview = await post(conf.id, [["intent", "preview"], ["text", corrected]]);
    const actions = Object.fromEntries((preview.data as Preview).preview.motions.map((m) => [m.number, m.action]));
    expect(actions).toEqual({ "23": "update", "23a": "unchanged", "24": "unchanged", "25": "unchanged", "26": "unchanged", "27": "unchanged", "28": "add" });
  });
});
