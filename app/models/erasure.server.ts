// Erasure and retention of personal data (ADR 014, docs/SECURITY.md).
// - A person deletes their own account: the account row stays as a nameless tombstone (so the
//   history that points at it still holds), their pledges are anonymised (still counted, no
//   longer theirs), sign-ups they made for a practice stay with the practice, their memberships,
//   sessions, links, requests and mail go, and the audit log keeps every fact with the personal
//   values in it redacted.
// - Withdrawn pledges older than the period an administrator sets are anonymised by
//   `npm run db:retention` (scripts/db-retention.ts), their audit rows losing the actor too.
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/types";
import { writeTransaction } from "../../db/dialect";
import { rolesAllowed, SELF_REGISTERED_ROLE } from "../domain/access";
import { nowIso } from "../utils/time";
import { verifyPassword } from "../utils/password.server";
import { recordAudit } from "./audit.server";

/** What an erased value reads as wherever it was (the audit log's triggers accept only this change). */
export const ERASED = "[erased]";

/** Keys of audit values that hold a person's name or address. */
const PERSONAL_KEYS = new Set(["email", "new_email", "name"]);

export type EraseOutcome = { ok: true; pledgesAnonymised: number } | { ok: false; field: "password" | "form"; message: string };

/**
 * Deletes the account of `userId`, who proved it is them with their password, in one
 * transaction. The last person able to manage users cannot leave nobody who can.
 */
export async function eraseAccount(db: Kysely<Database>, userId: number, password: string, now = new Date()): Promise<EraseOutcome> {
  const user = await db.selectFrom("users").selectAll().where("id", "=", userId).where("erased_at", "is", null).executeTakeFirst();
  if (!user) return { ok: false, field: "form", message: "This account no longer exists." };
  if (!user.password_hash || !(await verifyPassword(password, user.password_hash))) return { ok: false, field: "password", message: "That is not your password." };
  return writeTransaction(db, async (trx): Promise<EraseOutcome> => {
    const managers = rolesAllowed("manage-users");
    if (managers.includes(user.role)) {
      const others = await trx
        .selectFrom("users")
        .select("id")
        .where("role", "in", managers)
        .where("id", "!=", userId)
        .where("disabled_at", "is", null)
        .where("erased_at", "is", null)
        .limit(1)
        .executeTakeFirst();
      if (!others) return { ok: false, field: "form", message: "You are the only person who can manage users. Give another account that role first." };
    }
    const at = now.toISOString();
    const pledgeIds = (await trx.selectFrom("personal_pledges").select("id").where("user_id", "=", userId).execute()).map((p) => p.id);
    await anonymisePledges(trx, pledgeIds);
    await redactAuditOfUser(trx, userId);
    // Mail that names them to others keeps its facts without the name or address.
    for (const value of [user.name, user.email]) await redactOutbox(trx, value);
    await trx.deleteFrom("outbox_messages").where("to_user_id", "=", userId).execute();
    await trx.deleteFrom("sessions").where("user_id", "=", userId).execute();
    await trx.deleteFrom("account_tokens").where("user_id", "=", userId).execute();
    await trx.deleteFrom("practice_memberships").where("user_id", "=", userId).execute();
    await trx.deleteFrom("notification_opt_outs").where("user_id", "=", userId).execute();
    await trx.deleteFrom("resolution_follows").where("user_id", "=", userId).execute();
    // A request nobody decided yet leaves the signatories' queue.
    await trx.updateTable("membership_requests").set({ status: "withdrawn", updated_at: at }).where("user_id", "=", userId).where("status", "=", "pending").execute();
    await trx
      .updateTable("users")
      .set({
        name: "Deleted account",
        email: `erased-${userId}@erased.invalid`,
        password_hash: null,
        role: SELF_REGISTERED_ROLE,
        lmc_id: null,
        email_verified_at: null,
        disabled_at: at,
        erased_at: at,
        updated_at: at,
      })
      .where("id", "=", userId)
      .execute();
    await recordAudit(trx, { actorUserId: userId, action: "user.erase", entity: "user", entityId: userId, after: { pledges_anonymised: pledgeIds.length } });
    return { ok: true, pledgesAnonymised: pledgeIds.length };
  });
}

/** Pledges with nobody's name on them: still counted while active; their audit rows lose the actor. */
async function anonymisePledges(trx: Transaction<Database>, pledgeIds: number[]): Promise<void> {
  for (let i = 0; i < pledgeIds.length; i += 500) {
    const ids = pledgeIds.slice(i, i + 500);
    await trx.updateTable("personal_pledges").set({ user_id: null }).where("id", "in", ids).execute();
    await trx
      .updateTable("audit_events")
      .set({ actor_user_id: null })
      .where("entity", "=", "personal_pledge")
      .where("entity_id", "in", ids.map(String))
      .execute();
  }
}

/** The audit rows about the person's account keep their facts; names and addresses in them read "[erased]". */
async function redactAuditOfUser(trx: Transaction<Database>, userId: number): Promise<void> {
  const rows = await trx.selectFrom("audit_events").select(["id", "before_json", "after_json"]).where("entity", "=", "user").where("entity_id", "=", String(userId)).execute();
  for (const row of rows) {
    const before = redactJson(row.before_json);
    const after = redactJson(row.after_json);
    if (before === row.before_json && after === row.after_json) continue;
    await trx.updateTable("audit_events").set({ before_json: before, after_json: after }).where("id", "=", row.id).execute();
  }
}

function redactJson(json: string | null): string | null {
  if (json === null) return null;
  const value = JSON.parse(json) as unknown;
  if (!value || typeof value !== "object" || Array.isArray(value)) return json;
  let changed = false;
  const redacted = Object.fromEntries(
    Object.entries(value).map(([k, v]) => {
      if (!PERSONAL_KEYS.has(k) || v === ERASED) return [k, v];
      changed = true;
      return [k, ERASED];
    }),
  );
  return changed ? JSON.stringify(redacted) : json;
}

async function redactOutbox(trx: Transaction<Database>, value: string): Promise<void> {
  if (value.trim().length < 3) return;
  const rows = await trx
    .selectFrom("outbox_messages")
    .select(["id", "subject", "text_body", "html_body", "to_address"])
    .where((eb) => eb.or([eb("subject", "like", `%${value}%`), eb("text_body", "like", `%${value}%`), eb("html_body", "like", `%${value}%`)]))
    .execute();
  const escapedHtml = value.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#x27;");
  for (const row of rows) {
    await trx
      .updateTable("outbox_messages")
      .set({
        subject: row.subject.replaceAll(value, ERASED),
        text_body: row.text_body.replaceAll(value, ERASED),
        html_body: row.html_body.replaceAll(value, ERASED).replaceAll(escapedHtml, ERASED),
      })
      .where("id", "=", row.id)
      .execute();
  }
}

const RETENTION_KEY = "pledge_retention_days";

/** The period after which withdrawn pledges are anonymised, in days (null: kept until erasure). */
export async function getPledgeRetentionDays(db: Kysely<Database>): Promise<number | null> {
  const row = await db.selectFrom("site_settings").select("value").where("key", "=", RETENTION_KEY).executeTakeFirst();
  return row ? Number(row.value) : null;
}

/** An administrator sets (or clears, with null) the retention period; audited. */
export async function setPledgeRetentionDays(db: Kysely<Database>, actorUserId: number, days: number | null): Promise<void> {
  await writeTransaction(db, async (trx) => {
    const before = await trx.selectFrom("site_settings").select("value").where("key", "=", RETENTION_KEY).executeTakeFirst();
    const beforeDays = before ? Number(before.value) : null;
    if (beforeDays === days) return;
    if (days === null) await trx.deleteFrom("site_settings").where("key", "=", RETENTION_KEY).execute();
    else
      await trx
        .insertInto("site_settings")
        .values({ key: RETENTION_KEY, value: String(days), updated_at: nowIso() })
        .onConflict((oc) => oc.column("key").doUpdateSet({ value: String(days), updated_at: nowIso() }))
        .execute();
    await recordAudit(trx, { actorUserId, action: "settings.pledge_retention", entity: "site", entityId: RETENTION_KEY, before: { days: beforeDays }, after: { days } });
  });
}

export type RetentionOutcome = { periodDays: null } | { periodDays: number; anonymised: number; before: string };

/** Anonymises withdrawn pledges older than the retention period; run by `npm run db:retention`. */
export async function anonymiseWithdrawnPledges(db: Kysely<Database>, now = new Date()): Promise<RetentionOutcome> {
  const periodDays = await getPledgeRetentionDays(db);
  if (periodDays === null) return { periodDays: null };
  const before = new Date(now.getTime() - periodDays * 24 * 60 * 60 * 1000).toISOString();
  return writeTransaction(db, async (trx) => {
    const ids = (
      await trx.selectFrom("personal_pledges").select("id").where("active", "=", 0).where("user_id", "is not", null).where("updated_at", "<", before).execute()
    ).map((p) => p.id);
    await anonymisePledges(trx, ids);
    if (ids.length > 0) await recordAudit(trx, { actorUserId: null, action: "pledge.anonymise", entity: "site", entityId: RETENTION_KEY, after: { anonymised: ids.length, withdrawn_before: before } });
    return { periodDays, anonymised: ids.length, before };
  });
}

/** Withdrawn pledges that still carry a name: all of them, and those older than the period. */
export async function namedWithdrawnPledges(db: Kysely<Database>, periodDays: number | null, now = new Date()) {
  const base = db.selectFrom("personal_pledges").where("active", "=", 0).where("user_id", "is not", null);
  const [all, due] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
    periodDays === null
      ? { n: 0 }
      : base
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("updated_at", "<", new Date(now.getTime() - periodDays * 24 * 60 * 60 * 1000).toISOString())
          .executeTakeFirstOrThrow(),
  ]);
  return { named: Number(all.n), due: Number(due.n) };
}
