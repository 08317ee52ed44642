// Resolutions: every carried part, with progress status and dated notes.
import type { Kysely } from "kysely";
import type { Database, ResolutionStatus } from "../../db/types";
import type { Viewer } from "../domain/conference-access";
import { nowIso } from "../utils/time";
import { RESOLUTION_STATUS_LABELS } from "../schemas/conferences";
import { recordAudit } from "./audit.server";
import { notifyResolutionProgress } from "./notifications.server";
import { visibleMotionFilter } from "./visibility.server";

export interface ResolutionFilters {
  conferenceId?: number;
  status?: ResolutionStatus;
}

/**
 * Resolutions the viewer may see: carried parts of motions on the agenda (never a draft's or a
 * submission's, even if a vote was once recorded on one) of conferences they may see.
 */
function visibleResolutions(db: Kysely<Database>, viewer: Viewer | null, filters: ResolutionFilters) {
  let query = db
    .selectFrom("resolutions as r")
    .innerJoin("motion_parts as p", "p.id", "r.part_id")
    .innerJoin("motions", "motions.id", "p.motion_id")
    .innerJoin("conferences", "conferences.id", "motions.conference_id")
    .innerJoin("bodies", "bodies.id", "conferences.body_id")
    .where("motions.state", "=", "agenda")
    .where(visibleMotionFilter(viewer));
  if (filters.conferenceId) query = query.where("conferences.id", "=", filters.conferenceId);
  if (filters.status) query = query.where("r.status", "=", filters.status);
  return query;
}

/** A page of resolutions (all of them without `page`), newest conference first. */
export async function listResolutions(db: Kysely<Database>, viewer: Viewer | null, filters: ResolutionFilters, page?: { limit: number; offset: number }) {
  let query = visibleResolutions(db, viewer, filters)
    .innerJoin("part_votes as v", "v.part_id", "p.id")
    .select([
      "r.id",
      "r.status",
      "r.updated_at",
      "p.label",
      "p.text",
      "motions.id as motion_id",
      "motions.number",
      "motions.title",
      "motions.proposer",
      "conferences.id as conference_id",
      "conferences.title as conference_title",
      "conferences.held_on",
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
    .orderBy("conferences.held_on", "desc")
    .orderBy("conferences.id", "desc")
    .orderBy("motions.sort_key")
    .orderBy("p.position");
  if (page) query = query.limit(page.limit).offset(page.offset);
  return query.execute();
}

export async function countResolutions(db: Kysely<Database>, viewer: Viewer | null, filters: ResolutionFilters): Promise<number> {
  const row = await visibleResolutions(db, viewer, filters).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** One resolution with its notes, or null when the viewer may not see it. */
export async function getResolution(db: Kysely<Database>, viewer: Viewer | null, id: number) {
  const resolution = await visibleResolutions(db, viewer, {})
    .select(["r.id", "r.status", "p.label", "p.text", "motions.id as motion_id", "motions.number", "motions.title", "conferences.title as conference_title"])
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
    await notifyResolutionProgress(trx, resolutionId, actorUserId, { statusLabel: RESOLUTION_STATUS_LABELS[input.status], notedOn: input.notedOn, note: input.note });
  });
}
