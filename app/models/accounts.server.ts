// Accounts people make and look after themselves: a GP registers, confirms their address from an
// emailed link, resets a forgotten password, changes their address. Links are single-use, expire
// after 24 hours and are stored as SHA-256 hashes only (app/domain/account-links.ts). Every email
// is queued in the same transaction as the change it reports (app/models/outbox.server.ts).
// Registration and password reset answer the same whether or not an address has an account.
import crypto from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import { writeTransaction } from "../../db/dialect";
import type { Database } from "../../db/types";
import { SELF_REGISTERED_ROLE } from "../domain/access";
import { linkExpiry, linkState, mayIssueLink, type LinkState, type TokenPurpose } from "../domain/account-links";
import { normaliseEmail } from "../domain/email-address";
import {
  accountExistsMessage,
  changeEmailMessage,
  emailChangeRequestedMessage,
  emailInUseMessage,
  passwordChangedMessage,
  resetPasswordMessage,
  siteLink,
  verifyEmailMessage,
} from "../domain/messages";
import { hashPassword, verifyPassword } from "../utils/password.server";
import { recordAudit } from "./audit.server";
import { queueMessages } from "./outbox.server";
import { revokeUserSessions } from "./sessions.server";

type Trx = Transaction<Database>;

const hashToken = (token: string) => crypto.createHash("sha256").update(token, "utf8").digest("hex");

/** The page each kind of link opens. */
const LINK_PATHS: Record<TokenPurpose, string> = {
  verify_email: "/verify-email",
  change_email: "/verify-email",
  reset_password: "/reset-password",
};

/**
 * A new single-use link for the user, replacing any earlier unused one of the same purpose; null
 * when one went less than a minute ago or five went today ("wait", "enough").
 */
async function issueLink(trx: Trx, userId: number, purpose: TokenPurpose, email: string, publicUrl: string, now: Date): Promise<{ link: string } | { refused: "wait" | "enough" }> {
  const recent = await trx
    .selectFrom("account_tokens")
    .select("created_at")
    .where("user_id", "=", userId)
    .where("purpose", "=", purpose)
    .where("created_at", ">", new Date(now.getTime() - 86_400_000).toISOString())
    .execute();
  const may = mayIssueLink(recent.map((r) => r.created_at), now);
  if (may !== "yes") return { refused: may };
  const at = now.toISOString();
  await trx.updateTable("account_tokens").set({ used_at: at }).where("user_id", "=", userId).where("purpose", "=", purpose).where("used_at", "is", null).execute();
  const token = crypto.randomBytes(32).toString("base64url");
  await trx
    .insertInto("account_tokens")
    .values({ user_id: userId, purpose, token_hash: hashToken(token), email, created_at: at, expires_at: linkExpiry(now).toISOString(), used_at: null })
    .execute();
  return { link: siteLink(publicUrl, `${LINK_PATHS[purpose]}?${new URLSearchParams({ token })}`) };
}

async function queueVerification(trx: Trx, user: { id: number; name: string; email: string }, publicUrl: string, now: Date) {
  const issued = await issueLink(trx, user.id, "verify_email", user.email, publicUrl, now);
  if ("refused" in issued) return issued;
  await queueMessages(trx, [{ kind: "verify_email", to: user.email, toUserId: user.id, message: verifyEmailMessage(publicUrl, { name: user.name, link: issued.link }), carriesSecret: true }]);
  return { sent: true as const };
}

/**
 * Registers a GP with an unconfirmed address and emails the link that confirms it. An address
 * that already has an account gets an email saying so (or, if still unconfirmed, a new link) and
 * nothing else changes: the caller answers the same either way. The caller has checked that the
 * address is an NHS one.
 */
export async function registerGp(db: Kysely<Database>, input: { name: string; email: string; password: string }, publicUrl: string, now = new Date()): Promise<void> {
  const email = normaliseEmail(input.email);
  // Hashed whatever happens next, so an existing address costs the same time as a new one.
  const passwordHash = await hashPassword(input.password);
  try {
    await registerInTransaction(db, { ...input, email }, passwordHash, publicUrl, now);
  } catch (error) {
    // Two registrations of one address at the same moment (PostgreSQL runs them side by side):
    // the other one made the account and sent its email, and this one answers the same.
    if (!isUniqueViolation(error)) throw error;
  }
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e.code === "23505" || e.code === "SQLITE_CONSTRAINT_UNIQUE" || /UNIQUE constraint failed: users\.email/.test(e.message ?? "");
}

async function registerInTransaction(db: Kysely<Database>, input: { name: string; email: string }, passwordHash: string, publicUrl: string, now: Date): Promise<void> {
  const email = input.email;
  await writeTransaction(db, async (trx) => {
    const existing = await trx.selectFrom("users").select(["id", "name", "email", "email_verified_at", "disabled_at"]).where("email", "=", email).executeTakeFirst();
    if (existing) {
      if (existing.disabled_at) return;
      if (existing.email_verified_at === null) {
        await queueVerification(trx, existing, publicUrl, now);
        return;
      }
      const recent = await trx
        .selectFrom("outbox_messages")
        .select("created_at")
        .where("to_user_id", "=", existing.id)
        .where("kind", "=", "account_exists")
        .where("created_at", ">", new Date(now.getTime() - 86_400_000).toISOString())
        .execute();
      if (mayIssueLink(recent.map((r) => r.created_at), now) !== "yes") return;
      await queueMessages(trx, [{ kind: "account_exists", to: existing.email, toUserId: existing.id, message: accountExistsMessage(publicUrl, { name: existing.name }) }]);
      return;
    }
    const at = now.toISOString();
    const user = await trx
      .insertInto("users")
      .values({ email, name: input.name, role: SELF_REGISTERED_ROLE, lmc_id: null, password_hash: passwordHash, disabled_at: null, email_verified_at: null, created_at: at, updated_at: at })
      .returning(["id", "name", "email"])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { actorUserId: user.id, action: "user.register", entity: "user", entityId: user.id, after: { email, name: input.name, role: SELF_REGISTERED_ROLE } });
    await queueVerification(trx, user, publicUrl, now);
  });
}

/** A new confirmation link for a signed-in user whose address is not confirmed yet. */
export async function resendVerification(db: Kysely<Database>, userId: number, publicUrl: string, now = new Date()): Promise<"sent" | "confirmed" | "wait" | "enough"> {
  return writeTransaction(db, async (trx) => {
    const user = await trx.selectFrom("users").select(["id", "name", "email", "email_verified_at"]).where("id", "=", userId).executeTakeFirstOrThrow();
    if (user.email_verified_at !== null) return "confirmed";
    const outcome = await queueVerification(trx, user, publicUrl, now);
    if ("refused" in outcome) return outcome.refused;
    await recordAudit(trx, { actorUserId: user.id, action: "user.verification_resent", entity: "user", entityId: user.id, after: { email: user.email } });
    return "sent";
  });
}

export interface LinkFacts {
  state: LinkState | "unknown";
  purpose: TokenPurpose | null;
  /** The address the link confirms (for a link that still works). */
  email: string | null;
}

async function findLink(db: Kysely<Database>, token: string) {
  if (!token || token.length > 200) return undefined;
  return db
    .selectFrom("account_tokens as t")
    .innerJoin("users as u", "u.id", "t.user_id")
    .select(["t.id", "t.user_id", "t.purpose", "t.email", "t.expires_at", "t.used_at", "u.name", "u.email as user_email", "u.email_verified_at", "u.disabled_at"])
    .where("t.token_hash", "=", hashToken(token))
    .executeTakeFirst();
}

/** What a link is (for the page it opens): whether it still works, and what it would confirm. */
export async function describeLink(db: Kysely<Database>, token: string, purposes: readonly TokenPurpose[], now = new Date()): Promise<LinkFacts> {
  const link = await findLink(db, token);
  if (!link || !purposes.includes(link.purpose) || link.disabled_at) return { state: "unknown", purpose: null, email: null };
  const state = linkState(link, now);
  return { state, purpose: link.purpose, email: state === "valid" ? link.email : null };
}

/** Marks a link used, once: false if another request used it first. */
async function useLink(trx: Trx, linkId: number, at: string): Promise<boolean> {
  const result = await trx.updateTable("account_tokens").set({ used_at: at }).where("id", "=", linkId).where("used_at", "is", null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export type ConfirmOutcome = { ok: true; purpose: "verify_email" | "change_email"; email: string } | { ok: false; reason: LinkState | "unknown" | "taken" };

/**
 * Follows a confirmation link (a POST from the page the link opens, never the GET a mail scanner
 * makes): confirms the address, or moves the account to its new address. A link that no longer
 * works changes nothing.
 */
export async function confirmEmailLink(db: Kysely<Database>, token: string, now = new Date()): Promise<ConfirmOutcome> {
  return writeTransaction(db, async (trx) => {
    const link = await findLink(trx, token);
    if (!link || link.disabled_at || (link.purpose !== "verify_email" && link.purpose !== "change_email")) return { ok: false, reason: "unknown" } as const;
    const state = linkState(link, now);
    if (state !== "valid") return { ok: false, reason: state } as const;
    const at = now.toISOString();
    if (link.purpose === "verify_email") {
      // A link to an address the account no longer has confirms nothing.
      if (link.email !== link.user_email) return { ok: false, reason: "used" } as const;
      if (!(await useLink(trx, link.id, at))) return { ok: false, reason: "used" } as const;
      await trx.updateTable("users").set({ email_verified_at: link.email_verified_at ?? at, updated_at: at }).where("id", "=", link.user_id).execute();
      await recordAudit(trx, { actorUserId: link.user_id, action: "user.email_verified", entity: "user", entityId: link.user_id, after: { email: link.email } });
      return { ok: true, purpose: "verify_email", email: link.email } as const;
    }
    const taken = await trx.selectFrom("users").select("id").where("email", "=", link.email).where("id", "!=", link.user_id).executeTakeFirst();
    if (taken) return { ok: false, reason: "taken" } as const;
    if (!(await useLink(trx, link.id, at))) return { ok: false, reason: "used" } as const;
    await trx.updateTable("users").set({ email: link.email, email_verified_at: at, updated_at: at }).where("id", "=", link.user_id).execute();
    // Links sent to the old address (to confirm it, or reset its password) no longer apply.
    await trx.updateTable("account_tokens").set({ used_at: at }).where("user_id", "=", link.user_id).where("used_at", "is", null).execute();
    await recordAudit(trx, { actorUserId: link.user_id, action: "user.email_change", entity: "user", entityId: link.user_id, before: { email: link.user_email }, after: { email: link.email } });
    return { ok: true, purpose: "change_email", email: link.email } as const;
  });
}

/** Emails a reset link if the address has an active account; the caller answers the same either way. */
export async function requestPasswordReset(db: Kysely<Database>, email: string, publicUrl: string, now = new Date()): Promise<void> {
  await writeTransaction(db, async (trx) => {
    const user = await trx.selectFrom("users").select(["id", "name", "email", "disabled_at"]).where("email", "=", normaliseEmail(email)).executeTakeFirst();
    if (!user || user.disabled_at) return;
    const issued = await issueLink(trx, user.id, "reset_password", user.email, publicUrl, now);
    if ("refused" in issued) return;
    await queueMessages(trx, [{ kind: "reset_password", to: user.email, toUserId: user.id, message: resetPasswordMessage(publicUrl, { name: user.name, link: issued.link }), carriesSecret: true }]);
    // Nobody is logged in to ask: the row says a link went to the account's address.
    await recordAudit(trx, { actorUserId: null, action: "user.password_reset_requested", entity: "user", entityId: user.id, after: { email: user.email } });
  });
}

/**
 * Sets a new password from a reset link: the link is used up, every session of the user ends,
 * and the address counts as confirmed (the link reached it). A link that no longer works changes
 * nothing.
 */
export async function resetPassword(db: Kysely<Database>, token: string, password: string, publicUrl: string, now = new Date()): Promise<{ ok: true } | { ok: false; reason: LinkState | "unknown" }> {
  const passwordHash = await hashPassword(password);
  return writeTransaction(db, async (trx) => {
    const link = await findLink(trx, token);
    if (!link || link.disabled_at || link.purpose !== "reset_password") return { ok: false, reason: "unknown" } as const;
    const state = linkState(link, now);
    if (state !== "valid") return { ok: false, reason: state } as const;
    if (link.email !== link.user_email) return { ok: false, reason: "used" } as const;
    const at = now.toISOString();
    if (!(await useLink(trx, link.id, at))) return { ok: false, reason: "used" } as const;
    await trx.updateTable("users").set({ password_hash: passwordHash, email_verified_at: link.email_verified_at ?? at, updated_at: at }).where("id", "=", link.user_id).execute();
    const revoked = await revokeUserSessions(trx, link.user_id);
    await recordAudit(trx, { actorUserId: link.user_id, action: "user.password_reset", entity: "user", entityId: link.user_id, after: { sessions_revoked: revoked } });
    await queueMessages(trx, [{ kind: "password_changed", to: link.user_email, toUserId: link.user_id, message: passwordChangedMessage(publicUrl, { name: link.name }) }]);
    return { ok: true } as const;
  });
}

export type EmailChangeOutcome = { ok: true } | { ok: false; field: "password" | "newEmail"; message: string };

/**
 * Starts a change of address: the new address gets a link (or, if another account has it, a note
 * that nothing changed: the answer here is the same), the old address a warning. The account
 * keeps its old address until the link is followed.
 */
export async function requestEmailChange(db: Kysely<Database>, userId: number, input: { newEmail: string; password: string }, publicUrl: string, now = new Date()): Promise<EmailChangeOutcome> {
  const newEmail = normaliseEmail(input.newEmail);
  const user = await db.selectFrom("users").select(["id", "name", "email", "password_hash"]).where("id", "=", userId).executeTakeFirstOrThrow();
  if (!user.password_hash || !(await verifyPassword(input.password, user.password_hash))) return { ok: false, field: "password", message: "That is not your current password." };
  if (newEmail === user.email) return { ok: false, field: "newEmail", message: "That is already your email address." };
  return writeTransaction(db, async (trx) => {
    const issued = await issueLink(trx, user.id, "change_email", newEmail, publicUrl, now);
    if ("refused" in issued) {
      return { ok: false, field: "newEmail", message: issued.refused === "wait" ? "We sent a link a moment ago. Wait a minute before asking again." : "You have asked for five changes today. Try again tomorrow." } as const;
    }
    const taken = await trx.selectFrom("users").select("id").where("email", "=", newEmail).executeTakeFirst();
    await queueMessages(trx, [
      taken
        ? { kind: "email_in_use", to: newEmail, toUserId: null, message: emailInUseMessage(publicUrl) }
        : { kind: "change_email", to: newEmail, toUserId: user.id, message: changeEmailMessage(publicUrl, { name: user.name, newEmail, link: issued.link }), carriesSecret: true },
      { kind: "email_change_requested", to: user.email, toUserId: user.id, message: emailChangeRequestedMessage(publicUrl, { name: user.name, newEmail }) },
    ]);
    await recordAudit(trx, { actorUserId: user.id, action: "user.email_change_requested", entity: "user", entityId: user.id, after: { new_email: newEmail } });
    return { ok: true } as const;
  });
}
