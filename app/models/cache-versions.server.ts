// Versions of what cached pages show, so a cache drops only what changed (ADR 007). Every
// mutation writes an audit row in its transaction (audit.server.ts), and that same call bumps the
// versions of what the change touches: a vote bumps its conference and the catalogue (lists,
// clauses' counts, resolutions), never another conference; a login or a sign-up bumps nothing a
// cached page shows. Readers (the page cache, the remembered agenda) compare versions.
import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/types";

/** Every page: the demo banner, and the register and areas behind every count of practices. */
export const SITE = "site";
/** Lists across conferences: the conferences list and search, clauses' counts, resolutions. */
export const CATALOGUE = "catalogue";
/** The clause register, which conference pages show beside each part. */
export const CLAUSES = "clauses";
export const conferenceKey = (conferenceId: number | string) => `conference:${conferenceId}`;

async function conferenceOf(db: Kysely<Database>, entity: string, entityId: string): Promise<number | null> {
  const id = Number(entityId);
  if (!Number.isSafeInteger(id)) return null;
  if (entity === "conference") return id;
  let query;
  if (entity === "motion") query = db.selectFrom("motions").select("conference_id").where("motions.id", "=", id);
  else if (entity === "motion_part")
    query = db.selectFrom("motion_parts").innerJoin("motions", "motions.id", "motion_parts.motion_id").select("conference_id").where("motion_parts.id", "=", id);
  else if (entity === "resolution")
    query = db
      .selectFrom("resolutions")
      .innerJoin("motion_parts", "motion_parts.id", "resolutions.part_id")
      .innerJoin("motions", "motions.id", "motion_parts.motion_id")
      .select("conference_id")
      .where("resolutions.id", "=", id);
  else return null;
  return (await query.executeTakeFirst())?.conference_id ?? null;
}

/** What cached pages a change to this audited entity can alter. */
export async function cacheKeysForChange(db: Kysely<Database>, entity: string, entityId: string): Promise<string[]> {
  switch (entity) {
    case "conference":
    case "motion":
    case "motion_part":
    case "resolution": {
      const conferenceId = await conferenceOf(db, entity, entityId);
      return conferenceId === null ? [CATALOGUE] : [conferenceKey(conferenceId), CATALOGUE];
    }
    case "clause":
      return [CLAUSES, CATALOGUE];
    case "body":
    // Campaigns and options are listed on resolution and clause pages.
    case "campaign":
    case "campaign_option":
      return [CATALOGUE];
    case "lmc":
      // LMC areas decide which LMC each practice counts in (participation's denominators too).
      return [CATALOGUE, SITE];
    case "practice":
    case "practice_register":
    case "database":
      return [SITE];
    default:
      // Users, sessions, memberships, sign-ups, pledges and notices: no cached page shows them.
      return [];
  }
}

export async function bumpCacheVersions(db: Kysely<Database>, keys: readonly string[]): Promise<void> {
  for (const key of new Set(keys)) {
    await db
      .insertInto("cache_versions")
      .values({ key, version: 1 })
      .onConflict((oc) => oc.column("key").doUpdateSet({ version: sql<number>`cache_versions.version + 1` }))
      .execute();
  }
}

/** One string that changes whenever any of the keys' versions does. */
export async function readCacheVersions(db: Kysely<Database>, keys: readonly string[]): Promise<string> {
  const rows = await db.selectFrom("cache_versions").select(["key", "version"]).where("key", "in", [...keys]).execute();
  const byKey = new Map(rows.map((r) => [r.key, r.version]));
  return keys.map((k) => byKey.get(k) ?? 0).join(".");
}
