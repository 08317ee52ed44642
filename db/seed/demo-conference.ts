// The demo conference: the sample agenda imported as "Conference of England LMCs 2025"
// (7 November 2025, Manchester), with plausible recorded votes. Motion 5 is carried in all
// parts and its parts target the online-access clause, as the real conference decided.
import type { Kysely } from "kysely";
import { parseAgenda } from "../../app/domain/agenda-parser";
import { computedOutcome, type Outcome } from "../../app/domain/vote-outcome";
import { importParsedAgenda } from "../../app/models/motion-transfer.server";
import { writePartVote } from "../../app/models/votes.server";
import type { Database } from "../types";
import { ONLINE_ACCESS_CLAUSE_TITLE } from "./clauses";
import { readReferenceFile } from "./reference";

export const DEMO_CONFERENCE_TITLE = "Conference of England LMCs 2025";

// [motion, part label, for, against, abstain] for electronic votes; other outcomes by hand.
const ELECTRONIC: [string, string, number, number, number][] = [
  ["5", "i", 312, 21, 9],
  ["5", "ii", 287, 44, 12],
  ["5", "iii", 301, 30, 10],
  ["5", "iv", 244, 88, 14],
  ["5a", "i", 198, 120, 25],
  ["6", "i", 260, 70, 12],
  ["6", "ii", 290, 41, 8],
  ["6", "iii", 150, 180, 11],
  ["7", "i", 270, 52, 20],
  ["7a", "i", 140, 190, 13],
  ["8", "i", 233, 96, 15],
  ["8", "ii", 120, 208, 17],
  ["11", "i", 276, 55, 10],
  ["11", "ii", 240, 82, 19],
  ["11", "iii", 301, 25, 16],
  ["12", "i", 205, 122, 18],
];
const BY_HAND: [string, string, Outcome][] = [
  ["5b", "i", "carried_as_reference"],
  ["6a", "i", "fell"],
  ["6b", "i", "fell"],
  ["6c", "i", "fell"],
  ["9", "i", "carried"],
  ["10", "i", "carried_as_reference"],
  ["13", "i", "carried_unanimously"],
  ["14", "i", "not_reached"],
];

export async function seedDemoConference(db: Kysely<Database>, recordedBy: number | null) {
  const now = new Date().toISOString();
  const body = await db.selectFrom("bodies").select("id").where("name", "=", "Conference of England LMCs").executeTakeFirstOrThrow();
  const { id: conferenceId } = await db
    .insertInto("conferences")
    .values({
      body_id: body.id,
      title: DEMO_CONFERENCE_TITLE,
      held_on: "2025-11-07",
      venue: "Manchester",
      status: "published",
      submission_deadline: "2025-09-26",
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await importParsedAgenda(db, recordedBy, conferenceId, parseAgenda(readReferenceFile("sample-agenda.txt")));

  const parts = await db
    .selectFrom("motion_parts")
    .innerJoin("motions", "motions.id", "motion_parts.motion_id")
    .select(["motion_parts.id", "motion_parts.label", "motions.number"])
    .where("motions.conference_id", "=", conferenceId)
    .execute();
  const partId = (number: string, label: string) => parts.find((p) => p.number === number && p.label === label)!.id;
  await db.transaction().execute(async (trx) => {
    for (const [number, label, f, a, ab] of ELECTRONIC) {
      const counts = { for: f, against: a, abstain: ab };
      const outcome = computedOutcome({ method: "electronic", majority: "simple", counts })!;
      await writePartVote(trx, recordedBy, { partId: partId(number, label), method: "electronic", majority: "simple", ...counts, version: 0 }, outcome);
    }
    for (const [number, label, outcome] of BY_HAND) {
      await writePartVote(trx, recordedBy, { partId: partId(number, label), method: "show_of_hands", majority: "simple", for: null, against: null, abstain: null, version: 0 }, outcome);
    }
    const clause = await trx.selectFrom("clauses").select("id").where("title", "=", ONLINE_ACCESS_CLAUSE_TITLE).executeTakeFirstOrThrow();
    const intents = { i: "oppose_implementation", ii: "amend", iii: "remove", iv: "oppose_implementation" } as const;
    for (const [label, intent] of Object.entries(intents)) {
      await trx.insertInto("part_clause_links").values({ part_id: partId("5", label), clause_id: clause.id, intent }).execute();
    }
    await trx.insertInto("part_clause_links").values({ part_id: partId("6", "ii"), clause_id: clause.id, intent: "amend" }).execute();
  });
  return conferenceId;
}
