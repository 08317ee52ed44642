// The email outbox (docs/decisions/011-email-outbox.md). A message is queued in the same
// transaction as the change that causes it, so it exists exactly when the change does; a worker
// claims due messages for a lease, sends each with its idempotency key as the Message-ID, and
// marks it sent. A claim whose worker died runs out and is taken again. With no mail server the
// rows are the delivery: staff and administrators read them at /admin/outbox.
import crypto from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import { forUpdate, writeTransaction } from "../../db/dialect";
import type { Database, OutboxMessage } from "../../db/types";
import type { ComposedMessage } from "../domain/messages";
import type { MessageKind } from "../domain/notifications";
import { afterFailure, MAX_MESSAGE_AGE_MS, type MessageStatus } from "../domain/outbox";
import { nowIso } from "../utils/time";

export interface NewMessage {
  kind: MessageKind;
  to: string;
  toUserId: number | null;
  message: ComposedMessage;
  /** The body holds a single-use link: blanked once sent. */
  carriesSecret?: boolean;
}

const SENT_SECRET_BODY = "(This message held a single-use link. Its text was removed once it was sent.)";

/** Queues messages in the caller's transaction: they are sent only if it commits. */
export async function queueMessages(trx: Transaction<Database>, messages: readonly NewMessage[]): Promise<void> {
  const now = nowIso();
  const rows = messages.map((m) => ({
    idempotency_key: crypto.randomUUID(),
    kind: m.kind,
    to_address: m.to,
    to_user_id: m.toUserId,
    subject: m.message.subject,
    text_body: m.message.text,
    html_body: m.message.html,
    carries_secret: m.carriesSecret ? 1 : 0,
    status: "queued" as const,
    attempts: 0,
    next_attempt_at: now,
    created_at: now,
  }));
  // In slices, so a campaign's thousands of pledgers stay within the database's bound parameters.
  for (let i = 0; i < rows.length; i += 200) await trx.insertInto("outbox_messages").values(rows.slice(i, i + 200)).execute();
}

export type ClaimedMessage = Pick<OutboxMessage, "id" | "idempotency_key" | "kind" | "to_address" | "subject" | "text_body" | "html_body" | "carries_secret" | "attempts" | "created_at">;

/**
 * Claims up to `limit` messages that are due (waiting, or claimed by a worker whose lease ran
 * out) for `leaseMs`, in one write transaction, so two workers never hold the same message.
 * Messages too old to be worth sending are marked expired instead.
 */
export async function claimDueMessages(db: Kysely<Database>, options: { leaseMs: number; limit: number; now?: Date }): Promise<ClaimedMessage[]> {
  const now = options.now ?? new Date();
  const at = now.toISOString();
  return writeTransaction(db, async (trx) => {
    const due = await forUpdate(
      db,
      trx
        .selectFrom("outbox_messages")
        .select(["id", "idempotency_key", "kind", "to_address", "subject", "text_body", "html_body", "carries_secret", "attempts", "created_at"])
        .where((eb) =>
          eb.or([
            eb.and([eb("status", "=", "queued"), eb("next_attempt_at", "<=", at)]),
            eb.and([eb("status", "=", "sending"), eb("lease_expires_at", "<=", at)]),
          ]),
        )
        .orderBy("id")
        .limit(options.limit),
    ).execute();
    const tooOld = due.filter((m) => now.getTime() - Date.parse(m.created_at) > MAX_MESSAGE_AGE_MS);
    const claimed = due.filter((m) => !tooOld.includes(m));
    if (tooOld.length) {
      await trx
        .updateTable("outbox_messages")
        .set({ status: "expired", lease_expires_at: null, last_error: "Not sent within three days of being queued." })
        .where("id", "in", tooOld.map((m) => m.id))
        .execute();
    }
    if (claimed.length) {
      await trx
        .updateTable("outbox_messages")
        .set((eb) => ({ status: "sending", lease_expires_at: new Date(now.getTime() + options.leaseMs).toISOString(), attempts: eb("attempts", "+", 1) }))
        .where("id", "in", claimed.map((m) => m.id))
        .execute();
    }
    return claimed.map((m) => ({ ...m, attempts: m.attempts + 1 }));
  });
}

/**
 * Marks a claimed message sent. False when the claim was no longer ours (its lease ran out and
 * another worker took it): the message may then go twice, with the same Message-ID.
 */
export async function markSent(db: Kysely<Database>, message: ClaimedMessage, now = new Date()): Promise<boolean> {
  const result = await db
    .updateTable("outbox_messages")
    .set({
      status: "sent",
      sent_at: now.toISOString(),
      lease_expires_at: null,
      last_error: null,
      ...(message.carries_secret ? { text_body: SENT_SECRET_BODY, html_body: `<p>${SENT_SECRET_BODY}</p>` } : {}),
    })
    .where("id", "=", message.id)
    .where("status", "=", "sending")
    .where("attempts", "=", message.attempts)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** After a failed attempt: back to the queue for a later try, or failed for good. */
export async function markAttemptFailed(db: Kysely<Database>, message: ClaimedMessage, error: string, permanent: boolean, now = new Date()): Promise<MessageStatus> {
  const next = afterFailure(message.attempts, permanent, now);
  const status: MessageStatus = "giveUp" in next ? "failed" : "queued";
  await db
    .updateTable("outbox_messages")
    .set({ status, lease_expires_at: null, last_error: error.slice(0, 500), ...("retryAt" in next ? { next_attempt_at: next.retryAt.toISOString() } : {}) })
    .where("id", "=", message.id)
    .where("status", "=", "sending")
    .where("attempts", "=", message.attempts)
    .execute();
  return status;
}

export interface OutboxFilters {
  /** Part of the recipient's address. */
  to?: string;
  status?: MessageStatus;
  beforeId?: number;
  /** Kinds this reader may not see: left out of the list and of the counts. */
  exceptKinds?: readonly MessageKind[];
}

/** The newest messages first, for the outbox page, with a count per status. */
export async function listOutbox(db: Kysely<Database>, filters: OutboxFilters, limit = 50) {
  let query = db
    .selectFrom("outbox_messages")
    .select(["id", "kind", "to_address", "subject", "text_body", "carries_secret", "status", "attempts", "last_error", "created_at", "sent_at"])
    .orderBy("id", "desc")
    .limit(limit);
  if (filters.to) query = query.where("to_address", "like", `%${filters.to.toLowerCase().replace(/[%_\\]/g, "")}%`);
  if (filters.status) query = query.where("status", "=", filters.status);
  if (filters.beforeId) query = query.where("id", "<", filters.beforeId);
  let countQuery = db.selectFrom("outbox_messages").select(["status", (eb) => eb.fn.countAll<number>().as("n")]).groupBy("status");
  if (filters.exceptKinds?.length) {
    query = query.where("kind", "not in", filters.exceptKinds);
    countQuery = countQuery.where("kind", "not in", filters.exceptKinds);
  }
  const [messages, counts] = await Promise.all([query.execute(), countQuery.execute()]);
  return { messages, counts: Object.fromEntries(counts.map((c) => [c.status, Number(c.n)])) as Partial<Record<MessageStatus, number>> };
}
