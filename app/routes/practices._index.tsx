import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { FilterSelect } from "../components/ui/filter-select";
import { shortIcbName } from "../domain/icb-names";
import { listIcbs } from "../models/geography.server";
import { searchPractices } from "../models/practices.server";
import { PracticeSearchSchema } from "../schemas/practices";
import { getDb } from "../utils/db.server";
import { requireUserWithPermission } from "../utils/permissions.server";
import { todayIso } from "../utils/time";

export const meta: MetaFunction = () => [{ title: "Practices | LMC Tracker" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, "read-practices");
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = PracticeSearchSchema.safeParse(params);
  const filter = parsed.success ? parsed.data : PracticeSearchSchema.parse({});
  const db = getDb();
  const [result, icbs] = await Promise.all([searchPractices(db, { ...filter, onDate: todayIso() }), listIcbs(db)]);
  return { ...result, icbs, filter, invalid: !parsed.success };
}

const nf = new Intl.NumberFormat("en-GB");

export default function PracticesPage() {
  const { rows, total, pageSize, icbs, filter, invalid } = useLoaderData<typeof loader>();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const pageLink = (page: number) =>
    `?${new URLSearchParams({ q: filter.q, icb: filter.icb, status: filter.status, page: String(page) })}`;
  return (
    <div className="space-y-6">
      <h1>Practices</h1>
      <Form method="get" className="card grid gap-4 sm:grid-cols-4 sm:items-end">
        <div className="space-y-1 sm:col-span-2">
          <label htmlFor="q" className="block font-medium">
            Name, ODS code or postcode
          </label>
          <input id="q" name="q" type="search" defaultValue={filter.q} className="input" maxLength={100} />
        </div>
        <FilterSelect id="icb" label="ICB" value={filter.icb} anyLabel="All ICBs" options={icbs.map((i) => [i.code, shortIcbName(i.name)])} />
        <FilterSelect id="status" label="Status" value={filter.status} anyLabel={null} options={[["active", "Active"], ["closed", "Closed"], ["all", "All"]]} />
        <button type="submit" className="btn sm:col-start-4">
          Search
        </button>
      </Form>
      {invalid ? (
        <p role="alert" className="text-red-800">
          Some search terms were not valid and were ignored.
        </p>
      ) : null}
      <p aria-live="polite">
        {nf.format(total)} practice{total === 1 ? "" : "s"}
        {pages > 1 ? `, page ${filter.page} of ${nf.format(pages)}` : ""}
      </p>
      <div className="card overflow-x-auto" tabIndex={0} role="region" aria-label="Table, scrolls sideways on small screens">
        <table className="table">
          <caption className="sr-only">Practices</caption>
          <thead>
            <tr>
              <th scope="col">Practice</th>
              <th scope="col">ODS code</th>
              <th scope="col">Postcode</th>
              <th scope="col">ICB</th>
              <th scope="col" className="text-right">
                Patients
              </th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr key={p.id}>
                <td>
                  <Link to={`/practices/${p.ods_code}`}>{p.name}</Link>
                </td>
                <td>{p.ods_code}</td>
                <td>{p.postcode}</td>
                <td>{p.icb_name ? shortIcbName(p.icb_name) : ""}</td>
                <td className="text-right">{p.list_size === null ? "not known" : nf.format(p.list_size)}</td>
                <td>{p.status === "active" ? "Active" : "Closed"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav aria-label="Pages" className="flex gap-4">
        {filter.page > 1 ? <Link to={pageLink(filter.page - 1)}>Previous page</Link> : null}
        {filter.page < pages ? <Link to={pageLink(filter.page + 1)}>Next page</Link> : null}
      </nav>
    </div>
  );
}
