import { describe, expect, it } from "vitest";
import { createSession, getSessionUser, revokeSession } from "../../app/models/sessions.server";
import { revokeSessionsOfUser, setUserDisabled, updateUser } from "../../app/models/users.server";
import { getDb } from "../../app/utils/db.server";
import { makeUser } from "../fixtures/factories";

describe("server-side sessions", () => {
  it("a live session resolves to its user", async () => {
    const db = getDb();
    const user = await makeUser(db);
    const sessionId = await createSession(db, user.id);
    await expect(getSessionUser(db, sessionId)).resolves.toMatchObject({ id: user.id, role: "gp" });
  });

  it("a disabled user's session is dead, and stays dead when the user is enabled again", async () => {
    const db = getDb();
    const admin = await makeUser(db, { role: "admin" });
    const user = await makeUser(db);
    const sessionId = await createSession(db, user.id);
    await setUserDisabled(db, admin.id, user.id, true);
    expect(await getSessionUser(db, sessionId)).toBeNull();
    await setUserDisabled(db, admin.id, user.id, false);
    expect(await getSessionUser(db, sessionId)).toBeNull();
    const events = await db.selectFrom("audit_events").select("action").where("entity_id", "=", String(user.id)).execute();
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(["user.disable", "user.enable"]));
  });

  it("logging out revokes only that session", async () => {
    const db = getDb();
    const user = await makeUser(db);
    const a = await createSession(db, user.id);
    const b = await createSession(db, user.id);
    await revokeSession(db, a);
    expect(await getSessionUser(db, a)).toBeNull();
    expect(await getSessionUser(db, b)).not.toBeNull();
  });

  it("an administrator can end every session of a user", async () => {
    const db = getDb();
    const admin = await makeUser(db, { role: "admin" });
    const user = await makeUser(db);
    const sessions = [await createSession(db, user.id), await createSession(db, user.id)];
    expect(await revokeSessionsOfUser(db, admin.id, user.id)).toBe(2);
    for (const s of sessions) expect(await getSessionUser(db, s)).toBeNull();
  });

  it("a change of role ends the user's sessions so old powers do not linger", async () => {
    const db = getDb();
    const admin = await makeUser(db, { role: "admin" });
    const user = await makeUser(db, { role: "bma_staff" });
    const sessionId = await createSession(db, user.id);
    await updateUser(db, admin.id, user.id, { intent: "update", name: "Demoted", role: "gp" });
    expect(await getSessionUser(db, sessionId)).toBeNull();
  });
});
