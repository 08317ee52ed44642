// The demo campaign: "Online access: safe working", mandated by the demo conference's motion 5,
// open for pledges, with sign-ups from demo practices only (never a real ODS code) spread over
// the last 60 days and unevenly over ICBs, some conditional, so that a first look at
// /participation shows a living dashboard: a trigger part way to firing and some ICB cells
// suppressed. The demo lead's own practice is left unsigned so the lead can sign it up.
import type { Kysely } from "kysely";
import { changeCampaignStatus, createCampaign, saveOption } from "../../app/models/campaigns.server";
import { changeSignUp, setPersonalPledge } from "../../app/models/signups.server";
import type { SignUpStatus } from "../../app/domain/campaign-status";
import type { Database } from "../types";
import { ONLINE_ACCESS_CLAUSE_TITLE } from "./clauses";
import { DEMO_CONFERENCE_TITLE } from "./demo-conference";

export const DEMO_CAMPAIGN_TITLE = "Online access: safe working";

/** A small deterministic generator, so every new demo database looks the same. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

function daysAgo(days: number, minutes: number): string {
  const at = new Date(Date.now() - days * 86_400_000);
  at.setUTCHours(8, 0, 0, 0);
  return new Date(at.getTime() + minutes * 60_000).toISOString();
}

export async function seedDemoCampaign(db: Kysely<Database>, staffId: number): Promise<string> {
  const resolutions = await db
    .selectFrom("resolutions")
    .innerJoin("motion_parts", "motion_parts.id", "resolutions.part_id")
    .innerJoin("motions", "motions.id", "motion_parts.motion_id")
    .innerJoin("conferences", "conferences.id", "motions.conference_id")
    .select("resolutions.id")
    .where("conferences.title", "=", DEMO_CONFERENCE_TITLE)
    .where("motions.number", "=", "5")
    .execute();
  const created = await createCampaign(db, staffId, {
    title: DEMO_CAMPAIGN_TITLE,
    summary:
      "Conference rejected the requirement that practices keep online consultation tools open for all of core hours, said online access may be curtailed when safe working limits are reached, and asked GPC England to prepare options for collective action. Practices choose the options they will take.",
    resolutionIds: resolutions.map((r) => r.id),
  });
  if (!created.ok) throw new Error(`Demo campaign: ${created.message}`);
  const clause = await db.selectFrom("clauses").select("id").where("title", "=", ONLINE_ACCESS_CLAUSE_TITLE).executeTakeFirst();
  const clauseIds = clause ? [clause.id] : [];
  const options: number[] = [];
  for (const option of [
    {
      title: "Curtail online access at the safe working limit",
      description: "Close the online consultation tool for the rest of the day once the practice reaches its safe working limit, and say so on the practice website.",
      riskNote: "Breaches the requirement to keep the tool open in core hours; the ICB may issue a breach notice.",
      trigger: null,
    },
    {
      title: "Limit contacts to 25 per clinician per day",
      description: "Cap each clinician's patient contacts at 25 a day, the UEMO safe working level, and signpost patients elsewhere beyond it.",
      riskNote: "Within the contract where patients are directed to other services; record the limit in the practice's access policy.",
      trigger: { percent: 20, scope: "icb" as const },
    },
    {
      title: "Do not comply with the all-core-hours online access requirement",
      description: "Keep the online consultation tool open only when the practice can safely respond, not for all of core hours.",
      riskNote: "Non-compliance with the contract as amended from 1 October 2025: remedial and breach notices are possible. Acting together lowers the risk to any one practice.",
      trigger: { percent: 10, scope: "national" as const },
    },
  ]) {
    const saved = await saveOption(db, staffId, created.id, null, { ...option, clauseIds });
    if (!saved.ok) throw new Error(`Demo option: ${saved.message}`);
    options.push(saved.id);
  }
  const opened = await changeCampaignStatus(db, staffId, created.id, "open", 1, "GPC England opened the options to practices.");
  if (!opened.ok) throw new Error(`Demo campaign: ${opened.message}`);

  // Sign-ups by signatories of demo practices: some demo ICBs keen, most quiet.
  const leadPractice = await db
    .selectFrom("practice_memberships")
    .innerJoin("users", "users.id", "practice_memberships.user_id")
    .select("practice_memberships.practice_id")
    .where("users.email", "like", "lead@%")
    .executeTakeFirst();
  const practices = await db
    .selectFrom("practices")
    .innerJoin("practice_icb_memberships as m", "m.practice_id", "practices.id")
    .select(["practices.id", "m.icb_code"])
    .where("practices.is_demo", "=", 1)
    .where("practices.status", "=", "active")
    .where("m.valid_to", "is", null)
    .orderBy("practices.id")
    .execute();
  const icbs = [...new Set(practices.map((p) => p.icb_code))].sort();
  const keenness = new Map(icbs.map((code, i) => [code, i % 7 === 0 ? 0.35 : i % 3 === 0 ? 0.12 : 0.04]));
  const next = random(20251107);
  const plan: { at: string; practiceId: number; optionIndex: number; status: SignUpStatus; condition: { scope: "icb" | "national"; thresholdPercent: number } | null }[] = [];
  for (const p of practices) {
    if (p.id === leadPractice?.practice_id) continue;
    const keen = keenness.get(p.icb_code) ?? 0.05;
    for (let optionIndex = 0; optionIndex < options.length; optionIndex++) {
      const chance = keen * (optionIndex === 2 ? 0.55 : optionIndex === 0 ? 1.6 : 1);
      if (next() >= chance) continue;
      const roll = next();
      const status: SignUpStatus = optionIndex === 2 && roll < 0.35 ? "pledged_if_triggered" : roll < 0.25 ? "implementing" : "pledged";
      const condition = optionIndex === 2 && roll > 0.8 ? { scope: "icb" as const, thresholdPercent: 15 } : null;
      plan.push({ at: daysAgo(Math.floor(next() * 60), Math.floor(next() * 600)), practiceId: p.id, optionIndex, status, condition });
    }
  }
  plan.sort((a, b) => a.at.localeCompare(b.at));
  for (const step of plan) {
    const outcome = await changeSignUp(db, null, { practiceId: step.practiceId, optionId: options[step.optionIndex]!, status: step.status, condition: step.condition, expectedVersion: 0 }, { at: step.at });
    if (!outcome.ok) throw new Error(`Demo sign-up: ${outcome.message}`);
  }

  // Personal pledges from demo GPs: accounts with no password, so nobody can log in to them.
  const demoPractices = practices.filter((_, i) => i % 9 === 0);
  for (let i = 0; i < demoPractices.length; i++) {
    const now = new Date().toISOString();
    const { id: userId } = await db
      .insertInto("users")
      .values({ email: `demo-gp-${i + 1}@lmc-tracker.example`, name: `Demo GP ${i + 1}`, role: "gp", password_hash: null, email_verified_at: now, created_at: now, updated_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db.insertInto("practice_memberships").values({ user_id: userId, practice_id: demoPractices[i]!.id, is_signatory: 0, created_at: now }).execute();
    await setPersonalPledge(db, userId, options[i % 3 === 0 ? 0 : 2]!, true, { at: daysAgo(Math.floor(next() * 50), 0) });
  }
  return `Seeded the demo campaign "${DEMO_CAMPAIGN_TITLE}" with ${plan.length} practice sign-ups and ${demoPractices.length} personal pledges.`;
}
