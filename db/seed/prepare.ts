// What a start does to the database: migrate, load reference data (geography and the contract
// clause register), and seed demo data when the database is new (unless SEED=none).
import type { Kysely } from "kysely";
import { migrateToLatest } from "../connection";
import type { Database } from "../types";
import { loadClauseRegister } from "./clauses";
import { demoCredentialsText, DEMO_USERS, hasDemoUsers, seedDemo } from "./demo";
import { DEMO_CAMPAIGN_TITLE, seedDemoCampaign } from "./demo-campaign";
import { DEMO_CONFERENCE_TITLE, seedDemoConference } from "./demo-conference";
import { loadReferenceGeography } from "./reference";

export async function prepareDatabase(db: Kysely<Database>, options: { seed: "demo" | "none"; force?: boolean }) {
  const applied = await migrateToLatest(db);
  const isNew = applied.includes("2026-11-24_0001_foundation");
  const messages: string[] = [];
  if (applied.length) messages.push(`Migrated: ${applied.join(", ")}`);
  if (isNew || options.force) await loadReferenceGeography(db);
  if (applied.includes("2026-11-24_0002_conferences") || options.force) await loadClauseRegister(db);
  if (options.seed === "demo" && (isNew || options.force)) {
    const anyPractice = await db.selectFrom("practices").select("id").limit(1).executeTakeFirst();
    if (anyPractice) {
      messages.push("The database already has practices: demo data not added.");
    } else {
      const seeded = await seedDemo(db);
      messages.push(`Seeded ${seeded.practices} demo practices, ${seeded.lmcs} demo LMCs and ${seeded.users} demo users.`);
    }
  }
  // A demo database (new, or from before conferences existed) gets the demo conference once.
  if (options.seed === "demo" && (await hasDemoUsers(db))) {
    const existing = await db.selectFrom("conferences").select("id").where("title", "=", DEMO_CONFERENCE_TITLE).executeTakeFirst();
    if (!existing) {
      const staffEmail = DEMO_USERS.find((u) => u.role === "bma_staff")!.email;
      const staff = await db.selectFrom("users").select("id").where("email", "=", staffEmail).executeTakeFirst();
      await seedDemoConference(db, staff?.id ?? null);
      messages.push(`Seeded the demo conference "${DEMO_CONFERENCE_TITLE}".`);
    }
    const campaign = await db.selectFrom("campaigns").select("id").where("title", "=", DEMO_CAMPAIGN_TITLE).executeTakeFirst();
    const staff = await db.selectFrom("users").select("id").where("email", "=", DEMO_USERS.find((u) => u.role === "bma_staff")!.email).executeTakeFirst();
    if (!campaign && staff) messages.push(await seedDemoCampaign(db, staff.id));
  }
  if (await hasDemoUsers(db)) {
    messages.push(demoCredentialsText());
    messages.push(
      "WARNING: this database has demo accounts whose password is published in the README. For real data, start with a fresh database and SEED=none.",
    );
  }
  return messages;
}
