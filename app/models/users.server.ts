// Users, their roles and their practice memberships. Writes are audited in the same transaction.
import type { Kysely } from "kysely";
import type { Database, Role } from "../../db/types";
import { roleActsForAnLmc } from "../domain/access";
import { normaliseEmail } from "../domain/email-address";
import type { CreateUserInput, UpdateUserInput } from "../schemas/users";
import { hashPassword } from "../utils/password.server";
import { nowIso } from "../utils/time";
import { recordAudit } from "./audit.server";
import { revokeUserSessions } from "./sessions.server";

const publicColumns = [
  "users.id",
  "users.email",
  "users.name",
  "users.role",
  "users.lmc_id",
  "users.disabled_at",
  "users.created_at",
  "users.updated_at",
] as const;

export async function getUserForLogin(db: Kysely<Database>, email: string) {
  return db
    .selectFrom("users")
    .select(["id", "password_hash", "disabled_at"])
    .where("email", "=", normaliseEmail(email))
    .executeTakeFirst();
}

export async function getUser(db: Kysely<Database>, id: number) {
  return db
    .selectFrom("users")
    .leftJoin("lmcs", "lmcs.id", "users.lmc_id")
    .select([...publicColumns, "lmcs.name as lmc_name"])
    .where("users.id", "=", id)
    .where("users.erased_at", "is", null)
    .executeTakeFirst();
}

export async function listUsers(db: Kysely<Database>, options: { q?: string; role?: Role } = {}) {
  let query = db
    .selectFrom("users")
    .leftJoin("lmcs", "lmcs.id", "users.lmc_id")
    .select([...publicColumns, "lmcs.name as lmc_name"])
    // A deleted account is a tombstone, not an account (app/models/erasure.server.ts).
    .where("users.erased_at", "is", null)
    .orderBy("users.name")
    .limit(500);
  if (options.q) {
    const like = `%${options.q.toLowerCase()}%`;
    query = query.where((eb) => eb.or([eb("users.email", "like", like), eb(eb.fn("lower", ["users.name"]), "like", like)]));
  }
  if (options.role) query = query.where("users.role", "=", options.role);
  return query.execute();
}

export class DuplicateEmailError extends Error {
  constructor(email: string) {
    super(`A user with the email ${email} already exists`);
  }
}

export async function createUser(db: Kysely<Database>, actorUserId: number | null, input: CreateUserInput) {
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom("users").select("id").where("email", "=", input.email).executeTakeFirst();
    if (existing) throw new DuplicateEmailError(input.email);
    const now = nowIso();
    const user = await trx
      .insertInto("users")
      .values({
        email: input.email,
        name: input.name,
        role: input.role,
        lmc_id: roleActsForAnLmc(input.role) ? (input.lmcId ?? null) : null,
        password_hash: passwordHash,
        disabled_at: null,
        // An administrator made the account for this address: that vouches for it.
        email_verified_at: now,
        created_at: now,
        updated_at: now,
      })
      .returning(["id", "email", "name", "role", "lmc_id"])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { actorUserId, action: "user.create", entity: "user", entityId: user.id, after: user });
    return user;
  });
}

export async function updateUser(db: Kysely<Database>, actorUserId: number, userId: number, input: UpdateUserInput) {
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("users")
      .select(["name", "role", "lmc_id"])
      .where("id", "=", userId)
      .executeTakeFirst();
    if (!before) return null;
    const after = {
      name: input.name,
      role: input.role,
      lmc_id: roleActsForAnLmc(input.role) ? (input.lmcId ?? null) : null,
    };
    await trx.updateTable("users").set({ ...after, updated_at: nowIso() }).where("id", "=", userId).execute();
    await recordAudit(trx, { actorUserId, action: "user.update", entity: "user", entityId: userId, before, after });
    // A change of role must not leave old powers in live sessions.
    if (before.role !== after.role || before.lmc_id !== after.lmc_id) await revokeUserSessions(trx, userId);
    return after;
  });
}

export async function setUserDisabled(db: Kysely<Database>, actorUserId: number, userId: number, disabled: boolean) {
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("users").select(["disabled_at"]).where("id", "=", userId).executeTakeFirst();
    if (!before) return false;
    const disabledAt = disabled ? (before.disabled_at ?? nowIso()) : null;
    await trx.updateTable("users").set({ disabled_at: disabledAt, updated_at: nowIso() }).where("id", "=", userId).execute();
    const revoked = disabled ? await revokeUserSessions(trx, userId) : 0;
    await recordAudit(trx, {
      actorUserId,
      action: disabled ? "user.disable" : "user.enable",
      entity: "user",
      entityId: userId,
      before,
      after: { disabled_at: disabledAt, sessions_revoked: revoked },
    });
    return true;
  });
}

export async function revokeSessionsOfUser(db: Kysely<Database>, actorUserId: number, userId: number) {
  return db.transaction().execute(async (trx) => {
    const revoked = await revokeUserSessions(trx, userId);
    await recordAudit(trx, {
      actorUserId,
      action: "user.revoke_sessions",
      entity: "user",
      entityId: userId,
      after: { sessions_revoked: revoked },
    });
    return revoked;
  });
}

export async function listPracticeMemberships(db: Kysely<Database>, userId: number) {
  return db
    .selectFrom("practice_memberships")
    .innerJoin("practices", "practices.id", "practice_memberships.practice_id")
    .select([
      "practices.id as practiceId",
      "practices.ods_code as odsCode",
      "practices.name as practiceName",
      "practice_memberships.is_signatory as isSignatory",
    ])
    .where("practice_memberships.user_id", "=", userId)
    .orderBy("practices.name")
    .execute();
}

export type MembershipResult = { ok: true } | { ok: false; field: "odsCode"; message: string };

export async function setPracticeMembership(
  db: Kysely<Database>,
  actorUserId: number,
  userId: number,
  odsCode: string,
  isSignatory: boolean,
): Promise<MembershipResult> {
  return db.transaction().execute(async (trx) => {
    const practice = await trx.selectFrom("practices").select(["id", "status"]).where("ods_code", "=", odsCode).executeTakeFirst();
    if (!practice) return { ok: false, field: "odsCode", message: `No practice has the ODS code ${odsCode}` };
    if (practice.status !== "active") return { ok: false, field: "odsCode", message: `Practice ${odsCode} is closed` };
    const before = await trx
      .selectFrom("practice_memberships")
      .select(["is_signatory"])
      .where("user_id", "=", userId)
      .where("practice_id", "=", practice.id)
      .executeTakeFirst();
    const flag = isSignatory ? 1 : 0;
    if (before) {
      await trx
        .updateTable("practice_memberships")
        .set({ is_signatory: flag })
        .where("user_id", "=", userId)
        .where("practice_id", "=", practice.id)
        .execute();
    } else {
      await trx
        .insertInto("practice_memberships")
        .values({ user_id: userId, practice_id: practice.id, is_signatory: flag, created_at: nowIso() })
        .execute();
    }
    await recordAudit(trx, {
      actorUserId,
      action: before ? "membership.update" : "membership.add",
      entity: "user",
      entityId: userId,
      before: before ? { ods_code: odsCode, is_signatory: before.is_signatory } : undefined,
      after: { ods_code: odsCode, is_signatory: flag },
    });
    return { ok: true };
  });
}

export async function removePracticeMembership(db: Kysely<Database>, actorUserId: number, userId: number, practiceId: number) {
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("practice_memberships")
      .innerJoin("practices", "practices.id", "practice_memberships.practice_id")
      .select(["practices.ods_code", "practice_memberships.is_signatory"])
      .where("practice_memberships.user_id", "=", userId)
      .where("practice_memberships.practice_id", "=", practiceId)
      .executeTakeFirst();
    if (!before) return false;
    await trx
      .deleteFrom("practice_memberships")
      .where("user_id", "=", userId)
      .where("practice_id", "=", practiceId)
      .execute();
    await recordAudit(trx, { actorUserId, action: "membership.remove", entity: "user", entityId: userId, before });
    return true;
  });
}
