import { describe, expect, it } from "vitest";
import {
  CAMPAIGN_STATUS_LABELS,
  CAMPAIGN_STATUSES,
  canTransition,
  CONDITION_SCOPE_LABELS,
  CONDITION_SCOPES,
  nextCampaignStatuses,
  NOTICE_TYPE_LABELS,
  NOTICE_TYPES,
  SIGNUP_STATUS_LABELS,
  SIGNUP_STATUSES,
  TRIGGER_SCOPE_LABELS,
  TRIGGER_SCOPES,
  type CampaignStatus,
} from "../../app/domain/campaign-status";

describe("campaign status transitions", () => {
  const allowed: Record<CampaignStatus, CampaignStatus[]> = {
    draft: ["open"],
    open: ["active", "paused", "closed"],
    active: ["paused", "closed"],
    paused: ["open", "active", "closed"],
    closed: [],
  };

  it.each(CAMPAIGN_STATUSES.flatMap((from) => CAMPAIGN_STATUSES.map((to) => [from, to, allowed[from].includes(to)] as const)))(
    "%s -> %s allowed: %s",
    (from, to, expected) => {
      expect(canTransition(from, to)).toBe(expected);
    },
  );

  it("a draft cannot go straight into action", () => {
    expect(canTransition("draft", "active")).toBe(false);
  });

  it("closed is final", () => {
    expect(nextCampaignStatuses("closed")).toEqual([]);
  });

  it("staying in the same status is not a transition", () => {
    for (const status of CAMPAIGN_STATUSES) expect(canTransition(status, status)).toBe(false);
  });
});

describe("every value has its own words", () => {
  it.each([
    ["campaign statuses", CAMPAIGN_STATUSES, CAMPAIGN_STATUS_LABELS],
    ["sign-up statuses", SIGNUP_STATUSES, SIGNUP_STATUS_LABELS],
    ["notice types", NOTICE_TYPES, NOTICE_TYPE_LABELS],
    ["trigger scopes", TRIGGER_SCOPES, TRIGGER_SCOPE_LABELS],
    ["condition scopes", CONDITION_SCOPES, CONDITION_SCOPE_LABELS],
  ] as const)("%s: a label each, none empty, no two alike", (_name, values, labels: Readonly<Record<string, string>>) => {
    const words = values.map((value) => labels[value]);
    expect(Object.keys(labels).sort()).toEqual([...values].sort());
    for (const label of words) expect(label).toMatch(/^[A-Z]\S/);
    expect(new Set(words).size).toBe(values.length);
  });
});
