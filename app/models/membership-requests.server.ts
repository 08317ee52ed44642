// A GP's requests to join practices, and the decisions on them: a signatory of the practice (or
// BMA staff, who handle practices with no signatory yet) approves or refuses. Signatories grant
// and remove signatory rights within their practice, never leaving themselves out as its last
// one. Every step is audited in its own transaction, with its email queued there too. Callers
// have decided, through app/domain/access.ts, that the user may do it.
import type { Kysely } from "kysely";
import { writeTransaction } from "../../db/dialect";
import type { Database } from "../../db/types";
import { recordAudit } from "./audit.server";
import { notifyMembershipDecided, notifyMembershipRequested } from "./notifications.server";

export type MembershipOutcome = { ok: true; message: string } | { ok: false; message: string };

/** Active practices whose ODS code is `q` or whose name contains it, for a GP to ask to join. */
export async function searchPracticesToJoin(db: Kysely<Database>, q: string, limit = 20) {
  const text = q.trim();
  if (text.length < 2) return [];
  const like = `%${text.toLowerCase().replace(/[%_\\]/g, "")}%`;
  return db
    .selectFrom("practices")
    .select(["id", "ods_code", "name", "postcode"])
    .where("status", "=", "active")
    .where((eb) => eb.or([eb("ods_code", "=", text.toUpperCase()), eb(eb.fn("lower", ["name"]), "like", like)]))
    .orderBy("name")
    .limit(limit)
    .execute();
}

/** The user's requests, newest first, with what became of each. */
export function requestsOfUser(db: Kysely<Database>, userId: number) {
  return db
    .selectFrom("membership_requests as r")
    .innerJoin("practices as p", "p.id", "r.practice_id")
    .select(["r.id", "r.status", "r.reason", "r.created_at", "r.decided_at", "p.ods_code", "p.name"])
    .where("r.user_id", "=", userId)
    .orderBy("r.id", "desc")
    .limit(50)
    .execute();
}

export async function requestMembership(db: Kysely<Database>, userId: number, odsCode: string): Promise<MembershipOutcome> {
  return writeTransaction(db, async (trx) => {
    const practice = await trx.selectFrom("practices").select(["id", "name", "status"]).where("ods_code", "=", odsCode).executeTakeFirst();
    if (!practice || practice.status !== "active") return { ok: false, message: `No open practice has the ODS code ${odsCode}.` } as const;
    const member = await trx.selectFrom("practice_memberships").select("user_id").where("user_id", "=", userId).where("practice_id", "=", practice.id).executeTakeFirst();
    if (member) return { ok: false, message: `You are already a member of ${practice.name}.` } as const;
    const pending = await trx.selectFrom("membership_requests").select("id").where("user_id", "=", userId).where("practice_id", "=", practice.id).where("status", "=", "pending").executeTakeFirst();
    if (pending) return { ok: false, message: `You have already asked to join ${practice.name}; the request is waiting for a decision.` } as const;
    const now = new Date().toISOString();
    const { id } = await trx
      .insertInto("membership_requests")
      .values({ user_id: userId, practice_id: practice.id, status: "pending", decided_by: null, decided_at: null, created_at: now, updated_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { actorUserId: userId, action: "membership_request.create", entity: "membership_request", entityId: id, after: { ods_code: odsCode, practice_id: practice.id } });
    await notifyMembershipRequested(trx, id);
    return { ok: true, message: `You asked to join ${practice.name}. A practice lead will decide; we will email you when they do.` } as const;
  });
}

/** The GP takes back their own request while it waits. */
export async function withdrawMembershipRequest(db: Kysely<Database>, userId: number, requestId: number): Promise<MembershipOutcome> {
  return writeTransaction(db, async (trx) => {
    const now = new Date().toISOString();
    const result = await trx
      .updateTable("membership_requests")
      .set({ status: "withdrawn", updated_at: now })
      .where("id", "=", requestId)
      .where("user_id", "=", userId)
      .where("status", "=", "pending")
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return { ok: false, message: "That request is not waiting for a decision." } as const;
    await recordAudit(trx, { actorUserId: userId, action: "membership_request.withdraw", entity: "membership_request", entityId: requestId, before: { status: "pending" }, after: { status: "withdrawn" } });
    return { ok: true, message: "Your request is withdrawn." } as const;
  });
}

export interface Decision {
  approve: boolean;
  /** With approval: the new member may sign for the practice too (the decider may grant that). */
  signatory: boolean;
  reason: string;
}

/** Approves or refuses a waiting request to join this practice. */
export async function decideMembershipRequest(db: Kysely<Database>, deciderId: number, practiceId: number, requestId: number, decision: Decision): Promise<MembershipOutcome> {
  return writeTransaction(db, async (trx) => {
    const request = await trx
      .selectFrom("membership_requests as r")
      .innerJoin("users as u", "u.id", "r.user_id")
      .select(["r.id", "r.user_id", "r.status", "u.name", "u.disabled_at", "u.email_verified_at"])
      .where("r.id", "=", requestId)
      .where("r.practice_id", "=", practiceId)
      .executeTakeFirst();
    if (!request || request.status !== "pending") return { ok: false, message: "That request is not waiting for a decision: someone may have decided it a moment ago." } as const;
    const now = new Date().toISOString();
    const approve = decision.approve && !request.disabled_at && request.email_verified_at !== null;
    if (decision.approve && !approve) return { ok: false, message: `${request.name}'s account is disabled, so the request cannot be approved.` } as const;
    await trx
      .updateTable("membership_requests")
      .set({ status: approve ? "approved" : "refused", reason: decision.reason, decided_by: deciderId, decided_at: now, updated_at: now })
      .where("id", "=", requestId)
      .execute();
    if (approve) {
      await trx
        .insertInto("practice_memberships")
        .values({ user_id: request.user_id, practice_id: practiceId, is_signatory: decision.signatory ? 1 : 0, created_at: now })
        .onConflict((oc) => oc.columns(["user_id", "practice_id"]).doNothing())
        .execute();
    }
    await recordAudit(trx, {
      actorUserId: deciderId,
      action: approve ? "membership_request.approve" : "membership_request.refuse",
      entity: "membership_request",
      entityId: requestId,
      before: { status: "pending" },
      after: { status: approve ? "approved" : "refused", signatory: approve && decision.signatory },
      reason: decision.reason || null,
    });
    if (approve) {
      await recordAudit(trx, { actorUserId: deciderId, action: "membership.add", entity: "user", entityId: request.user_id, after: { practice_id: practiceId, is_signatory: decision.signatory ? 1 : 0, request_id: requestId } });
    }
    await notifyMembershipDecided(trx, requestId);
    return { ok: true, message: approve ? `${request.name} is now a member${decision.signatory ? " and a signatory" : ""} of the practice.` : `You refused ${request.name}'s request.` } as const;
  });
}

/** Grants or removes a member's signatory rights; nobody removes their own as the practice's last signatory. */
export async function setSignatory(db: Kysely<Database>, actorUserId: number, practiceId: number, userId: number, signatory: boolean): Promise<MembershipOutcome> {
  return writeTransaction(db, async (trx) => {
    const member = await trx
      .selectFrom("practice_memberships as pm")
      .innerJoin("users as u", "u.id", "pm.user_id")
      .select(["pm.is_signatory", "u.name", "u.disabled_at"])
      .where("pm.user_id", "=", userId)
      .where("pm.practice_id", "=", practiceId)
      .executeTakeFirst();
    if (!member) return { ok: false, message: "That person is not a member of the practice." } as const;
    if ((member.is_signatory === 1) === signatory) return { ok: true, message: "Nothing changed." } as const;
    if (signatory && member.disabled_at) return { ok: false, message: `${member.name}'s account is disabled.` } as const;
    if (!signatory && userId === actorUserId) {
      const others = await trx
        .selectFrom("practice_memberships")
        .select("user_id")
        .where("practice_id", "=", practiceId)
        .where("is_signatory", "=", 1)
        .where("user_id", "!=", userId)
        .limit(1)
        .executeTakeFirst();
      if (!others) return { ok: false, message: "You are the practice's only signatory: grant signatory rights to another member before you give up yours." } as const;
    }
    await trx.updateTable("practice_memberships").set({ is_signatory: signatory ? 1 : 0 }).where("user_id", "=", userId).where("practice_id", "=", practiceId).execute();
    await recordAudit(trx, {
      actorUserId,
      action: "membership.update",
      entity: "user",
      entityId: userId,
      before: { practice_id: practiceId, is_signatory: member.is_signatory },
      after: { practice_id: practiceId, is_signatory: signatory ? 1 : 0 },
    });
    return { ok: true, message: signatory ? `${member.name} can now sign for the practice.` : `${member.name} no longer signs for the practice.` } as const;
  });
}

/** A practice's members and its requests (waiting first, then the last decided), for its signatories and staff. */
export async function membersPage(db: Kysely<Database>, practiceId: number) {
  const [members, pending, decided] = await Promise.all([
    db
      .selectFrom("practice_memberships as pm")
      .innerJoin("users as u", "u.id", "pm.user_id")
      .select(["u.id", "u.name", "u.email", "u.disabled_at", "pm.is_signatory", "pm.created_at"])
      .where("pm.practice_id", "=", practiceId)
      .orderBy("u.name")
      .execute(),
    db
      .selectFrom("membership_requests as r")
      .innerJoin("users as u", "u.id", "r.user_id")
      .select(["r.id", "r.created_at", "u.name", "u.email"])
      .where("r.practice_id", "=", practiceId)
      .where("r.status", "=", "pending")
      .orderBy("r.id")
      .execute(),
    db
      .selectFrom("membership_requests as r")
      .innerJoin("users as u", "u.id", "r.user_id")
      .leftJoin("users as d", "d.id", "r.decided_by")
      .select(["r.id", "r.status", "r.reason", "r.decided_at", "u.name", "d.name as decidedBy"])
      .where("r.practice_id", "=", practiceId)
      .where("r.status", "in", ["approved", "refused"])
      .orderBy("r.id", "desc")
      .limit(20)
      .execute(),
  ]);
  return { members, pending, decided };
}

/** The practices a user signs for, each with how many requests wait there. */
export function practicesSignedForBy(db: Kysely<Database>, userId: number) {
  return db
    .selectFrom("practice_memberships as pm")
    .innerJoin("practices as p", "p.id", "pm.practice_id")
    .select((eb) => [
      "p.ods_code",
      "p.name",
      eb
        .selectFrom("membership_requests as r")
        .select(eb.fn.countAll<number>().as("n"))
        .whereRef("r.practice_id", "=", "p.id")
        .where("r.status", "=", "pending")
        .as("waiting"),
    ])
    .where("pm.user_id", "=", userId)
    .where("pm.is_signatory", "=", 1)
    .orderBy("p.name")
    .execute();
}

/** For staff: waiting requests at practices with no signatory to decide them, oldest first. */
export function requestsAwaitingStaff(db: Kysely<Database>, limit = 100) {
  return db
    .selectFrom("membership_requests as r")
    .innerJoin("practices as p", "p.id", "r.practice_id")
    .innerJoin("users as u", "u.id", "r.user_id")
    .select(["r.id", "r.created_at", "p.ods_code", "p.name as practiceName", "u.name as requesterName"])
    .where("r.status", "=", "pending")
    .where((eb) => eb.not(eb.exists(eb.selectFrom("practice_memberships as pm").select("pm.user_id").whereRef("pm.practice_id", "=", "r.practice_id").where("pm.is_signatory", "=", 1))))
    .orderBy("r.id")
    .limit(limit)
    .execute();
}
