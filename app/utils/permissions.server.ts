// Server-side authorisation. Every loader and action that is not public calls one of these.
import { data } from "@remix-run/node";
import { roleHasPermission, type Permission } from "../domain/permissions";
import { requireUser, type SessionUser } from "./auth.server";

export function logDenial(request: Request, user: Pick<SessionUser, "id" | "role"> | null, reason: string) {
  if (process.env.LOG_DENIALS === "0") return;
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

export async function requireUserWithPermission(request: Request, permission: Permission): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!roleHasPermission(user.role, permission)) forbidden(request, user, `missing ${permission}`);
  return user;
}

export function notFound(message = "Not found"): never {
  throw data({ message }, { status: 404 });
}
