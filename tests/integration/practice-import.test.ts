import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { describePlan, planPracticeRegisterImport, runPracticeRegisterImport } from "../../app/models/imports.server";
import { getDb } from "../../app/utils/db.server";
import { epraccurLine } from "../fixtures/factories";

const reference = (name: string) => ({ name, text: fs.readFileSync(path.join("db/reference", name), "utf8") });

async function counts() {
  const db = getDb();
  const practices = await db.selectFrom("practices").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  const audit = await db.selectFrom("audit_events").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return { practices: Number(practices.n), audit: Number(audit.n) };
}

describe("importing the real NHS practice register", () => {
  it("yields 6,253 active English practices across 42 ICBs, 6,168 with list sizes, and a second import changes nothing", async () => {
    const db = getDb();
    const files = { register: reference("epraccur.csv"), listSizes: reference("list-sizes-2026-04.csv") };
    const progress: number[] = [];
    const first = await runPracticeRegisterImport(db, null, files, { effectiveDate: "2026-11-24", onProgress: (done) => progress.push(done) });
    expect(first.summary.inserted).toBe(6253);
    expect(first.plan.activeWithoutListSize).toHaveLength(85);
    expect(first.plan.problems).toEqual([]);
    expect(progress.at(-1)).toBe(6253);

    const stats = await db
      .selectFrom("practices")
      .innerJoin("practice_icb_memberships as m", "m.practice_id", "practices.id")
      .select([
        (eb) => eb.fn.countAll<number>().as("n"),
        (eb) => eb.fn.count<number>("practices.list_size").as("withSize"),
        (eb) => eb.fn.count<number>("m.icb_code").distinct().as("icbs"),
        (eb) => eb.fn.sum<number>("practices.list_size").as("patients"),
      ])
      .where("practices.status", "=", "active")
      .executeTakeFirstOrThrow();
    expect(Number(stats.n)).toBe(6253);
    expect(Number(stats.withSize)).toBe(6168);
    expect(Number(stats.icbs)).toBe(42);

    const before = await counts();
    const second = await runPracticeRegisterImport(db, null, files, { effectiveDate: "2026-11-25" });
    expect(describePlan(second.plan)).toMatchObject({ inserts: 0, changes: 0, unchanged: 6253 });
    const after = await counts();
    expect(after.practices).toBe(before.practices);
    // Only the import's own summary row is added.
    expect(after.audit).toBe(before.audit + 1);
  });

  it("marks a practice closed when the register says so, and moves it when its ICB changes", async () => {
    const db = getDb();
    const open = [epraccurLine({ code: "M99001" }), epraccurLine({ code: "M99002" })].join("\n");
    await runPracticeRegisterImport(db, null, { register: { name: "a.csv", text: open } }, { effectiveDate: "2026-01-01" });
    const later = [
      epraccurLine({ code: "M99001", status: "C", close: "20260301" }),
      epraccurLine({ code: "M99002", icb: "QYG" }),
    ].join("\n");
    const result = await runPracticeRegisterImport(db, null, { register: { name: "b.csv", text: later } }, { effectiveDate: "2026-04-01" });
    expect(result.summary).toMatchObject({ changed: 2, closed: 1, icbMoves: 1 });
    const closed = await db.selectFrom("practices").select(["status", "closed_on"]).where("ods_code", "=", "M99001").executeTakeFirstOrThrow();
    expect(closed).toEqual({ status: "closed", closed_on: "2026-03-01" });
    const moved = await db
      .selectFrom("practice_icb_memberships as m")
      .innerJoin("practices as p", "p.id", "m.practice_id")
      .select(["m.icb_code", "m.valid_from", "m.valid_to"])
      .where("p.ods_code", "=", "M99002")
      .orderBy("m.valid_from")
      .execute();
    expect(moved).toEqual([
      { icb_code: "QOP", valid_from: "1974-04-01", valid_to: "2026-04-01" },
      { icb_code: "QYG", valid_from: "2026-04-01", valid_to: null },
    ]);
  });

  it("reports broken lines by number and still imports the rest in one go", async () => {
    const db = getDb();
    const text = [
      epraccurLine({ code: "M99101" }),
      '"M99102","BROKEN QUOTE,"Y62"',
      epraccurLine({ code: "99X103" }),
      "only,three,columns",
      epraccurLine({ code: "M99104", icb: "ZZZ" }),
      epraccurLine({ code: "M99105" }),
    ].join("\r\n");
    const result = await runPracticeRegisterImport(db, null, { register: { name: "mixed.csv", text } });
    expect(result.summary.inserted).toBe(2);
    expect(result.plan.problems.map((p) => p.line)).toEqual([2, 3, 4, 5]);
    expect(result.plan.problems[1]!.message).toMatch(/not a GP practice ODS code/);
    expect(result.plan.problems[3]!.message).toMatch(/ICB "ZZZ"/);
  });

  it("writes nothing when every line is bad", async () => {
    const db = getDb();
    const before = await counts();
    for (const text of ["", "\u0000\u0001garbage", "a,b,c\n1,2,3", "x".repeat(100_000)]) {
      const { plan } = await planPracticeRegisterImport(db, { register: { name: "bad.csv", text } });
      expect(plan.inserts).toEqual([]);
      expect(plan.changes).toEqual([]);
    }
    expect(await counts()).toEqual(before);
  });
});
