import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { permissionsOf, ROLE_LABELS } from "../domain/permissions";
import { getUser, listPracticeMemberships } from "../models/users.server";
import { getDb } from "../utils/db.server";
import { requireUserWithPermission } from "../utils/permissions.server";

export const meta: MetaFunction = () => [{ title: "My account | LMC Tracker" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const sessionUser = await requireUserWithPermission(request, "read-account");
  const db = getDb();
  const [user, memberships] = await Promise.all([getUser(db, sessionUser.id), listPracticeMemberships(db, sessionUser.id)]);
  return {
    user: { name: sessionUser.name, email: sessionUser.email, role: ROLE_LABELS[sessionUser.role], lmc: user?.lmc_name ?? null },
    memberships,
    permissions: permissionsOf(sessionUser.role),
  };
}

export default function AccountPage() {
  const { user, memberships, permissions } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <h1>My account</h1>
      <section className="card space-y-2" aria-labelledby="profile-title">
        <h2 id="profile-title">Profile</h2>
        <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1">
          <dt className="font-medium">Name</dt>
          <dd>{user.name}</dd>
          <dt className="font-medium">Email</dt>
          <dd>{user.email}</dd>
          <dt className="font-medium">Role</dt>
          <dd>{user.role}</dd>
          {user.lmc ? (
            <>
              <dt className="font-medium">LMC</dt>
              <dd>{user.lmc}</dd>
            </>
          ) : null}
        </dl>
      </section>
      <section className="card space-y-2" aria-labelledby="practices-title">
        <h2 id="practices-title">My practices</h2>
        {memberships.length === 0 ? (
          <p>You are not a member of any practice.</p>
        ) : (
          <ul className="list-disc pl-6">
            {memberships.map((m) => (
              <li key={m.practiceId}>
                <Link to={`/practices/${m.odsCode}/sign-ups`}>{m.practiceName}</Link> ({m.odsCode}){m.isSignatory ? ": practice lead (signatory)" : ": member"}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card space-y-2" aria-labelledby="permissions-title">
        <h2 id="permissions-title">What your role may do</h2>
        <ul className="flex flex-wrap gap-2">
          {permissions.map((p) => (
            <li key={p} className="rounded bg-slate-100 px-2 py-1 font-mono text-sm">
              {p}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
