// The append-only audit log. Every mutation writes its row in the same transaction.
import type { Kysely } from "kysely";
import type { Database } from "../../db/types";
import { historyInWords, type HistoryLine } from "../domain/audit-words";
import { motionName } from "../domain/motion-states";
import { formatDate, nowIso } from "../utils/time";
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

/** A record's history in words (app/domain/audit-words.ts), newest first: what the full history panel shows. */
export async function getHistoryInWords(db: Kysely<Database>, entity: string, entityId: string | number, limit = 50): Promise<HistoryLine[]> {
  const [events, parts] = await Promise.all([
    getEntityHistory(db, entity, entityId, limit),
    entity === "motion" && /^\d{1,9}$/.test(String(entityId))
      ? db.selectFrom("motion_parts").select(["id", "label"]).where("motion_id", "=", Number(entityId)).execute()
      : [],
  ]);
  return historyInWords(entity, events, new Map(parts.map((p) => [p.id, p.label])));
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

/** What an audit row is about, named as people name it, with the page that shows it (if any). */
export interface AuditSubject {
  label: string;
  href: string | null;
}

const ENTITY_WORDS: Record<string, string> = {
  body: "a body",
  campaign: "a campaign",
  campaign_option: "an option",
  clause: "a clause",
  conference: "a conference",
  contractual_notice: "a contractual notice",
  database: "the database",
  lmc: "an LMC",
  membership_request: "a request to join a practice",
  motion: "a motion",
  motion_part: "a part of a motion",
  personal_pledge: "a personal pledge",
  practice: "a practice",
  practice_register: "the practice register",
  practice_signup: "a practice's sign-up",
  resolution: "a resolution",
  user: "an account",
};

const subjectKey = (entity: string, entityId: string) => `${entity}:${entityId}`;

/** Ids of one kind from the events: digits only, so they compare with integer columns. */
function idsOf(events: { entity: string; entityId: string }[], entity: string): number[] {
  return [...new Set(events.filter((e) => e.entity === entity && /^\d{1,9}$/.test(e.entityId)).map((e) => Number(e.entityId)))];
}

/**
 * Names the records a page of audit events is about: a motion by its number (or "Draft motion")
 * and its conference, a vote by its motion and part, an account by its holder's name, a practice
 * by its name and ODS code. Links go to the record's page; an account's only for those who may
 * manage accounts. A few queries per page of events, whatever its length.
 */
async function auditSubjects(
  db: Kysely<Database>,
  events: { entity: string; entityId: string }[],
  options: { linkAccounts: boolean },
): Promise<Map<string, AuditSubject>> {
  const subjects = new Map<string, AuditSubject>();
  const set = (entity: string, id: string | number, label: string, href: string | null) => subjects.set(subjectKey(entity, String(id)), { label, href });
  const ids = (entity: string) => idsOf(events, entity);
  const [motions, parts, conferences, users, practices, clauses, resolutions, campaigns, options_, lmcs, bodies, requests, signups, pledges, notices] = await Promise.all([
    ids("motion").length
      ? db.selectFrom("motions").innerJoin("conferences", "conferences.id", "motions.conference_id").select(["motions.id", "motions.number", "motions.state", "conferences.title as conference"]).where("motions.id", "in", ids("motion")).execute()
      : [],
    ids("motion_part").length
      ? db
          .selectFrom("motion_parts")
          .innerJoin("motions", "motions.id", "motion_parts.motion_id")
          .innerJoin("conferences", "conferences.id", "motions.conference_id")
          .select(["motion_parts.id", "motion_parts.label", "motions.id as motion_id", "motions.number", "motions.state", "conferences.title as conference"])
          .where("motion_parts.id", "in", ids("motion_part"))
          .execute()
      : [],
    ids("conference").length ? db.selectFrom("conferences").select(["id", "title"]).where("id", "in", ids("conference")).execute() : [],
    ids("user").length ? db.selectFrom("users").select(["id", "name"]).where("id", "in", ids("user")).execute() : [],
    events.some((e) => e.entity === "practice")
      ? db.selectFrom("practices").select(["ods_code", "name"]).where("ods_code", "in", [...new Set(events.filter((e) => e.entity === "practice").map((e) => e.entityId))]).execute()
      : [],
    ids("clause").length ? db.selectFrom("clauses").select(["id", "reference", "title"]).where("id", "in", ids("clause")).execute() : [],
    ids("resolution").length
      ? db
          .selectFrom("resolutions")
          .innerJoin("motion_parts", "motion_parts.id", "resolutions.part_id")
          .innerJoin("motions", "motions.id", "motion_parts.motion_id")
          .innerJoin("conferences", "conferences.id", "motions.conference_id")
          .select(["resolutions.id", "motion_parts.label", "motions.number", "conferences.title as conference"])
          .where("resolutions.id", "in", ids("resolution"))
          .execute()
      : [],
    ids("campaign").length ? db.selectFrom("campaigns").select(["id", "title"]).where("id", "in", ids("campaign")).execute() : [],
    ids("campaign_option").length
      ? db.selectFrom("campaign_options").innerJoin("campaigns", "campaigns.id", "campaign_options.campaign_id").select(["campaign_options.id", "campaign_options.campaign_id", "campaign_options.title", "campaigns.title as campaign"]).where("campaign_options.id", "in", ids("campaign_option")).execute()
      : [],
    ids("lmc").length ? db.selectFrom("lmcs").select(["id", "name"]).where("id", "in", ids("lmc")).execute() : [],
    ids("body").length ? db.selectFrom("bodies").select(["id", "name"]).where("id", "in", ids("body")).execute() : [],
    ids("membership_request").length
      ? db.selectFrom("membership_requests").innerJoin("practices", "practices.id", "membership_requests.practice_id").select(["membership_requests.id", "practices.name", "practices.ods_code"]).where("membership_requests.id", "in", ids("membership_request")).execute()
      : [],
    ids("practice_signup").length
      ? db
          .selectFrom("practice_signups")
          .innerJoin("practices", "practices.id", "practice_signups.practice_id")
          .innerJoin("campaign_options", "campaign_options.id", "practice_signups.option_id")
          .select(["practice_signups.id", "practices.name", "practices.ods_code", "campaign_options.title as option"])
          .where("practice_signups.id", "in", ids("practice_signup"))
          .execute()
      : [],
    ids("personal_pledge").length
      ? db.selectFrom("personal_pledges").innerJoin("campaign_options", "campaign_options.id", "personal_pledges.option_id").select(["personal_pledges.id", "campaign_options.title as option"]).where("personal_pledges.id", "in", ids("personal_pledge")).execute()
      : [],
    ids("contractual_notice").length
      ? db
          .selectFrom("contractual_notices")
          .innerJoin("practices", "practices.id", "contractual_notices.practice_id")
          .select(["contractual_notices.id", "practices.name", "practices.ods_code"])
          .where("contractual_notices.id", "in", ids("contractual_notice"))
          .execute()
      : [],
  ]);
  for (const m of motions) set("motion", m.id, `${motionName(m)}, ${m.conference}`, `/motions/${m.id}`);
  for (const p of parts) set("motion_part", p.id, `${motionName(p)} part (${p.label}), ${p.conference}`, `/motions/${p.motion_id}`);
  for (const c of conferences) set("conference", c.id, c.title, `/conferences/${c.id}`);
  for (const u of users) set("user", u.id, u.name, options.linkAccounts ? `/admin/users/${u.id}` : null);
  for (const p of practices) set("practice", p.ods_code, `${p.name} (${p.ods_code})`, `/practices/${p.ods_code}`);
  for (const c of clauses) set("clause", c.id, c.reference ? `${c.reference}: ${c.title}` : c.title, `/clauses/${c.id}`);
  for (const r of resolutions) set("resolution", r.id, `Resolution of motion ${r.number} part (${r.label}), ${r.conference}`, `/resolutions/${r.id}`);
  for (const c of campaigns) set("campaign", c.id, c.title, `/campaigns/${c.id}`);
  for (const o of options_) set("campaign_option", o.id, `${o.title} (${o.campaign})`, `/campaigns/${o.campaign_id}/options/${o.id}`);
  for (const l of lmcs) set("lmc", l.id, l.name, null);
  for (const b of bodies) set("body", b.id, b.name, null);
  for (const r of requests) set("membership_request", r.id, `Request to join ${r.name} (${r.ods_code})`, null);
  for (const s of signups) set("practice_signup", s.id, `${s.name} (${s.ods_code}) on ${s.option}`, `/practices/${s.ods_code}/sign-ups`);
  for (const p of pledges) set("personal_pledge", p.id, `A pledge to ${p.option}`, null);
  for (const n of notices) set("contractual_notice", n.id, `A notice at ${n.name} (${n.ods_code})`, `/practices/${n.ods_code}/sign-ups`);
  for (const e of events) {
    const key = subjectKey(e.entity, e.entityId);
    if (subjects.has(key)) continue;
    if (e.entity === "practice_register" && /^\d{4}-\d{2}-\d{2}$/.test(e.entityId)) set(e.entity, e.entityId, `The practice register of ${formatDate(e.entityId)}`, null);
    else {
      const words = ENTITY_WORDS[e.entity] ?? "a record";
      set(e.entity, e.entityId, words.charAt(0).toUpperCase() + words.slice(1), null);
    }
  }
  return subjects;
}

function subjectOf(subjects: Map<string, AuditSubject>, event: { entity: string; entityId: string }): AuditSubject {
  return subjects.get(subjectKey(event.entity, event.entityId)) ?? { label: "A record", href: null };
}

/** A page of the audit log as the log page shows it: each event in words, with what it is about. */
export async function auditLogInWords(
  db: Kysely<Database>,
  events: (AuditHistoryItem & { entity: string; entityId: string })[],
  options: { linkAccounts: boolean },
) {
  const partIds = [
    ...new Set(
      events.flatMap((e) => {
        const part = e.entity === "motion" && e.after && typeof e.after === "object" ? (e.after as { part_id?: unknown }).part_id : undefined;
        return typeof part === "number" && Number.isSafeInteger(part) ? [part] : [];
      }),
    ),
  ];
  const [subjects, parts] = await Promise.all([
    auditSubjects(db, events, options),
    partIds.length ? db.selectFrom("motion_parts").select(["id", "label"]).where("id", "in", partIds).execute() : [],
  ]);
  const labels = new Map(parts.map((p) => [p.id, p.label]));
  return events.map((event) => {
    const [line] = historyInWords(event.entity, [event], labels);
    return { ...line!, subject: subjectOf(subjects, event) };
  });
}
