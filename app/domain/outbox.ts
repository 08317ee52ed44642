// The email outbox's rules (docs/decisions/011-email-outbox.md): a message waits (queued), is
// claimed by one worker for a lease (sending), and ends sent, failed (after its last attempt, or a
// permanent refusal) or expired (never sent within three days: its links would be dead). A claim
// whose lease ran out (its worker died) is taken again. Pure, with a table test.

export const MESSAGE_STATUSES = ["queued", "sending", "sent", "failed", "expired"] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export const MESSAGE_STATUS_LABELS: Record<MessageStatus, string> = {
  queued: "Waiting to be sent",
  sending: "Being sent",
  sent: "Sent",
  failed: "Could not be sent",
  expired: "Not sent: too old",
};

export const MAX_ATTEMPTS = 8;
/** A message not sent within this long is not sent at all. */
export const MAX_MESSAGE_AGE_MS = 3 * 24 * 60 * 60 * 1000;

/** After a failed attempt: try again later (minutes double from one, at most an hour), or give up. */
export function afterFailure(attempts: number, permanent: boolean, now: Date): { retryAt: Date } | { giveUp: true } {
  if (permanent || attempts >= MAX_ATTEMPTS) return { giveUp: true };
  const minutes = Math.min(60, 2 ** Math.max(0, attempts - 1));
  return { retryAt: new Date(now.getTime() + minutes * 60_000) };
}

/** An SMTP reply in the 500s refuses the message for good; anything else may pass on a retry. */
export function isPermanentRefusal(responseCode: number | undefined): boolean {
  return responseCode !== undefined && responseCode >= 500 && responseCode < 600;
}

/** The Message-ID of a message: its idempotency key at the site's host, the same on every attempt. */
export function messageIdOf(idempotencyKey: string, publicUrl: string): string {
  return `<${idempotencyKey}@${new URL(publicUrl).hostname}>`;
}
