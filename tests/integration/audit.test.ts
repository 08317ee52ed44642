import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { getEntityHistory, recordAudit } from "../../app/models/audit.server";
import { getDb } from "../../app/utils/db.server";

describe("the audit log", () => {
  it("records an event and shows it in the entity's history", async () => {
    const db = getDb();
    await recordAudit(db, { actorUserId: null, action: "thing.create", entity: "thing", entityId: 1, after: { a: 1 } });
    const history = await getEntityHistory(db, "thing", 1);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ action: "thing.create", after: { a: 1 }, actorName: null });
  });

  it("refuses UPDATE of an audit row at the database level", async () => {
    const db = getDb();
    await recordAudit(db, { actorUserId: null, action: "thing.create", entity: "thing", entityId: 2 });
    await expect(db.updateTable("audit_events").set({ action: "forged" }).execute()).rejects.toThrow(/append-only/);
    await expect(sql`update audit_events set reason = 'x'`.execute(db)).rejects.toThrow(/append-only/);
    const rows = await db.selectFrom("audit_events").select("action").where("action", "=", "forged").execute();
    expect(rows).toEqual([]);
  });

  it("refuses DELETE of an audit row at the database level", async () => {
    const db = getDb();
    await recordAudit(db, { actorUserId: null, action: "thing.create", entity: "thing", entityId: 3 });
    const before = await db.selectFrom("audit_events").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    await expect(db.deleteFrom("audit_events").execute()).rejects.toThrow(/append-only/);
    const after = await db.selectFrom("audit_events").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});
