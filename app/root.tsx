import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { GeneralErrorBoundary } from "./components/error-boundary";
import { can } from "./domain/access";
import { ROLE_LABELS } from "./domain/permissions";
import { hasDemoData, isSignatoryAnywhere } from "./models/site.server";
import stylesheet from "./tailwind.css?url";
import { getOptionalUser } from "./utils/auth.server";
import { getDb } from "./utils/db.server";
import { useNonce } from "./utils/nonce";
import { getCookieSession, sessionStorage, type Toast } from "./utils/session.server";

// The icons are static files in public/ (copied into build/client by the build).
export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.ico", sizes: "48x48" },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
  { rel: "apple-touch-icon", href: "/apple-touch-icon.png" },
];

export const meta: MetaFunction = () => [
  { title: "LMC Tracker" },
  { name: "description", content: "LMC conference motions, votes and outcomes, and practice participation in collective action." },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb();
  const [user, session, demo] = await Promise.all([getOptionalUser(request), getCookieSession(request), hasDemoData(db)]);
  const toast = (session.get("toast") as Toast | undefined) ?? null;
  const signatory = user ? await isSignatoryAnywhere(db, user.id) : false;
  const nav: { to: string; label: string }[] = [
    { to: "/", label: "Home" },
    { to: "/conferences", label: "Conferences" },
    { to: "/clauses", label: "Clauses" },
    { to: "/resolutions", label: "Resolutions" },
    { to: "/campaigns", label: "Campaigns" },
    { to: "/participation", label: "Participation" },
  ];
  if (user) {
    // The links mirror app/domain/access.ts; the routes themselves ask it again.
    const actor = { id: user.id, role: user.role, lmcId: user.lmcId };
    if (can(actor, "read-account", { ownerId: user.id })) nav.push({ to: "/account", label: "My account" });
    if (can(actor, "see-notices")) nav.push({ to: "/notices", label: "Notices" });
    if (can(actor, "read-practices")) nav.push({ to: "/practices", label: "Practices" });
    if (can(actor, "manage-users")) nav.push({ to: "/admin/users", label: "Users" });
    if (can(actor, "import-register")) nav.push({ to: "/admin/imports", label: "Imports" });
    if (can(actor, "read-audit")) nav.push({ to: "/admin/audit", label: "Audit log" });
    if (can(actor, "read-outbox")) nav.push({ to: "/admin/outbox", label: "Outbox" });
    if (can(actor, "set-retention")) nav.push({ to: "/admin/privacy", label: "Privacy" });
  }
  return data(
    {
      user: user ? { name: user.name, role: user.role, roleLabel: ROLE_LABELS[user.role], signatory, emailUnconfirmed: !user.emailVerified } : null,
      toast,
      demo,
      nav,
    },
    { headers: toast ? { "Set-Cookie": await sessionStorage().commitSession(session) } : undefined },
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const root = useRouteLoaderData<typeof loader>("root");
  return (
    <html lang="en-GB" className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="flex min-h-full flex-col font-sans">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:bg-white focus:p-2">
          Skip to main content
        </a>
        <SiteHeader root={root} />
        <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 sm:py-8">
          {root?.toast ? <ToastMessage toast={root.toast} /> : null}
          {children}
        </main>
        <footer className="border-t border-slate-200 bg-white px-4 py-4 text-center text-sm text-slate-600">
          LMC Tracker. Practice register: NHS England ODS and NHS Digital data, Open Government Licence v3.0.
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function SiteHeader({ root }: { root: ReturnType<typeof useRouteLoaderData<typeof loader>> }) {
  return (
    <header className="bg-brand-800 text-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
        <Link to="/" className="text-lg font-bold text-white no-underline hover:text-white">
          LMC Tracker
        </Link>
        <nav aria-label="Main" className="flex-1">
          <ul className="flex flex-wrap gap-x-4 gap-y-1">
            {(root?.nav ?? [{ to: "/", label: "Home" }]).map((item) => (
              <li key={item.to}>
                <NavLink
                  to={item.to}
                  end={item.to === "/"}
                  className={({ isActive }) => `text-white underline-offset-4 hover:text-brand-100 ${isActive ? "underline decoration-2" : "no-underline"}`}
                >
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        {root?.user ? (
          <div className="flex items-center gap-3 text-sm">
            <span>
              {root.user.name} <span className="text-brand-100">({root.user.roleLabel}{root.user.signatory ? ", practice lead" : ""})</span>
            </span>
            <Form method="post" action="/logout">
              <button type="submit" className="rounded border border-white/60 px-3 py-1 text-white hover:bg-white/10">
                Log out
              </button>
            </Form>
          </div>
        ) : (
          <div className="flex items-center gap-4 text-sm">
            <Link to="/register" className="text-white">
              Register as a GP
            </Link>
            <Link to="/login" className="text-white">
              Log in
            </Link>
          </div>
        )}
      </div>
      {root?.user?.emailUnconfirmed ? (
        <p className="bg-sky-50 px-4 py-2 text-center text-sm text-sky-950">
          Confirm your email address to pledge, join your practice or sign it up: follow the link we emailed you.{" "}
          <Link to="/verify-email" className="text-sky-950">
            Need a new link?
          </Link>
        </p>
      ) : null}
      {root?.demo ? (
        <p className="bg-amber-100 px-4 py-2 text-center text-sm text-amber-950">
          Demonstration data: practices named &ldquo;Demo&rdquo; (codes beginning Z) and their figures are invented.
        </p>
      ) : null}
    </header>
  );
}

function ToastMessage({ toast }: { toast: Toast }) {
  const colours = {
    success: "border-green-300 bg-green-50 text-green-900",
    error: "border-red-300 bg-red-50 text-red-900",
    info: "border-sky-300 bg-sky-50 text-sky-900",
  } as const;
  return (
    <div role="status" className={`mb-6 rounded-md border p-3 ${colours[toast.kind]}`}>
      {toast.message}
    </div>
  );
}

export default function App() {
  useLoaderData<typeof loader>();
  return <Outlet />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
