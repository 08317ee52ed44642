// Server-side session rows: the cookie only carries the id, so a session can be revoked.
import crypto from "node:crypto";
import type { Kysely } from "kysely";
import type { Database, Role } from "../../db/types";
import { nowIso } from "../utils/time";

export const SESSION_DAYS = 14;

export async function createSession(db: Kysely<Database>, userId: number): Promise<string> {
  const id = crypto.randomBytes(32).toString("base64url");
  const now = new Date();
  await db
    .insertInto("sessions")
    .values({
      id,
      user_id: userId,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + SESSION_DAYS * 86_400_000).toISOString(),
      revoked_at: null,
    })
    .execute();
  return id;
}

export interface SessionUser {
  id: number;
  email: string;
  name: string;
  role: Role;
  lmcId: number | null;
  /** The email address is confirmed: needed to pledge, sign up and join a practice. */
  emailVerified: boolean;
}

/** The user behind a live session: not revoked, not expired, user not disabled. */
export async function getSessionUser(db: Kysely<Database>, sessionId: string): Promise<SessionUser | null> {
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select(["users.id", "users.email", "users.name", "users.role", "users.lmc_id", "users.email_verified_at"])
    .where("sessions.id", "=", sessionId)
    .where("sessions.revoked_at", "is", null)
    .where("sessions.expires_at", ">", nowIso())
    .where("users.disabled_at", "is", null)
    .executeTakeFirst();
  if (!row) return null;
  return { id: row.id, email: row.email, name: row.name, role: row.role, lmcId: row.lmc_id, emailVerified: row.email_verified_at !== null };
}

export async function revokeSession(db: Kysely<Database>, sessionId: string): Promise<void> {
  await db
    .updateTable("sessions")
    .set({ revoked_at: nowIso() })
    .where("id", "=", sessionId)
    .where("revoked_at", "is", null)
    .execute();
}

export async function revokeUserSessions(db: Kysely<Database>, userId: number): Promise<number> {
  const result = await db
    .updateTable("sessions")
    .set({ revoked_at: nowIso() })
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function countLiveSessions(db: Kysely<Database>, userId: number): Promise<number> {
  const row = await db
    .selectFrom("sessions")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", nowIso())
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
