// Who is told what by email, queued in the transaction of the change that causes it: a practice's
// signatories when a conditional sign-up of theirs goes live or a GP asks to join; the GP when
// their request is decided; pledgers when a campaign changes status; followers when a resolution
// moves. Each user may turn each kind off (app/domain/notifications.ts), and disabled accounts get
// nothing. A message names the recipient's own practice only, never another.
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/types";
import {
  campaignStatusMessage,
  membershipDecisionMessage,
  membershipRequestMessage,
  resolutionProgressMessage,
  signUpLiveMessage,
  type ComposedMessage,
} from "../domain/messages";
import { NOTIFICATION_KINDS, type NotificationKind } from "../domain/notifications";
import { publicUrl } from "../utils/mail.server";
import { nowIso } from "../utils/time";
import { recordAudit } from "./audit.server";
import { queueMessages } from "./outbox.server";

type Trx = Transaction<Database>;
type Recipient = { id: number; name: string; email: string };

/** Active users who have not turned this kind off, among those the query selects. */
function wantingUsers(trx: Trx, kind: NotificationKind) {
  return trx
    .selectFrom("users as u")
    .select(["u.id", "u.name", "u.email"])
    .where("u.disabled_at", "is", null)
    .where((eb) => eb.not(eb.exists(eb.selectFrom("notification_opt_outs as o").select("o.user_id").whereRef("o.user_id", "=", "u.id").where("o.kind", "=", kind))));
}

/** The signatories of a practice who want this kind. */
function signatoriesOf(trx: Trx, practiceId: number, kind: NotificationKind): Promise<Recipient[]> {
  // `in` a list read by the practice's index, not `exists` per user: a correlated probe made
  // SQLite walk all 40,000 accounts for every sign-up that went live (bench/README.md).
  return wantingUsers(trx, kind)
    .where("u.id", "in", (eb) => eb.selectFrom("practice_memberships as pm").select("pm.user_id").where("pm.practice_id", "=", practiceId).where("pm.is_signatory", "=", 1))
    .execute();
}

async function send(trx: Trx, kind: NotificationKind, recipients: readonly Recipient[], compose: (r: Recipient) => ComposedMessage) {
  await queueMessages(trx, recipients.map((r) => ({ kind, to: r.email, toUserId: r.id, message: compose(r) })));
}

/** A practice's conditional sign-up now counts as acting: its signatories are told. */
export async function notifySignUpWentLive(trx: Trx, signUpId: number, reason: string): Promise<void> {
  const signUp = await trx
    .selectFrom("practice_signups as s")
    .innerJoin("practices as p", "p.id", "s.practice_id")
    .innerJoin("campaign_options as o", "o.id", "s.option_id")
    .innerJoin("campaigns as c", "c.id", "o.campaign_id")
    .select(["p.id as practiceId", "p.name as practiceName", "p.ods_code as odsCode", "o.title as optionTitle", "c.title as campaignTitle"])
    .where("s.id", "=", signUpId)
    .executeTakeFirstOrThrow();
  const url = publicUrl();
  await send(trx, "signup_live", await signatoriesOf(trx, signUp.practiceId, "signup_live"), (r) => signUpLiveMessage(url, { name: r.name, ...signUp, reason }));
}

async function requestFacts(trx: Trx, requestId: number) {
  return trx
    .selectFrom("membership_requests as r")
    .innerJoin("practices as p", "p.id", "r.practice_id")
    .innerJoin("users as u", "u.id", "r.user_id")
    .select(["r.practice_id", "r.reason", "r.status", "p.name as practiceName", "p.ods_code as odsCode", "u.id as requesterId", "u.name as requesterName", "u.email as requesterEmail"])
    .where("r.id", "=", requestId)
    .executeTakeFirstOrThrow();
}

/** A GP asks to join: the practice's signatories are asked to decide (with none, staff decide from their queue). */
export async function notifyMembershipRequested(trx: Trx, requestId: number): Promise<void> {
  const request = await requestFacts(trx, requestId);
  const url = publicUrl();
  await send(trx, "membership_request", await signatoriesOf(trx, request.practice_id, "membership_request"), (r) => membershipRequestMessage(url, { name: r.name, ...request }));
}

/** A request was approved or refused: the GP who asked is told. */
export async function notifyMembershipDecided(trx: Trx, requestId: number): Promise<void> {
  const request = await requestFacts(trx, requestId);
  const url = publicUrl();
  const recipients = await wantingUsers(trx, "membership_decision").where("u.id", "=", request.requesterId).execute();
  await send(trx, "membership_decision", recipients, (r) =>
    membershipDecisionMessage(url, { name: r.name, practiceName: request.practiceName, odsCode: request.odsCode, approved: request.status === "approved", reason: request.reason }),
  );
}

/** A campaign changed status: GPs who pledged to one of its options, and signatories of practices signed to one, are told once each. */
export async function notifyCampaignStatus(trx: Trx, campaignId: number, campaignTitle: string, statusEvent: string, note: string | null): Promise<void> {
  const recipients = await wantingUsers(trx, "campaign_status")
    .where("u.id", "in", (eb) =>
      eb
        .selectFrom("personal_pledges as pp")
        .innerJoin("campaign_options as o", "o.id", "pp.option_id")
        .select("pp.user_id")
        .where("pp.active", "=", 1)
        .where("o.campaign_id", "=", campaignId)
        .union(
          eb
            .selectFrom("practice_memberships as pm")
            .innerJoin("practice_signups as s", "s.practice_id", "pm.practice_id")
            .innerJoin("campaign_options as o", "o.id", "s.option_id")
            .select("pm.user_id")
            .where("pm.is_signatory", "=", 1)
            .where("s.status", "!=", "withdrawn")
            .where("o.campaign_id", "=", campaignId),
        ),
    )
    .execute();
  const url = publicUrl();
  await send(trx, "campaign_status", recipients, (r) => campaignStatusMessage(url, { name: r.name, campaignId, campaignTitle, statusEvent, note }));
}

/** Progress was recorded on a resolution: its followers (but not whoever recorded it) are told. */
export async function notifyResolutionProgress(trx: Trx, resolutionId: number, actorUserId: number, progress: { statusLabel: string; notedOn: string; note: string }): Promise<void> {
  const resolution = await trx
    .selectFrom("resolutions as r")
    .innerJoin("motion_parts as p", "p.id", "r.part_id")
    .innerJoin("motions as m", "m.id", "p.motion_id")
    .select(["m.number", "m.title", "p.label"])
    .where("r.id", "=", resolutionId)
    .executeTakeFirstOrThrow();
  const recipients = await wantingUsers(trx, "resolution_progress")
    .where("u.id", "!=", actorUserId)
    .where("u.id", "in", (eb) => eb.selectFrom("resolution_follows as f").select("f.user_id").where("f.resolution_id", "=", resolutionId))
    .execute();
  const url = publicUrl();
  const title = `motion ${resolution.number} part (${resolution.label}): ${resolution.title}`;
  await send(trx, "resolution_progress", recipients, (r) => resolutionProgressMessage(url, { name: r.name, resolutionId, title, ...progress }));
}

/** Each kind of notification and whether the user gets it. */
export async function notificationSettings(db: Kysely<Database>, userId: number): Promise<Record<NotificationKind, boolean>> {
  const off = new Set((await db.selectFrom("notification_opt_outs").select("kind").where("user_id", "=", userId).execute()).map((r) => r.kind));
  return Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, !off.has(k)])) as Record<NotificationKind, boolean>;
}

export async function saveNotificationSettings(db: Kysely<Database>, userId: number, wanted: ReadonlySet<NotificationKind>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await notificationSettings(trx, userId);
    await trx.deleteFrom("notification_opt_outs").where("user_id", "=", userId).execute();
    const off = NOTIFICATION_KINDS.filter((k) => !wanted.has(k));
    if (off.length) await trx.insertInto("notification_opt_outs").values(off.map((kind) => ({ user_id: userId, kind, created_at: nowIso() }))).execute();
    await recordAudit(trx, { actorUserId: userId, action: "user.notifications", entity: "user", entityId: userId, before, after: Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, wanted.has(k)])) });
  });
}

export async function isFollowing(db: Kysely<Database>, userId: number, resolutionId: number): Promise<boolean> {
  return Boolean(await db.selectFrom("resolution_follows").select("user_id").where("user_id", "=", userId).where("resolution_id", "=", resolutionId).executeTakeFirst());
}

/** Follow a resolution (or stop): the user is emailed when its progress moves. */
export async function setFollowing(db: Kysely<Database>, userId: number, resolutionId: number, follow: boolean): Promise<void> {
  if (follow) {
    await db.insertInto("resolution_follows").values({ user_id: userId, resolution_id: resolutionId, created_at: nowIso() }).onConflict((oc) => oc.columns(["user_id", "resolution_id"]).doNothing()).execute();
  } else {
    await db.deleteFrom("resolution_follows").where("user_id", "=", userId).where("resolution_id", "=", resolutionId).execute();
  }
}

/** The resolutions a user follows, for their account page. */
export function followedResolutions(db: Kysely<Database>, userId: number) {
  return db
    .selectFrom("resolution_follows as f")
    .innerJoin("resolutions as r", "r.id", "f.resolution_id")
    .innerJoin("motion_parts as p", "p.id", "r.part_id")
    .innerJoin("motions as m", "m.id", "p.motion_id")
    .select(["r.id", "r.status", "m.number", "m.title", "p.label"])
    .where("f.user_id", "=", userId)
    .orderBy("f.created_at", "desc")
    .execute();
}
