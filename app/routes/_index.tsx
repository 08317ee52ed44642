import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listIcbs } from "../models/geography.server";
import { countPractices } from "../models/practices.server";
import { getDb } from "../utils/db.server";

export const meta: MetaFunction = () => [{ title: "LMC Tracker" }];

export async function loader(_: LoaderFunctionArgs) {
  const db = getDb();
  const [counts, icbs] = await Promise.all([countPractices(db), listIcbs(db)]);
  const active = counts.filter((c) => c.status === "active");
  return {
    // National totals are exact (SPEC section 6).
    practices: active.reduce((sum, c) => sum + c.n, 0),
    patients: active.reduce((sum, c) => sum + c.patients, 0),
    icbs: icbs.length,
    regions: new Set(icbs.map((i) => i.region_code)).size,
  };
}

const nf = new Intl.NumberFormat("en-GB");

export default function HomePage() {
  const stats = useLoaderData<typeof loader>();
  return (
    <div className="space-y-8">
      <section className="space-y-3">
        <h1>LMC Tracker</h1>
        <p className="max-w-3xl text-lg">
          What Local Medical Committee conferences decided, part by part; which GP contract clauses each motion targets;
          what became of each resolution; and how many practices have signed up to collective-action options.
        </p>
      </section>
      <section aria-labelledby="register-title" className="space-y-3">
        <h2 id="register-title">The practice register</h2>
        <dl className="grid gap-4 sm:grid-cols-4">
          {[
            ["Active practices", nf.format(stats.practices)],
            ["Registered patients", nf.format(stats.patients)],
            ["Integrated care boards", nf.format(stats.icbs)],
            ["NHS England regions", nf.format(stats.regions)],
          ].map(([label, value]) => (
            <div key={label} className="card">
              <dt className="text-sm text-slate-600">{label}</dt>
              <dd className="text-2xl font-bold">{value}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="who-title" className="card space-y-2">
        <h2 id="who-title">Who uses it</h2>
        <ul className="list-disc space-y-1 pl-6">
          <li>LMC secretaries log motions, the parts voted separately, vote counts and outcomes.</li>
          <li>GPs and practice leads pledge support and sign their practice up to, or out of, action options.</li>
          <li>BMA committee staff run national conferences, keep the contract-clause register and watch participation.</li>
          <li>Anyone can read published motions and outcomes, and suppressed aggregate figures.</li>
        </ul>
        <p>
          <Link to="/login">Log in</Link> if you have an account.
        </p>
      </section>
    </div>
  );
}
