// Who is asking: looks the cookie's session id up in the sessions table on every request.
import { redirect } from "@remix-run/node";
import { getUserForLogin } from "../models/users.server";
import { createSession, getSessionUser, revokeSession, type SessionUser } from "../models/sessions.server";
import { SESSION_DAYS } from "../models/sessions.server";
import { getDb } from "./db.server";
import { dummyPasswordHash, verifyPassword } from "./password.server";
import { getCookieSession, sessionStorage } from "./session.server";
import { recordAudit } from "../models/audit.server";
import { safeRedirect } from "../domain/safe-redirect";

export { safeRedirect };

export type { SessionUser };

export async function getOptionalUser(request: Request): Promise<SessionUser | null> {
  const session = await getCookieSession(request);
  const sessionId = session.get("sessionId");
  if (typeof sessionId !== "string") return null;
  return getSessionUser(getDb(), sessionId);
}

export async function requireUser(request: Request): Promise<SessionUser> {
  return signedIn(request, await getOptionalUser(request));
}

/** The user this request has already read (getOptionalUser), or off to log in first. */
export function signedIn(request: Request, user: SessionUser | null): SessionUser {
  if (!user) {
    const url = new URL(request.url);
    const redirectTo = `${url.pathname}${url.search}`;
    throw redirect(`/login?${new URLSearchParams({ redirectTo })}`);
  }
  return user;
}

/** Checks a password; unknown emails cost the same time as wrong passwords. */
export async function verifyLogin(email: string, password: string): Promise<number | null> {
  const user = await getUserForLogin(getDb(), email);
  const hash = user?.password_hash ?? (await dummyPasswordHash());
  const valid = await verifyPassword(password, hash);
  if (!user || !valid || user.disabled_at) return null;
  return user.id;
}

export async function logIn(request: Request, userId: number, redirectTo: string) {
  const db = getDb();
  const session = await getCookieSession(request);
  const previous = session.get("sessionId");
  const sessionId = await db.transaction().execute(async (trx) => {
    // Logging in over an existing session ends it: one browser, one live session.
    if (typeof previous === "string") await revokeSession(trx, previous);
    const id = await createSession(trx, userId);
    await recordAudit(trx, { actorUserId: userId, action: "session.login", entity: "user", entityId: userId });
    return id;
  });
  session.set("sessionId", sessionId);
  throw redirect(safeRedirect(redirectTo), {
    headers: {
      "Set-Cookie": await sessionStorage().commitSession(session, { maxAge: SESSION_DAYS * 86_400 }),
    },
  });
}

export async function logOut(request: Request) {
  const session = await getCookieSession(request);
  const sessionId = session.get("sessionId");
  if (typeof sessionId === "string") {
    const db = getDb();
    const user = await getSessionUser(db, sessionId);
    await db.transaction().execute(async (trx) => {
      await revokeSession(trx, sessionId);
      if (user) await recordAudit(trx, { actorUserId: user.id, action: "session.logout", entity: "user", entityId: user.id });
    });
  }
  throw redirect("/", { headers: { "Set-Cookie": await sessionStorage().destroySession(session) } });
}
