import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { FilterSelect } from "../components/ui/filter-select";
import { can } from "../domain/access";
import { WhenText } from "../components/history-panel";
import { auditLogInWords, listRecentAudit, PRACTICE_ACTION_ENTITIES } from "../models/audit.server";
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
  "membership_request",
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

/** The kinds of record, as the filter names them. */
const ENTITY_LABELS: Record<string, string> = {
  user: "Accounts",
  membership_request: "Requests to join a practice",
  practice: "Practices",
  practice_register: "Practice register imports",
  lmc: "LMCs",
  conference: "Conferences",
  motion: "Motions",
  motion_part: "Votes on motion parts",
  clause: "Contract clauses",
  resolution: "Resolutions",
  campaign: "Campaigns",
  campaign_option: "Campaign options",
  practice_signup: "Practice sign-ups",
  personal_pledge: "Personal pledges",
  contractual_notice: "Contractual notices",
  database: "The database",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "read-audit");
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const filter = FilterSchema.parse({ entity: params.entity ?? "", before: params.before });
  // Administrators keep the log of accounts and imports; which practice signed stays with staff.
  const actor = { id: user.id, role: user.role, lmcId: user.lmcId };
  const seesPracticeActions = can(actor, "see-practice-signups");
  const hidden = seesPracticeActions ? [] : PRACTICE_ACTION_ENTITIES;
  const db = getDb();
  const raw = await listRecentAudit(db, { entity: filter.entity || undefined, beforeId: filter.before, limit: PAGE, excludeEntities: hidden });
  // In words, with what each change is about named and linked: no row ids, field names or JSON.
  const events = await auditLogInWords(db, raw, { linkAccounts: can(actor, "manage-users") });
  return {
    events,
    filter,
    entities: AUDITED_ENTITIES.filter((e) => !(hidden as readonly string[]).includes(e)),
    next: raw.length === PAGE ? raw.at(-1)?.id : undefined,
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
          options={entities.map((e) => [e, ENTITY_LABELS[e] ?? e.replace(/_/g, " ")])}
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
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What happened</th>
              <th scope="col">To what</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id}>
                <td className="whitespace-nowrap">
                  <WhenText at={e.at} />
                </td>
                <td>{e.who}</td>
                <td>
                  {e.text}
                  {e.details.length ? (
                    <ul className="list-disc pl-5 text-sm text-slate-700">
                      {e.details.map((d, i) => (
                        <li key={i}>{d}</li>
                      ))}
                    </ul>
                  ) : null}
                </td>
                <td>{e.subject.href ? <Link to={e.subject.href}>{e.subject.label}</Link> : e.subject.label}</td>
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
