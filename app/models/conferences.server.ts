// Bodies, conferences and agenda sections.
import type { Kysely, Transaction } from "kysely";
import type { ConferenceStatus, Database } from "../../db/types";
import { can } from "../domain/access";
import { bodyRelation, type Viewer } from "../domain/conference-access";
import { nowIso } from "../utils/time";
import { recordAudit } from "./audit.server";
import { visibleConferenceFilter, visibleMotionFilter } from "./visibility.server";

export function listBodies(db: Kysely<Database>) {
  return db.selectFrom("bodies").select(["id", "name", "kind", "lmc_id"]).orderBy("name").execute();
}

/** Bodies a viewer may hold conferences for: those whose conferences they may run. */
export async function bodiesRunBy(db: Kysely<Database>, viewer: Viewer) {
  const bodies = await listBodies(db);
  return bodies.filter((b) => can(viewer, "run-conference", bodyRelation(b)));
}

/** Every LMC holds its own meetings: its body is made with it, in the same transaction. */
export async function createLmc(trx: Transaction<Database>, actorUserId: number | null, lmc: { name: string; isDemo?: boolean }, reason?: string) {
  const row = await trx
    .insertInto("lmcs")
    .values({ name: lmc.name, is_demo: lmc.isDemo ? 1 : 0, created_at: nowIso() })
    .returning(["id", "name"])
    .executeTakeFirstOrThrow();
  await recordAudit(trx, { actorUserId, action: "lmc.create", entity: "lmc", entityId: row.id, after: row, reason });
  const body = { name: `${row.name} meetings`, kind: "lmc" as const, lmc_id: row.id };
  const { id: bodyId } = await trx.insertInto("bodies").values({ ...body, created_at: nowIso() }).returning("id").executeTakeFirstOrThrow();
  await recordAudit(trx, { actorUserId, action: "body.create", entity: "body", entityId: bodyId, after: body, reason });
  return { ...row, bodyId };
}

/** The meetings body of an LMC (made with the LMC). */
export async function lmcBodyId(db: Kysely<Database>, lmcId: number): Promise<number> {
  return (await db.selectFrom("bodies").select("id").where("lmc_id", "=", lmcId).executeTakeFirstOrThrow()).id;
}

const conferenceColumns = [
  "conferences.id",
  "conferences.title",
  "conferences.held_on",
  "conferences.venue",
  "conferences.status",
  "conferences.submission_deadline",
  "conferences.body_id",
  "bodies.name as body_name",
  "bodies.kind as body_kind",
  "bodies.lmc_id as body_lmc_id",
] as const;

/** The conferences the viewer may see, each with the number of its motions they may see. */
export async function listConferences(db: Kysely<Database>, viewer: Viewer | null) {
  return db
    .selectFrom("conferences")
    .innerJoin("bodies", "bodies.id", "conferences.body_id")
    .select([
      ...conferenceColumns,
      (eb) =>
        eb
          .selectFrom("motions")
          .select((e) => e.fn.countAll<number>().as("n"))
          .whereRef("motions.conference_id", "=", "conferences.id")
          .where(visibleMotionFilter(viewer))
          .as("motion_count"),
    ])
    .where(visibleConferenceFilter(viewer))
    .orderBy("conferences.held_on", "desc")
    .execute();
}

export async function getConference(db: Kysely<Database>, id: number) {
  const row = await db
    .selectFrom("conferences")
    .innerJoin("bodies", "bodies.id", "conferences.body_id")
    .select(conferenceColumns)
    .where("conferences.id", "=", id)
    .executeTakeFirst();
  if (!row) return null;
  return { ...row, facts: { status: row.status, bodyKind: row.body_kind, bodyLmcId: row.body_lmc_id, submissionDeadline: row.submission_deadline } };
}

export type ConferenceInput = {
  bodyId: number;
  title: string;
  heldOn: string;
  venue: string;
  status: ConferenceStatus;
  submissionDeadline?: string;
};

export async function createConference(db: Kysely<Database>, actorUserId: number | null, input: ConferenceInput) {
  return db.transaction().execute(async (trx) => {
    const now = nowIso();
    const values = {
      body_id: input.bodyId,
      title: input.title,
      held_on: input.heldOn,
      venue: input.venue,
      status: input.status,
      submission_deadline: input.submissionDeadline ?? null,
    };
    const { id } = await trx
      .insertInto("conferences")
      .values({ ...values, created_at: now, updated_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { actorUserId, action: "conference.create", entity: "conference", entityId: id, after: values });
    return id;
  });
}

export async function updateConference(db: Kysely<Database>, actorUserId: number, id: number, input: Omit<ConferenceInput, "bodyId">) {
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("conferences")
      .select(["title", "held_on", "venue", "status", "submission_deadline"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    const after = {
      title: input.title,
      held_on: input.heldOn,
      venue: input.venue,
      status: input.status,
      submission_deadline: input.submissionDeadline ?? null,
    };
    await trx.updateTable("conferences").set({ ...after, updated_at: nowIso() }).where("id", "=", id).execute();
    await recordAudit(trx, { actorUserId, action: "conference.update", entity: "conference", entityId: id, before, after });
  });
}

export function listSections(db: Kysely<Database>, conferenceId: number) {
  return db.selectFrom("agenda_sections").select(["id", "title", "position"]).where("conference_id", "=", conferenceId).orderBy("position").execute();
}

/** The section with this title, created at the end of the agenda if new. */
export async function sectionIdFor(trx: Kysely<Database>, conferenceId: number, title: string): Promise<number> {
  const existing = await trx
    .selectFrom("agenda_sections")
    .select("id")
    .where("conference_id", "=", conferenceId)
    .where("title", "=", title)
    .executeTakeFirst();
  if (existing) return existing.id;
  const last = await trx
    .selectFrom("agenda_sections")
    .select((eb) => eb.fn.max("position").as("p"))
    .where("conference_id", "=", conferenceId)
    .executeTakeFirst();
  const { id } = await trx
    .insertInto("agenda_sections")
    .values({ conference_id: conferenceId, title, position: Number(last?.p ?? 0) + 1 })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

export async function addSection(db: Kysely<Database>, actorUserId: number, conferenceId: number, title: string) {
  return db.transaction().execute(async (trx) => {
    const clash = await trx.selectFrom("agenda_sections").select("id").where("conference_id", "=", conferenceId).where("title", "=", title).executeTakeFirst();
    if (clash) return { ok: false as const, message: `There is already a section called ${title}` };
    const id = await sectionIdFor(trx, conferenceId, title);
    await recordAudit(trx, { actorUserId, action: "section.create", entity: "conference", entityId: conferenceId, after: { section_id: id, title } });
    return { ok: true as const };
  });
}

export async function renameSection(db: Kysely<Database>, actorUserId: number, conferenceId: number, sectionId: number, title: string) {
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("agenda_sections").select("title").where("id", "=", sectionId).where("conference_id", "=", conferenceId).executeTakeFirst();
    if (!before) return false;
    await trx.updateTable("agenda_sections").set({ title }).where("id", "=", sectionId).execute();
    await recordAudit(trx, { actorUserId, action: "section.rename", entity: "conference", entityId: conferenceId, before: { section_id: sectionId, ...before }, after: { title } });
    return true;
  });
}

/** Swaps a section with its neighbour above or below. */
export async function moveSection(db: Kysely<Database>, actorUserId: number, conferenceId: number, sectionId: number, direction: "up" | "down") {
  return db.transaction().execute(async (trx) => {
    const sections = await trx.selectFrom("agenda_sections").select(["id", "position"]).where("conference_id", "=", conferenceId).orderBy("position").execute();
    const index = sections.findIndex((s) => s.id === sectionId);
    const other = sections[direction === "up" ? index - 1 : index + 1];
    const self = sections[index];
    if (!self || !other) return false;
    await trx.updateTable("agenda_sections").set({ position: other.position }).where("id", "=", self.id).execute();
    await trx.updateTable("agenda_sections").set({ position: self.position }).where("id", "=", other.id).execute();
    await recordAudit(trx, { actorUserId, action: "section.move", entity: "conference", entityId: conferenceId, after: { section_id: sectionId, direction } });
    return true;
  });
}
