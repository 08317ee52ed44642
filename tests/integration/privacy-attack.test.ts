// Privacy under attack: the public, a GP, the lead of another practice and an LMC secretary try
// every page and export of the participation features, and never learn which practice signed or
// a sub-national count from 1 to 7: not from one figure, not by differencing a region and its
// ICBs, not by comparing before and after one sign-up, and not from the size of a response.
import path from "node:path";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { queueMessages } from "../../app/models/outbox.server";
import { changeSignUp } from "../../app/models/signups.server";
import { getDb } from "../../app/utils/db.server";
import { makeCampaign, makeSignatory } from "../fixtures/campaigns";
import { makeLmc, makePractice, makeUser } from "../fixtures/factories";
import { answerOf, requestAs } from "../fixtures/requests";

type Who = "public" | "gp" | "otherLead" | "secretary";
const WHO: Who[] = ["public", "gp", "otherLead", "secretary"];
const users = {} as Record<Exclude<Who, "public">, number>;
const signed: { ods: string; name: string }[] = [];
let campaignId = 0;
let optionId = 0;
let lmcB = 0;
let practicesQwo: number[] = [];
let signatory = 0;

async function load(file: string, who: Who, url: string, params: Record<string, string>) {
  const mod = (await import(/* @vite-ignore */ path.resolve("app/routes", file))) as { loader: (args: unknown) => Promise<unknown> };
  const request = await requestAs(who === "public" ? null : users[who], url);
  return answerOf(() => mod.loader({ request, params, context: { cspNonce: "" } }));
}

/** Every page and export that carries participation figures, as `who` reads it. */
async function everything(who: Who) {
  const c = String(campaignId);
  return {
    participation: await load("participation.tsx", who, "/participation", {}),
    campaign: await load("campaigns.$id.tsx", who, `/campaigns/${c}`, { id: c }),
    option: await load("campaigns.$id_.options.$optionId.tsx", who, `/campaigns/${c}/options/${optionId}`, { id: c, optionId: String(optionId) }),
    csv: await load("campaigns.$id_.participation[.]csv.ts", who, `/campaigns/${c}/participation.csv`, { id: c }),
    json: await load("campaigns.$id_.participation[.]json.ts", who, `/campaigns/${c}/participation.json`, { id: c }),
  };
}

interface JsonRow {
  scope: string;
  area_code: string;
  practices_signed: number | null;
  personal_pledges: number | null;
  patients_covered: number | null;
}

function jsonRows(body: string): JsonRow[] {
  const parsed = JSON.parse(body) as { rows?: JsonRow[] };
  expect(Array.isArray(parsed.rows)).toBe(true);
  return parsed.rows!;
}

const subNational = (rows: JsonRow[]) => rows.filter((r) => r.scope !== "national");

beforeAll(async () => {
  const db = getDb();
  const lmcA = await makeLmc(db, "Attack A LMC");
  const other = await makeLmc(db, "Attack B LMC");
  lmcB = other.id;
  const add = async (icbCode: string, n: number, lmcId: number) => {
    const ids: number[] = [];
    for (let i = 0; i < n; i++) {
      const practice = await makePractice(db, { icbCode, listSize: 7000 + i * 13 });
      await db.insertInto("practice_lmc_memberships").values({ practice_id: practice.id, lmc_id: lmcId, valid_from: "2022-07-01", valid_to: null }).execute();
      ids.push(practice.id);
    }
    return ids;
  };
  const qop = await add("QOP", 20, lmcA.id);
  const qe1 = await add("QE1", 12, lmcB);
  practicesQwo = await add("QWO", 6, lmcB);
  const campaign = await makeCampaign(db, { options: [{ title: "Attacked option" }] });
  campaignId = campaign.id;
  optionId = campaign.options[0]!.id;

  const lead = await makeSignatory(db, { id: qe1[0]! });
  signatory = lead.id;
  const sign = async (practiceId: number) => {
    const outcome = await changeSignUp(db, lead.id, { practiceId, optionId, status: "pledged", condition: null, expectedVersion: 0 });
    if (!outcome.ok) throw new Error(outcome.message);
    const p = await db.selectFrom("practices").select(["ods_code", "name"]).where("id", "=", practiceId).executeTakeFirstOrThrow();
    signed.push({ ods: p.ods_code, name: p.name });
  };
  // 3 in QOP, 8 in QE1, 1 in QWO: small counts everywhere below the nation.
  for (const id of qop.slice(0, 3)) await sign(id);
  for (const id of qe1.slice(1, 9)) await sign(id);
  await sign(practicesQwo[0]!);

  const gp = await makeUser(db);
  await db.insertInto("practice_memberships").values({ user_id: gp.id, practice_id: qop[10]!, is_signatory: 0, created_at: new Date().toISOString() }).execute();
  users.gp = gp.id;
  // The lead of a practice that did not sign, in the same ICB as practices that did.
  users.otherLead = (await makeSignatory(db, { id: qe1[11]! })).id;
  users.secretary = (await makeUser(db, { role: "lmc_secretary", lmcId: lmcB })).id;
});

describe("nobody but the practice and staff learns who signed", () => {
  it.each(WHO)("%s: no signed practice's code or name on any page or export", async (who) => {
    const all = await everything(who);
    for (const [what, answer] of Object.entries(all)) {
      expect(answer.status, what).toBe(200);
      for (const s of signed) {
        expect(answer.body, `${what} names ${s.ods}`).not.toContain(s.ods);
        expect(answer.body, `${what} names ${s.name}`).not.toContain(s.name);
      }
    }
  });
});

describe("no sub-national count from 1 to 7", () => {
  it.each(WHO)("%s: every sub-national figure is 0, a multiple of 5, or hidden (a secretary's own LMC aside)", async (who) => {
    const { json, csv } = await everything(who);
    for (const row of subNational(jsonRows(json.body))) {
      if (who === "secretary" && row.scope === "lmc" && row.area_code === String(lmcB)) continue;
      for (const field of ["practices_signed", "personal_pledges"] as const) {
        const value = row[field];
        if (value !== null) expect(value % 5, `${row.scope} ${row.area_code} ${field} = ${value}`).toBe(0);
      }
    }
    const records = parse(csv.body, { columns: true }) as Record<string, string>[];
    for (const r of records.filter((r) => r.scope !== "national")) {
      if (who === "secretary" && r.scope === "lmc" && r.area_code === String(lmcB)) continue;
      expect(r.practices_signed === "*" || Number(r.practices_signed) % 5 === 0, `${r.scope} ${r.area_code}: ${r.practices_signed}`).toBe(true);
    }
  });

  it.each(WHO)("%s: a region minus its ICBs isolates no small number", async (who) => {
    const rows = subNational(jsonRows((await everything(who)).json.body));
    const regions = rows.filter((r) => r.scope === "region");
    for (const region of regions) {
      // Every figure a difference could be built from is a multiple of 5 or hidden, so no
      // difference of shown figures is a count from 1 to 7.
      expect(region.practices_signed === null || region.practices_signed % 5 === 0).toBe(true);
    }
  });

  it.each(["public", "gp", "otherLead"] as Who[])("%s: one more sign-up in a small ICB changes no sub-national figure or response size", async (who) => {
    const before = await everything(who);
    const db = getDb();
    const version = async () =>
      (await db.selectFrom("practice_signups").select("version").where("practice_id", "=", practicesQwo[1]!).where("option_id", "=", optionId).executeTakeFirst())?.version ?? 0;
    const outcome = await changeSignUp(db, signatory, { practiceId: practicesQwo[1]!, optionId, status: "pledged", condition: null, expectedVersion: await version() });
    expect(outcome.ok).toBe(true);
    try {
      const after = await everything(who);
      const changed = subNational(jsonRows(after.json.body)).filter((row, i) => JSON.stringify(row) !== JSON.stringify(subNational(jsonRows(before.json.body))[i]));
      expect(changed.map((r) => [r, subNational(jsonRows(before.json.body)).find((b) => b.scope === r.scope && b.area_code === r.area_code)])).toEqual([]);
      const csvRows = (body: string) => (parse(body, { columns: true }) as Record<string, string>[]).filter((r) => r.scope !== "national");
      expect(csvRows(after.csv.body)).toEqual(csvRows(before.csv.body));
      // The national figure is exact by design (SPEC section 6); nothing else grew.
      const size = (body: string) => body.length;
      expect(Math.abs(size(after.csv.body) - size(before.csv.body))).toBeLessThanOrEqual(8);
    } finally {
      await changeSignUp(db, signatory, { practiceId: practicesQwo[1]!, optionId, status: "withdrawn", condition: null, expectedVersion: await version() });
    }
  });
});

/**
 * The work each answer took, recorded through the app's own database handle: every query's kind
 * and how many rows it returned. Wall-clock time is too noisy to assert on; the work is what a
 * response's time is made of here (no sleeps, no early exits that depend on the data).
 */
async function workOf(run: () => Promise<unknown>): Promise<string[]> {
  const work: string[] = [];
  const original = globalThis.__lmcDb!;
  globalThis.__lmcDb = original.withPlugin({
    transformQuery: (args) => {
      work.push(args.node.kind);
      return args.node;
    },
    transformResult: async (args) => {
      work.push(`rows ${args.result.rows.length}`);
      return args.result;
    },
  });
  try {
    await run();
  } finally {
    globalThis.__lmcDb = original;
  }
  // Sorted: on PostgreSQL a pool runs a loader's parallel queries in any order.
  return work.sort();
}

describe("no answer takes longer for one more sign-up", () => {
  it.each(["public", "gp", "otherLead"] as Who[])("%s: the same queries return the same number of rows before and after a sign-up in a small ICB", async (who) => {
    // Warm: caches filled, so before and after compare like with like.
    await everything(who);
    const before = await workOf(() => everything(who));
    expect(before.filter((w) => w.startsWith("rows ")).length, "queries recorded").toBeGreaterThan(5);
    const db = getDb();
    const version = async () =>
      (await db.selectFrom("practice_signups").select("version").where("practice_id", "=", practicesQwo[1]!).where("option_id", "=", optionId).executeTakeFirst())?.version ?? 0;
    expect((await changeSignUp(db, signatory, { practiceId: practicesQwo[1]!, optionId, status: "pledged", condition: null, expectedVersion: await version() })).ok).toBe(true);
    try {
      await everything(who);
      expect(await workOf(() => everything(who))).toEqual(before);
    } finally {
      await changeSignUp(db, signatory, { practiceId: practicesQwo[1]!, optionId, status: "withdrawn", condition: null, expectedVersion: await version() });
    }
  });
});

describe("the audit log", () => {
  it("shows administrators accounts and imports, but not which practice signed; staff see it all", async () => {
    const db = getDb();
    const admin = await makeUser(db, { role: "admin" });
    const staff = await makeUser(db, { role: "bma_staff" });
    const read = async (userId: number) => {
      const mod = (await import(/* @vite-ignore */ path.resolve("app/routes", "admin.audit.tsx"))) as { loader: (args: unknown) => Promise<unknown> };
      const request = await requestAs(userId, "/admin/audit");
      return answerOf(() => mod.loader({ request, params: {}, context: { cspNonce: "" } }));
    };
    const forAdmin = await read(admin.id);
    expect(forAdmin.status).toBe(200);
    expect(forAdmin.body).not.toContain("practice_signup");
    expect(forAdmin.body).not.toContain("Practice signed up");
    for (const s of signed) expect(forAdmin.body).not.toContain(s.ods);
    const forStaff = await read(staff.id);
    expect(forStaff.body).toContain("Practice signed up");
  });
});

describe("the outbox", () => {
  it("shows administrators account mail, but not the mail that says which practice signed or who pledged; staff see it all", async () => {
    const db = getDb();
    const admin = await makeUser(db, { role: "admin" });
    const staff = await makeUser(db, { role: "bma_staff" });
    const marker = `outbox-${Date.now().toString(36)}`;
    const message = (subject: string) => ({ subject: `${subject} ${marker}`, text: "body", html: "<p>body</p>" });
    await db.transaction().execute((trx) =>
      queueMessages(trx, [
        { kind: "signup_live", to: "lead@example.org", toUserId: null, message: message("Quokka Surgery: your sign-up is now live") },
        { kind: "campaign_status", to: "pledger@example.org", toUserId: null, message: message("The campaign you pledged to is active") },
        { kind: "membership_request", to: "lead@example.org", toUserId: null, message: message("A GP asks to join") },
      ]),
    );
    const read = async (userId: number) => {
      const mod = (await import(/* @vite-ignore */ path.resolve("app/routes", "admin.outbox.tsx"))) as { loader: (args: unknown) => Promise<unknown> };
      const request = await requestAs(userId, `/admin/outbox?q=example.org`);
      return answerOf(() => mod.loader({ request, params: {}, context: { cspNonce: "" } }));
    };
    const forAdmin = await read(admin.id);
    expect(forAdmin.status).toBe(200);
    expect(forAdmin.body).toContain("A GP asks to join");
    expect(forAdmin.body).not.toContain("Quokka Surgery");
    expect(forAdmin.body).not.toContain("pledged to is active");
    const forStaff = await read(staff.id);
    expect(forStaff.body).toContain("Quokka Surgery");
    expect(forStaff.body).toContain("pledged to is active");
  });
});
