// Campaigns and their options: mandated by carried resolutions, run by BMA staff, with a public
// timeline. Drafts are seen by staff only; everything else is public (who signed is not here).
import type { Kysely } from "kysely";
import type { Campaign, CampaignOption, Database } from "../../db/types";
import { CAMPAIGN_STATUS_LABELS, canTransition, type CampaignStatus, type TriggerScope } from "../domain/campaign-status";
import { nowIso } from "../utils/time";
import { recordAudit } from "./audit.server";
import { notifyCampaignStatus } from "./notifications.server";

export interface CampaignInput {
  title: string;
  summary: string;
  resolutionIds: number[];
}

export interface OptionInput {
  title: string;
  description: string;
  riskNote: string;
  trigger: { percent: number; scope: TriggerScope } | null;
  clauseIds: number[];
}

type Result<T = object> = ({ ok: true } & T) | { ok: false; field?: string; message: string };

/** Only carried parts of motions on a published agenda can mandate a campaign. */
async function checkMandate(db: Kysely<Database>, resolutionIds: number[]): Promise<Result> {
  if (resolutionIds.length === 0) return { ok: false, field: "resolutionIds", message: "Choose at least one carried resolution that mandates this campaign" };
  const found = await db
    .selectFrom("resolutions")
    .innerJoin("motion_parts", "motion_parts.id", "resolutions.part_id")
    .innerJoin("motions", "motions.id", "motion_parts.motion_id")
    .select("resolutions.id")
    .where("resolutions.id", "in", resolutionIds)
    .where("motions.state", "=", "agenda")
    .execute();
  if (found.length !== new Set(resolutionIds).size) return { ok: false, field: "resolutionIds", message: "Choose resolutions from the register" };
  return { ok: true };
}

async function checkClauses(db: Kysely<Database>, clauseIds: number[]): Promise<Result> {
  if (clauseIds.length === 0) return { ok: true };
  const found = await db.selectFrom("clauses").select("id").where("id", "in", clauseIds).execute();
  if (found.length !== new Set(clauseIds).size) return { ok: false, field: "clauseIds", message: "Choose clauses from the register" };
  return { ok: true };
}

export async function createCampaign(db: Kysely<Database>, actorUserId: number, input: CampaignInput): Promise<Result<{ id: number }>> {
  return db.transaction().execute(async (trx) => {
    const mandate = await checkMandate(trx, input.resolutionIds);
    if (!mandate.ok) return mandate;
    const clash = await trx.selectFrom("campaigns").select("id").where("title", "=", input.title).executeTakeFirst();
    if (clash) return { ok: false, field: "title", message: "There is already a campaign with this title" };
    const now = nowIso();
    const { id } = await trx
      .insertInto("campaigns")
      .values({ title: input.title, summary: input.summary, status: "draft", created_by: actorUserId, created_at: now, updated_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx.insertInto("campaign_mandates").values([...new Set(input.resolutionIds)].map((r) => ({ campaign_id: id, resolution_id: r }))).execute();
    await recordAudit(trx, { actorUserId, action: "campaign.create", entity: "campaign", entityId: id, after: input });
    return { ok: true, id };
  });
}

export async function updateCampaign(db: Kysely<Database>, actorUserId: number, id: number, input: CampaignInput): Promise<Result> {
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("campaigns").select(["title", "summary"]).where("id", "=", id).executeTakeFirst();
    if (!before) return { ok: false, message: "No such campaign" };
    const mandate = await checkMandate(trx, input.resolutionIds);
    if (!mandate.ok) return mandate;
    const clash = await trx.selectFrom("campaigns").select("id").where("title", "=", input.title).where("id", "!=", id).executeTakeFirst();
    if (clash) return { ok: false, field: "title", message: "There is already a campaign with this title" };
    await trx.updateTable("campaigns").set({ title: input.title, summary: input.summary, updated_at: nowIso() }).where("id", "=", id).execute();
    await trx.deleteFrom("campaign_mandates").where("campaign_id", "=", id).execute();
    await trx.insertInto("campaign_mandates").values([...new Set(input.resolutionIds)].map((r) => ({ campaign_id: id, resolution_id: r }))).execute();
    await recordAudit(trx, { actorUserId, action: "campaign.update", entity: "campaign", entityId: id, before, after: input });
    return { ok: true };
  });
}

const STATUS_EVENT: Record<CampaignStatus, string> = {
  draft: "Returned to draft",
  open: "Opened for pledges",
  active: "Action began",
  paused: "Paused",
  closed: "Closed",
};

/** A dated status change, on the public timeline; the version guards against two staff at once. */
export async function changeCampaignStatus(
  db: Kysely<Database>,
  actorUserId: number,
  id: number,
  to: CampaignStatus,
  expectedVersion: number,
  note: string | null,
): Promise<Result> {
  return db.transaction().execute(async (trx) => {
    const campaign = await trx.selectFrom("campaigns").select(["title", "status", "version"]).where("id", "=", id).executeTakeFirst();
    if (!campaign) return { ok: false, message: "No such campaign" };
    if (campaign.version !== expectedVersion) return { ok: false, message: "Someone else changed this campaign a moment ago. Check its status and try again." };
    if (!canTransition(campaign.status, to)) {
      return { ok: false, field: "status", message: `A campaign that is ${CAMPAIGN_STATUS_LABELS[campaign.status].toLowerCase()} cannot become ${CAMPAIGN_STATUS_LABELS[to].toLowerCase()}` };
    }
    const now = nowIso();
    await trx.updateTable("campaigns").set({ status: to, version: campaign.version + 1, updated_at: now }).where("id", "=", id).execute();
    await trx
      .insertInto("campaign_events")
      .values({ campaign_id: id, option_id: null, kind: "status", text: note ? `${STATUS_EVENT[to]}: ${note}` : `${STATUS_EVENT[to]}.`, actor_user_id: actorUserId, created_at: now })
      .execute();
    await recordAudit(trx, { actorUserId, action: "campaign.status", entity: "campaign", entityId: id, before: { status: campaign.status }, after: { status: to }, reason: note });
    await notifyCampaignStatus(trx, id, campaign.title, `${STATUS_EVENT[to]}.`, note);
    return { ok: true };
  });
}

export async function addCampaignNote(db: Kysely<Database>, actorUserId: number, id: number, text: string): Promise<Result> {
  return db.transaction().execute(async (trx) => {
    const { id: eventId } = await trx
      .insertInto("campaign_events")
      .values({ campaign_id: id, option_id: null, kind: "note", text, actor_user_id: actorUserId, created_at: nowIso() })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { actorUserId, action: "campaign.note", entity: "campaign", entityId: id, after: { event: eventId, text } });
    return { ok: true };
  });
}

/** Adds an option (no id) or edits one; its trigger and clauses come with it. */
export async function saveOption(db: Kysely<Database>, actorUserId: number, campaignId: number, optionId: number | null, input: OptionInput): Promise<Result<{ id: number }>> {
  return db.transaction().execute(async (trx) => {
    const campaign = await trx.selectFrom("campaigns").select("status").where("id", "=", campaignId).executeTakeFirst();
    if (!campaign) return { ok: false, message: "No such campaign" };
    if (campaign.status === "closed") return { ok: false, message: "A closed campaign's options cannot change" };
    const clauses = await checkClauses(trx, input.clauseIds);
    if (!clauses.ok) return clauses;
    const clash = await trx
      .selectFrom("campaign_options")
      .select("id")
      .where("campaign_id", "=", campaignId)
      .where("title", "=", input.title)
      .$if(optionId !== null, (q) => q.where("id", "!=", optionId!))
      .executeTakeFirst();
    if (clash) return { ok: false, field: "title", message: "This campaign already has an option with this title" };
    const now = nowIso();
    const values = {
      title: input.title,
      description: input.description,
      risk_note: input.riskNote,
      trigger_percent: input.trigger?.percent ?? null,
      trigger_scope: input.trigger?.scope ?? null,
      updated_at: now,
    };
    let id: number;
    let before: unknown;
    if (optionId === null) {
      const position = Number((await trx.selectFrom("campaign_options").select((eb) => eb.fn.countAll<number>().as("n")).where("campaign_id", "=", campaignId).executeTakeFirstOrThrow()).n);
      id = (await trx.insertInto("campaign_options").values({ ...values, campaign_id: campaignId, position, created_at: now }).returning("id").executeTakeFirstOrThrow()).id;
    } else {
      before = await trx.selectFrom("campaign_options").selectAll().where("id", "=", optionId).where("campaign_id", "=", campaignId).executeTakeFirst();
      if (!before) return { ok: false, message: "No such option" };
      id = optionId;
      await trx.updateTable("campaign_options").set(values).where("id", "=", optionId).execute();
      await trx.deleteFrom("option_clauses").where("option_id", "=", optionId).execute();
    }
    if (input.clauseIds.length) {
      await trx.insertInto("option_clauses").values([...new Set(input.clauseIds)].map((c) => ({ option_id: id, clause_id: c }))).execute();
    }
    await recordAudit(trx, { actorUserId, action: optionId === null ? "option.create" : "option.update", entity: "campaign_option", entityId: id, before, after: input });
    return { ok: true, id };
  });
}

export type CampaignListItem = Pick<Campaign, "id" | "title" | "summary" | "status" | "updated_at"> & { options: number };

/** Campaigns a viewer may see: staff see drafts too. */
export async function listCampaigns(db: Kysely<Database>, options: { includeDrafts: boolean; statuses?: CampaignStatus[] }): Promise<CampaignListItem[]> {
  let query = db
    .selectFrom("campaigns")
    .leftJoin("campaign_options", "campaign_options.campaign_id", "campaigns.id")
    .select(["campaigns.id", "campaigns.title", "campaigns.summary", "campaigns.status", "campaigns.updated_at", (eb) => eb.fn.count<number>("campaign_options.id").as("options")])
    .groupBy(["campaigns.id", "campaigns.title", "campaigns.summary", "campaigns.status", "campaigns.updated_at"])
    .orderBy("campaigns.updated_at", "desc");
  if (!options.includeDrafts) query = query.where("campaigns.status", "!=", "draft");
  if (options.statuses) query = query.where("campaigns.status", "in", options.statuses);
  return (await query.execute()).map((c) => ({ ...c, options: Number(c.options) }));
}

export type OptionWithClauses = CampaignOption & { clauses: { id: number; reference: string | null; title: string }[]; liveScopes: { scopeKey: string; wentLiveAt: string }[] };

export async function listOptions(db: Kysely<Database>, campaignIds: readonly number[]): Promise<OptionWithClauses[]> {
  if (campaignIds.length === 0) return [];
  const options = await db.selectFrom("campaign_options").selectAll().where("campaign_id", "in", [...campaignIds]).orderBy("campaign_id").orderBy("position").execute();
  const ids = options.map((o) => o.id);
  const [clauses, live] = ids.length
    ? await Promise.all([
        db
          .selectFrom("option_clauses")
          .innerJoin("clauses", "clauses.id", "option_clauses.clause_id")
          .select(["option_clauses.option_id", "clauses.id", "clauses.reference", "clauses.title"])
          .where("option_clauses.option_id", "in", ids)
          .execute(),
        db.selectFrom("option_live_scopes").selectAll().where("option_id", "in", ids).orderBy("went_live_at").execute(),
      ])
    : [[], []];
  return options.map((o) => ({
    ...o,
    clauses: clauses.filter((c) => c.option_id === o.id).map((c) => ({ id: c.id, reference: c.reference, title: c.title })),
    liveScopes: live.filter((l) => l.option_id === o.id).map((l) => ({ scopeKey: l.scope_key, wentLiveAt: l.went_live_at })),
  }));
}

/** A campaign with its mandate, options and timeline; null when the viewer may not see it. */
export async function getCampaign(db: Kysely<Database>, id: number, options: { includeDrafts: boolean }) {
  const campaign = await db.selectFrom("campaigns").selectAll().where("id", "=", id).executeTakeFirst();
  if (!campaign || (campaign.status === "draft" && !options.includeDrafts)) return null;
  const [mandate, campaignOptions, events] = await Promise.all([
    db
      .selectFrom("campaign_mandates")
      .innerJoin("resolutions", "resolutions.id", "campaign_mandates.resolution_id")
      .innerJoin("motion_parts", "motion_parts.id", "resolutions.part_id")
      .innerJoin("motions", "motions.id", "motion_parts.motion_id")
      .innerJoin("conferences", "conferences.id", "motions.conference_id")
      .select([
        "resolutions.id as resolutionId",
        "motion_parts.label as partLabel",
        "motion_parts.text as partText",
        "motions.id as motionId",
        "motions.number as motionNumber",
        "conferences.title as conferenceTitle",
      ])
      .where("campaign_mandates.campaign_id", "=", id)
      .orderBy("conferences.held_on", "desc")
      .orderBy("motions.sort_key")
      .orderBy("motion_parts.position")
      .execute(),
    listOptions(db, [id]),
    db.selectFrom("campaign_events").select(["id", "kind", "text", "created_at", "option_id"]).where("campaign_id", "=", id).orderBy("id", "desc").limit(200).execute(),
  ]);
  return { campaign, mandate, options: campaignOptions, events };
}

/**
 * What an action on an option needs of it (a sign-up, a pledge, an edit): that it exists, belongs
 * to the campaign, and the reader may see the campaign. getCampaign reads the mandate, every
 * option and the timeline besides, which a launch day's sign-ups do not need.
 */
export async function findCampaignOption(db: Kysely<Database>, campaignId: number, optionId: number, options: { includeDrafts: boolean }) {
  const row = await db
    .selectFrom("campaign_options")
    .innerJoin("campaigns", "campaigns.id", "campaign_options.campaign_id")
    .select(["campaigns.id as campaignId", "campaigns.status", "campaign_options.id as optionId"])
    .where("campaign_options.id", "=", optionId)
    .where("campaigns.id", "=", campaignId)
    .executeTakeFirst();
  if (!row || (row.status === "draft" && !options.includeDrafts)) return null;
  return row;
}

/** Campaigns that a resolution mandates (the resolution page lists them). */
export function campaignsForResolution(db: Kysely<Database>, resolutionId: number, options: { includeDrafts: boolean }) {
  return db
    .selectFrom("campaign_mandates")
    .innerJoin("campaigns", "campaigns.id", "campaign_mandates.campaign_id")
    .select(["campaigns.id", "campaigns.title", "campaigns.status"])
    .where("campaign_mandates.resolution_id", "=", resolutionId)
    .$if(!options.includeDrafts, (q) => q.where("campaigns.status", "!=", "draft"))
    .orderBy("campaigns.title")
    .execute();
}

/** Options that bear on a clause (the clause page lists them). */
export function optionsForClause(db: Kysely<Database>, clauseId: number, options: { includeDrafts: boolean }) {
  return db
    .selectFrom("option_clauses")
    .innerJoin("campaign_options", "campaign_options.id", "option_clauses.option_id")
    .innerJoin("campaigns", "campaigns.id", "campaign_options.campaign_id")
    .select(["campaign_options.id", "campaign_options.title", "campaigns.id as campaignId", "campaigns.title as campaignTitle", "campaigns.status"])
    .where("option_clauses.clause_id", "=", clauseId)
    .$if(!options.includeDrafts, (q) => q.where("campaigns.status", "!=", "draft"))
    .orderBy("campaigns.title")
    .execute();
}

/** Carried resolutions staff may choose as a mandate, newest conference first. */
export function mandateChoices(db: Kysely<Database>) {
  return db
    .selectFrom("resolutions")
    .innerJoin("motion_parts", "motion_parts.id", "resolutions.part_id")
    .innerJoin("motions", "motions.id", "motion_parts.motion_id")
    .innerJoin("conferences", "conferences.id", "motions.conference_id")
    .select(["resolutions.id", "motion_parts.label", "motion_parts.text", "motions.number", "conferences.title as conferenceTitle"])
    .where("motions.state", "=", "agenda")
    .orderBy("conferences.held_on", "desc")
    .orderBy("motions.sort_key")
    .orderBy("motion_parts.position")
    .limit(500)
    .execute();
}
