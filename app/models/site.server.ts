// Facts the layout needs on every page.
import type { Kysely } from "kysely";
import type { Database } from "../../db/types";

export async function hasDemoData(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom("practices").select("id").where("is_demo", "=", 1).limit(1).executeTakeFirst();
  return Boolean(row);
}

export async function isSignatoryAnywhere(db: Kysely<Database>, userId: number): Promise<boolean> {
  const row = await db
    .selectFrom("practice_memberships")
    .select("practice_id")
    .where("user_id", "=", userId)
    .where("is_signatory", "=", 1)
    .limit(1)
    .executeTakeFirst();
  return Boolean(row);
}
