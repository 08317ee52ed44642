// Campaign, sign-up and notice vocabularies (SPEC section 3), each defined once here; db/types.ts
// and the zod schemas derive their types from these lists.

export const CAMPAIGN_STATUSES = ["draft", "open", "active", "paused", "closed"] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const CAMPAIGN_STATUS_LABELS: Record<CampaignStatus, string> = {
  draft: "Draft",
  open: "Open for pledges",
  active: "Active",
  paused: "Paused",
  closed: "Closed",
};

// A draft is never published straight into action: practices must be able to pledge first.
// Closed is final, so a closed campaign's figures stay a fixed record.
const CAMPAIGN_TRANSITIONS: Record<CampaignStatus, readonly CampaignStatus[]> = {
  draft: ["open"],
  open: ["active", "paused", "closed"],
  active: ["paused", "closed"],
  paused: ["open", "active", "closed"],
  closed: [],
};

/** The statuses a campaign may move to next; staying in the same status is not a transition. */
export function nextCampaignStatuses(from: CampaignStatus): readonly CampaignStatus[] {
  return CAMPAIGN_TRANSITIONS[from];
}

export function canTransition(from: CampaignStatus, to: CampaignStatus): boolean {
  return CAMPAIGN_TRANSITIONS[from].includes(to);
}

export const SIGNUP_STATUSES = ["pledged", "pledged_if_triggered", "implementing", "withdrawn"] as const;
export type SignUpStatus = (typeof SIGNUP_STATUSES)[number];

export const SIGNUP_STATUS_LABELS: Record<SignUpStatus, string> = {
  pledged: "Pledged",
  pledged_if_triggered: "Pledged if triggered",
  implementing: "Implementing",
  withdrawn: "Withdrawn",
};

/** The statuses that count as signed towards an option's trigger: every one but withdrawn. */
export const SIGNED_STATUSES = ["pledged", "pledged_if_triggered", "implementing"] as const satisfies readonly SignUpStatus[];

export const NOTICE_TYPES = ["informal_contact", "breach_notice", "remedial_notice", "sanction", "termination_notice"] as const;
export type NoticeType = (typeof NOTICE_TYPES)[number];

export const NOTICE_TYPE_LABELS: Record<NoticeType, string> = {
  informal_contact: "Informal contact",
  breach_notice: "Breach notice",
  remedial_notice: "Remedial notice",
  sanction: "Sanction",
  termination_notice: "Termination notice",
};

/** An option's trigger counts practices nationally, or in each ICB separately. */
export const TRIGGER_SCOPES = ["national", "icb"] as const;
export type TriggerScope = (typeof TRIGGER_SCOPES)[number];

export const TRIGGER_SCOPE_LABELS: Record<TriggerScope, string> = {
  national: "Nationally",
  icb: "In each ICB",
};

/** A practice's own condition counts practices nationally, or in the practice's ICB. */
export const CONDITION_SCOPES = ["national", "icb"] as const;
export type ConditionScope = (typeof CONDITION_SCOPES)[number];

export const CONDITION_SCOPE_LABELS: Record<ConditionScope, string> = {
  national: "Nationally",
  icb: "In our ICB",
};
