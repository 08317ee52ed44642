import { describe, expect, it } from "vitest";
import { DEMO_PRACTICE_COUNT, DEMO_USERS, seedDemo } from "../../db/seed/demo";
import { readReferenceFile } from "../../db/seed/reference";
import { parseEpraccur } from "../../app/domain/practice-register";
import { getDb } from "../../app/utils/db.server";

describe("the demo data", () => {
  it("seeds 600 practices over the real ICBs, one LMC per ICB and one user per role, with codes no real practice uses", async () => {
    const db = getDb();
    const result = await seedDemo(db);
    expect(result).toEqual({ practices: DEMO_PRACTICE_COUNT, lmcs: 42, users: DEMO_USERS.length });

    const demo = await db.selectFrom("practices").select(["ods_code", "name"]).where("is_demo", "=", 1).execute();
    expect(demo).toHaveLength(600);
    const realCodes = new Set(
      readReferenceFile("epraccur.csv")
        .split("\n")
        .map((line) => line.slice(1, line.indexOf('"', 1))),
    );
    expect(realCodes.size).toBeGreaterThan(16_000);
    for (const p of demo) {
      expect(realCodes.has(p.ods_code)).toBe(false);
      expect(p.ods_code).toMatch(/^Z\d{5}$/);
      expect(p.name).toMatch(/^Demo /);
    }

    // In proportion to the real register: each ICB's share is within one practice of exact.
    const real = parseEpraccur(readReferenceFile("epraccur.csv")).rows.filter((r) => r.status === "active");
    const perIcb = await db
      .selectFrom("practice_icb_memberships as m")
      .innerJoin("practices as p", "p.id", "m.practice_id")
      .select(["m.icb_code", (eb) => eb.fn.countAll<number>().as("n")])
      .where("p.is_demo", "=", 1)
      .groupBy("m.icb_code")
      .execute();
    expect(perIcb).toHaveLength(42);
    for (const row of perIcb) {
      const exact = (real.filter((r) => r.icbCode === row.icb_code).length / real.length) * 600;
      expect(Math.abs(Number(row.n) - exact)).toBeLessThan(1);
    }

    const roles = await db.selectFrom("users").select(["role", "lmc_id"]).execute();
    expect(new Set(roles.map((r) => r.role))).toEqual(new Set(["admin", "bma_staff", "lmc_secretary", "gp"]));
    expect(roles.find((r) => r.role === "lmc_secretary")?.lmc_id).not.toBeNull();
    const signatories = await db.selectFrom("practice_memberships").select("is_signatory").execute();
    expect(signatories.map((s) => s.is_signatory).sort()).toEqual([0, 1]);
  });
});
