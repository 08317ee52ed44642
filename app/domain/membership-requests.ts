// A GP's request to join a practice and what became of it.

export const MEMBERSHIP_REQUEST_STATUSES = ["pending", "approved", "refused", "withdrawn"] as const;
export type MembershipRequestStatus = (typeof MEMBERSHIP_REQUEST_STATUSES)[number];

export const MEMBERSHIP_REQUEST_STATUS_LABELS: Record<MembershipRequestStatus, string> = {
  pending: "Waiting for a decision",
  approved: "Approved",
  refused: "Refused",
  withdrawn: "Withdrawn",
};
