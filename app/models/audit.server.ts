// The append-only audit log. Every mutation writes its row in the same transaction.
import type { Kysely } from "kysely";
import type { Database } from "../../db/types";
import { nowIso } from "../utils/time";
import { bumpCacheVersions, cacheKeysForChange } from "./cache-versions.server";

export interface AuditEntry {
  actorUserId: number | null;
  action: string;
  entity: string;
  entityId: string | number;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

export async function recordAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto("audit_events")
    .values({
      actor_user_id: entry.actorUserId,
      action: entry.action,
      entity: entry.entity,
      entity_id: String(entry.entityId),
      before_json: entry.before === undefined ? null : JSON.stringify(entry.before),
      after_json: entry.after === undefined ? null : JSON.stringify(entry.after),
      reason: entry.reason ?? null,
      created_at: nowIso(),
    })
    .execute();
  // In the same transaction: cached pages that show this entity are stale from the commit on.
  await bumpCacheVersions(db, await cacheKeysForChange(db, entry.entity, String(entry.entityId)));
}

/**
 * Audit rows that say what one practice did in collective action (its sign-ups, its notices, a
 * GP's pledge): only those who may see every practice's sign-ups read them in the log.
 */
export const PRACTICE_ACTION_ENTITIES = ["practice_signup", "personal_pledge", "contractual_notice"] as const;

export interface AuditHistoryItem {
  id: number;
  action: string;
  actorName: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  createdAt: string;
}

export async function getEntityHistory(
  db: Kysely<Database>,
  entity: string,
  entityId: string | number,
  limit = 50,
): Promise<AuditHistoryItem[]> {
  const rows = await db
    .selectFrom("audit_events")
    .leftJoin("users", "users.id", "audit_events.actor_user_id")
    .select([
      "audit_events.id",
      "audit_events.action",
      "users.name as actorName",
      "audit_events.before_json",
      "audit_events.after_json",
      "audit_events.reason",
      "audit_events.created_at",
    ])
    .where("audit_events.entity", "=", entity)
    .where("audit_events.entity_id", "=", String(entityId))
    .orderBy("audit_events.id", "desc")
    .limit(limit)
    .execute();
  return rows.map(toHistoryItem);
}

export async function listRecentAudit(
  db: Kysely<Database>,
  options: { entity?: string; beforeId?: number; limit?: number; excludeEntities?: readonly string[] } = {},
): Promise<(AuditHistoryItem & { entity: string; entityId: string })[]> {
  let query = db
    .selectFrom("audit_events")
    .leftJoin("users", "users.id", "audit_events.actor_user_id")
    .select([
      "audit_events.id",
      "audit_events.action",
      "audit_events.entity",
      "audit_events.entity_id",
      "users.name as actorName",
      "audit_events.before_json",
      "audit_events.after_json",
      "audit_events.reason",
      "audit_events.created_at",
    ])
    .orderBy("audit_events.id", "desc")
    .limit(options.limit ?? 100);
  if (options.entity) query = query.where("audit_events.entity", "=", options.entity);
  if (options.beforeId) query = query.where("audit_events.id", "<", options.beforeId);
  if (options.excludeEntities?.length) query = query.where("audit_events.entity", "not in", [...options.excludeEntities]);
  const rows = await query.execute();
  return rows.map((row) => ({ ...toHistoryItem(row), entity: row.entity, entityId: row.entity_id }));
}

function toHistoryItem(row: {
  id: number;
  action: string;
  actorName: string | null;
  before_json: string | null;
  after_json: string | null;
  reason: string | null;
  created_at: string;
}): AuditHistoryItem {
  return {
    id: row.id,
    action: row.action,
    actorName: row.actorName,
    before: row.before_json ? JSON.parse(row.before_json) : null,
    after: row.after_json ? JSON.parse(row.after_json) : null,
    reason: row.reason,
    createdAt: row.created_at,
  };
}
