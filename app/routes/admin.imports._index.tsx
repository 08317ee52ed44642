import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { requireUserWithPermission } from "../utils/permissions.server";

export const meta: MetaFunction = () => [{ title: "Imports | LMC Tracker" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, "import-register");
  return null;
}

export default function ImportsPage() {
  return (
    <div className="space-y-6">
      <h1>Imports</h1>
      <div className="grid gap-6 md:grid-cols-2">
        <section className="card space-y-2" aria-labelledby="register-title">
          <h2 id="register-title">Practice register</h2>
          <p>
            The NHS ODS <code>epraccur</code> file, with an optional list-size file. You see what will change before anything is saved.
          </p>
          <Link to="/admin/imports/practices">Import the practice register</Link>
        </section>
        <section className="card space-y-2" aria-labelledby="lmc-title">
          <h2 id="lmc-title">LMC areas</h2>
          <p>Which LMC covers which ICB or sub-ICB location, from which date.</p>
          <Link to="/admin/imports/lmc-areas">Import LMC areas</Link>
        </section>
      </div>
    </div>
  );
}
