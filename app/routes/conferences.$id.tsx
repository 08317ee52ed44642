import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { FilterSelect } from "../components/ui/filter-select";
import { Pager } from "../components/ui/pager";
import { ServerHtml } from "../components/ui/server-html";
import { listClauseChoices } from "../models/clauses.server";
import { listSections } from "../models/conferences.server";
import { listProposersCached, loadAgendaCached } from "../models/agenda.server";
import { countWaitingSubmissions } from "../models/review.server";
import { agendaFiltersFrom, CONFERENCE_STATUS_LABELS, RESULT_FILTERS } from "../schemas/conferences";
import { agendaPageHtml } from "../utils/agenda-html.server";
import { loadVisibleConference } from "../utils/conference-access.server";
import { getDb } from "../utils/db.server";
import { formatDate } from "../utils/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.conference.title ?? "Conference"} | LMC Tracker` }];

const MOTIONS_PER_PAGE = 50;

const AGENDA_ID = "agenda";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { viewer, conference, canRun, canDraft, canReview } = await loadVisibleConference(request, params.id);
  const db = getDb();
  const { raw: filters, filters: agendaFilters } = agendaFiltersFrom(new URL(request.url));
  const [allMotions, sections, proposers, clauses, waiting] = await Promise.all([
    loadAgendaCached(db, conference.id, { ...agendaFilters, viewer }),
    listSections(db, conference.id),
    listProposersCached(db, viewer, conference.id),
    listClauseChoices(db),
    canReview ? countWaitingSubmissions(db, conference.id) : null,
  ]);
  // Long agendas come in pages, so a 600-motion conference stays quick to load on a phone.
  const pages = Math.max(1, Math.ceil(allMotions.length / MOTIONS_PER_PAGE));
  const page = Math.min(filters.page ?? 1, pages);
  const from = (page - 1) * MOTIONS_PER_PAGE;
  const to = Math.min(allMotions.length, page * MOTIONS_PER_PAGE);
  // The motions go as HTML shared by every reader who sees them (components/ui/server-html.tsx):
  // to a document's render through the load context, to a client-side navigation in the data.
  const agenda = agendaPageHtml(allMotions, { from, to }, sections);
  context.islands?.set(AGENDA_ID, agenda);
  return {
    paging: { page, pages, total: allMotions.length, first: from + 1, last: to },
    agenda: context.islands ? null : agenda,
    conference: { id: conference.id, title: conference.title, heldOn: conference.held_on, venue: conference.venue, status: conference.status, body: conference.body_name, deadline: conference.submission_deadline },
    sections,
    proposers,
    clauses: clauses.map((c) => ({ id: c.id, name: c.reference ? `${c.reference}: ${c.title}` : c.title })),
    filters,
    filtered: Object.entries(filters).some(([k, v]) => k !== "page" && v !== undefined),
    canRun,
    canDraft,
    // The agenda committee's queue, with how many submissions wait in it.
    review: canReview ? { waiting } : null,
  };
}

export default function ConferencePage() {
  const { conference, agenda, sections, proposers, clauses, filters, filtered, canRun, canDraft, review, paging } = useLoaderData<typeof loader>();
  const query = new URLSearchParams(Object.entries(filters).filter(([k, v]) => k !== "page" && v !== undefined).map(([k, v]) => [k, String(v)]));
  const pager = <Pager label="Pages of motions" page={paging.page} pages={paging.pages} query={query} previous={`Previous ${MOTIONS_PER_PAGE} motions`} next="Next motions" />;
  return (
    <div className="space-y-6">
      <p>
        <Link to="/conferences">All conferences</Link>
      </p>
      <header className="space-y-1">
        <h1>{conference.title}</h1>
        <p className="text-slate-700">
          {conference.body} · <time dateTime={conference.heldOn}>{formatDate(conference.heldOn)}</time>
          {conference.venue ? ` · ${conference.venue}` : ""} · {CONFERENCE_STATUS_LABELS[conference.status]}
          {conference.deadline ? (
            <>
              {" "}
              · motions by <time dateTime={conference.deadline}>{formatDate(conference.deadline)}</time>
            </>
          ) : null}
        </p>
      </header>
      <nav aria-label="Conference actions" className="flex flex-wrap gap-3">
        <a href={`/conferences/${conference.id}/motions.csv`} className="btn-secondary" download>
          Download CSV
        </a>
        <a href={`/conferences/${conference.id}/motions.json`} className="btn-secondary">
          Download JSON
        </a>
        <Link to={`/resolutions?conference=${conference.id}`} className="btn-secondary">
          Resolutions
        </Link>
        {canDraft ? (
          <Link to={`/conferences/${conference.id}/motions/new`} className="btn">
            {canRun ? "Add a motion" : "Draft a motion"}
          </Link>
        ) : null}
        {review ? (
          <Link to={`/conferences/${conference.id}/review`} className="btn-secondary">
            Review submissions ({review.waiting} waiting)
          </Link>
        ) : null}
        {canRun ? (
          <>
            <Link to={`/conferences/${conference.id}/import`} className="btn-secondary">
              Import agenda text
            </Link>
            <Link to={`/conferences/${conference.id}/import-csv`} className="btn-secondary">
              Import motions (CSV or JSON)
            </Link>
            <Link to={`/conferences/${conference.id}/edit`} className="btn-secondary">
              Edit conference
            </Link>
          </>
        ) : null}
      </nav>
      <Form method="get" className="card grid gap-4 sm:grid-cols-3 lg:grid-cols-6 lg:items-end" aria-label="Filter motions">
        <div className="space-y-1 sm:col-span-3 lg:col-span-2">
          <label htmlFor="q" className="block font-medium">
            Search motions
          </label>
          <input id="q" name="q" type="search" defaultValue={filters.q ?? ""} className="input" maxLength={200} />
        </div>
        <FilterSelect id="outcome" label="Outcome" value={filters.outcome} options={RESULT_FILTERS.map(([v, l]) => [v, l])} />
        <FilterSelect id="proposer" label="Proposer" value={filters.proposer} options={proposers.map((p) => [p, p])} />
        <FilterSelect id="section" label="Section" value={filters.section} options={sections.map((s) => [String(s.id), s.title])} />
        <FilterSelect id="clause" label="Contract clause" value={filters.clause} options={clauses.map((c) => [String(c.id), c.name])} />
        <div className="flex gap-3">
          <button type="submit" className="btn">
            Apply
          </button>
          {filtered ? (
            <Link to={`/conferences/${conference.id}`} className="btn-secondary">
              Clear
            </Link>
          ) : null}
        </div>
      </Form>
      <p aria-live="polite">
        {paging.total} motion{paging.total === 1 ? "" : "s"}
        {filtered ? " match" : ""}
        {paging.pages > 1 ? `; showing ${paging.first} to ${paging.last}` : ""}.{" "}
        {filtered ? (
          <a href={`/conferences/${conference.id}/motions.csv?${query}`} className="text-sm">
            Download these as CSV
          </a>
        ) : null}
      </p>
      {pager}
      <ServerHtml id={AGENDA_ID} html={agenda} className="space-y-6" />
      {pager}
    </div>
  );
}
