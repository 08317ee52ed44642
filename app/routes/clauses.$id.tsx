import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { can } from "../domain/access";
import { optionsForClause } from "../models/campaigns.server";
import { getClause, motionsTargetingClause } from "../models/clauses.server";
import { MOTION_STATE_LABELS } from "../domain/motion-states";
import { INTENT_LABELS } from "../schemas/conferences";
import { getViewer, parseId } from "../utils/conference-access.server";
import { getDb } from "../utils/db.server";
import { notFound } from "../utils/permissions.server";
import { formatDate } from "../utils/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.clause.title ?? "Clause"} | LMC Tracker` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb();
  const clause = await getClause(db, parseId(params.id, "clause"));
  if (!clause) notFound("No such clause");
  const viewer = await getViewer(request);
  const [targeted, options] = await Promise.all([
    motionsTargetingClause(db, viewer, clause.id),
    optionsForClause(db, clause.id, { includeDrafts: can(viewer, "manage-campaigns") }),
  ]);
  return { clause, targeted, options };
}

export default function ClausePage() {
  const { clause, targeted, options } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <p>
        <Link to="/clauses">The clause register</Link>
      </p>
      <header className="space-y-1">
        <h1>
          {clause.reference ? `${clause.reference}: ` : ""}
          {clause.title}
        </h1>
        <p className="text-slate-700">
          {clause.document_title} ({clause.citation}){clause.in_force_from ? ` · in force from ${formatDate(clause.in_force_from)}` : ""}
          {clause.revoked_on ? ` · revoked ${formatDate(clause.revoked_on)}` : ""}
        </p>
      </header>
      {clause.summary ? <p className="card max-w-3xl">{clause.summary}</p> : null}
      {clause.source_url ? (
        <p>
          <a href={clause.source_url} rel="noreferrer">
            Source
          </a>
        </p>
      ) : null}
      <section aria-labelledby="options-title" className="card space-y-2">
        <h2 id="options-title">Collective-action options that bear on this clause</h2>
        {options.length === 0 ? <p>None.</p> : null}
        <ul className="list-disc pl-5">
          {options.map((o) => (
            <li key={o.id}>
              <Link to={`/campaigns/${o.campaignId}/options/${o.id}`}>{o.title}</Link> ({o.campaignTitle})
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="targeted-title" className="space-y-3">
        {/* The register counts these same rows (app/models/clauses.server.ts, targetingLinks). */}
        <h2 id="targeted-title">
          Targeted by {targeted.length} motion part{targeted.length === 1 ? "" : "s"}
        </h2>
        {targeted.length === 0 ? (
          <p>No motion part has targeted this clause yet.</p>
        ) : (
          <div className="card overflow-x-auto" tabIndex={0} role="region" aria-label="Table, scrolls sideways on small screens">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Conference</th>
                  <th scope="col">Motion</th>
                  <th scope="col">Part</th>
                  <th scope="col">Asks to</th>
                  <th scope="col">Outcome</th>
                </tr>
              </thead>
              <tbody>
                {targeted.map((t) => (
                  <tr key={`${t.motion_id}-${t.label}`}>
                    <td>
                      <Link to={`/conferences/${t.conference_id}`}>{t.conference_title}</Link> (<time dateTime={t.held_on}>{formatDate(t.held_on)}</time>)
                    </td>
                    <td>
                      <Link to={`/motions/${t.motion_id}`}>
                        {t.state === "agenda" ? `${t.number}. ` : `${MOTION_STATE_LABELS[t.state]}: `}
                        {t.title}
                      </Link>{" "}
                      ({t.proposer})
                    </td>
                    <td>
                      ({t.label}) {t.text}
                    </td>
                    <td>{INTENT_LABELS[t.intent]}</td>
                    <td>{t.state !== "agenda" ? MOTION_STATE_LABELS[t.state] : t.outcome ? t.outcomeLabel : "No vote yet"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
