// Accounts GPs make and look after themselves, through the routes as a browser posts to them:
// registration with an NHS address (and nothing that tells whether an address has an account),
// links that a GET never uses up and a POST uses once, expiry, password reset ending every
// session, a change of address confirmed from the new one, practice membership requests and
// signatory rights, and the notifications each step queues in the outbox (only to those who
// want them, never naming another practice).
import { beforeAll, describe, expect, it } from "vitest";
import * as accountPage from "../../app/routes/account";
import * as practicesPage from "../../app/routes/account_.practices";
import * as forgotPage from "../../app/routes/forgot-password";
import * as membersPage from "../../app/routes/practices.$odsCode_.members";
import * as registerPage from "../../app/routes/register";
import * as resetPage from "../../app/routes/reset-password";
import * as resolutionPage from "../../app/routes/resolutions.$id";
import * as optionPage from "../../app/routes/campaigns.$id_.options.$optionId";
import * as verifyPage from "../../app/routes/verify-email";
import { can } from "../../app/domain/access";
import { changeCampaignStatus } from "../../app/models/campaigns.server";
import { recordResolutionProgress } from "../../app/models/resolutions.server";
import { createSession, getSessionUser } from "../../app/models/sessions.server";
import { actorOf } from "../../app/utils/access.server";
import { verifyLogin } from "../../app/utils/auth.server";
import { getDb } from "../../app/utils/db.server";
import { sessionStorage } from "../../app/utils/session.server";
import { makeCampaign, makeCarriedResolution, makeSignatory, signPracticeUp } from "../fixtures/campaigns";
import { makePractice, makeUser } from "../fixtures/factories";

process.env.PUBLIC_URL = "https://lmc-tracker.test";
process.env.NHS_EMAIL_DOMAINS = "gp-trust.nhs.uk, @Example-ICB.nhs.uk";

const db = () => getDb();
let serial = 0;
const address = (domain = "nhs.net") => `dr.test.${Date.now().toString(36)}.${serial++}@${domain}`;
const PASSWORD = "a long enough password";

type Args = { request: Request; params: Record<string, string>; context: { cspNonce: string } };
type RouteModule = { loader?: (args: Args) => Promise<unknown>; action?: (args: Args) => Promise<unknown> };

async function cookieFor(userId: number) {
  const session = await sessionStorage().getSession();
  session.set("sessionId", await createSession(db(), userId));
  return (await sessionStorage().commitSession(session)).split(";")[0]!;
}

/** Runs a loader or action as a browser request would, and reads what it answered. */
async function call(mod: RouteModule, kind: "loader" | "action", options: { url?: string; as?: number; form?: Record<string, string | string[]>; params?: Record<string, string> } = {}) {
  const headers = new Headers();
  if (options.as !== undefined) headers.set("Cookie", await cookieFor(options.as));
  let body: URLSearchParams | undefined;
  if (options.form) {
    body = new URLSearchParams();
    for (const [k, v] of Object.entries(options.form)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  }
  const request = new Request(`http://localhost${options.url ?? "/x"}`, { method: kind === "action" ? "POST" : "GET", headers, body });
  const read = (value: unknown) => {
    if (value instanceof Response) return { status: value.status, location: value.headers.get("location"), data: null as any };
    if (value && typeof value === "object" && "type" in value && value.type === "DataWithResponseInit") {
      const v = value as unknown as { data: unknown; init?: { status?: number } };
      return { status: v.init?.status ?? 200, location: null, data: v.data as any };
    }
    return { status: 200, location: null, data: value as any };
  };
  try {
    return read(await mod[kind]!({ request, params: options.params ?? {}, context: { cspNonce: "" } }));
  } catch (error) {
    const answer = read(error);
    if (answer.status === 200 && !(error instanceof Response)) throw error;
    return answer;
  }
}

async function messagesTo(to: string) {
  return db().selectFrom("outbox_messages").selectAll().where("to_address", "=", to).orderBy("id").execute();
}

/** The link in the newest message to an address with this subject. */
async function linkSentTo(to: string, subject: RegExp) {
  const message = (await messagesTo(to)).filter((m) => subject.test(m.subject)).at(-1);
  expect(message, `a message to ${to} about ${subject}`).toBeDefined();
  const match = /https:\/\/lmc-tracker\.test(\/[\w-]+\?token=[\w-]+)/.exec(message!.text_body);
  expect(match, message!.text_body).not.toBeNull();
  return { path: match![1]!, token: new URLSearchParams(match![1]!.split("?")[1]).get("token")!, message: message! };
}

async function userByEmail(email: string) {
  return db().selectFrom("users").selectAll().where("email", "=", email).executeTakeFirst();
}

async function auditCount() {
  return Number((await db().selectFrom("audit_events").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
}

async function register(email: string, name = "Dr Newcomer", password = PASSWORD) {
  return call(registerPage, "action", { form: { name, email, password, confirmPassword: password } });
}

/** A GP who registered and followed the link. */
async function confirmedNewcomer() {
  const email = address();
  await register(email);
  const { token } = await linkSentTo(email, /Confirm your email/);
  expect((await call(verifyPage, "action", { form: { intent: "confirm", token } })).status).toBe(302);
  return (await userByEmail(email))!;
}

describe("registration", () => {
  it("a GP registers with an nhs.net address: the account is unconfirmed, can log in, and the link is emailed", async () => {
    const email = address();
    const answer = await register(`  ${email.toUpperCase()} `);
    expect(answer).toMatchObject({ status: 302, location: "/register?sent=1" });
    const user = await userByEmail(email);
    expect(user).toMatchObject({ role: "gp", email_verified_at: null, disabled_at: null });
    expect(await verifyLogin(email, PASSWORD)).toBe(user!.id);
    const { token, message } = await linkSentTo(email, /^Confirm your email address for LMC Tracker$/);
    expect(message).toMatchObject({ kind: "verify_email", to_user_id: user!.id, status: "queued", carries_secret: 1 });
    expect(message.html_body).toContain(`href="https://lmc-tracker.test/verify-email?token=${token}"`);
    // Only the hash is kept.
    const stored = await db().selectFrom("account_tokens").selectAll().where("user_id", "=", user!.id).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toContain(token);
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(Date.parse(stored[0]!.expires_at) - Date.parse(stored[0]!.created_at)).toBe(24 * 3600 * 1000);
  });

  it.each([
    ["another domain", "someone@gmail.com"],
    ["a subdomain of nhs.net", "someone@mail.nhs.net"],
    ["nhs.net inside another domain", "someone@nhs.net.evil.example"],
  ])("refuses %s with a clear message, and makes nothing", async (_what, email) => {
    const before = await auditCount();
    const answer = await register(email);
    expect(answer.status).toBe(400);
    expect(answer.data.error.email[0]).toMatch(/Use your NHS email address \(ending @nhs\.net, @gp-trust\.nhs\.uk or @example-icb\.nhs\.uk\) to register as a GP/);
    expect(await userByEmail(email)).toBeUndefined();
    expect(await messagesTo(email)).toEqual([]);
    expect(await auditCount()).toBe(before);
  });

  it("accepts the domains NHS_EMAIL_DOMAINS adds, whatever their case", async () => {
    const email = address("EXAMPLE-ICB.nhs.uk");
    expect((await register(email)).status).toBe(302);
    expect(await userByEmail(email.toLowerCase())).toBeDefined();
  });

  it("answers the same for an address that already has an account, emails its owner instead, and changes nothing", async () => {
    const existing = await confirmedNewcomer();
    const before = { user: await userByEmail(existing.email), users: await db().selectFrom("users").select("id").execute() };
    const answer = await register(` ${existing.email.toUpperCase()}`, "Someone Else", "another long password");
    expect(answer).toMatchObject({ status: 302, location: "/register?sent=1" });
    expect(await userByEmail(existing.email)).toEqual(before.user);
    expect(await db().selectFrom("users").select("id").execute()).toEqual(before.users);
    expect(await verifyLogin(existing.email, "another long password")).toBeNull();
    const sent = await messagesTo(existing.email);
    expect(sent.at(-1)).toMatchObject({ kind: "account_exists", subject: "You already have an LMC Tracker account" });
    // Not again and again: one such email a minute at most.
    await register(existing.email);
    expect((await messagesTo(existing.email)).filter((m) => m.kind === "account_exists")).toHaveLength(1);
  });

  it("an address registered but not confirmed gets a fresh link instead, and the earlier one stops working", async () => {
    const email = address();
    await register(email);
    const first = await linkSentTo(email, /Confirm your email/);
    await db().updateTable("account_tokens").set({ created_at: new Date(Date.now() - 120_000).toISOString() }).execute();
    await register(email);
    const second = await linkSentTo(email, /Confirm your email/);
    expect(second.token).not.toBe(first.token);
    expect((await call(verifyPage, "loader", { url: first.path })).data.link.state).toBe("used");
    expect((await call(verifyPage, "loader", { url: second.path })).data.link.state).toBe("valid");
  });

  it("a signed-in user is sent from /register to their account", async () => {
    const user = await makeUser(db());
    expect(await call(registerPage, "loader", { as: user.id })).toMatchObject({ status: 302, location: "/account" });
  });
});

describe("confirming an address", () => {
  it("opening the link (as a mail scanner does) changes nothing; the button confirms, once", async () => {
    const email = address();
    await register(email);
    const { path, token } = await linkSentTo(email, /Confirm your email/);
    for (let i = 0; i < 3; i++) {
      const page = await call(verifyPage, "loader", { url: path });
      expect(page.data.link).toEqual({ state: "valid", purpose: "verify_email", email, token });
    }
    expect((await userByEmail(email))!.email_verified_at).toBeNull();
    const confirmed = await call(verifyPage, "action", { form: { intent: "confirm", token } });
    expect(confirmed).toMatchObject({ status: 302, location: "/login" });
    expect((await userByEmail(email))!.email_verified_at).not.toBeNull();

    const before = { user: await userByEmail(email), audit: await auditCount() };
    const again = await call(verifyPage, "action", { form: { intent: "confirm", token } });
    expect(again.status).toBe(400);
    expect(again.data.problem).toMatch(/already been used.*Nothing has been changed/);
    expect((await call(verifyPage, "loader", { url: path })).data.link).toMatchObject({ state: "used", token: null, email: null });
    expect(await userByEmail(email)).toEqual(before.user);
    expect(await auditCount()).toBe(before.audit);
  });

  it("an expired link says so and changes nothing", async () => {
    const email = address();
    await register(email);
    const { path, token } = await linkSentTo(email, /Confirm your email/);
    const user = (await userByEmail(email))!;
    await db().updateTable("account_tokens").set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where("user_id", "=", user.id).execute();
    expect((await call(verifyPage, "loader", { url: path })).data.link).toMatchObject({ state: "expired", token: null });
    const answer = await call(verifyPage, "action", { form: { intent: "confirm", token } });
    expect(answer.status).toBe(400);
    expect(answer.data.problem).toMatch(/expired/);
    expect((await userByEmail(email))!.email_verified_at).toBeNull();
  });

  it("a link we never sent is refused like any other that does not work", async () => {
    expect((await call(verifyPage, "loader", { url: "/verify-email?token=not-a-real-token" })).data.link.state).toBe("unknown");
    expect((await call(verifyPage, "action", { form: { intent: "confirm", token: "not-a-real-token" } })).status).toBe(400);
  });

  it("a new link is limited to one a minute per account", async () => {
    const email = address();
    await register(email);
    const user = (await userByEmail(email))!;
    expect((await call(verifyPage, "action", { as: user.id, form: { intent: "resend" } })).status).toBe(302);
    expect((await messagesTo(email)).filter((m) => m.kind === "verify_email")).toHaveLength(1);
    await db().updateTable("account_tokens").set({ created_at: new Date(Date.now() - 61_000).toISOString() }).where("user_id", "=", user.id).execute();
    expect((await call(verifyPage, "action", { as: user.id, form: { intent: "resend" } })).status).toBe(302);
    expect((await messagesTo(email)).filter((m) => m.kind === "verify_email")).toHaveLength(2);
    // Asking for a new link needs a login.
    expect((await call(verifyPage, "action", { form: { intent: "resend" } })).location).toMatch(/^\/login/);
  });
});

describe("an unconfirmed GP", () => {
  it("cannot pledge or ask to join a practice until the address is confirmed, then can", async () => {
    const email = address();
    await register(email);
    const user = (await userByEmail(email))!;
    const session = (await getSessionUser(db(), await createSession(db(), user.id)))!;
    expect(session.emailVerified).toBe(false);
    expect(can(actorOf(session), "pledge")).toBe(false);
    const campaign = await makeCampaign(db(), { options: [{ title: "Pledge me" }] });
    const params = { id: String(campaign.id), optionId: String(campaign.options[0]!.id) };
    expect((await call(optionPage, "action", { as: user.id, params, form: { intent: "support" } })).status).toBe(403);
    const practice = await makePractice(db());
    expect((await call(practicesPage, "action", { as: user.id, form: { intent: "request", odsCode: practice.ods_code } })).status).toBe(403);
    expect((await call(practicesPage, "loader", { as: user.id })).data).toMatchObject({ mayRequest: false, mustConfirmFirst: true });

    const { token } = await linkSentTo(email, /Confirm your email/);
    await call(verifyPage, "action", { form: { intent: "confirm", token } });
    expect((await call(optionPage, "action", { as: user.id, params, form: { intent: "support" } })).status).toBe(302);
    expect(await db().selectFrom("personal_pledges").select("active").where("user_id", "=", user.id).executeTakeFirst()).toEqual({ active: 1 });
  });

  it("admin-made accounts (and the demo's) count as confirmed", async () => {
    const user = await makeUser(db());
    expect((await userByEmail(user.email))!.email_verified_at).not.toBeNull();
  });
});

describe("password reset", () => {
  it("answers the same for an address with no account, and sends nothing", async () => {
    const nobody = address();
    expect(await call(forgotPage, "action", { form: { email: nobody } })).toMatchObject({ status: 302, location: "/forgot-password?sent=1" });
    expect(await messagesTo(nobody)).toEqual([]);
  });

  it("a reset link sets a new password once, ends every session and counts as confirming the address", async () => {
    const email = address();
    await register(email);
    const user = (await userByEmail(email))!;
    const sessions = [await createSession(db(), user.id), await createSession(db(), user.id)];
    expect(await call(forgotPage, "action", { form: { email: ` ${email.toUpperCase()}` } })).toMatchObject({ status: 302, location: "/forgot-password?sent=1" });
    const { path, token, message } = await linkSentTo(email, /Reset your LMC Tracker password/);
    expect(message.kind).toBe("reset_password");
    expect((await call(resetPage, "loader", { url: path })).data).toEqual({ state: "valid", token });
    expect(await verifyLogin(email, PASSWORD)).toBe(user.id);

    const mismatch = await call(resetPage, "action", { form: { token, password: "a brand new password", confirmPassword: "something else entirely" } });
    expect(mismatch.status).toBe(400);
    expect(await verifyLogin(email, PASSWORD)).toBe(user.id);

    const done = await call(resetPage, "action", { form: { token, password: "a brand new password", confirmPassword: "a brand new password" } });
    expect(done).toMatchObject({ status: 302, location: "/login" });
    expect(await verifyLogin(email, PASSWORD)).toBeNull();
    expect(await verifyLogin(email, "a brand new password")).toBe(user.id);
    for (const s of sessions) expect(await getSessionUser(db(), s)).toBeNull();
    expect((await userByEmail(email))!.email_verified_at).not.toBeNull();
    expect((await messagesTo(email)).at(-1)).toMatchObject({ kind: "password_changed" });

    const again = await call(resetPage, "action", { form: { token, password: "a third long password", confirmPassword: "a third long password" } });
    expect(again.status).toBe(400);
    expect(again.data.error[""][0]).toMatch(/already been used/);
    expect(await verifyLogin(email, "a brand new password")).toBe(user.id);
  });

  it("an expired reset link changes nothing", async () => {
    const user = await makeUser(db());
    await call(forgotPage, "action", { form: { email: user.email } });
    const { token } = await linkSentTo(user.email, /Reset your/);
    await db().updateTable("account_tokens").set({ expires_at: new Date(Date.now() - 1).toISOString() }).where("user_id", "=", user.id).execute();
    expect((await call(resetPage, "action", { form: { token, password: "a brand new password", confirmPassword: "a brand new password" } })).status).toBe(400);
    expect(await verifyLogin(user.email, user.password)).toBe(user.id);
  });
});

describe("changing an email address", () => {
  it("needs the current password, an NHS address for a GP, and the link from the new address", async () => {
    const gp = await confirmedNewcomer();
    const wrong = await call(accountPage, "action", { as: gp.id, form: { intent: "change-email", newEmail: address(), password: "not my password" } });
    expect(wrong.status).toBe(400);
    expect(wrong.data.result.error.password).toEqual(["That is not your current password."]);
    const notNhs = await call(accountPage, "action", { as: gp.id, form: { intent: "change-email", newEmail: "gp@example.org", password: PASSWORD } });
    expect(notNhs.data.result.error.newEmail[0]).toMatch(/Use your NHS email address/);

    const newEmail = address();
    expect((await call(accountPage, "action", { as: gp.id, form: { intent: "change-email", newEmail, password: PASSWORD } })).status).toBe(302);
    expect((await userByEmail(gp.email))!.id).toBe(gp.id);
    expect((await messagesTo(gp.email)).at(-1)).toMatchObject({ kind: "email_change_requested" });
    const { path, token } = await linkSentTo(newEmail, /Confirm your new email address/);
    expect((await call(verifyPage, "loader", { url: path })).data.link).toMatchObject({ state: "valid", purpose: "change_email", email: newEmail });
    expect((await call(verifyPage, "action", { as: gp.id, form: { intent: "confirm", token } })).location).toBe("/account");
    expect((await userByEmail(newEmail))!.id).toBe(gp.id);
    expect(await userByEmail(gp.email)).toBeUndefined();
    expect(await verifyLogin(newEmail, PASSWORD)).toBe(gp.id);
  });

  it("to an address another account has: the same answer, the other address is told, and nothing changes", async () => {
    const gp = await confirmedNewcomer();
    const other = await confirmedNewcomer();
    const answer = await call(accountPage, "action", { as: gp.id, form: { intent: "change-email", newEmail: other.email, password: PASSWORD } });
    expect(answer.status).toBe(302);
    const sent = (await messagesTo(other.email)).at(-1)!;
    expect(sent.kind).toBe("email_in_use");
    expect(sent.text_body).not.toMatch(/token=/);
    expect((await userByEmail(gp.email))!.id).toBe(gp.id);
  });
});

describe("membership requests", () => {
  it("a confirmed GP finds a practice, asks to join; its signatory is asked, approves, and the GP is told", async () => {
    const practice = await makePractice(db());
    const lead = await makeSignatory(db(), practice);
    const gp = await confirmedNewcomer();
    const found = await call(practicesPage, "loader", { as: gp.id, url: `/account/practices?q=${practice.ods_code.toLowerCase()}` });
    expect(found.data.results.map((p: { ods_code: string }) => p.ods_code)).toEqual([practice.ods_code]);
    const byName = await call(practicesPage, "loader", { as: gp.id, url: `/account/practices?q=${encodeURIComponent(`PRACTICE ${practice.ods_code.toLowerCase()}`)}` });
    expect(byName.data.results.map((p: { ods_code: string }) => p.ods_code)).toContain(practice.ods_code);

    expect((await call(practicesPage, "action", { as: gp.id, form: { intent: "request", odsCode: practice.ods_code } })).status).toBe(302);
    const twice = await call(practicesPage, "action", { as: gp.id, form: { intent: "request", odsCode: practice.ods_code } });
    expect(twice.status).toBe(400);
    expect(twice.data.problem).toMatch(/already asked/);
    const asked = (await messagesTo(lead.email)).at(-1)!;
    expect(asked).toMatchObject({ kind: "membership_request" });
    expect(asked.text_body).toContain(`https://lmc-tracker.test/practices/${practice.ods_code}/members`);
    expect((await call(practicesPage, "loader", { as: gp.id })).data.requests[0]).toMatchObject({ status: "pending", ods_code: practice.ods_code });

    const page = await call(membersPage, "loader", { as: lead.id, params: { odsCode: practice.ods_code } });
    expect(page.status).toBe(200);
    const request = page.data.pending[0];
    expect(request).toMatchObject({ name: gp.name, email: gp.email });
    const approved = await call(membersPage, "action", { as: lead.id, params: { odsCode: practice.ods_code }, form: { intent: "approve", requestId: String(request.id) } });
    expect(approved.status).toBe(302);
    expect(await db().selectFrom("practice_memberships").select(["is_signatory"]).where("user_id", "=", gp.id).where("practice_id", "=", practice.id).executeTakeFirst()).toEqual({ is_signatory: 0 });
    expect((await messagesTo(gp.email)).at(-1)).toMatchObject({ kind: "membership_decision", subject: `You are now a member of ${`Test Practice ${practice.ods_code}`} on LMC Tracker` });
    expect((await call(practicesPage, "loader", { as: gp.id })).data.requests[0]).toMatchObject({ status: "approved" });
    const audit = await db().selectFrom("audit_events").select(["action", "actor_user_id"]).where("entity", "=", "membership_request").where("entity_id", "=", String(request.id)).orderBy("id").execute();
    expect(audit).toEqual([
      { action: "membership_request.create", actor_user_id: gp.id },
      { action: "membership_request.approve", actor_user_id: lead.id },
    ]);
    // Deciding twice is refused.
    expect((await call(membersPage, "action", { as: lead.id, params: { odsCode: practice.ods_code }, form: { intent: "refuse", requestId: String(request.id) } })).status).toBe(400);
  });

  it("a refusal carries its reason to the GP; a GP may withdraw a waiting request", async () => {
    const practice = await makePractice(db());
    const lead = await makeSignatory(db(), practice);
    const gp = await confirmedNewcomer();
    await call(practicesPage, "action", { as: gp.id, form: { intent: "request", odsCode: practice.ods_code } });
    const [request] = (await call(membersPage, "loader", { as: lead.id, params: { odsCode: practice.ods_code } })).data.pending;
    await call(membersPage, "action", { as: lead.id, params: { odsCode: practice.ods_code }, form: { intent: "refuse", requestId: String(request.id), reason: "Not known at this practice" } });
    const told = (await messagesTo(gp.email)).at(-1)!;
    expect(told.subject).toMatch(/was refused/);
    expect(told.text_body).toContain("Not known at this practice");

    await call(practicesPage, "action", { as: gp.id, form: { intent: "request", odsCode: practice.ods_code } });
    const mine = (await call(practicesPage, "loader", { as: gp.id })).data.requests[0];
    expect((await call(practicesPage, "action", { as: gp.id, form: { intent: "withdraw", requestId: String(mine.id) } })).status).toBe(302);
    expect((await call(membersPage, "loader", { as: lead.id, params: { odsCode: practice.ods_code } })).data.pending).toEqual([]);
    // Nobody else's request can be withdrawn.
    const other = await confirmedNewcomer();
    await call(practicesPage, "action", { as: other.id, form: { intent: "request", odsCode: practice.ods_code } });
    const theirs = (await call(practicesPage, "loader", { as: other.id })).data.requests[0];
    expect((await call(practicesPage, "action", { as: gp.id, form: { intent: "withdraw", requestId: String(theirs.id) } })).status).toBe(400);
  });

  it("a practice with no signatory is decided by staff, who may make the first signatory; members who do not sign, and other practices' signatories, cannot decide", async () => {
    const practice = await makePractice(db());
    const staff = await makeUser(db(), { role: "bma_staff" });
    const gp = await confirmedNewcomer();
    await call(practicesPage, "action", { as: gp.id, form: { intent: "request", odsCode: practice.ods_code } });
    const queue = (await call(practicesPage, "loader", { as: staff.id })).data.awaitingStaff;
    const waiting = queue.find((r: { ods_code: string }) => r.ods_code === practice.ods_code);
    expect(waiting).toBeDefined();

    const otherLead = await makeSignatory(db(), await makePractice(db()));
    expect((await call(membersPage, "loader", { as: otherLead.id, params: { odsCode: practice.ods_code } })).status).toBe(404);
    expect((await call(membersPage, "action", { as: otherLead.id, params: { odsCode: practice.ods_code }, form: { intent: "approve", requestId: String(waiting.id) } })).status).toBe(404);

    const approved = await call(membersPage, "action", { as: staff.id, params: { odsCode: practice.ods_code }, form: { intent: "approve", requestId: String(waiting.id), signatory: "on" } });
    expect(approved.status).toBe(302);
    expect(await db().selectFrom("practice_memberships").select("is_signatory").where("user_id", "=", gp.id).executeTakeFirst()).toEqual({ is_signatory: 1 });
    expect((await call(practicesPage, "loader", { as: staff.id })).data.awaitingStaff.find((r: { ods_code: string }) => r.ods_code === practice.ods_code)).toBeUndefined();

    // A plain member sees no members page.
    const member = await confirmedNewcomer();
    await db().insertInto("practice_memberships").values({ user_id: member.id, practice_id: practice.id, is_signatory: 0, created_at: new Date().toISOString() }).execute();
    expect((await call(membersPage, "loader", { as: member.id, params: { odsCode: practice.ods_code } })).status).toBe(404);
  });

  it("signatories grant and remove signatory rights in their practice, never their own as the last one", async () => {
    const practice = await makePractice(db());
    const lead = await makeSignatory(db(), practice);
    const gp = await makeUser(db());
    await db().insertInto("practice_memberships").values({ user_id: gp.id, practice_id: practice.id, is_signatory: 0, created_at: new Date().toISOString() }).execute();
    const act = (as: number, intent: string, userId: number) => call(membersPage, "action", { as, params: { odsCode: practice.ods_code }, form: { intent, userId: String(userId) } });
    const isSignatory = async (userId: number) => (await db().selectFrom("practice_memberships").select("is_signatory").where("user_id", "=", userId).where("practice_id", "=", practice.id).executeTakeFirstOrThrow()).is_signatory;

    const alone = await act(lead.id, "remove-signatory", lead.id);
    expect(alone.status).toBe(400);
    expect(alone.data.problem).toMatch(/only signatory/);
    expect(await isSignatory(lead.id)).toBe(1);

    expect((await act(lead.id, "grant-signatory", gp.id)).status).toBe(302);
    expect(await isSignatory(gp.id)).toBe(1);
    expect((await act(lead.id, "remove-signatory", lead.id)).status).toBe(302);
    expect(await isSignatory(lead.id)).toBe(0);
    // Now only a member, the old lead cannot change anything there.
    expect((await act(lead.id, "grant-signatory", lead.id)).status).toBe(404);
    const stranger = await makeUser(db());
    expect((await act(gp.id, "grant-signatory", stranger.id)).data.problem).toMatch(/not a member/);
    const history = await db().selectFrom("audit_events").select("action").where("entity", "=", "user").where("entity_id", "in", [String(gp.id), String(lead.id)]).where("action", "=", "membership.update").execute();
    expect(history).toHaveLength(2);
  });
});

describe("notifications", () => {
  it("a conditional sign-up that goes live tells that practice's signatories only, naming no other practice; turned-off kinds are not sent", async () => {
    const icb = (await db().selectFrom("icbs").select("code").orderBy("code", "desc").executeTakeFirstOrThrow()).code;
    const [a, b] = [await makePractice(db(), { icbCode: icb }), await makePractice(db(), { icbCode: icb })];
    const campaign = await makeCampaign(db(), { options: [{ title: "Close at the limit", trigger: { percent: 100, scope: "icb" } }] });
    const option = campaign.options[0]!;
    const leadA = await makeSignatory(db(), a);
    const quietLeadA = await makeSignatory(db(), a);
    await call(accountPage, "action", { as: quietLeadA.id, form: { intent: "notifications", kinds: ["campaign_status"] } });
    await signPracticeUp(db(), { practice: a, option, status: "pledged_if_triggered", by: leadA });
    const leadB = await makeSignatory(db(), b);
    await signPracticeUp(db(), { practice: b, option, status: "pledged", by: leadB });

    const toA = (await messagesTo(leadA.email)).filter((m) => m.kind === "signup_live");
    expect(toA).toHaveLength(1);
    expect(toA[0]!.subject).toBe(`Test Practice ${a.ods_code}: your sign-up to “Close at the limit” is now live`);
    expect(toA[0]!.text_body).not.toContain(b.ods_code);
    expect(toA[0]!.text_body).toContain(`https://lmc-tracker.test/practices/${a.ods_code}/sign-ups`);
    expect((await messagesTo(quietLeadA.email)).filter((m) => m.kind === "signup_live")).toEqual([]);
    expect((await messagesTo(leadB.email)).filter((m) => m.kind === "signup_live")).toEqual([]);
    expect((await call(accountPage, "loader", { as: quietLeadA.id })).data.notifications).toMatchObject({ signup_live: false, campaign_status: true });
  });

  it("a campaign's change of status tells the GPs who pledged to it, once each", async () => {
    const campaign = await makeCampaign(db(), { options: [{ title: "One" }, { title: "Two" }] });
    const gp = await confirmedNewcomer();
    const bystander = await confirmedNewcomer();
    for (const o of campaign.options) await call(optionPage, "action", { as: gp.id, params: { id: String(campaign.id), optionId: String(o.id) }, form: { intent: "support" } });
    const { version } = await db().selectFrom("campaigns").select("version").where("id", "=", campaign.id).executeTakeFirstOrThrow();
    expect((await changeCampaignStatus(db(), campaign.staffId, campaign.id, "paused", version, "Talks resumed")).ok).toBe(true);
    const told = (await messagesTo(gp.email)).filter((m) => m.kind === "campaign_status");
    expect(told).toHaveLength(1);
    expect(told[0]!.text_body).toContain("Paused.");
    expect(told[0]!.text_body).toContain("Talks resumed");
    expect((await messagesTo(bystander.email)).filter((m) => m.kind === "campaign_status")).toEqual([]);
  });

  it("a resolution's progress tells its followers, not whoever recorded it", async () => {
    const { resolutionId, staff } = await makeCarriedResolution(db());
    const gp = await makeUser(db());
    const params = { id: String(resolutionId) };
    expect((await call(resolutionPage, "action", { as: gp.id, params, form: { intent: "follow" } })).status).toBe(302);
    expect((await call(resolutionPage, "loader", { as: gp.id, params })).data.following).toBe(true);
    await call(resolutionPage, "action", { as: staff.id, params, form: { intent: "follow" } });
    await recordResolutionProgress(db(), staff.id, resolutionId, { status: "in_progress", notedOn: "2026-11-20", note: "Raised with NHS England." });
    const told = (await messagesTo(gp.email)).filter((m) => m.kind === "resolution_progress");
    expect(told).toHaveLength(1);
    expect(told[0]!.text_body).toContain("Raised with NHS England.");
    expect(await messagesTo(staff.email)).toEqual([]);
    await call(resolutionPage, "action", { as: gp.id, params, form: { intent: "unfollow" } });
    await recordResolutionProgress(db(), staff.id, resolutionId, { status: "achieved", notedOn: "2026-11-21", note: "Done." });
    expect((await messagesTo(gp.email)).filter((m) => m.kind === "resolution_progress")).toHaveLength(1);
  });
});

beforeAll(() => {
  expect(process.env.PUBLIC_URL).toBe("https://lmc-tracker.test");
});
