// The session cookie holds only a server-side session id and one-shot flash messages (toasts).
import { createCookieSessionStorage, redirect } from "@remix-run/node";
import { getEnv } from "./env.server";

export type Toast = { kind: "success" | "error" | "info"; message: string };
type SessionData = { sessionId: string };
type FlashData = { toast: Toast };

let storage: ReturnType<typeof createCookieSessionStorage<SessionData, FlashData>> | undefined;

export function sessionStorage() {
  storage ??= createCookieSessionStorage<SessionData, FlashData>({
    cookie: {
      name: "lmc_session",
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: getEnv().NODE_ENV === "production" && getEnv().INSECURE_COOKIES !== "1",
      secrets: [getEnv().SESSION_SECRET],
    },
  });
  return storage;
}

export function getCookieSession(request: Request) {
  return sessionStorage().getSession(request.headers.get("Cookie"));
}

/** Headers that set a toast shown once on the next page. */
export async function toastHeaders(request: Request, toast: Toast): Promise<Headers> {
  const session = await getCookieSession(request);
  session.flash("toast", toast);
  return new Headers({ "Set-Cookie": await sessionStorage().commitSession(session) });
}

/** The end of most actions: go somewhere and say what happened, once. */
export async function redirectWithToast(request: Request, to: string, toast: Toast): Promise<ReturnType<typeof redirect>> {
  return redirect(to, { headers: await toastHeaders(request, toast) });
}
