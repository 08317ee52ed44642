// The server side of app/domain/access.ts: who is asking, and a refusal (403, or 404 where the
// record's existence is private) when `can` says no. Every collective-action loader and action
// decides through here.
import { type Action, type Actor, can, type RecordRelation } from "../domain/access";
import { getOptionalUser, requireUser, type SessionUser } from "./auth.server";
import { forbidden, notFoundForPrivacy } from "./permissions.server";

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
  const user = await requireUser(request);
  const actor = actorOf(user);
  if (!can(actor, action, relation)) {
    if (options.hideAs404) notFoundForPrivacy(request, user, `cannot ${action}`);
    forbidden(request, user, `cannot ${action}`);
  }
  return actor;
}
