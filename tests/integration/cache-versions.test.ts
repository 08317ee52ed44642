// Each cached thing is keyed on a version of what it shows: a change to one conference moves its
// own version and the catalogue's, never another conference's; a login moves nothing.
import { describe, expect, it } from "vitest";
import { addSection } from "../../app/models/conferences.server";
import { CATALOGUE, CLAUSES, conferenceKey, readCacheVersions, SITE } from "../../app/models/cache-versions.server";
import { createSession } from "../../app/models/sessions.server";
import { recordAudit } from "../../app/models/audit.server";
import { getDb } from "../../app/utils/db.server";
import { makeConference, makeUser } from "../fixtures/factories";

describe("cache versions", () => {
  it("a new section moves its conference and the catalogue, not another conference, the clauses or the site", async () => {
    const db = getDb();
    const staff = await makeUser(db, { role: "bma_staff" });
    const a = await makeConference(db);
    const b = await makeConference(db);
    const read = async () => ({
      a: await readCacheVersions(db, [conferenceKey(a.id)]),
      b: await readCacheVersions(db, [conferenceKey(b.id)]),
      rest: (await readCacheVersions(db, [CATALOGUE, CLAUSES, SITE])).split("."),
    });
    const { a: aBefore, b: bBefore, rest: restBefore } = await read();
    await addSection(db, staff.id, a.id, "Online access");
    const { a: aAfter, b: bAfter, rest: restAfter } = await read();
    expect(aAfter).not.toBe(aBefore);
    expect(bAfter).toBe(bBefore);
    expect(restAfter[0]).not.toBe(restBefore[0]);
    expect(restAfter.slice(1)).toEqual(restBefore.slice(1));
  });

  it("a login changes no version that a cached page shows", async () => {
    const db = getDb();
    const user = await makeUser(db);
    const conference = await makeConference(db);
    const keys = [conferenceKey(conference.id), CATALOGUE, CLAUSES, SITE];
    const before = await readCacheVersions(db, keys);
    await db.transaction().execute(async (trx) => {
      await createSession(trx, user.id);
      await recordAudit(trx, { actorUserId: user.id, action: "session.login", entity: "user", entityId: user.id });
    });
    expect(await readCacheVersions(db, keys)).toBe(before);
  });
});
