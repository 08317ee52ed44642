import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { can } from "../domain/access";
import { optionsForClause } from "../models/campaigns.server";
import { getClause, motionsTargetingClause } from "../models/clauses.server";
import { INTENT_LABELS } from "../schemas/conferences";
import { getViewer, parseId } from "../utils/conference-access.server";
import { getDb } from "../utils/db.server";
import { notFound } from "../utils/permissions.server";

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
          {clause.document_title} ({clause.citation}){clause.in_force_from ? ` · in force from ${clause.in_force_from}` : ""}
          {clause.revoked_on ? ` · revoked ${clause.revoked_on}` : ""}
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
        <h2 id="targeted-title">Motions that targeted this clause</h2>
        {targeted.length === 0 ? (
          <p>No published motion has targeted this clause yet.</p>
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
                      <Link to={`/conferences/${t.conference_id}`}>{t.conference_title}</Link> ({t.held_on})
                    </td>
                    <td>
                      <Link to={`/motions/${t.motion_id}`}>
                        {t.number}. {t.title}
                      </Link>{" "}
                      ({t.proposer}
                      {t.state === "agenda" ? "" : `, ${t.state}`})
                    </td>
                    <td>
                      ({t.label}) {t.text}
                    </td>
                    <td>{INTENT_LABELS[t.intent]}</td>
                    <td>{t.outcome ? t.outcomeLabel : "No vote yet"}</td>
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
