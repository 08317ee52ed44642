// What the participation dashboard shows (`/participation` for every open campaign, and each
// campaign's page) and what its exports hold. Every figure goes through `presentParticipation`,
// so each viewer sees the page, the CSV and the JSON suppressed alike. Figures come from the
// maintained counters and the daily series, so a request costs the same whatever the history.
import type { Kysely } from "kysely";
import type { Database } from "../../db/types";
import { actorOfRole, can, seesEveryAreaExactly, type Actor } from "../domain/access";
import { CAMPAIGN_STATUS_LABELS, type CampaignStatus, type TriggerScope } from "../domain/campaign-status";
import { shortIcbName } from "../domain/icb-names";
import type { ExportArea } from "../domain/participation-export";
import type { ViewerRole } from "../domain/suppression";
import { practicesNeeded, projectTriggerDate, type TriggerProjection } from "../domain/triggers";
import { todayIso } from "../utils/time";
import { getCampaign, listCampaigns, listOptions, type OptionWithClauses } from "./campaigns.server";
import { NATIONAL_CODE, participationRows, presentParticipation, signedOverTime, type ParticipationRow, type PresentedRow } from "./participation.server";

/** Who is looking: a role (`public` for a reader who is not signed in) and, for secretaries, their LMC. */
export type ParticipationViewer = { role: ViewerRole; lmcId: number | null } | null;

/** Campaigns the `/participation` page shows: those that are taking, or have taken, part. */
export const DASHBOARD_STATUSES = ["open", "active", "paused"] as const satisfies readonly CampaignStatus[];

/** Sign-ups can still arrive, so a projection means something. */
const PROJECTING: ReadonlySet<CampaignStatus> = new Set(["open", "active"]);

export interface DailyPoint {
  date: string;
  signed: number;
}

export interface NationalTriggerProgress {
  kind: "national";
  thresholdPercent: number;
  signed: number;
  total: number;
  /** Practices the trigger needs; null when there are no active practices to count. */
  needed: number | null;
  /** When the option went live nationally (an ISO timestamp), or null. */
  liveSince: string | null;
  /** Only while the campaign takes sign-ups and the option is not yet live. */
  projection: TriggerProjection | null;
}

export interface IcbTriggerRow {
  code: string;
  name: string;
  signed: number;
  total: number;
  needed: number | null;
  liveSince: string | null;
  projection: TriggerProjection | null;
}

export interface IcbTriggerProgress {
  kind: "icb";
  thresholdPercent: number;
  liveIcbs: number;
  /** ICBs with at least one active practice: only there can the trigger be met. */
  icbsWithPractices: number;
  /** Each ICB's exact progress, for viewers who see every area exactly; null for everyone else. */
  icbs: IcbTriggerRow[] | null;
}

export type TriggerProgressView = { kind: "none" } | NationalTriggerProgress | IcbTriggerProgress;

export interface OptionDashboard {
  id: number;
  title: string;
  trigger: TriggerProgressView;
  national: PresentedRow;
  regions: PresentedRow[];
  icbs: PresentedRow[];
  lmcs: PresentedRow[];
  /** Practices signed nationally, cumulative, one entry per day with a change. */
  series: DailyPoint[];
  /** ICBs where the option is live (for the tile grid); national when live everywhere. */
  live: { national: boolean; icbCodes: string[] };
}

/** What the viewer's figures are: all exact, exact for their own LMC only, or suppressed. */
export type ParticipationAccess = { kind: "exact" } | { kind: "lmc"; lmcName: string } | { kind: "suppressed" };

export interface CampaignDashboard {
  campaign: { id: number; title: string; status: CampaignStatus; statusLabel: string };
  /** The day the figures are for (YYYY-MM-DD); memberships in force on it place each practice. */
  asOf: string;
  /** Whether projections are shown: only while the campaign takes sign-ups. */
  projecting: boolean;
  access: ParticipationAccess;
  options: OptionDashboard[];
  downloads: { csv: string; json: string };
}

export interface OpenCampaignsDashboard {
  asOf: string;
  access: ParticipationAccess;
  campaigns: CampaignDashboard[];
}

function viewerRole(viewer: ParticipationViewer): { role: ViewerRole; lmcId: number | null } {
  return viewer ? { role: viewer.role, lmcId: viewer.lmcId } : { role: "public", lmcId: null };
}

/** The actor for the access rules asked here, which depend on the role and LMC only, not the user. */
function actorOf(viewer: ParticipationViewer): Actor | null {
  return viewer ? actorOfRole(viewer.role, viewer.lmcId) : null;
}

async function accessOf(db: Kysely<Database>, viewer: ParticipationViewer): Promise<ParticipationAccess> {
  const actor = actorOf(viewer);
  if (seesEveryAreaExactly(actor)) return { kind: "exact" };
  const lmcId = actor?.lmcId ?? null;
  if (lmcId !== null && can(actor, "see-exact-participation", { lmcId })) {
    const lmc = await db.selectFrom("lmcs").select("name").where("id", "=", lmcId).executeTakeFirst();
    if (lmc) return { kind: "lmc", lmcName: lmc.name };
  }
  return { kind: "suppressed" };
}

const byName = (a: PresentedRow, b: PresentedRow) => a.areaName.localeCompare(b.areaName, "en-GB");

/** ICB series for one option, all ICBs in one query: cumulative per ICB code. */
async function icbSeries(db: Kysely<Database>, optionId: number): Promise<Map<string, DailyPoint[]>> {
  const rows = await db
    .selectFrom("participation_daily")
    .select(["area_code", "day", "signed_change"])
    .where("option_id", "=", optionId)
    .where("area_kind", "=", "icb")
    .orderBy("area_code")
    .orderBy("day")
    .execute();
  const series = new Map<string, DailyPoint[]>();
  for (const r of rows) {
    const points = series.get(r.area_code) ?? [];
    if (points.length === 0) series.set(r.area_code, points);
    points.push({ date: r.day, signed: (points.at(-1)?.signed ?? 0) + r.signed_change });
  }
  return series;
}

interface CampaignHead {
  id: number;
  title: string;
  status: CampaignStatus;
}

async function assemble(
  db: Kysely<Database>,
  viewer: ParticipationViewer,
  campaigns: readonly CampaignHead[],
  options: readonly OptionWithClauses[],
): Promise<{ asOf: string; access: ParticipationAccess; dashboards: CampaignDashboard[] }> {
  const asOf = todayIso();
  const optionIds = options.map((o) => o.id);
  const exactEverywhere = seesEveryAreaExactly(actorOf(viewer));
  const [rows, nationalSeries, access] = await Promise.all([
    participationRows(db, optionIds, asOf),
    Promise.all(options.map((o) => signedOverTime(db, o.id, { kind: "national", code: NATIONAL_CODE }))),
    accessOf(db, viewer),
  ]);
  const presented = presentParticipation(viewerRole(viewer), rows);
  const rawByOption = new Map<number, ParticipationRow[]>();
  const shownByOption = new Map<number, PresentedRow[]>();
  rows.forEach((row, i) => {
    if (!rawByOption.has(row.optionId)) {
      rawByOption.set(row.optionId, []);
      shownByOption.set(row.optionId, []);
    }
    rawByOption.get(row.optionId)!.push(row);
    shownByOption.get(row.optionId)!.push(presented[i]!);
  });
  const campaignStatus = new Map(campaigns.map((c) => [c.id, c.status]));

  const optionViews = await Promise.all(
    options.map(async (option, i): Promise<OptionDashboard> => {
      const raw = rawByOption.get(option.id) ?? [];
      const shown = shownByOption.get(option.id) ?? [];
      const series = nationalSeries[i]!;
      const projecting = PROJECTING.has(campaignStatus.get(option.campaign_id) ?? "closed");
      const liveAt = new Map(option.liveScopes.map((s) => [s.scopeKey, s.wentLiveAt]));
      const regionName = new Map(shown.filter((r) => r.scope === "region").map((r) => [r.areaCode, r.areaName]));
      const regionOrder = (r: PresentedRow) => regionName.get(r.regionCode ?? "") ?? "";
      return {
        id: option.id,
        title: option.title,
        trigger: await triggerProgress(db, option, raw, series, { asOf, projecting, exactEverywhere, liveAt }),
        national: shown.find((r) => r.scope === "national")!,
        regions: shown.filter((r) => r.scope === "region").sort(byName),
        icbs: shown.filter((r) => r.scope === "icb").sort((a, b) => regionOrder(a).localeCompare(regionOrder(b), "en-GB") || byName(a, b)),
        lmcs: shown.filter((r) => r.scope === "lmc").sort(byName),
        series,
        live: {
          national: option.trigger_percent !== null && liveAt.has("national"),
          icbCodes: [...liveAt.keys()].filter((k) => k.startsWith("icb:")).map((k) => k.slice(4)),
        },
      };
    }),
  );

  const dashboards = campaigns.map((c) => ({
    campaign: { id: c.id, title: c.title, status: c.status, statusLabel: CAMPAIGN_STATUS_LABELS[c.status] },
    asOf,
    projecting: PROJECTING.has(c.status),
    access,
    options: optionViews.filter((_, i) => options[i]!.campaign_id === c.id),
    downloads: { csv: `/campaigns/${c.id}/participation.csv`, json: `/campaigns/${c.id}/participation.json` },
  }));
  return { asOf, access, dashboards };
}

async function triggerProgress(
  db: Kysely<Database>,
  option: OptionWithClauses,
  raw: readonly ParticipationRow[],
  series: readonly DailyPoint[],
  context: { asOf: string; projecting: boolean; exactEverywhere: boolean; liveAt: Map<string, string> },
): Promise<TriggerProgressView> {
  const thresholdPercent = option.trigger_percent;
  const scope: TriggerScope | null = option.trigger_scope;
  if (thresholdPercent === null || scope === null) return { kind: "none" };
  const project = (history: readonly DailyPoint[], total: number, live: boolean) =>
    context.projecting && !live ? projectTriggerDate({ history, today: context.asOf, thresholdPercent, total }) : null;

  if (scope === "national") {
    const national = raw.find((r) => r.area.kind === "national");
    const total = national?.area.practices ?? 0;
    const liveSince = context.liveAt.get("national") ?? null;
    return {
      kind: "national",
      thresholdPercent,
      signed: national?.signed ?? 0,
      total,
      needed: practicesNeeded(thresholdPercent, total),
      liveSince,
      projection: project(series, total, liveSince !== null),
    };
  }

  const icbs = raw.filter((r) => r.area.kind === "icb" && r.area.practices > 0);
  const liveIcbs = icbs.filter((r) => context.liveAt.has(`icb:${r.area.code}`)).length;
  let rows: IcbTriggerRow[] | null = null;
  // Another ICB's exact count, or a date worked out from it, would give away small numbers.
  if (context.exactEverywhere) {
    const histories = await icbSeries(db, option.id);
    rows = icbs
      .map((r) => {
        const liveSince = context.liveAt.get(`icb:${r.area.code}`) ?? null;
        return {
          code: r.area.code,
          name: shortIcbName(r.area.name),
          signed: r.signed,
          total: r.area.practices,
          needed: practicesNeeded(thresholdPercent, r.area.practices),
          liveSince,
          projection: project(histories.get(r.area.code) ?? [], r.area.practices, liveSince !== null),
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name, "en-GB"));
  }
  return { kind: "icb", thresholdPercent, liveIcbs, icbsWithPractices: icbs.length, icbs: rows };
}

/** One campaign's dashboard, or null when the viewer may not see the campaign (a draft). */
export async function campaignDashboard(db: Kysely<Database>, viewer: ParticipationViewer, campaignId: number): Promise<CampaignDashboard | null> {
  const found = await getCampaign(db, campaignId, { includeDrafts: can(actorOf(viewer), "manage-campaigns") });
  if (!found) return null;
  const { dashboards } = await assemble(db, viewer, [found.campaign], found.options);
  return dashboards[0]!;
}

/** Every campaign that is open for pledges, active or paused, newest change first. */
export async function openCampaignsDashboard(db: Kysely<Database>, viewer: ParticipationViewer): Promise<OpenCampaignsDashboard> {
  const campaigns = await listCampaigns(db, { includeDrafts: false, statuses: [...DASHBOARD_STATUSES] });
  const options = await listOptions(
    db,
    campaigns.map((c) => c.id),
  );
  const { asOf, access, dashboards } = await assemble(db, viewer, campaigns, options);
  return { asOf, access, campaigns: dashboards };
}

export interface ParticipationExport {
  campaign: { title: string; status: CampaignStatus };
  asOf: string;
  rows: ExportArea[];
}

/** The export of one campaign: every option, nationally, then by region, ICB and LMC. */
export async function participationExport(db: Kysely<Database>, viewer: ParticipationViewer, campaignId: number): Promise<ParticipationExport | null> {
  const found = await getCampaign(db, campaignId, { includeDrafts: can(actorOf(viewer), "manage-campaigns") });
  if (!found) return null;
  const asOf = todayIso();
  const rows = await participationRows(
    db,
    found.options.map((o) => o.id),
    asOf,
  );
  const presented = presentParticipation(viewerRole(viewer), rows);
  const scopeOrder = { national: 0, region: 1, icb: 2, lmc: 3 } as const;
  const exportRows = found.options.flatMap((option) =>
    presented
      .filter((r) => r.optionId === option.id)
      .sort((a, b) => scopeOrder[a.scope] - scopeOrder[b.scope] || byName(a, b))
      .map((r) => ({ option: option.title, scope: r.scope, areaCode: r.areaCode, areaName: r.areaName, cell: r.cell })),
  );
  return { campaign: { title: found.campaign.title, status: found.campaign.status }, asOf, rows: exportRows };
}
