// The words of every email LMC Tracker sends, as plain text and simple HTML, with links on the
// site's public address (PUBLIC_URL). Pure: the models fill them in inside the transaction that
// causes each message. No message names a practice other than the recipient's own.

export interface ComposedMessage {
  subject: string;
  text: string;
  html: string;
}

/** A paragraph, or a link shown as its own paragraph (the address in full in the text version). */
type Block = string | { label: string; href: string };

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "#39" }[c]};`);

/** An absolute link to a path of the site. */
export function siteLink(publicUrl: string, path: string): string {
  return `${publicUrl.endsWith("/") ? publicUrl.slice(0, -1) : publicUrl}${path}`;
}

function compose(subject: string, greeting: string | null, blocks: Block[], footer: string[] = []): ComposedMessage {
  const all: Block[] = [...(greeting ? [greeting] : []), ...blocks, ...footer, "LMC Tracker"];
  const text = all.map((b) => (typeof b === "string" ? b : `${b.label}:\n${b.href}`)).join("\n\n") + "\n";
  const html = [
    '<!doctype html><html lang="en-GB"><body style="font-family: Arial, sans-serif; line-height: 1.5; color: #0b0c0c">',
    ...all.map((b) => (typeof b === "string" ? `<p>${escapeHtml(b)}</p>` : `<p><a href="${escapeHtml(b.href)}">${escapeHtml(b.label)}</a></p>`)),
    "</body></html>",
  ].join("\n");
  return { subject, text, html };
}

const dear = (name: string) => `Dear ${name},`;
const settingsFooter = (publicUrl: string, why: string) => [`${why} You can turn these emails off on your account page: ${siteLink(publicUrl, "/account")}`];

export function verifyEmailMessage(publicUrl: string, m: { name: string; link: string }): ComposedMessage {
  return compose("Confirm your email address for LMC Tracker", dear(m.name), [
    "Thank you for registering with LMC Tracker. Confirm that this is your email address to pledge support, join your practice and sign up to collective action.",
    { label: "Confirm your email address", href: m.link },
    "The link works once, for 24 hours. If you did not register, ignore this email: nothing happens without the link.",
  ]);
}

export function accountExistsMessage(publicUrl: string, m: { name: string }): ComposedMessage {
  return compose("You already have an LMC Tracker account", dear(m.name), [
    "Someone asked to register with this email address, but it already has an LMC Tracker account, so no new account was made.",
    "If it was you, log in instead. If you have forgotten your password, ask for a new one.",
    { label: "Log in", href: siteLink(publicUrl, "/login") },
    { label: "Reset your password", href: siteLink(publicUrl, "/forgot-password") },
    "If it was not you, you need do nothing.",
  ]);
}

export function resetPasswordMessage(publicUrl: string, m: { name: string; link: string }): ComposedMessage {
  return compose("Reset your LMC Tracker password", dear(m.name), [
    "Someone (we hope you) asked to reset the password of your LMC Tracker account.",
    { label: "Choose a new password", href: m.link },
    "The link works once, for 24 hours. Choosing a new password logs your account out everywhere. If you did not ask, ignore this email: your password stays as it is.",
  ]);
}

export function passwordChangedMessage(publicUrl: string, m: { name: string }): ComposedMessage {
  return compose("Your LMC Tracker password was changed", dear(m.name), [
    "The password of your LMC Tracker account was just changed, and every session was logged out.",
    "If this was not you, reset your password now and tell the LMC Tracker administrators.",
    { label: "Reset your password", href: siteLink(publicUrl, "/forgot-password") },
  ]);
}

export function changeEmailMessage(publicUrl: string, m: { name: string; newEmail: string; link: string }): ComposedMessage {
  return compose("Confirm your new email address for LMC Tracker", dear(m.name), [
    `You asked to change the email address of your LMC Tracker account to ${m.newEmail}. Confirm it to make the change.`,
    { label: "Confirm your new email address", href: m.link },
    "The link works once, for 24 hours. Until you follow it, your account keeps its old address.",
  ]);
}

export function emailChangeRequestedMessage(publicUrl: string, m: { name: string; newEmail: string }): ComposedMessage {
  return compose("A change of email address was asked for on your LMC Tracker account", dear(m.name), [
    `Someone logged in to your LMC Tracker account asked to change its email address to ${m.newEmail}. The change happens only if the link sent to that address is followed.`,
    "If this was not you, reset your password now.",
    { label: "Reset your password", href: siteLink(publicUrl, "/forgot-password") },
  ]);
}

export function emailInUseMessage(publicUrl: string): ComposedMessage {
  return compose("Someone asked to use this address on LMC Tracker", null, [
    "Someone asked to move an LMC Tracker account to this email address, but this address already has an account of its own, so nothing was changed.",
    "If you have forgotten the password of your account, ask for a new one.",
    { label: "Reset your password", href: siteLink(publicUrl, "/forgot-password") },
  ]);
}

export function signUpLiveMessage(
  publicUrl: string,
  m: { name: string; practiceName: string; odsCode: string; optionTitle: string; campaignTitle: string; reason: string },
): ComposedMessage {
  return compose(
    `${m.practiceName}: your sign-up to “${m.optionTitle}” is now live`,
    dear(m.name),
    [
      `${m.practiceName} (${m.odsCode}) signed up to “${m.optionTitle}” (${m.campaignTitle}) on a condition. The condition is now met, so the practice counts as acting on this option from today.`,
      `Why: ${m.reason}`,
      { label: "See your practice's sign-ups", href: siteLink(publicUrl, `/practices/${m.odsCode}/sign-ups`) },
      "You can change or withdraw the sign-up there.",
    ],
    settingsFooter(publicUrl, "You get this email because you are a signatory of the practice."),
  );
}

export function membershipRequestMessage(publicUrl: string, m: { name: string; practiceName: string; odsCode: string; requesterName: string; requesterEmail: string }): ComposedMessage {
  return compose(
    `${m.requesterName} asks to join ${m.practiceName} on LMC Tracker`,
    dear(m.name),
    [
      `${m.requesterName} (${m.requesterEmail}) asks to join ${m.practiceName} (${m.odsCode}) on LMC Tracker. Their NHS email address is confirmed.`,
      "Approve the request only if they work at the practice. Members see the practice's sign-ups; only signatories can change them.",
      { label: "Decide on the request", href: siteLink(publicUrl, `/practices/${m.odsCode}/members`) },
    ],
    settingsFooter(publicUrl, "You get this email because you are a signatory of the practice."),
  );
}

export function membershipDecisionMessage(publicUrl: string, m: { name: string; practiceName: string; odsCode: string; approved: boolean; reason: string }): ComposedMessage {
  return compose(
    m.approved ? `You are now a member of ${m.practiceName} on LMC Tracker` : `Your request to join ${m.practiceName} was refused`,
    dear(m.name),
    [
      m.approved
        ? `Your request to join ${m.practiceName} (${m.odsCode}) was approved. You can now see the practice's sign-ups, and your personal pledges count where your practice is.`
        : `Your request to join ${m.practiceName} (${m.odsCode}) was refused.`,
      ...(m.reason ? [`The reason given: ${m.reason}`] : []),
      { label: "Your practices", href: siteLink(publicUrl, "/account/practices") },
    ],
    settingsFooter(publicUrl, "You get this email because you asked to join the practice."),
  );
}

export function campaignStatusMessage(publicUrl: string, m: { name: string; campaignId: number; campaignTitle: string; statusEvent: string; note: string | null }): ComposedMessage {
  return compose(
    `“${m.campaignTitle}”: ${m.statusEvent.replace(/\.$/, "").toLowerCase()}`,
    dear(m.name),
    [`The campaign “${m.campaignTitle}” changed status: ${m.statusEvent}`, ...(m.note ? [`Staff noted: ${m.note}`] : []), { label: "See the campaign", href: siteLink(publicUrl, `/campaigns/${m.campaignId}`) }],
    settingsFooter(publicUrl, "You get this email because you, or a practice you sign for, pledged to this campaign."),
  );
}

export function resolutionProgressMessage(
  publicUrl: string,
  m: { name: string; resolutionId: number; title: string; statusLabel: string; notedOn: string; note: string },
): ComposedMessage {
  return compose(
    `Resolution progress: ${m.title}`,
    dear(m.name),
    [
      `Progress was recorded on a resolution you follow, “${m.title}”. Its status is now: ${m.statusLabel}.`,
      `${m.notedOn}: ${m.note}`,
      { label: "See the resolution", href: siteLink(publicUrl, `/resolutions/${m.resolutionId}`) },
    ],
    settingsFooter(publicUrl, "You get this email because you follow this resolution."),
  );
}
