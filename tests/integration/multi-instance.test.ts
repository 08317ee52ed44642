// Several app instances on one PostgreSQL database, as behind a load balancer (docs/SCALING.md):
// two production servers on two ports share this file's database. A write through one is seen at
// once through the other's public pages (each keeps its own page cache, stamped with versions read
// from the shared database), a session made on one is good on the other, and sign-ups sent through
// both at once keep every counter equal to the records. Only under `npm run test:postgres`: on
// SQLite the app is one machine by design.
import { execSync } from "node:child_process";
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyParticipation } from "../../app/models/participation-verify.server";
import { getDb } from "../../app/utils/db.server";
import { makeCampaign, makeSignatory } from "../fixtures/campaigns";
import { makeConference, makePractice, makeUser } from "../fixtures/factories";
import { logIn } from "../support/http";
import { onPostgres } from "../support/postgres";
import { startServer } from "../support/server";

type Server = Awaited<ReturnType<typeof startServer>>;

describe.skipIf(!onPostgres())("two app instances on one PostgreSQL database", () => {
  const servers: Server[] = [];
  const base = (i: number) => servers[i % servers.length]!.baseURL;

  beforeAll(async () => {
    if (!fs.existsSync("build/server/index.js")) execSync("npx remix vite:build", { stdio: "inherit" });
    // Both share this file's database and one session secret (setup.ts); each has its own memory.
    const env = { SEED: "none", LOGIN_RATE_LIMIT: "100000", PAGE_CACHE: "1", WEB_CONCURRENCY: "1" };
    servers.push(await startServer(env));
    servers.push(await startServer(env));
    expect(servers[0]!.baseURL).not.toBe(servers[1]!.baseURL);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(
      servers.map(async ({ child }) => {
        if (child.exitCode !== null) return;
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }),
    );
  });

  const anonymous = async (server: number, path: string) => {
    const response = await fetch(`${base(server)}${path}`);
    return { status: response.status, cache: response.headers.get("x-page-cache"), body: await response.text() };
  };
  const post = (server: number, cookie: string, path: string, form: Record<string, string>) =>
    fetch(`${base(server)}${path}`, { method: "POST", headers: { Origin: base(server), Cookie: cookie }, body: new URLSearchParams(form), redirect: "manual" });

  it("a section added through one instance is on the other's public page at once, and the other way round", async () => {
    const staff = await makeUser(getDb(), { role: "bma_staff" });
    const conference = await makeConference(getDb(), { status: "published" });
    const page = `/conferences/${conference.id}`;
    // Logged in through the first instance: the session is a row in the shared database, so the
    // second honours the cookie too.
    const cookie = await logIn(base(0), staff.email, staff.password);

    for (const [writer, reader] of [
      [0, 1],
      [1, 0],
    ] as const) {
      // Both instances hold the page in their caches.
      for (const server of [0, 1]) {
        await anonymous(server, page);
        expect((await anonymous(server, page)).cache, `instance ${server} caches the page`).toBe("hit");
      }
      const title = `Added through instance ${writer}`;
      expect((await post(writer, cookie, `${page}/edit`, { intent: "add-section", title })).status).toBe(302);
      const seen = await anonymous(reader, page);
      expect(seen.status).toBe(200);
      expect(seen.cache, `instance ${reader} does not serve its stale copy`).toBe("miss");
      expect(seen.body).toContain(title);
      expect((await anonymous(reader, page)).cache).toBe("hit");
    }
  });

  it("sign-ups, changes and withdrawals sent through both instances at once keep every counter verified", async () => {
    const db = getDb();
    const campaign = await makeCampaign(db, {
      status: "open",
      options: [{ title: "Counted on two instances" }, { title: "Triggered on two instances", trigger: { percent: 30, scope: "national" } }],
    });
    const practices: (Awaited<ReturnType<typeof makePractice>> & { signatory: Awaited<ReturnType<typeof makeSignatory>> })[] = [];
    for (let i = 0; i < 24; i++) {
      const practice = await makePractice(db, { icbCode: ["QOP", "QHM", "QWO"][i % 3]!, listSize: 5000 + i });
      practices.push({ ...practice, signatory: await makeSignatory(db, practice) });
    }
    // Each signatory logs in through one instance and signs up through the other.
    const cookies = await Promise.all(practices.map((p, i) => logIn(base(i), p.signatory.email, p.signatory.password)));
    const signUp = (i: number, optionId: number, form: Record<string, string>) =>
      post(i + 1, cookies[i]!, `/campaigns/${campaign.id}/options/${optionId}`, { intent: "signup", practice: practices[i]!.ods_code, ...form });
    const [plain, triggered] = [campaign.options[0]!, campaign.options[1]!];

    const first = await Promise.all(
      practices.flatMap((_p, i) => [
        signUp(i, plain.id, { status: i % 4 === 0 ? "implementing" : "pledged", version: "0" }),
        signUp(i, triggered.id, i % 2 ? { status: "pledged_if_triggered", version: "0" } : { status: "pledged", conditionScope: "national", conditionPercent: "20", version: "0" }),
      ]),
    );
    expect(first.map((r) => r.status)).toEqual(first.map(() => 302));

    // Then a second round at once: a third withdraw, a third change their minds.
    const second = await Promise.all(
      practices.flatMap((_p, i) =>
        i % 3 === 0
          ? [signUp(i, plain.id, { status: "withdrawn", version: "1" }), signUp(i, triggered.id, { status: "withdrawn", version: "1" })]
          : i % 3 === 1
            ? [signUp(i, plain.id, { status: "implementing", version: "1" })]
            : [],
      ),
    );
    expect(second.map((r) => r.status)).toEqual(second.map(() => 302));

    expect(await verifyParticipation(db)).toEqual([]);
    const counted = await db
      .selectFrom("participation_counters")
      .select(["option_id", "measure", "practices"])
      .where("area_kind", "=", "national")
      .where("option_id", "in", [plain.id, triggered.id])
      .where("practices", "!=", 0)
      .orderBy("option_id")
      .orderBy("measure")
      .execute();
    expect(counted).toEqual([
      { option_id: plain.id, measure: "acting", practices: 16 },
      { option_id: plain.id, measure: "implementing", practices: 10 },
      { option_id: plain.id, measure: "pledged", practices: 6 },
      { option_id: triggered.id, measure: "acting", practices: 16 },
      { option_id: triggered.id, measure: "pledged", practices: 8 },
      { option_id: triggered.id, measure: "pledged_if_triggered", practices: 8 },
    ]);
    // The trigger fired once, whichever instance's sign-up met it.
    const live = await db.selectFrom("option_live_scopes").select("scope_key").where("option_id", "=", triggered.id).execute();
    expect(live).toEqual([{ scope_key: "national" }]);
    const events = await db.selectFrom("campaign_events").select("kind").where("option_id", "=", triggered.id).where("kind", "=", "option_live").execute();
    expect(events).toHaveLength(1);
  });
});
