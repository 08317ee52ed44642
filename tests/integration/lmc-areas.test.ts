import { describe, expect, it } from "vitest";
import { planLmcAreasImport, runLmcAreasImport } from "../../app/models/imports.server";
import { getPracticeByOds } from "../../app/models/practices.server";
import { getDb } from "../../app/utils/db.server";
import { createSession } from "../../app/models/sessions.server";
import { sessionStorage } from "../../app/utils/session.server";
import { makePractice, makeUser } from "../fixtures/factories";

describe("importing LMC areas", () => {
  it("maps every practice in an ICB to its LMC from the date given, and a re-import changes nothing", async () => {
    const db = getDb();
    const practice = await makePractice(db, { icbCode: "QE1" });
    const csv = "lmc_name,area_code,valid_from\nLancashire and Cumbria LMCs,QE1,2024-04-01\n";
    const first = await runLmcAreasImport(db, null, { name: "areas.csv", text: csv });
    expect(first).toMatchObject({ applied: 1, createdLmcs: 1, problems: [] });
    expect(first.practicesMoved).toBeGreaterThanOrEqual(1);
    const found = await getPracticeByOds(db, practice.ods_code, "2026-01-01");
    expect(found?.lmc?.name).toBe("Lancashire and Cumbria LMCs");
    expect(found?.lmc?.valid_from).toBe("2024-04-01");
    expect((await getPracticeByOds(db, practice.ods_code, "2024-01-01"))?.lmc).toBeNull();

    const second = await runLmcAreasImport(db, null, { name: "areas.csv", text: csv });
    expect(second).toMatchObject({ applied: 0, createdLmcs: 0, practicesMoved: 0 });
  });

  it("exports the areas in the import's columns, and the export imports back with nothing to change", async () => {
    const db = getDb();
    await runLmcAreasImport(db, null, { name: "a.csv", text: "lmc_name,area_code,valid_from\nRound Trip LMC,QYG,2025-04-01\n" });
    const mod = await import("../../app/routes/admin.imports.lmc-areas[.]csv");
    const admin = await makeUser(db, { role: "admin" });
    const session = await sessionStorage().getSession();
    session.set("sessionId", await createSession(db, admin.id));
    const cookie = (await sessionStorage().commitSession(session)).split(";")[0]!;
    const response = (await mod.loader({ request: new Request("http://localhost/x", { headers: { Cookie: cookie } }), params: {}, context: { cspNonce: "" } })) as Response;
    const csv = await response.text();
    expect(csv.split("\r\n")[0]).toBe("lmc_name,area_code,valid_from,area_kind");
    expect(csv).toContain("Round Trip LMC,QYG,2025-04-01,icb");
    const { planned, problems } = await planLmcAreasImport(db, csv);
    expect(problems).toEqual([]);
    expect(planned.every((p) => p.status === "unchanged")).toBe(true);
  });

  it("reports bad rows by line and plans nothing for them", async () => {
    const db = getDb();
    const csv = [
      "lmc_name,area_code,valid_from",
      "Good LMC,QOP,2025-04-01",
      ",QOP,2025-04-01",
      "No Such Area LMC,ZZZ,2025-04-01",
      "Bad Date LMC,QYG,2025-02-30",
      "Good LMC,QOP,2025-04-01",
    ].join("\n");
    const { planned, problems } = await planLmcAreasImport(db, csv);
    expect(planned.map((p) => p.line)).toEqual([2]);
    expect(problems.map((p) => p.line)).toEqual([3, 4, 5, 6]);
    expect(problems[1]!.message).toMatch(/neither a known ICB/);
    expect(problems[2]!.message).toMatch(/not a real date/);
  });

  it("refuses a broken CSV with a clear message", async () => {
    const { planned, problems } = await planLmcAreasImport(getDb(), 'lmc_name,area_code,valid_from\n"unclosed,QOP,2025-01-01\n');
    expect(planned).toEqual([]);
    expect(problems[0]?.message).toMatch(/not valid CSV/);
  });
});
