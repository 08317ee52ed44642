import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { NOTICE_TYPE_LABELS, NOTICE_TYPES } from "../domain/campaign-status";
import { listCampaigns, listOptions } from "../models/campaigns.server";
import { listIcbs } from "../models/geography.server";
import { noticesForFollowUp } from "../models/practice-actions.server";
import { NoticeFilterSchema } from "../schemas/campaigns";
import { requireAllowed } from "../utils/access.server";
import { PRIVATE_NO_STORE, privateNoStoreHeaders } from "../utils/cache-control";
import { getDb } from "../utils/db.server";
import { formatDate, todayIso } from "../utils/time";

export const meta: MetaFunction = () => [{ title: "Contractual notices | LMC Tracker" }];

export const headers = privateNoStoreHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAllowed(request, "see-notices");
  const db = getDb();
  const filters = NoticeFilterSchema.parse(Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== "")));
  const campaigns = await listCampaigns(db, { includeDrafts: false });
  const [notices, options, icbs] = await Promise.all([
    noticesForFollowUp(db, { optionId: filters.option, icbCode: filters.icb, type: filters.type }, todayIso()),
    listOptions(db, campaigns.map((c) => c.id)),
    listIcbs(db),
  ]);
  return data({ notices, options: options.map((o) => ({ id: o.id, title: o.title })), icbs, filters }, { headers: PRIVATE_NO_STORE });
}

export default function NoticesPage() {
  const { notices, options, icbs, filters } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <h1>Contractual notices</h1>
      <p className="max-w-3xl">Formal ICB action that practices have recorded, newest first, so that staff can follow up and offer support.</p>
      <Form method="get" className="card grid gap-4 sm:grid-cols-4">
        <div className="space-y-1">
          <label htmlFor="option" className="block font-medium">
            Option
          </label>
          <select id="option" name="option" defaultValue={filters.option ?? ""} className="input">
            <option value="">All options</option>
            {options.map((o) => (
              <option key={o.id} value={o.id}>
                {o.title}
              </option>
            ))}
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor="icb" className="block font-medium">
            ICB
          </label>
          <select id="icb" name="icb" defaultValue={filters.icb ?? ""} className="input">
            <option value="">All ICBs</option>
            {icbs.map((i) => (
              <option key={i.code} value={i.code}>
                {i.name}
              </option>
            ))}
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor="type" className="block font-medium">
            Kind of notice
          </label>
          <select id="type" name="type" defaultValue={filters.type ?? ""} className="input">
            <option value="">All kinds</option>
            {NOTICE_TYPES.map((t) => (
              <option key={t} value={t}>
                {NOTICE_TYPE_LABELS[t]}
              </option>
            ))}
          </select>
        </div>
        <div className="self-end">
          <button type="submit" className="btn">
            Apply
          </button>
        </div>
      </Form>
      <div className="grid gap-4 md:grid-cols-2">
        <section aria-labelledby="by-option" className="card">
          <h2 id="by-option">By option</h2>
          <ul>
            {notices.byOption.map((o) => (
              <li key={o.id}>
                {o.title}: {o.n}
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="by-icb" className="card">
          <h2 id="by-icb">By ICB</h2>
          <ul>
            {notices.byIcb.map((i) => (
              <li key={i.code}>
                {i.name}: {i.n}
              </li>
            ))}
          </ul>
        </section>
      </div>
      <section aria-labelledby="list">
        <h2 id="list">Notices</h2>
        {notices.rows.length === 0 ? <p>No notices match.</p> : null}
        <div className="overflow-x-auto" role="region" aria-label="Notices, scrollable table" tabIndex={0}>
          <table className="w-full">
            <caption className="sr-only">Contractual notices, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Received</th>
                <th scope="col">Practice</th>
                <th scope="col">ICB</th>
                <th scope="col">Kind</th>
                <th scope="col">Option</th>
                <th scope="col">Note</th>
              </tr>
            </thead>
            <tbody>
              {notices.rows.map((n) => (
                <tr key={n.id}>
                  <td>{formatDate(n.received_on)}</td>
                  <td>
                    <Link to={`/practices/${n.ods_code}/sign-ups`}>{n.practiceName}</Link>
                  </td>
                  <td>{n.icbName}</td>
                  <td>{NOTICE_TYPE_LABELS[n.notice_type]}</td>
                  <td>{n.optionTitle}</td>
                  <td>{n.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
