import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { FilterSelect } from "../components/ui/filter-select";
import { can } from "../domain/access";
import { listRecentAudit, PRACTICE_ACTION_ENTITIES } from "../models/audit.server";
import { idField } from "../schemas/numbers";
import { getDb } from "../utils/db.server";
import { requireUserWithPermission } from "../utils/permissions.server";

export const meta: MetaFunction = () => [{ title: "Audit log | LMC Tracker" }];

const FilterSchema = z.object({
  entity: z.string().trim().regex(/^[a-z_]{0,40}$/).catch(""),
  before: idField().optional().catch(undefined),
});

const PAGE = 100;
const AUDITED_ENTITIES = [
  "user",
  "practice",
  "practice_register",
  "lmc",
  "conference",
  "motion",
  "motion_part",
  "clause",
  "resolution",
  "campaign",
  "campaign_option",
  ...PRACTICE_ACTION_ENTITIES,
  "database",
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "read-audit");
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const filter = FilterSchema.parse({ entity: params.entity ?? "", before: params.before });
  // Administrators keep the log of accounts and imports; which practice signed stays with staff.
  const seesPracticeActions = can({ id: user.id, role: user.role, lmcId: user.lmcId }, "see-practice-signups");
  const hidden = seesPracticeActions ? [] : PRACTICE_ACTION_ENTITIES;
  const events = await listRecentAudit(getDb(), { entity: filter.entity || undefined, beforeId: filter.before, limit: PAGE, excludeEntities: hidden });
  return {
    events,
    filter,
    entities: AUDITED_ENTITIES.filter((e) => !(hidden as readonly string[]).includes(e)),
    next: events.length === PAGE ? events.at(-1)?.id : undefined,
  };
}

export default function AuditPage() {
  const { events, filter, entities, next } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <h1>Audit log</h1>
      <p>Every change, newest first. Rows are append-only: the database refuses to change or delete them.</p>
      <Form method="get" className="card flex flex-wrap items-end gap-4">
        <FilterSelect
          id="entity"
          label="Kind of record"
          value={filter.entity}
          anyLabel="All"
          options={entities.map((e) => [e, e.replace(/_/g, " ")])}
        />
        <button type="submit" className="btn-secondary">
          Filter
        </button>
      </Form>
      <div className="card overflow-x-auto" tabIndex={0} role="region" aria-label="Table, scrolls sideways on small screens">
        <table className="table">
          <caption className="sr-only">Audit events</caption>
          <thead>
            <tr>
              <th scope="col">When (UTC)</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Record</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id}>
                <td className="whitespace-nowrap">{e.createdAt.replace("T", " ").slice(0, 19)}</td>
                <td>{e.actorName ?? "system"}</td>
                <td>{e.action}</td>
                <td>
                  {e.entity === "user" ? (
                    <Link to={`/admin/users/${e.entityId}`}>user {e.entityId}</Link>
                  ) : e.entity === "practice" ? (
                    <Link to={`/practices/${e.entityId}`}>practice {e.entityId}</Link>
                  ) : (
                    `${e.entity} ${e.entityId}`
                  )}
                </td>
                <td>{e.reason ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {next ? (
        <Link to={`?${new URLSearchParams({ ...(filter.entity && { entity: filter.entity }), before: String(next) })}`}>Older events</Link>
      ) : null}
    </div>
  );
}
