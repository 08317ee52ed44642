// The single-use links an account is sent: confirm an email address, reset a password, confirm a
// new address. Each expires 24 hours after it is sent and works once; asking for another link is
// limited per account (on top of the per-address limits in server/app.ts). Pure rules, with a
// table test; app/models/accounts.server.ts applies them.

export const TOKEN_PURPOSES = ["verify_email", "reset_password", "change_email"] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

export const LINK_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** At most one new link a minute, and five a day, per account and purpose. */
export const LINK_COOLDOWN_MS = 60 * 1000;
export const LINKS_PER_DAY = 5;

export type LinkState = "valid" | "used" | "expired";

/** Whether a link still works at `now` (ISO timestamps, compared as instants). */
export function linkState(link: { used_at: string | null; expires_at: string }, now: Date): LinkState {
  if (link.used_at !== null) return "used";
  return Date.parse(link.expires_at) <= now.getTime() ? "expired" : "valid";
}

/** When a link made at `createdAt` stops working. */
export function linkExpiry(createdAt: Date): Date {
  return new Date(createdAt.getTime() + LINK_LIFETIME_MS);
}

/**
 * May another link be sent, given when the earlier ones of the last day were sent? "wait": one
 * went less than a minute ago; "enough": five went in the last day.
 */
export function mayIssueLink(sentAt: readonly string[], now: Date): "yes" | "wait" | "enough" {
  const ms = now.getTime();
  const lastDay = sentAt.map((s) => Date.parse(s)).filter((t) => ms - t < 24 * 60 * 60 * 1000);
  if (lastDay.some((t) => ms - t < LINK_COOLDOWN_MS)) return "wait";
  return lastDay.length >= LINKS_PER_DAY ? "enough" : "yes";
}

/** What a link that no longer works says, in words. */
export const LINK_STATE_MESSAGES: Record<Exclude<LinkState, "valid"> | "unknown", string> = {
  used: "This link has already been used, or a newer link has replaced it. Nothing has been changed.",
  expired: "This link has expired: links work for 24 hours. Nothing has been changed.",
  unknown: "This link is not complete or not one we sent. Check that you copied all of it. Nothing has been changed.",
};
