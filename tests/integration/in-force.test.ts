// The SQL form of "in force on a date" agrees with its pure twin, and a practice that moves ICB
// is counted in the old ICB up to the day before and in the new one from the day it moves.
import { describe, expect, it } from "vitest";
import { inForceOn as inForceRow } from "../../app/domain/in-force";
import { inForceOn } from "../../app/models/in-force.server";
import { activePracticesByIcb } from "../../app/models/practices.server";
import { runPracticeRegisterImport } from "../../app/models/imports.server";
import { getDb } from "../../app/utils/db.server";
import { epraccurLine, makePractice } from "../fixtures/factories";

describe("in force on a date", () => {
  it("a practice that moved ICB on 1 April 2026 counts in the old ICB on 31 March and the new one on 1 April", async () => {
    const db = getDb();
    const practice = await makePractice(db, { icbCode: "QOP" });
    const register = { name: "epraccur.csv", text: epraccurLine({ code: practice.ods_code, icb: "QHM" }) };
    const result = await runPracticeRegisterImport(db, null, { register }, { effectiveDate: "2026-04-01" });
    expect(result.summary.icbMoves).toBe(1);

    const march = await activePracticesByIcb(db, "2026-03-31");
    const april = await activePracticesByIcb(db, "2026-04-01");
    expect(march.get("QOP")?.practices).toBe(1);
    expect(march.get("QHM")).toBeUndefined();
    expect(april.get("QOP")).toBeUndefined();
    expect(april.get("QHM")?.practices).toBe(1);
  });

  it("the SQL rule and the pure rule agree on every boundary", async () => {
    const db = getDb();
    const rows = await db.selectFrom("practice_icb_memberships").select(["id", "valid_from", "valid_to"]).execute();
    for (const date of ["2022-06-30", "2022-07-01", "2026-03-31", "2026-04-01", "2030-01-01"]) {
      const sqlIds = (await db.selectFrom("practice_icb_memberships").select("id").where(inForceOn("practice_icb_memberships", date)).execute())
        .map((r) => r.id)
        .sort();
      expect(sqlIds, date).toEqual(rows.filter((r) => inForceRow(r, date)).map((r) => r.id).sort());
    }
  });
});
