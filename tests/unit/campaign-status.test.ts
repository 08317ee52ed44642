import { describe, expect, it } from "vitest";
import { CAMPAIGN_STATUSES, canTransition, nextCampaignStatuses, type CampaignStatus } from "../../app/domain/campaign-status";

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
