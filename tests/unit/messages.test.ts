// Every email the site sends, read as a recipient would: a greeting, paragraphs with nothing
// empty, each link in full in the text and as a link in the HTML, what people typed escaped.
import { describe, expect, it } from "vitest";
import {
  accountExistsMessage,
  campaignStatusMessage,
  changeEmailMessage,
  emailChangeRequestedMessage,
  emailInUseMessage,
  membershipDecisionMessage,
  membershipRequestMessage,
  passwordChangedMessage,
  resetPasswordMessage,
  resolutionProgressMessage,
  signUpLiveMessage,
  siteLink,
  verifyEmailMessage,
  type ComposedMessage,
} from "../../app/domain/messages";

const SITE = "https://lmc-tracker.example";
const LINK = `${SITE}/verify-email?token=abc`;
const FOOTER = `You can turn these emails off on your account page: ${SITE}/account`;

type Case = [name: string, message: ComposedMessage, subject: string, greeting: string | null, links: [string, string][], says: string[]];

const CASES: Case[] = [
  ["confirming an address", verifyEmailMessage(SITE, { name: "Dr Gale", link: LINK }), "Confirm your email address for LMC Tracker", "Dr Gale", [["Confirm your email address", LINK]], []],
  [
    "an address that already has an account",
    accountExistsMessage(SITE, { name: "Dr Gale" }),
    "You already have an LMC Tracker account",
    "Dr Gale",
    [
      ["Log in", `${SITE}/login`],
      ["Reset your password", `${SITE}/forgot-password`],
    ],
    [],
  ],
  ["a password reset", resetPasswordMessage(SITE, { name: "Dr Gale", link: LINK }), "Reset your LMC Tracker password", "Dr Gale", [["Choose a new password", LINK]], []],
  ["a changed password", passwordChangedMessage(SITE, { name: "Dr Gale" }), "Your LMC Tracker password was changed", "Dr Gale", [["Reset your password", `${SITE}/forgot-password`]], []],
  [
    "confirming a new address",
    changeEmailMessage(SITE, { name: "Dr Gale", newEmail: "gale@nhs.net", link: LINK }),
    "Confirm your new email address for LMC Tracker",
    "Dr Gale",
    [["Confirm your new email address", LINK]],
    ["gale@nhs.net"],
  ],
  [
    "a change of address asked for",
    emailChangeRequestedMessage(SITE, { name: "Dr Gale", newEmail: "gale@nhs.net" }),
    "A change of email address was asked for on your LMC Tracker account",
    "Dr Gale",
    [["Reset your password", `${SITE}/forgot-password`]],
    ["gale@nhs.net"],
  ],
  ["an address already in use", emailInUseMessage(SITE), "Someone asked to use this address on LMC Tracker", null, [["Reset your password", `${SITE}/forgot-password`]], []],
  [
    "a sign-up gone live",
    signUpLiveMessage(SITE, { name: "Dr Lead", practiceName: "Oak Surgery", odsCode: "Z00001", optionTitle: "Close at the limit", campaignTitle: "Online access", reason: "Live in your ICB" }),
    "Oak Surgery: your sign-up to “Close at the limit” is now live",
    "Dr Lead",
    [["See your practice's sign-ups", `${SITE}/practices/Z00001/sign-ups`]],
    ["Oak Surgery (Z00001)", "(Online access)", "Why: Live in your ICB", FOOTER],
  ],
  [
    "a request to join a practice",
    membershipRequestMessage(SITE, { name: "Dr Lead", practiceName: "Oak Surgery", odsCode: "Z00001", requesterName: "Dr New", requesterEmail: "new@nhs.net" }),
    "Dr New asks to join Oak Surgery on LMC Tracker",
    "Dr Lead",
    [["Decide on the request", `${SITE}/practices/Z00001/members`]],
    ["Dr New (new@nhs.net) asks to join Oak Surgery (Z00001)", FOOTER],
  ],
  [
    "an approved request",
    membershipDecisionMessage(SITE, { name: "Dr New", practiceName: "Oak Surgery", odsCode: "Z00001", approved: true, reason: "" }),
    "You are now a member of Oak Surgery on LMC Tracker",
    "Dr New",
    [["Your practices", `${SITE}/account/practices`]],
    ["Your request to join Oak Surgery (Z00001) was approved.", FOOTER],
  ],
  [
    "a refused request, with its reason",
    membershipDecisionMessage(SITE, { name: "Dr New", practiceName: "Oak Surgery", odsCode: "Z00001", approved: false, reason: "Not on our staff list" }),
    "Your request to join Oak Surgery was refused",
    "Dr New",
    [["Your practices", `${SITE}/account/practices`]],
    ["Your request to join Oak Surgery (Z00001) was refused.", "The reason given: Not on our staff list", FOOTER],
  ],
  [
    "a campaign's new status, with a note",
    campaignStatusMessage(SITE, { name: "Dr Lead", campaignId: 3, campaignTitle: "Online access", statusEvent: "Paused.", note: "Talks resumed" }),
    "“Online access”: paused",
    "Dr Lead",
    [["See the campaign", `${SITE}/campaigns/3`]],
    ["The campaign “Online access” changed status: Paused.", "Staff noted: Talks resumed", FOOTER],
  ],
  [
    "resolution progress",
    resolutionProgressMessage(SITE, { name: "Dr Lead", resolutionId: 9, title: "Fund premises", statusLabel: "In progress", notedOn: "1 April 2026", note: "Raised with NHS England" }),
    "Resolution progress: Fund premises",
    "Dr Lead",
    [["See the resolution", `${SITE}/resolutions/9`]],
    ["“Fund premises”. Its status is now: In progress.", "1 April 2026: Raised with NHS England", FOOTER],
  ],
];

describe("every email, as its recipient reads it", () => {
  it.each(CASES)("%s", (_name, message, subject, greeting, links, says) => {
    expect(message.subject).toBe(subject);
    const paragraphs = message.text.split("\n\n");
    expect(paragraphs[0]).toBe(greeting === null ? paragraphs[0] : `Dear ${greeting},`);
    if (greeting === null) expect(message.text).not.toMatch(/^Dear/);
    expect(paragraphs.at(-1)).toBe("LMC Tracker\n");
    for (const paragraph of paragraphs) expect(paragraph.trim()).toMatch(/\S{2}/);
    expect(message.html).toMatch(/^<!doctype html><html lang="en-GB"><body[^>]*>\n<p>/);
    expect(message.html).toMatch(/\n<p>LMC Tracker<\/p>\n<\/body><\/html>$/);
    expect(message.html).not.toContain("<p></p>");
    for (const [label, href] of links) {
      expect(message.text).toContain(`\n\n${label}:\n${href}\n\n`);
      expect(message.html).toContain(`<p><a href="${href}">${label.replace(/'/g, "&#39;")}</a></p>`);
    }
    for (const words of says) expect(message.text).toContain(words);
  });

  it("an approved request, or a campaign status without a note, says no more than it has", () => {
    const approved = membershipDecisionMessage(SITE, { name: "Dr New", practiceName: "Oak Surgery", odsCode: "Z00001", approved: true, reason: "" });
    expect(approved.text).not.toContain("The reason given");
    const status = campaignStatusMessage(SITE, { name: "Dr Lead", campaignId: 3, campaignTitle: "Online access", statusEvent: "Closed", note: null });
    expect(status.subject).toBe("“Online access”: closed");
    expect(status.text).not.toContain("Staff noted");
  });

  it("escapes every character HTML gives a meaning to, in the HTML only", () => {
    const m = changeEmailMessage(SITE, { name: `A&B <C> "D" 'E'`, newEmail: "x@nhs.net", link: `${SITE}/x?a=1&b=2` });
    expect(m.html).toContain("<p>Dear A&amp;B &lt;C&gt; &quot;D&quot; &#39;E&#39;,</p>");
    expect(m.html).toContain(`<a href="${SITE}/x?a=1&amp;b=2">`);
    expect(m.text).toContain(`Dear A&B <C> "D" 'E',`);
  });
});

describe("links to the site", () => {
  it.each([
    ["https://lmc-tracker.example", "https://lmc-tracker.example/account"],
    ["https://lmc-tracker.example/", "https://lmc-tracker.example/account"],
    ["https://example.org/lmc/", "https://example.org/lmc/account"],
  ])("%s + /account is %s", (publicUrl, link) => {
    expect(siteLink(publicUrl, "/account")).toBe(link);
  });
});
