// What a start does to the database: migrate, load reference geography, and seed demo data
// when the database is new (unless SEED=none).
import type { Kysely } from "kysely";
import { migrateToLatest } from "../connection";
import type { Database } from "../types";
import { demoCredentialsText, hasDemoUsers, seedDemo } from "./demo";
import { loadReferenceGeography } from "./reference";

export async function prepareDatabase(db: Kysely<Database>, options: { seed: "demo" | "none"; force?: boolean }) {
  const applied = await migrateToLatest(db);
  const isNew = applied.includes("2026-11-24_0001_foundation");
  const messages: string[] = [];
  if (applied.length) messages.push(`Migrated: ${applied.join(", ")}`);
  if (isNew || options.force) await loadReferenceGeography(db);
  if (options.seed === "demo" && (isNew || options.force)) {
    const anyPractice = await db.selectFrom("practices").select("id").limit(1).executeTakeFirst();
    if (anyPractice) {
      messages.push("The database already has practices: demo data not added.");
    } else {
      const seeded = await seedDemo(db);
      messages.push(`Seeded ${seeded.practices} demo practices, ${seeded.lmcs} demo LMCs and ${seeded.users} demo users.`);
    }
  }
  if (await hasDemoUsers(db)) messages.push(demoCredentialsText());
  return messages;
}
