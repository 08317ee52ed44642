import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CampaignsOverview, ParticipationIntro } from "../components/participation";
import { ServerHtml } from "../components/ui/server-html";
import { openCampaignsDashboard } from "../models/participation-view.server";
import { getActor } from "../utils/access.server";
import { PRIVATE_NO_STORE, privateNoStoreHeaders } from "../utils/cache-control";
import { getDb } from "../utils/db.server";
import { staticHtml } from "../utils/static-html.server";

export const meta: MetaFunction = () => [{ title: "Participation | LMC Tracker" }];

export const headers = privateNoStoreHeaders;

const OVERVIEW_ID = "participation-overview";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await getActor(request);
  const dashboard = await openCampaignsDashboard(getDb(), actor);
  // The overview of every campaign: each LMC's row is on the campaign's page (and in the files),
  // so it is not rendered here. A secretary keeps their own LMC's row.
  const campaigns = dashboard.campaigns.map((c) => ({ ...c, options: c.options.map((o) => ({ ...o, lmcs: c.access.kind === "lmc" ? o.lmcs.filter((r) => r.byStatus !== null) : [] })) }));
  // The figures go as HTML, once (components/ui/server-html.tsx): to a document's render through
  // the load context, to a client-side navigation in the data. Hydration does not repeat them.
  const overview = staticHtml(<CampaignsOverview campaigns={campaigns} />);
  context.islands?.set(OVERVIEW_ID, overview);
  return data({ asOf: dashboard.asOf, overview: context.islands ? null : overview }, { headers: PRIVATE_NO_STORE });
}

export default function ParticipationPage() {
  const { asOf, overview } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-8">
      <header className="space-y-3">
        <h1>Participation</h1>
        <p className="max-w-3xl">
          How many practices, covering how many patients, have signed up to each option of every campaign that is open for pledges, active or paused, and how
          near each option is to its trigger.
        </p>
        <ParticipationIntro asOf={asOf} />
      </header>
      <ServerHtml id={OVERVIEW_ID} html={overview} className="space-y-8" />
    </div>
  );
}
