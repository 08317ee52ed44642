import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { FilterSelect } from "../components/ui/filter-select";
import { ROLE_LABELS, ROLES } from "../domain/permissions";
import { listUsers } from "../models/users.server";
import { getDb } from "../utils/db.server";
import { requireUserWithPermission } from "../utils/permissions.server";

export const meta: MetaFunction = () => [{ title: "Users | LMC Tracker" }];

const FilterSchema = z.object({
  q: z.string().trim().max(100).catch(""),
  role: z.enum(ROLES).optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, "manage-users");
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const filter = FilterSchema.parse({ q: params.q ?? "", role: params.role || undefined });
  const users = await listUsers(getDb(), filter);
  return { users, filter };
}

export default function UsersPage() {
  const { users, filter } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1>Users</h1>
        <Link to="/admin/users/new" className="btn">
          Create a user
        </Link>
      </div>
      <Form method="get" className="card flex flex-wrap items-end gap-4">
        <div className="space-y-1">
          <label htmlFor="q" className="block font-medium">
            Name or email
          </label>
          <input id="q" name="q" type="search" defaultValue={filter.q} className="input" />
        </div>
        <FilterSelect id="role" label="Role" value={filter.role} anyLabel="Any role" options={ROLES.map((r) => [r, ROLE_LABELS[r]])} />
        <button type="submit" className="btn-secondary">
          Filter
        </button>
      </Form>
      <div className="card overflow-x-auto" tabIndex={0} role="region" aria-label="Table, scrolls sideways on small screens">
        <table className="table">
          <caption className="sr-only">Users</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">LMC</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>
                  <Link to={`/admin/users/${u.id}`}>{u.name}</Link>
                </td>
                <td>{u.email}</td>
                <td>{ROLE_LABELS[u.role]}</td>
                <td>{u.lmc_name ?? ""}</td>
                <td>{u.disabled_at ? "Disabled" : "Active"}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {users.length === 0 ? <p className="p-2">No users match.</p> : null}
      </div>
    </div>
  );
}
