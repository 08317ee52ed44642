// Accounts' rules at their edges (a link asked for exactly a minute or a day after the last, an
// address with no domain, an SMTP reply at the ends of the 500s) and the words for their states.
// tests/unit/accounts.test.ts has the everyday cases.
import { describe, expect, it } from "vitest";
import { LINK_STATE_MESSAGES, mayIssueLink } from "../../app/domain/account-links";
import { emailDomain, isNhsEmail } from "../../app/domain/email-address";
import { MEMBERSHIP_REQUEST_STATUS_LABELS, MEMBERSHIP_REQUEST_STATUSES } from "../../app/domain/membership-requests";
import { NOTIFICATION_KINDS, NOTIFICATION_LABELS } from "../../app/domain/notifications";
import { isPermanentRefusal, MAX_MESSAGE_AGE_MS, MESSAGE_STATUS_LABELS, MESSAGE_STATUSES } from "../../app/domain/outbox";

describe("asking for another link, at the edges", () => {
  const now = new Date("2026-11-25T09:00:00Z");
  const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
  const DAY = 24 * 60 * 60 * 1000;

  it.each([
    ["one sent exactly a minute ago", [ago(60_000)], "yes"],
    ["one sent a moment less than a minute ago", [ago(59_999)], "wait"],
    ["five sent, the first exactly a day ago", [ago(DAY), ago(DAY - 4), ago(DAY - 3), ago(DAY - 2), ago(DAY - 1)], "yes"],
    ["five sent, the first a moment less than a day ago", [ago(DAY - 5), ago(DAY - 4), ago(DAY - 3), ago(DAY - 2), ago(DAY - 1)], "enough"],
  ])("%s: %s", (_name, sentAt, answer) => {
    expect(mayIssueLink(sentAt, now)).toBe(answer);
  });
});

describe("the domain of an address", () => {
  it.each([
    ["gale@nhs.net", "nhs.net"],
    [" Gale@NHS.net ", "nhs.net"],
    ["a@b@nhs.net", "nhs.net"],
    ["@nhs.net", "nhs.net"],
    ["nhs.net", ""],
  ])("%j: %j", (address, domain) => {
    expect(emailDomain(address)).toBe(domain);
  });

  it("an address with no domain is not an NHS one, even if the extra domains have an empty entry", () => {
    expect(isNhsEmail("nhs.net", [])).toBe(false);
    expect(isNhsEmail("gale", [""])).toBe(false);
    expect(isNhsEmail("gale@", [""])).toBe(false);
  });
});

describe("the outbox's limits", () => {
  it.each([
    [499, false],
    [500, true],
    [599, true],
    [600, false],
  ])("SMTP %i is permanent: %s", (code, permanent) => {
    expect(isPermanentRefusal(code)).toBe(permanent);
  });

  it("gives a message three days", () => {
    expect(MAX_MESSAGE_AGE_MS).toBe(3 * 24 * 3600_000);
  });
});

describe("every state has its own words", () => {
  it.each([
    ["outbox statuses", MESSAGE_STATUSES, MESSAGE_STATUS_LABELS],
    ["membership request statuses", MEMBERSHIP_REQUEST_STATUSES, MEMBERSHIP_REQUEST_STATUS_LABELS],
    ["links that no longer work", ["used", "expired", "unknown"], LINK_STATE_MESSAGES],
  ] as const)("%s: a label each, none empty, no two alike", (_name, values, labels: Readonly<Record<string, string>>) => {
    const words = values.map((value) => labels[value]);
    expect(Object.keys(labels).sort()).toEqual([...values].sort());
    for (const label of words) expect(label).toMatch(/^[A-Z]\S/);
    expect(new Set(words).size).toBe(values.length);
  });

  it("a link that no longer works says nothing was changed", () => {
    for (const message of Object.values(LINK_STATE_MESSAGES)) expect(message).toMatch(/ Nothing has been changed\.$/);
  });

  it("each email a user may turn off has a label and a hint of its own", () => {
    const labels = NOTIFICATION_KINDS.map((kind) => NOTIFICATION_LABELS[kind]);
    for (const { label, hint } of labels) {
      expect(label).toMatch(/^[A-Z] ?\S/);
      expect(hint).toMatch(/^[A-Z].*\.$/);
    }
    expect(new Set(labels.map((l) => l.label)).size).toBe(NOTIFICATION_KINDS.length);
    expect(new Set(labels.map((l) => l.hint)).size).toBe(NOTIFICATION_KINDS.length);
  });
});
