// The participation dashboard: for each option, the national figures, trigger progress and
// projection, a chart of practices signed over time, a tile map of ICBs, and tables by region,
// ICB and LMC. Everything is rendered on the server and reads the same without JavaScript.
import { SIGNED_STATUSES, SIGNUP_STATUS_LABELS } from "../../domain/campaign-status";
import { shortIcbName } from "../../domain/icb-names";
import { formatCellForPage } from "../../domain/suppression";
import type { CampaignDashboard, OptionDashboard, ParticipationAccess } from "../../models/participation-view.server";
import type { PresentedRow } from "../../models/participation.server";
import { formatDate } from "../../utils/time";
import { AppLink } from "../ui/app-link";
import { Heading } from "./heading";
import { IcbTileGrid } from "./icb-tile-grid";
import { ParticipationTable, SuppressionNotes } from "./participation-table";
import { SignedOverTimeChart } from "./signed-over-time-chart";
import { whole } from "./text";
import { TriggerProgress } from "./trigger-progress";

export { IcbTileGrid } from "./icb-tile-grid";
export { ParticipationTable, SuppressionNotes } from "./participation-table";
export { SignedOverTimeChart } from "./signed-over-time-chart";
export { Projection, TriggerProgress } from "./trigger-progress";

/** The figures for one area at a glance: signed (and by status, where exact), patients, pledges. */
export function AreaSummary({ row }: { row: PresentedRow }) {
  const text = formatCellForPage(row.cell);
  const total = text.practicesTotal;
  return (
    <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
      <div>
        <dt className="text-sm text-slate-700">Practices signed</dt>
        <dd className="text-2xl font-bold">{text.practicesSigned}</dd>
        <dd className="text-sm">
          {text.practicesSignedPercent} of {total} active practices
        </dd>
      </div>
      <div>
        <dt className="text-sm text-slate-700">Patients covered</dt>
        <dd className="text-2xl font-bold">{text.patientsCovered}</dd>
        <dd className="text-sm">
          {text.patientsCoveredPercent} of {text.patientsTotal} registered patients
        </dd>
      </div>
      <div>
        <dt className="text-sm text-slate-700">Personal pledges from GPs</dt>
        <dd className="text-2xl font-bold">{text.personalPledges}</dd>
      </div>
      {row.byStatus ? (
        <div>
          <dt className="text-sm text-slate-700">Practices by status</dt>
          {SIGNED_STATUSES.map((s) => (
            <dd key={s} className="text-sm">
              {SIGNUP_STATUS_LABELS[s]}: {whole(row.byStatus![s])}
            </dd>
          ))}
        </div>
      ) : null}
    </dl>
  );
}

const SUBHEADING = "text-base font-semibold";

export interface OptionParticipationProps {
  option: OptionDashboard;
  asOf: string;
  projecting: boolean;
  access: ParticipationAccess;
  /** The option title's heading level; its sections go one below. */
  headingLevel: number;
  /**
   * Where every ICB's and LMC's table is, when not on this page: the overview of all campaigns
   * links to each campaign's page instead of carrying 150 rows per option (bench/README.md).
   */
  areaTablesAt?: string;
}

export function OptionParticipation({ option, asOf, projecting, access, headingLevel, areaTablesAt }: OptionParticipationProps) {
  const id = `option-${option.id}`;
  const sub = headingLevel + 1;
  const regionNames = new Map(option.regions.map((r) => [r.areaCode, r.areaName]));
  const trigger = option.trigger;
  const target = trigger.kind === "national" ? trigger.needed : null;
  const projectedDate = trigger.kind === "national" && trigger.projection?.kind === "projected" ? trigger.projection.date : null;
  const ownLmc = access.kind === "lmc" ? option.lmcs.find((r) => r.byStatus !== null) ?? null : null;
  const notesId = `${id}-notes`;
  return (
    <section aria-labelledby={`${id}-heading`} className="card space-y-6">
      <div className="space-y-2">
        <Heading level={headingLevel} id={`${id}-heading`}>
          {option.title}
        </Heading>
        <p className="text-sm text-slate-700">In England:</p>
        <AreaSummary row={option.national} />
      </div>
      {ownLmc ? (
        <div className="space-y-2">
          <Heading level={sub} className={SUBHEADING}>
            Your LMC: {ownLmc.areaName}
          </Heading>
          <AreaSummary row={ownLmc} />
        </div>
      ) : null}

      <div className="space-y-2">
        <Heading level={sub} className={SUBHEADING}>
          Trigger
        </Heading>
        <TriggerProgress progress={trigger} id={`${id}-trigger`} what={`“${option.title}”`} />
        {!projecting && trigger.kind !== "none" ? (
          <p className="text-sm text-slate-600">The campaign is not taking sign-ups just now, so no date is projected.</p>
        ) : null}
      </div>

      <div className="space-y-2">
        <Heading level={sub} className={SUBHEADING}>
          Practices signed over time
        </Heading>
        <SignedOverTimeChart
          id={`${id}-chart`}
          title={`Practices signed up to “${option.title}” in England, by day`}
          series={option.series}
          asOf={asOf}
          target={target}
          projectedDate={projectedDate}
        />
      </div>

      <div className="space-y-2">
        <Heading level={sub} className={SUBHEADING}>
          Map of ICBs
        </Heading>
        <IcbTileGrid
          id={`${id}-tiles`}
          caption={`Share of active practices signed up to “${option.title}”, in each ICB`}
          icbs={option.icbs}
          regionNames={regionNames}
          live={trigger.kind === "none" ? null : option.live}
          withTable={false}
        />
        {areaTablesAt ? null : <p className="text-sm text-slate-600">The table &ldquo;By ICB&rdquo; below gives every figure for each ICB.</p>}
      </div>

      <div className="space-y-2">
        <Heading level={sub} className={SUBHEADING}>
          By region
        </Heading>
        <ParticipationTable caption={`“${option.title}” by NHS England region`} areaLabel="Region" rows={option.regions} notesId={notesId} />
      </div>

      {areaTablesAt ? (
        <p>
          <AppLink to={areaTablesAt}>Every ICB and LMC, in tables, on the campaign&rsquo;s page</AppLink> (and in the CSV and JSON files).
        </p>
      ) : (
        <>
        <div className="space-y-2">
          <Heading level={sub} className={SUBHEADING}>
            By ICB
          </Heading>
          <details>
            <summary className="cursor-pointer font-medium">Show all {whole(option.icbs.length)} ICBs</summary>
            <ParticipationTable
              caption={`“${option.title}” by integrated care board (ICB)`}
              areaLabel="ICB"
              rows={option.icbs}
              nameOf={(r) => shortIcbName(r.areaName)}
              regionNames={regionNames}
              notesId={notesId}
            />
          </details>
        </div>

        <div className="space-y-2">
          <Heading level={sub} className={SUBHEADING}>
            By LMC
          </Heading>
          {option.lmcs.length ? (
            <details>
              <summary className="cursor-pointer font-medium">Show all {whole(option.lmcs.length)} LMCs</summary>
              <ParticipationTable
                caption={`“${option.title}” by local medical committee (LMC)`}
                areaLabel="LMC"
                rows={option.lmcs}
                ownAreaCode={ownLmc?.areaCode ?? null}
                notesId={notesId}
              />
            </details>
          ) : (
            <p>No practice is in an LMC area on the register yet.</p>
          )}
        </div>
        </>
      )}

      <div className="space-y-2">
        <Heading level={sub} className={SUBHEADING}>
          About these figures
        </Heading>
        <SuppressionNotes
          id={notesId}
          rows={[option.national, ...option.regions, ...option.icbs, ...option.lmcs]}
          exact={access.kind === "exact" ? "all" : access.kind === "lmc" ? "own-lmc" : "none"}
        />
      </div>
    </section>
  );
}

/** When the figures are for, and where the files are. */
export function ParticipationIntro({ asOf, downloads }: { asOf: string; downloads?: { csv: string; json: string } }) {
  return (
    <div className="space-y-2">
      <p>
        Figures for <time dateTime={asOf}>{formatDate(asOf)}</time>. Each practice counts in the ICB and LMC it belongs to that day. A practice counts as signed
        when it has pledged, pledged if triggered, or is implementing; withdrawn sign-ups do not count.
      </p>
      {downloads ? (
        <p className="flex flex-wrap gap-3">
          <a href={downloads.csv} className="btn-secondary" download>
            Download figures (CSV)
          </a>
          <a href={downloads.json} className="btn-secondary">
            Download figures (JSON)
          </a>
        </p>
      ) : null}
    </div>
  );
}

/** Each option of a campaign, its figures under a heading of `headingLevel`. */
function CampaignOptions({ data, headingLevel, areaTablesAt }: { data: CampaignDashboard; headingLevel: number; areaTablesAt?: (optionId: number) => string }) {
  return (
    <>
      {data.options.length === 0 ? <p>This campaign has no options yet.</p> : null}
      {data.options.map((option) => (
        <OptionParticipation
          key={option.id}
          option={option}
          asOf={data.asOf}
          projecting={data.projecting}
          access={data.access}
          headingLevel={headingLevel}
          areaTablesAt={areaTablesAt?.(option.id)}
        />
      ))}
    </>
  );
}

/** One campaign's participation: drop it into the campaign page under a heading of `headingLevel`. */
export function CampaignParticipation({ data, headingLevel = 2 }: { data: CampaignDashboard; headingLevel?: number }) {
  return (
    <section aria-labelledby={`campaign-${data.campaign.id}-participation`} className="space-y-4">
      <Heading level={headingLevel} id={`campaign-${data.campaign.id}-participation`}>
        Participation
      </Heading>
      <ParticipationIntro asOf={data.asOf} downloads={data.downloads} />
      <CampaignOptions data={data} headingLevel={headingLevel + 1} />
    </section>
  );
}

/**
 * Every open campaign's options, for the participation overview (routes/participation.tsx). It
 * has no state of its own, so the server renders it to HTML once per request and sends it once
 * (utils/static-html.server.tsx), not again as data for hydration.
 */
export function CampaignsOverview({ campaigns }: { campaigns: readonly CampaignDashboard[] }) {
  return (
    <>
      {campaigns.length === 0 ? (
        <p>
          No campaign is open at the moment. <AppLink to="/campaigns">See all campaigns</AppLink>.
        </p>
      ) : null}
      {campaigns.map((c) => (
        <section key={c.campaign.id} aria-labelledby={`campaign-${c.campaign.id}`} className="space-y-4">
          <div className="space-y-1">
            <h2 id={`campaign-${c.campaign.id}`}>{c.campaign.title}</h2>
            <p className="flex flex-wrap items-center gap-x-4 gap-y-2">
              <span>{c.campaign.statusLabel}</span>
              <AppLink to={`/campaigns/${c.campaign.id}`}>The campaign, its options and timeline</AppLink>
              <a href={c.downloads.csv} download>
                Figures (CSV)
              </a>
              <a href={c.downloads.json}>Figures (JSON)</a>
            </p>
          </div>
          <CampaignOptions data={c} headingLevel={3} areaTablesAt={(optionId) => `/campaigns/${c.campaign.id}#option-${optionId}-heading`} />
        </section>
      ))}
    </>
  );
}
