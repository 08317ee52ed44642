// The error page every route shares: a clear message per status, never a stack trace.
import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

const TITLES: Record<number, string> = {
  400: "That request could not be understood",
  403: "You do not have permission",
  404: "Page not found",
  405: "That action is not allowed here",
  409: "That cannot be done now",
  413: "That upload is too large",
  429: "Too many requests",
};

export function GeneralErrorBoundary() {
  const error = useRouteError();
  let status = 500;
  let message = "Something went wrong on our side. The problem has been logged; please try again.";
  if (isRouteErrorResponse(error)) {
    status = error.status;
    const data = error.data as unknown;
    if (data && typeof data === "object" && "message" in data && typeof data.message === "string") message = data.message;
    else if (typeof data === "string" && data) message = data;
    else message = error.statusText || message;
  } else if (typeof document !== "undefined") {
    console.error(error);
  }
  if (status === 404 && message === "Not found") message = "We could not find that page. Check the address, or go back to the home page.";
  return (
    <section aria-labelledby="error-title" className="card mx-auto max-w-2xl space-y-3">
      <p className="text-sm font-semibold text-slate-600">Error {status}</p>
      <h1 id="error-title">{TITLES[status] ?? (status >= 500 ? "Sorry, something went wrong" : "Something is not right")}</h1>
      <p>{message}</p>
      {status === 403 ? <p>If you think you should have access, ask an administrator to check your role.</p> : null}
      <p>
        <Link to="/">Go to the home page</Link>
      </p>
    </section>
  );
}
