// Demo data for a new database: synthetic practices spread over the real ICBs in proportion to
// the real register, one demo LMC per ICB area, and one demo user per role. Demo practices use
// ODS-shaped codes beginning Z, which no real practice has, so no claim is ever made about a
// real practice (a test checks this against the register).
import type { Kysely } from "kysely";
import { shortIcbName } from "../../app/domain/icb-names";
import { DEMO_ODS_PREFIX } from "../../app/domain/ods";
import { parseEpraccur } from "../../app/domain/practice-register";
import { recordAudit } from "../../app/models/audit.server";
import { createLmc } from "../../app/models/conferences.server";
import { hashPassword } from "../../app/utils/password.server";
import type { Database, Role } from "../types";
import { readReferenceFile } from "./reference";

export const DEMO_PRACTICE_COUNT = 600;
export const DEMO_PASSWORD = "lmc-demo-password";
const MEMBERSHIPS_FROM = "2022-07-01"; // ICBs were established on 1 July 2022

export const DEMO_USERS: { email: string; name: string; role: Role; what: string }[] = [
  { email: "admin@lmc-tracker.example", name: "Ada Admin", role: "admin", what: "administrator" },
  { email: "staff@lmc-tracker.example", name: "Sam Staff", role: "bma_staff", what: "BMA committee staff" },
  { email: "secretary@lmc-tracker.example", name: "Lee Secretary", role: "lmc_secretary", what: "LMC secretary (Greater Manchester LMC (demo))" },
  { email: "lead@lmc-tracker.example", name: "Dr Pat Lead", role: "gp", what: "GP and practice lead (signatory)" },
  { email: "gp@lmc-tracker.example", name: "Dr Gale GP", role: "gp", what: "GP (practice member, not a signatory)" },
];

/** A small deterministic generator, so every demo database is the same. */
function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAME_PARTS = ["Riverside", "Park Lane", "Oak Tree", "Market Street", "Station Road", "Hillview", "Church Lane", "Meadow", "Castle", "Bridge Street", "Willow", "Orchard", "Abbey", "Kingsway", "Northgate", "Elm Grove", "Harbour", "Moorland", "Victoria", "Greenbank"];
const NAME_KINDS = ["Surgery", "Medical Centre", "Health Centre", "Medical Practice", "Family Practice"];

export function lmcNameForIcb(icbName: string): string {
  return `${shortIcbName(icbName)} LMC (demo)`;
}

/** Shares `total` out in proportion to `weights`, by largest remainder, so the sum is exact. */
export function apportion(weights: Map<string, number>, total: number): Map<string, number> {
  const sum = [...weights.values()].reduce((a, b) => a + b, 0);
  const exact = [...weights].map(([key, w]) => ({ key, quota: (w / sum) * total }));
  const result = new Map(exact.map((e) => [e.key, Math.floor(e.quota)]));
  let left = total - [...result.values()].reduce((a, b) => a + b, 0);
  for (const e of [...exact].sort((a, b) => (b.quota % 1) - (a.quota % 1) || a.key.localeCompare(b.key))) {
    if (left-- <= 0) break;
    result.set(e.key, (result.get(e.key) ?? 0) + 1);
  }
  return result;
}

export async function seedDemo(db: Kysely<Database>): Promise<{ practices: number; lmcs: number; users: number }> {
  const register = parseEpraccur(readReferenceFile("epraccur.csv"));
  const realPerIcb = new Map<string, number>();
  for (const row of register.rows) {
    if (row.status === "active") realPerIcb.set(row.icbCode, (realPerIcb.get(row.icbCode) ?? 0) + 1);
  }
  const icbs = await db.selectFrom("icbs").select(["code", "name"]).orderBy("code").execute();
  const weights = new Map(icbs.map((icb) => [icb.code, realPerIcb.get(icb.code) ?? 0]));
  const shares = apportion(weights, DEMO_PRACTICE_COUNT);
  const random = mulberry32(20251107);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const now = new Date().toISOString();

  return db.transaction().execute(async (trx) => {
    const lmcByIcb = new Map<string, number>();
    for (const icb of icbs) {
      const lmc = await createLmc(trx, null, { name: lmcNameForIcb(icb.name), isDemo: true }, "demo data");
      lmcByIcb.set(icb.code, lmc.id);
      await trx
        .insertInto("lmc_areas")
        .values({ lmc_id: lmc.id, area_kind: "icb", area_code: icb.code, valid_from: MEMBERSHIPS_FROM, valid_to: null })
        .execute();
    }

    let serial = 0;
    const firstPracticeByIcb = new Map<string, number>();
    for (const icb of icbs) {
      for (let i = 0; i < (shares.get(icb.code) ?? 0); i++) {
        serial++;
        const code = `${DEMO_ODS_PREFIX}${String(serial).padStart(5, "0")}`;
        const place = NAME_PARTS[Math.floor(random() * NAME_PARTS.length)]!;
        const kind = NAME_KINDS[Math.floor(random() * NAME_KINDS.length)]!;
        // List sizes skew like the real register: most between 5,000 and 15,000.
        const listSize = Math.round(2000 + 18000 * random() ** 1.6);
        const { id } = await trx
          .insertInto("practices")
          .values({
            ods_code: code,
            name: `Demo ${place} ${kind} ${serial}`,
            address: `${serial} Demo Street`,
            postcode: `ZZ99 ${1 + (serial % 9)}ZZ`,
            status: "active",
            contract_type: random() < 0.7 ? "GMS" : random() < 0.8 ? "PMS" : "APMS",
            sub_icb_code: null,
            opened_on: "2000-04-01",
            closed_on: null,
            list_size: listSize,
            list_size_date: "2026-04-01",
            is_demo: 1,
            created_at: now,
            updated_at: now,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        if (!firstPracticeByIcb.has(icb.code)) firstPracticeByIcb.set(icb.code, id);
        await trx
          .insertInto("practice_icb_memberships")
          .values({ practice_id: id, icb_code: icb.code, valid_from: MEMBERSHIPS_FROM, valid_to: null })
          .execute();
        await trx
          .insertInto("practice_lmc_memberships")
          .values({ practice_id: id, lmc_id: lmcByIcb.get(icb.code)!, valid_from: MEMBERSHIPS_FROM, valid_to: null })
          .execute();
      }
    }

    const manchester = icbs.find((i) => i.code === "QOP") ?? icbs[0]!;
    const homePractice = firstPracticeByIcb.get(manchester.code)!;
    for (const u of DEMO_USERS) {
      const user = await trx
        .insertInto("users")
        .values({
          email: u.email,
          name: u.name,
          role: u.role,
          lmc_id: u.role === "lmc_secretary" ? lmcByIcb.get(manchester.code)! : null,
          password_hash: passwordHash,
          disabled_at: null,
          email_verified_at: now,
          created_at: now,
          updated_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      if (u.role === "gp") {
        await trx
          .insertInto("practice_memberships")
          .values({ user_id: user.id, practice_id: homePractice, is_signatory: u.email.startsWith("lead@") ? 1 : 0, created_at: now })
          .execute();
      }
    }
    await recordAudit(trx, {
      actorUserId: null,
      action: "demo.seed",
      entity: "database",
      entityId: "demo",
      after: { practices: serial, lmcs: icbs.length, users: DEMO_USERS.length },
    });
    return { practices: serial, lmcs: icbs.length, users: DEMO_USERS.length };
  });
}

export async function hasDemoUsers(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom("users").select("id").where("email", "=", DEMO_USERS[0]!.email).executeTakeFirst();
  return Boolean(row);
}

export function demoCredentialsText(): string {
  const lines = DEMO_USERS.map((u) => `  ${u.email.padEnd(32)} ${u.what}`);
  return [`Demo accounts (password for all: ${DEMO_PASSWORD}):`, ...lines].join("\n");
}
