import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { OptionParticipation, ParticipationIntro } from "../components/participation";
import { openCampaignsDashboard } from "../models/participation-view.server";
import { getActor } from "../utils/access.server";
import { PRIVATE_NO_STORE, privateNoStoreHeaders } from "../utils/cache-control";
import { getDb } from "../utils/db.server";

export const meta: MetaFunction = () => [{ title: "Participation | LMC Tracker" }];

export const headers = privateNoStoreHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await getActor(request);
  const dashboard = await openCampaignsDashboard(getDb(), actor);
  // The overview of every campaign: each LMC's row is on the campaign's page (and in the files),
  // so it is not rendered here, nor sent for hydration. A secretary keeps their own LMC's row.
  const campaigns = dashboard.campaigns.map((c) => ({ ...c, options: c.options.map((o) => ({ ...o, lmcs: c.access.kind === "lmc" ? o.lmcs.filter((r) => r.byStatus !== null) : [] })) }));
  return data({ ...dashboard, campaigns }, { headers: PRIVATE_NO_STORE });
}

export default function ParticipationPage() {
  const { asOf, campaigns } = useLoaderData<typeof loader>();
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
      {campaigns.length === 0 ? (
        <p>
          No campaign is open at the moment. <Link to="/campaigns">See all campaigns</Link>.
        </p>
      ) : null}
      {campaigns.map((c) => (
        <section key={c.campaign.id} aria-labelledby={`campaign-${c.campaign.id}`} className="space-y-4">
          <div className="space-y-1">
            <h2 id={`campaign-${c.campaign.id}`}>{c.campaign.title}</h2>
            <p className="flex flex-wrap items-center gap-x-4 gap-y-2">
              <span>{c.campaign.statusLabel}</span>
              <Link to={`/campaigns/${c.campaign.id}`}>The campaign, its options and timeline</Link>
              <a href={c.downloads.csv} download>
                Figures (CSV)
              </a>
              <a href={c.downloads.json}>Figures (JSON)</a>
            </p>
          </div>
          {c.options.length === 0 ? <p>This campaign has no options yet.</p> : null}
          {c.options.map((option) => (
            <OptionParticipation
              key={option.id}
              option={option}
              asOf={c.asOf}
              projecting={c.projecting}
              access={c.access}
              headingLevel={3}
              areaTablesAt={`/campaigns/${c.campaign.id}#option-${option.id}-heading`}
            />
          ))}
        </section>
      ))}
    </div>
  );
}
