import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { HistoryPanel } from "../components/history-panel";
import { getHistoryInWords } from "../models/audit.server";
import { getPracticeByOds } from "../models/practices.server";
import { OdsCodeSchema } from "../schemas/practices";
import { getDb } from "../utils/db.server";
import { notFound, requireUserWithPermission } from "../utils/permissions.server";
import { todayIso } from "../utils/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.practice.name ?? "Practice"} | LMC Tracker` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, "read-practices");
  const code = OdsCodeSchema.safeParse(params.odsCode);
  if (!code.success) notFound("No practice has that ODS code");
  const db = getDb();
  const found = await getPracticeByOds(db, code.data, todayIso());
  if (!found) notFound("No practice has that ODS code");
  const history = await getHistoryInWords(db, "practice", code.data);
  return { ...found, history };
}

const nf = new Intl.NumberFormat("en-GB");

export default function PracticePage() {
  const { practice, icb, lmc, icbHistory, lmcHistory, history } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <p>
        <Link to="/practices">Back to practices</Link>
      </p>
      <div>
        <h1>{practice.name}</h1>
        <p className="text-slate-700">
          {practice.ods_code} · {practice.status === "active" ? "Active" : `Closed${practice.closed_on ? ` ${practice.closed_on}` : ""}`}
          {practice.is_demo ? " · Demo practice" : ""}
        </p>
      </div>
      <section className="card" aria-labelledby="details-title">
        <h2 id="details-title" className="mb-3">
          Details
        </h2>
        <dl className="grid grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
          <dt className="font-medium">Address</dt>
          <dd>
            {practice.address}
            {practice.postcode ? `, ${practice.postcode}` : ""}
          </dd>
          <dt className="font-medium">Registered patients</dt>
          <dd>
            {practice.list_size === null ? "Not known" : nf.format(practice.list_size)}
            {practice.list_size_date ? ` (as of ${practice.list_size_date})` : ""}
          </dd>
          <dt className="font-medium">Contract</dt>
          <dd>{practice.contract_type ?? "Not recorded"}</dd>
          <dt className="font-medium">ICB</dt>
          <dd>{icb ? `${icb.name} (${icb.icb_code})` : "None in force"}</dd>
          <dt className="font-medium">Sub-ICB location</dt>
          <dd>{practice.sub_icb_code ?? "Not recorded"}</dd>
          <dt className="font-medium">LMC</dt>
          <dd>{lmc ? lmc.name : "None in force"}</dd>
        </dl>
      </section>
      <section className="card space-y-2" aria-labelledby="memberships-title">
        <h2 id="memberships-title">Dated memberships</h2>
        <ul className="list-disc pl-6">
          {icbHistory.map((m) => (
            <li key={`icb-${m.icb_code}-${m.valid_from}`}>
              ICB {m.name}: from {m.valid_from}
              {m.valid_to ? ` to ${m.valid_to}` : ""}
            </li>
          ))}
          {lmcHistory.map((m) => (
            <li key={`lmc-${m.id}-${m.valid_from}`}>
              LMC {m.name}: from {m.valid_from}
              {m.valid_to ? ` to ${m.valid_to}` : ""}
            </li>
          ))}
        </ul>
      </section>
      <HistoryPanel items={history} />
    </div>
  );
}
