import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { FilterSelect } from "../components/ui/filter-select";
import { Pager } from "../components/ui/pager";
import { listConferences } from "../models/conferences.server";
import { countResolutions, listResolutions } from "../models/resolutions.server";
import { RESOLUTION_STATUS_LABELS, RESOLUTION_STATUSES } from "../schemas/conferences";
import { ResolutionFilterSchema } from "../schemas/resolutions";
import { getViewer } from "../utils/conference-access.server";
import { getDb } from "../utils/db.server";

export const meta: MetaFunction = () => [{ title: "Resolutions | LMC Tracker" }];

const RESOLUTIONS_PER_PAGE = 100;

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await getViewer(request);
  const db = getDb();
  const { page: askedPage, ...filters } = ResolutionFilterSchema.parse(Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== "")));
  const scope = { conferenceId: filters.conference, status: filters.status };
  const [conferences, total] = await Promise.all([listConferences(db, viewer), countResolutions(db, viewer, scope)]);
  const pages = Math.max(1, Math.ceil(total / RESOLUTIONS_PER_PAGE));
  const page = Math.min(askedPage ?? 1, pages);
  const offset = (page - 1) * RESOLUTIONS_PER_PAGE;
  const resolutions = await listResolutions(db, viewer, scope, { limit: RESOLUTIONS_PER_PAGE, offset });
  return {
    resolutions,
    paging: { page, pages, total, first: offset + 1, last: offset + resolutions.length },
    conferences: conferences.map((c) => ({ id: c.id, title: c.title })),
    filters,
  };
}

export default function ResolutionsPage() {
  const { resolutions, paging, conferences, filters } = useLoaderData<typeof loader>();
  const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
  const pager = (
    <Pager label="Pages of resolutions" page={paging.page} pages={paging.pages} query={query} previous={`Previous ${RESOLUTIONS_PER_PAGE} resolutions`} next="Next resolutions" />
  );
  return (
    <div className="space-y-6">
      <h1>Resolutions</h1>
      <p className="max-w-3xl">Every carried part of every conference becomes a resolution that GPC must act on. This register tracks what became of each, across the years.</p>
      <Form method="get" className="card flex flex-wrap items-end gap-4">
        <FilterSelect id="conference" label="Conference" value={filters.conference} anyLabel="All conferences" options={conferences.map((c) => [String(c.id), c.title])} />
        <FilterSelect id="status" label="Progress" value={filters.status} options={RESOLUTION_STATUSES.map((s) => [s, RESOLUTION_STATUS_LABELS[s]])} />
        <button type="submit" className="btn-secondary">
          Filter
        </button>
        <a href={`/resolutions.csv?${query}`} className="btn-secondary" download>
          Download CSV
        </a>
      </Form>
      <p aria-live="polite">
        {paging.total} resolution{paging.total === 1 ? "" : "s"}
        {paging.pages > 1 ? `; showing ${paging.first} to ${paging.last}` : ""}
      </p>
      {pager}
      <div className="card overflow-x-auto" tabIndex={0} role="region" aria-label="Table, scrolls sideways on small screens">
        <table className="table">
          <caption className="sr-only">Resolutions</caption>
          <thead>
            <tr>
              <th scope="col">Conference</th>
              <th scope="col">Motion and part</th>
              <th scope="col">Progress</th>
              <th scope="col">Latest note</th>
            </tr>
          </thead>
          <tbody>
            {resolutions.map((r) => (
              <tr key={r.id}>
                <td>{r.conference_title}</td>
                <td>
                  <Link to={`/resolutions/${r.id}`}>
                    {r.number} ({r.label})
                  </Link>{" "}
                  {r.text}
                </td>
                <td>{RESOLUTION_STATUS_LABELS[r.status]}</td>
                <td>{r.latest_note ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pager}
    </div>
  );
}
