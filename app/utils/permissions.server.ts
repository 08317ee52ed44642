// Server-side authorisation. Every loader and action that is not public calls one of these.
import { logDenials } from "./env.server";
import { data } from "@remix-run/node";
import { can, type Action, type RecordRelation } from "../domain/access";
import { requireUser, type SessionUser } from "./auth.server";

export function logDenial(request: Request, user: Pick<SessionUser, "id" | "role"> | null, reason: string) {
  if (!logDenials()) return;
  const url = new URL(request.url);
  console.warn(
    JSON.stringify({
      level: "warn",
      event: "access_denied",
      method: request.method,
      path: url.pathname,
      userId: user?.id ?? null,
      role: user?.role ?? null,
      reason,
      at: new Date().toISOString(),
    }),
  );
}

export function forbidden(request: Request, user: Pick<SessionUser, "id" | "role"> | null, reason: string): never {
  logDenial(request, user, reason);
  throw data({ message: "You do not have permission to see or do this." }, { status: 403 });
}

/** For objects whose very existence is private: answer as if they were not there. */
export function notFoundForPrivacy(request: Request, user: Pick<SessionUser, "id" | "role"> | null, reason: string): never {
  logDenial(request, user, reason);
  throw data({ message: "Not found" }, { status: 404 });
}

/** Log in first; then 403 unless app/domain/access.ts allows the action (on the record, if any). */
export async function requireUserWithPermission(request: Request, action: Action, relation: RecordRelation = {}): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!can({ id: user.id, role: user.role, lmcId: user.lmcId, emailVerified: user.emailVerified }, action, relation)) forbidden(request, user, `cannot ${action}`);
  return user;
}

export function notFound(message = "Not found"): never {
  throw data({ message }, { status: 404 });
}
