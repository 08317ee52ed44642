// The server side of app/domain/access.ts: who is asking, and a refusal (403, or 404 where the
// record's existence is private) when `can` says no. Every collective-action loader and action
// decides through here.
import { type Action, type Actor, can, type RecordRelation } from "../domain/access";
import { practiceWithRelation } from "../models/practice-actions.server";
import { OdsCodeSchema } from "../schemas/practices";
import { getOptionalUser, requireUser, signedIn, type SessionUser } from "./auth.server";
import { getDb } from "./db.server";
import { forbidden, notFound, notFoundForPrivacy } from "./permissions.server";
import { todayIso } from "./time";

/** What `can` needs to know about a signed-in user. */
export function actorOf(user: SessionUser): Actor {
  return { id: user.id, role: user.role, lmcId: user.lmcId, emailVerified: user.emailVerified };
}

export async function getActor(request: Request): Promise<Actor | null> {
  const user = await getOptionalUser(request);
  return user ? actorOf(user) : null;
}

/** Log in first; then 403 unless the action is allowed on the record. */
export async function requireAllowed(request: Request, action: Action, relation: RecordRelation = {}, options: { hideAs404?: boolean } = {}): Promise<Actor> {
  return allowedFor(request, await requireUser(request), action, relation, options);
}

/**
 * requireAllowed for the user this request has already read (getOptionalUser), so an action that
 * asks twice (may this person sign for any practice, then for this one) looks the session up once.
 */
export function allowedFor(request: Request, reader: SessionUser | null, action: Action, relation: RecordRelation = {}, options: { hideAs404?: boolean } = {}): Actor {
  const user = signedIn(request, reader);
  const actor = actorOf(user);
  if (!can(actor, action, relation)) {
    if (options.hideAs404) notFoundForPrivacy(request, user, `cannot ${action}`);
    forbidden(request, user, `cannot ${action}`);
  }
  return actor;
}

/**
 * A practice page's record: the practice by ODS code and what the user is to it today, for an
 * action on it. To anyone the action is not allowed it does not exist (404), whether it does or not.
 */
export async function requirePracticeAllowed(request: Request, odsCode: string | undefined, action: Action) {
  const user = await requireUser(request);
  const code = OdsCodeSchema.safeParse(odsCode);
  if (!code.success) notFound("No practice has that ODS code");
  const db = getDb();
  const found = await practiceWithRelation(db, code.data, user.id, todayIso());
  const actor = await requireAllowed(request, action, found?.relation ?? {}, { hideAs404: true });
  if (!found) notFound("No practice has that ODS code");
  return { db, actor, ...found };
}
