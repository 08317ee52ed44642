// The kinds of email a user may turn off on their account page. Messages about the account itself
// (confirming an address, a password reset) always go.

export const NOTIFICATION_KINDS = ["signup_live", "membership_request", "membership_decision", "campaign_status", "resolution_progress"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_LABELS: Record<NotificationKind, { label: string; hint: string }> = {
  signup_live: {
    label: "A conditional sign-up of my practice went live",
    hint: "For practice leads: when a trigger or condition was met and your practice now counts as acting.",
  },
  membership_request: {
    label: "A GP asks to join my practice",
    hint: "For practice leads: a request waits for your decision.",
  },
  membership_decision: {
    label: "My request to join a practice was decided",
    hint: "When a practice lead or BMA staff approve or refuse your request.",
  },
  campaign_status: {
    label: "A campaign I pledged to changed status",
    hint: "When a campaign you or your practice pledged to opens, becomes active, pauses or closes.",
  },
  resolution_progress: {
    label: "A resolution I follow moved",
    hint: "When progress is recorded on a resolution you follow.",
  },
};

/** Messages that always go: about the account itself. */
export const ACCOUNT_MESSAGE_KINDS = ["verify_email", "account_exists", "reset_password", "password_changed", "change_email", "email_change_requested", "email_in_use"] as const;
export type AccountMessageKind = (typeof ACCOUNT_MESSAGE_KINDS)[number];

export type MessageKind = NotificationKind | AccountMessageKind;

/**
 * Messages whose words or recipients say which practice signed or who pledged: a sign-up that
 * went live names the practice, and a campaign's news goes to its pledgers and the signatories of
 * practices signed to it. Only those who may see every practice's sign-ups read them in the outbox.
 */
export const COLLECTIVE_ACTION_MESSAGE_KINDS = ["signup_live", "campaign_status"] as const satisfies readonly MessageKind[];
