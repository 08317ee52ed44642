// Resolutions: every carried part, with progress status and dated notes.
import type { Kysely } from "kysely";
import type { Database, ResolutionStatus } from "../../db/types";
import { nowIso } from "../utils/time";
import { recordAudit } from "./audit.server";

export async function listResolutions(db: Kysely<Database>, options: { conferenceId?: number; status?: ResolutionStatus; publicOnly: boolean }) {
  let query = db
    .selectFrom("resolutions as r")
    .innerJoin("motion_parts as p", "p.id", "r.part_id")
    .innerJoin("motions as m", "m.id", "p.motion_id")
    .innerJoin("conferences as c", "c.id", "m.conference_id")
    .innerJoin("part_votes as v", "v.part_id", "p.id")
    .select([
      "r.id",
      "r.status",
      "r.updated_at",
      "p.label",
      "p.text",
      "m.id as motion_id",
      "m.number",
      "m.title",
      "m.proposer",
      "c.id as conference_id",
      "c.title as conference_title",
      "c.held_on",
      "v.outcome",
      (eb) =>
        eb
          .selectFrom("resolution_notes as n")
          .select("n.note")
          .whereRef("n.resolution_id", "=", "r.id")
          .orderBy("n.noted_on", "desc")
          .orderBy("n.id", "desc")
          .limit(1)
          .as("latest_note"),
    ])
    .orderBy("c.held_on", "desc")
    .orderBy("m.sort_key")
    .orderBy("p.position");
  if (options.conferenceId) query = query.where("c.id", "=", options.conferenceId);
  if (options.status) query = query.where("r.status", "=", options.status);
  if (options.publicOnly) query = query.where("c.status", "in", ["agenda_published", "in_session", "closed", "published"]);
  return query.execute();
}

export async function getResolution(db: Kysely<Database>, id: number) {
  const resolution = await db
    .selectFrom("resolutions as r")
    .innerJoin("motion_parts as p", "p.id", "r.part_id")
    .innerJoin("motions as m", "m.id", "p.motion_id")
    .innerJoin("conferences as c", "c.id", "m.conference_id")
    .select(["r.id", "r.status", "p.label", "p.text", "m.id as motion_id", "m.number", "m.title", "c.title as conference_title", "c.status as conference_status"])
    .where("r.id", "=", id)
    .executeTakeFirst();
  if (!resolution) return null;
  const notes = await db
    .selectFrom("resolution_notes as n")
    .leftJoin("users as u", "u.id", "n.author_id")
    .select(["n.id", "n.noted_on", "n.note", "u.name as author"])
    .where("n.resolution_id", "=", id)
    .orderBy("n.noted_on", "desc")
    .orderBy("n.id", "desc")
    .execute();
  return { ...resolution, notes };
}

export async function recordResolutionProgress(
  db: Kysely<Database>,
  actorUserId: number,
  resolutionId: number,
  input: { status: ResolutionStatus; notedOn: string; note: string },
) {
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("resolutions").select(["status"]).where("id", "=", resolutionId).executeTakeFirstOrThrow();
    const now = nowIso();
    await trx.updateTable("resolutions").set({ status: input.status, updated_at: now }).where("id", "=", resolutionId).execute();
    await trx
      .insertInto("resolution_notes")
      .values({ resolution_id: resolutionId, noted_on: input.notedOn, note: input.note, author_id: actorUserId, created_at: now })
      .execute();
    await recordAudit(trx, { actorUserId, action: "resolution.progress", entity: "resolution", entityId: resolutionId, before, after: input });
  });
}
