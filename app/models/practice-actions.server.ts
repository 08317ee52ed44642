// What one practice has done in collective action (its sign-ups with their history, its personal
// pledges' count is never here), the practices a user acts for, and contractual notices. Callers
// have already decided, through app/domain/access.ts, that the viewer may see the practice.
import type { Kysely } from "kysely";
import type { Database } from "../../db/types";
import type { NoticeType } from "../domain/campaign-status";
import { inForceOn } from "./in-force.server";

/** The practices a user belongs to, with their signatory rights and the areas in force on a date. */
export async function practicesOfUser(db: Kysely<Database>, userId: number, date: string) {
  return db
    .selectFrom("practice_memberships as pm")
    .innerJoin("practices", "practices.id", "pm.practice_id")
    .leftJoin(
      (eb) => eb.selectFrom("practice_lmc_memberships").select(["practice_id", "lmc_id"]).where(inForceOn("practice_lmc_memberships", date)).as("l"),
      (join) => join.onRef("l.practice_id", "=", "practices.id"),
    )
    .select(["practices.id", "practices.ods_code", "practices.name", "practices.status", "pm.is_signatory", "l.lmc_id"])
    .where("pm.user_id", "=", userId)
    .orderBy("practices.name")
    .execute();
}

/** A practice by ODS code with the user's relation to it (member, signatory) and its LMC today. */
export async function practiceWithRelation(db: Kysely<Database>, odsCode: string, userId: number | null, date: string) {
  const practice = await db
    .selectFrom("practices")
    .leftJoin(
      (eb) => eb.selectFrom("practice_lmc_memberships").select(["practice_id", "lmc_id"]).where(inForceOn("practice_lmc_memberships", date)).as("l"),
      (join) => join.onRef("l.practice_id", "=", "practices.id"),
    )
    .select(["practices.id", "practices.ods_code", "practices.name", "practices.status", "l.lmc_id"])
    .where("practices.ods_code", "=", odsCode)
    .executeTakeFirst();
  if (!practice) return null;
  const membership = userId
    ? await db.selectFrom("practice_memberships").select("is_signatory").where("user_id", "=", userId).where("practice_id", "=", practice.id).executeTakeFirst()
    : undefined;
  return {
    practice,
    relation: { practiceMember: Boolean(membership), practiceSignatory: membership?.is_signatory === 1, lmcId: practice.lmc_id ?? null },
  };
}

/** The practice's sign-ups across campaigns, with each change (who, when). */
export async function signUpsOfPractice(db: Kysely<Database>, practiceId: number) {
  const signUps = await db
    .selectFrom("practice_signups as s")
    .innerJoin("campaign_options as o", "o.id", "s.option_id")
    .innerJoin("campaigns as c", "c.id", "o.campaign_id")
    .select([
      "s.id",
      "s.status",
      "s.condition_scope",
      "s.condition_percent",
      "s.acting",
      "s.acting_since",
      "s.acting_reason",
      "s.version",
      "s.updated_at",
      "o.id as optionId",
      "o.title as optionTitle",
      "c.id as campaignId",
      "c.title as campaignTitle",
      "c.status as campaignStatus",
    ])
    .where("s.practice_id", "=", practiceId)
    .orderBy("c.title")
    .orderBy("o.position")
    .execute();
  const history = signUps.length
    ? await db
        .selectFrom("practice_signup_history as h")
        .leftJoin("users", "users.id", "h.changed_by")
        .select(["h.id", "h.signup_id", "h.status", "h.condition_scope", "h.condition_percent", "h.created_at", "users.name as changedBy"])
        .where("h.signup_id", "in", signUps.map((s) => s.id))
        .orderBy("h.id", "desc")
        .execute()
    : [];
  return signUps.map((s) => ({ ...s, history: history.filter((h) => h.signup_id === s.id) }));
}

/** One practice's current sign-up to one option (its version guards against two signatories). */
export function signUpOf(db: Kysely<Database>, practiceId: number, optionId: number) {
  return db
    .selectFrom("practice_signups")
    .select(["status", "condition_scope", "condition_percent", "acting", "acting_since", "acting_reason", "version"])
    .where("practice_id", "=", practiceId)
    .where("option_id", "=", optionId)
    .executeTakeFirst();
}

export function personalPledgeOf(db: Kysely<Database>, userId: number, optionId: number) {
  return db.selectFrom("personal_pledges").select(["active", "updated_at"]).where("user_id", "=", userId).where("option_id", "=", optionId).executeTakeFirst();
}

export function noticesOfPractice(db: Kysely<Database>, practiceId: number) {
  return db
    .selectFrom("contractual_notices as n")
    .innerJoin("campaign_options as o", "o.id", "n.option_id")
    .select(["n.id", "n.notice_type", "n.received_on", "n.note", "n.created_at", "o.title as optionTitle"])
    .where("n.practice_id", "=", practiceId)
    .orderBy("n.received_on", "desc")
    .orderBy("n.id", "desc")
    .execute();
}

/** Staff's follow-up list: newest first, filtered by option, ICB (today) and type; with counts. */
export async function noticesForFollowUp(db: Kysely<Database>, filters: { optionId?: number; icbCode?: string; type?: NoticeType }, date: string, limit = 200) {
  let base = db
    .selectFrom("contractual_notices as n")
    .innerJoin("practices", "practices.id", "n.practice_id")
    .innerJoin("campaign_options as o", "o.id", "n.option_id")
    .innerJoin("practice_icb_memberships as m", (join) => join.onRef("m.practice_id", "=", "practices.id"))
    .innerJoin("icbs", "icbs.code", "m.icb_code")
    .where(inForceOn("m", date));
  if (filters.optionId) base = base.where("n.option_id", "=", filters.optionId);
  if (filters.icbCode) base = base.where("m.icb_code", "=", filters.icbCode);
  if (filters.type) base = base.where("n.notice_type", "=", filters.type);
  const [rows, byOption, byIcb] = await Promise.all([
    base
      .select(["n.id", "n.notice_type", "n.received_on", "n.note", "practices.ods_code", "practices.name as practiceName", "o.title as optionTitle", "icbs.name as icbName"])
      .orderBy("n.received_on", "desc")
      .orderBy("n.id", "desc")
      .limit(limit)
      .execute(),
    base.select(["o.id", "o.title", (eb) => eb.fn.countAll<number>().as("n")]).groupBy(["o.id", "o.title"]).orderBy("o.title").execute(),
    base.select(["icbs.code", "icbs.name", (eb) => eb.fn.countAll<number>().as("n")]).groupBy(["icbs.code", "icbs.name"]).orderBy("icbs.name").execute(),
  ]);
  return { rows, byOption: byOption.map((r) => ({ ...r, n: Number(r.n) })), byIcb: byIcb.map((r) => ({ ...r, n: Number(r.n) })) };
}

/** For organising: the practices signed to a campaign's options, with status (staff only). */
export function signedPracticesOfCampaign(db: Kysely<Database>, campaignId: number, date: string) {
  return db
    .selectFrom("practice_signups as s")
    .innerJoin("campaign_options as o", "o.id", "s.option_id")
    .innerJoin("practices", "practices.id", "s.practice_id")
    .innerJoin("practice_icb_memberships as m", "m.practice_id", "practices.id")
    .innerJoin("icbs", "icbs.code", "m.icb_code")
    .where(inForceOn("m", date))
    .where("o.campaign_id", "=", campaignId)
    .where("s.status", "!=", "withdrawn")
    .select(["o.title as option", "practices.ods_code", "practices.name", "icbs.name as icb", "s.status", "s.acting", "s.updated_at"])
    .orderBy("o.position")
    .orderBy("practices.name")
    .execute();
}
