// The pure rules behind accounts and email: which addresses are NHS ones, when a link still
// works and when another may be sent, what the outbox does after a failed attempt, and the
// words of the messages (escaped, linked to the public address).
import { describe, expect, it } from "vitest";
import { linkExpiry, linkState, mayIssueLink } from "../../app/domain/account-links";
import { emailDomain, isNhsEmail, nhsEmailRequiredMessage, normaliseEmail } from "../../app/domain/email-address";
import { membershipRequestMessage, signUpLiveMessage, siteLink, verifyEmailMessage } from "../../app/domain/messages";
import { afterFailure, isPermanentRefusal, MAX_ATTEMPTS, messageIdOf } from "../../app/domain/outbox";

describe("NHS email addresses", () => {
  it.each([
    ["dr.gale@nhs.net", [], true],
    ["  Dr.Gale@NHS.NET ", [], true],
    ["dr.gale@gmail.com", [], false],
    ["dr.gale@mail.nhs.net", [], false],
    ["dr.gale@nhs.net.evil.example", [], false],
    ["nhs.net@evil.example", [], false],
    ["dr.gale@evilnhs.net", [], false],
    ["dr@gale@nhs.net", [], true],
    ["no-at-sign", [], false],
    ["dr.gale@trust.nhs.uk", [], false],
    ["dr.gale@trust.nhs.uk", ["trust.nhs.uk"], true],
    ["dr.gale@TRUST.nhs.uk", ["Trust.NHS.uk"], true],
    ["dr.gale@other.nhs.uk", ["trust.nhs.uk"], false],
  ] as const)("%s with extra domains %j: %s", (address, extra, yes) => {
    expect(isNhsEmail(address, extra)).toBe(yes);
  });

  it("normalises case and surrounding spaces only", () => {
    expect(normaliseEmail("  Dr.Gale+LMC@NHS.net\t")).toBe("dr.gale+lmc@nhs.net");
    expect(emailDomain(" A@B.C ")).toBe("b.c");
  });

  it("the refusal names the domains that are accepted", () => {
    expect(nhsEmailRequiredMessage([])).toMatch(/ending @nhs\.net\) to register as a GP/);
    expect(nhsEmailRequiredMessage(["a.nhs.uk", "b.nhs.uk"])).toMatch(/ending @nhs\.net, @a\.nhs\.uk or @b\.nhs\.uk\)/);
  });
});

describe("single-use links", () => {
  const sent = new Date("2026-11-25T09:00:00Z");
  const link = (used: string | null) => ({ used_at: used, expires_at: linkExpiry(sent).toISOString() });

  it.each([
    ["a minute after it was sent", 60_000, null, "valid"],
    ["a moment before 24 hours", 24 * 3600_000 - 1, null, "valid"],
    ["at 24 hours", 24 * 3600_000, null, "expired"],
    ["once used", 60_000, "2026-11-25T09:00:30Z", "used"],
    ["used and expired", 48 * 3600_000, "2026-11-25T09:00:30Z", "used"],
  ] as const)("%s: %s", (_when, after, used, state) => {
    expect(linkState(link(used), new Date(sent.getTime() + after))).toBe(state);
  });

  it.each([
    ["none sent", [], "yes"],
    ["one sent 30 seconds ago", ["2026-11-25T08:59:30Z"], "wait"],
    ["one sent two minutes ago", ["2026-11-25T08:58:00Z"], "yes"],
    ["five in the last day", ["2026-11-25T01:00:00Z", "2026-11-25T02:00:00Z", "2026-11-25T03:00:00Z", "2026-11-25T04:00:00Z", "2026-11-25T05:00:00Z"], "enough"],
    ["five, one of them over a day ago", ["2026-11-24T08:00:00Z", "2026-11-25T02:00:00Z", "2026-11-25T03:00:00Z", "2026-11-25T04:00:00Z", "2026-11-25T05:00:00Z"], "yes"],
  ] as const)("another link when %s: %s", (_what, earlier, answer) => {
    expect(mayIssueLink(earlier, sent)).toBe(answer);
  });
});

describe("the outbox after a failed attempt", () => {
  const now = new Date("2026-11-25T09:00:00Z");
  it.each([
    [1, 1],
    [2, 2],
    [3, 4],
    [7, 60],
  ])("attempt %i failed: try again in %i minutes", (attempts, minutes) => {
    expect(afterFailure(attempts, false, now)).toEqual({ retryAt: new Date(now.getTime() + minutes * 60_000) });
  });

  it("gives up after the last attempt, or at once on a permanent refusal", () => {
    expect(afterFailure(MAX_ATTEMPTS, false, now)).toEqual({ giveUp: true });
    expect(afterFailure(1, true, now)).toEqual({ giveUp: true });
  });

  it.each([
    [550, true],
    [554, true],
    [451, false],
    [421, false],
    [undefined, false],
  ])("SMTP %s is permanent: %s", (code, permanent) => {
    expect(isPermanentRefusal(code)).toBe(permanent);
  });

  it("the Message-ID is the idempotency key at the site's host", () => {
    expect(messageIdOf("0b5c", "https://lmc-tracker.example:8443/")).toBe("<0b5c@lmc-tracker.example>");
  });
});

describe("messages", () => {
  it("link to the public address, in text and HTML", () => {
    const link = siteLink("https://lmc-tracker.example/", "/verify-email?token=abc");
    expect(link).toBe("https://lmc-tracker.example/verify-email?token=abc");
    const m = verifyEmailMessage("https://lmc-tracker.example", { name: "Dr Gale", link });
    expect(m.text).toContain(`Confirm your email address:\n${link}`);
    expect(m.html).toContain(`<a href="${link}">Confirm your email address</a>`);
  });

  it("escape what people typed in the HTML version", () => {
    const m = membershipRequestMessage("https://x.example", { name: "Dr <b>Lead</b>", practiceName: "A & B Surgery", odsCode: "A81001", requesterName: '"Mallory" <script>', requesterEmail: "m@nhs.net" });
    expect(m.html).not.toContain("<script>");
    expect(m.html).toContain("&lt;script&gt;");
    expect(m.html).toContain("A &amp; B Surgery");
    expect(m.text).toContain("A & B Surgery");
  });

  it("a sign-up's message names the recipient's practice and its page only", () => {
    const m = signUpLiveMessage("https://x.example", { name: "Dr Lead", practiceName: "Oak Surgery", odsCode: "Z00001", optionTitle: "Close at the limit", campaignTitle: "Online access", reason: "Live in your ICB" });
    expect(m.subject).toBe("Oak Surgery: your sign-up to “Close at the limit” is now live");
    expect(m.text).toContain("https://x.example/practices/Z00001/sign-ups");
    expect(m.text).toContain("https://x.example/account");
  });
});
