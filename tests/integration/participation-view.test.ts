// The participation dashboard and its exports on a small national picture: the public sees
// exact national figures and suppressed local ones, staff see everything exactly, an LMC
// secretary sees their own LMC exactly; the CSV and JSON say what the page says; nothing with
// sign-up figures in it may be cached.
import path from "node:path";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { formatCellForPage, PARTICIPATION_FIELDS, type ParticipationField } from "../../app/domain/suppression";
import { changeCampaignStatus, createCampaign, saveOption } from "../../app/models/campaigns.server";
import { campaignDashboard, openCampaignsDashboard, type CampaignDashboard, type OptionDashboard, type ParticipationViewer } from "../../app/models/participation-view.server";
import { changeSignUp } from "../../app/models/signups.server";
import { recordPartVote } from "../../app/models/votes.server";
import { getDb } from "../../app/utils/db.server";
import { createPageCache } from "../../server/page-cache";
import type { Rendered } from "../../server/render-thread";
import { makeConference, makeLmc, makeMotion, makePractice, makeUser, viewerOf } from "../fixtures/factories";
import { answerOf, requestAs } from "../fixtures/requests";

/** One anonymous GET of /participation through the page cache, with a stand-in for the render behind it. */
function visitPageCache(cache: ReturnType<typeof createPageCache>, render: () => string) {
  return new Promise<{ how: string | undefined; body: string }>((resolve) => {
    const headers = new Map<string, unknown>();
    const res = {
      statusCode: 200,
      locals: { cspNonce: "n" },
      vary: () => undefined,
      setHeader: (k: string, v: unknown) => void headers.set(k.toLowerCase(), v),
      getHeader: (k: string) => headers.get(k.toLowerCase()),
      set(k: string | Record<string, string>, v?: unknown) {
        if (typeof k === "string") headers.set(k.toLowerCase(), v);
        else for (const [name, value] of Object.entries(k)) headers.set(name.toLowerCase(), value);
        return res;
      },
      status: (s: number) => ((res.statusCode = s), res),
      write: () => true,
      end: (body?: unknown) => (resolve({ how: headers.get("x-page-cache") as string | undefined, body: String(body) }), res),
      destroy: () => undefined,
    };
    const req = { method: "GET", path: "/participation", originalUrl: "/participation", headers: {}, acceptsEncodings: () => "identity" };
    cache(req as never, res as never, () => {
      res.setHeader("Content-Type", "text/html");
      (res.end as (body: string) => unknown)(render());
    });
  });
}

const db = () => getDb();

type Who = "public" | "gp" | "secretary" | "staff";
const people = {} as Record<Exclude<Who, "public">, { id: number; viewer: ParticipationViewer }>;
const ids = {} as { campaign: number; draft: number; national: number; perIcb: number; lmcA: number; lmcB: number };
const PRACTICE_IDS: Record<"QOP" | "QE1" | "QWO", number[]> = { QOP: [], QE1: [], QWO: [] };

const viewerOfWho = (who: Who): ParticipationViewer => (who === "public" ? null : people[who].viewer);
const userIdOf = (who: Who) => (who === "public" ? null : people[who].id);

async function call(file: string, who: Who, url: string, params: Record<string, string> = {}) {
  const mod = (await import(/* @vite-ignore */ path.resolve("app/routes", file))) as { loader: (args: unknown) => Promise<unknown> };
  const request = await requestAs(userIdOf(who), url);
  let raw: unknown;
  const answer = await answerOf(async () => (raw = await mod.loader({ request, params, context: { cspNonce: "" } })));
  return { ...answer, raw };
}

/** The headers a loader sent: on a Response, or in `data(..., { headers })`. */
function headersOf(raw: unknown): Headers {
  if (raw instanceof Response) return raw.headers;
  const init = (raw as { init?: { headers?: HeadersInit } }).init;
  return new Headers(init?.headers);
}

beforeAll(async () => {
  const d = db();
  const lmcA = await makeLmc(d, "Testshire LMC");
  const lmcB = await makeLmc(d, "Otherside LMC");
  ids.lmcA = lmcA.id;
  ids.lmcB = lmcB.id;
  const staff = await makeUser(d, { role: "bma_staff" });
  const gp = await makeUser(d);
  const secretary = await makeUser(d, { role: "lmc_secretary", lmcId: lmcA.id });
  people.staff = { id: staff.id, viewer: viewerOf(staff) };
  people.gp = { id: gp.id, viewer: viewerOf(gp) };
  people.secretary = { id: secretary.id, viewer: viewerOf(secretary) };

  // The whole register, before any figure is read (area totals are remembered per register version):
  // 20 practices in Greater Manchester (Testshire LMC), 12 in Lancashire and 5 in West Yorkshire (Otherside LMC).
  const layout = [
    ["QOP", 20, 8000, lmcA.id],
    ["QE1", 12, 6000, lmcB.id],
    ["QWO", 5, 5000, lmcB.id],
  ] as const;
  for (const [icbCode, count, listSize, lmcId] of layout) {
    for (let i = 0; i < count; i++) {
      const practice = await makePractice(d, { icbCode, listSize });
      await d.insertInto("practice_lmc_memberships").values({ practice_id: practice.id, lmc_id: lmcId, valid_from: "2022-07-01", valid_to: null }).execute();
      PRACTICE_IDS[icbCode].push(practice.id);
    }
  }

  // A carried resolution to mandate the campaigns.
  const conference = await makeConference(d);
  const motionId = await makeMotion(d, viewerOf(staff), conference.id, { number: "7", title: "Online access" });
  const part = await d.selectFrom("motion_parts").select("id").where("motion_id", "=", motionId).executeTakeFirstOrThrow();
  const vote = await recordPartVote(d, staff.id, { partId: part.id, method: "show_of_hands", majority: "simple", for: null, against: null, abstain: null, outcome: "carried", version: 0 });
  expect(vote.ok).toBe(true);
  const resolution = await d.selectFrom("resolutions").select("id").where("part_id", "=", part.id).executeTakeFirstOrThrow();

  const campaign = await createCampaign(d, staff.id, { title: "Safe working", summary: "Online access within safe limits.", resolutionIds: [resolution.id] });
  if (!campaign.ok) throw new Error(campaign.message);
  ids.campaign = campaign.id;
  const national = await saveOption(d, staff.id, campaign.id, null, {
    title: "Close online access at 6.30pm",
    description: "Close the online consultation tool when the practice closes.",
    riskNote: "",
    trigger: { percent: 50, scope: "national" },
    clauseIds: [],
  });
  const perIcb = await saveOption(d, staff.id, campaign.id, null, {
    title: "Limit contacts to 25 a day",
    description: "Cap contacts per clinician.",
    riskNote: "",
    trigger: { percent: 10, scope: "icb" },
    clauseIds: [],
  });
  if (!national.ok || !perIcb.ok) throw new Error("options");
  ids.national = national.id;
  ids.perIcb = perIcb.id;
  const opened = await changeCampaignStatus(d, staff.id, campaign.id, "open", 1, null);
  expect(opened.ok).toBe(true);

  const draft = await createCampaign(d, staff.id, { title: "Quokka draft campaign", summary: "Not yet public.", resolutionIds: [resolution.id] });
  if (!draft.ok) throw new Error(draft.message);
  ids.draft = draft.id;
  await saveOption(d, staff.id, draft.id, null, { title: "Quokka option", description: "Private.", riskNote: "", trigger: null, clauseIds: [] });

  const signUp = async (optionId: number, practiceId: number) => {
    const result = await changeSignUp(d, gp.id, { practiceId, optionId, status: "pledged", condition: null, expectedVersion: 0 });
    if (!result.ok) throw new Error(result.message);
  };
  // National option: 13 in Greater Manchester, 3 in Lancashire, 2 in West Yorkshire: 18 of 37, one short of 50%.
  for (const id of PRACTICE_IDS.QOP.slice(0, 13)) await signUp(ids.national, id);
  for (const id of PRACTICE_IDS.QE1.slice(0, 3)) await signUp(ids.national, id);
  for (const id of PRACTICE_IDS.QWO.slice(0, 2)) await signUp(ids.national, id);
  // Per-ICB option: 2 of 20 in Greater Manchester meets its 10% there.
  for (const id of PRACTICE_IDS.QOP.slice(0, 2)) await signUp(ids.perIcb, id);
});

async function dashboardFor(who: Who): Promise<CampaignDashboard> {
  const found = await campaignDashboard(db(), viewerOfWho(who), ids.campaign);
  expect(found).not.toBeNull();
  return found!;
}

const optionIn = (dashboard: CampaignDashboard, id: number) => dashboard.options.find((o) => o.id === id)!;
const icb = (option: OptionDashboard, code: string) => formatCellForPage(option.icbs.find((r) => r.areaCode === code)!.cell);
const lmc = (option: OptionDashboard, id: number) => formatCellForPage(option.lmcs.find((r) => r.areaCode === String(id))!.cell);

describe("what each viewer sees on the dashboard", () => {
  it("shows the public exact national figures, with the status breakdown", async () => {
    const option = optionIn(await dashboardFor("public"), ids.national);
    expect(formatCellForPage(option.national.cell)).toMatchObject({
      practicesSigned: "18",
      practicesTotal: "37",
      practicesSignedPercent: "48.6%",
      // 132,000 covered, to the nearest 10,000 for anyone without exact figures.
      patientsCovered: "130,000",
    });
    expect(option.national.byStatus).toEqual({ pledged: 18, pledged_if_triggered: 0, implementing: 0 });
  });

  it("suppresses the public's ICB, region and LMC figures: 1-7 hidden, others to the nearest 5", async () => {
    const dashboard = await dashboardFor("public");
    expect(dashboard.access).toEqual({ kind: "suppressed" });
    const option = optionIn(dashboard, ids.national);
    expect(icb(option, "QOP")).toMatchObject({ practicesSigned: "15", practicesTotal: "20", practicesSignedPercent: "75%", patientsCovered: "hidden" });
    expect(icb(option, "QE1")).toMatchObject({ practicesSigned: "1-7", practicesSignedPercent: "hidden", patientsCovered: "hidden" });
    // Five practices: the count is 1-7 and no percentage is given for so small an area.
    expect(icb(option, "QWO")).toMatchObject({ practicesSigned: "1-7", practicesTotal: "1-7", practicesSignedPercent: "hidden" });
    expect(formatCellForPage(option.regions.find((r) => r.areaCode === "Y62")!.cell)).toMatchObject({ practicesSigned: "15", practicesTotal: "30", practicesSignedPercent: "50%" });
    expect(lmc(option, ids.lmcA)).toMatchObject({ practicesSigned: "15" });
    expect(option.icbs.every((r) => r.byStatus === null)).toBe(true);
  });

  it("shows BMA staff exact figures everywhere", async () => {
    const dashboard = await dashboardFor("staff");
    expect(dashboard.access).toEqual({ kind: "exact" });
    const option = optionIn(dashboard, ids.national);
    expect(icb(option, "QOP")).toMatchObject({ practicesSigned: "13", practicesTotal: "20", practicesSignedPercent: "65%", patientsCovered: "104,000" });
    expect(icb(option, "QE1")).toMatchObject({ practicesSigned: "3", practicesSignedPercent: "25%" });
    expect(icb(option, "QWO")).toMatchObject({ practicesSigned: "2", practicesTotal: "5", practicesSignedPercent: "40%" });
    expect(lmc(option, ids.lmcB)).toMatchObject({ practicesSigned: "5", practicesTotal: "17" });
  });

  it("shows an LMC secretary their own LMC exactly, and nothing else below national level", async () => {
    const dashboard = await dashboardFor("secretary");
    expect(dashboard.access).toEqual({ kind: "lmc", lmcName: "Testshire LMC" });
    const option = optionIn(dashboard, ids.national);
    expect(lmc(option, ids.lmcA)).toMatchObject({ practicesSigned: "13", practicesSignedPercent: "65%" });
    expect(option.lmcs.find((r) => r.areaCode === String(ids.lmcA))!.byStatus).toEqual({ pledged: 13, pledged_if_triggered: 0, implementing: 0 });
    // The other LMC's 5 of 17 stays hidden from them, as from the public.
    expect(lmc(option, ids.lmcB)).toMatchObject({ practicesSigned: "1-7", practicesTotal: "15" });
    expect(option.lmcs.find((r) => r.areaCode === String(ids.lmcB))!.byStatus).toBeNull();
    // The ICB their LMC covers is still suppressed: an ICB can be shared with another LMC.
    expect(icb(option, "QOP")).toMatchObject({ practicesSigned: "15" });
  });

  it("treats a GP like the public", async () => {
    const option = optionIn(await dashboardFor("gp"), ids.national);
    expect(icb(option, "QOP").practicesSigned).toBe("15");
  });
});

describe("triggers, projections and the chart", () => {
  it("counts the practices a national trigger still needs", async () => {
    const option = optionIn(await dashboardFor("public"), ids.national);
    expect(option.trigger).toMatchObject({ kind: "national", thresholdPercent: 50, signed: 18, total: 37, needed: 19, liveSince: null });
    // Everything signed today: no 14-day rate to draw a line from yet.
    expect(option.trigger.kind === "national" && option.trigger.projection).toEqual({ kind: "never" });
    expect(option.series).toEqual([{ date: new Date().toISOString().slice(0, 10), signed: 18 }]);
  });

  it("shows where a per-ICB trigger went live, with each ICB's exact progress for staff only", async () => {
    const publicOption = optionIn(await dashboardFor("public"), ids.perIcb);
    expect(publicOption.trigger).toEqual({ kind: "icb", thresholdPercent: 10, liveIcbs: 1, icbsWithPractices: 3, icbs: null });
    expect(publicOption.live).toEqual({ national: false, icbCodes: ["QOP"] });
    const secretaryOption = optionIn(await dashboardFor("secretary"), ids.perIcb);
    expect(secretaryOption.trigger.kind === "icb" && secretaryOption.trigger.icbs).toBeNull();
    const staffOption = optionIn(await dashboardFor("staff"), ids.perIcb);
    const rows = staffOption.trigger.kind === "icb" ? staffOption.trigger.icbs! : [];
    expect(rows.find((r) => r.code === "QOP")).toMatchObject({ name: "Greater Manchester", signed: 2, total: 20, needed: 2, projection: null });
    expect(rows.find((r) => r.code === "QOP")!.liveSince).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(rows.find((r) => r.code === "QE1")).toMatchObject({ signed: 0, total: 12, needed: 2, liveSince: null, projection: { kind: "never" } });
  });
});

describe("drafts", () => {
  it("keeps a draft campaign's dashboard from everyone but staff", async () => {
    for (const who of ["public", "gp", "secretary"] as const) expect(await campaignDashboard(db(), viewerOfWho(who), ids.draft)).toBeNull();
    expect((await campaignDashboard(db(), viewerOfWho("staff"), ids.draft))?.campaign.title).toBe("Quokka draft campaign");
  });

  it("lists only open, active and paused campaigns on /participation, whoever asks", async () => {
    for (const who of ["public", "staff"] as const) {
      const all = await openCampaignsDashboard(db(), viewerOfWho(who));
      expect(all.campaigns.map((c) => c.campaign.title)).toEqual(["Safe working"]);
    }
  });

  it.each(["campaigns.$id_.participation[.]csv.ts", "campaigns.$id_.participation[.]json.ts"])("answers 404 for a draft's %s except to staff", async (file) => {
    for (const who of ["public", "gp", "secretary"] as const) expect((await call(file, who, "/x", { id: String(ids.draft) })).status).toBe(404);
    expect((await call(file, "staff", "/x", { id: String(ids.draft) })).status).toBe(200);
    expect((await call(file, "public", "/x", { id: "999999" })).status).toBe(404);
    expect((await call(file, "public", "/x", { id: "not-a-number" })).status).toBe(404);
  });
});

/** What the page shows for a figure, as the export should write it. */
function csvFromPage(text: string): string {
  if (text === "1-7" || text === "hidden") return "*";
  if (text === "n/a") return "";
  return text.replace(/,/g, "").replace(/%$/, "");
}

const CSV_FIELDS: [string, ParticipationField][] = [
  ["practices_signed", "practicesSigned"],
  ["practices_total", "practicesTotal"],
  ["percent", "practicesSignedPercent"],
  ["patients_covered", "patientsCovered"],
  ["personal_pledges", "personalPledges"],
];

describe("the exports say what the page says", () => {
  it.each(["public", "gp", "secretary", "staff"] as const)("CSV for %s: one row per option and area, suppressed as on the page", async (who) => {
    const answer = await call("campaigns.$id_.participation[.]csv.ts", who, `/campaigns/${ids.campaign}/participation.csv`, { id: String(ids.campaign) });
    expect(answer.status).toBe(200);
    const headers = headersOf(answer.raw);
    expect(headers.get("Cache-Control")).toBe("private, no-store");
    expect(headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(headers.get("Content-Disposition")).toMatch(/^attachment; filename="safe-working-participation-\d{4}-\d{2}-\d{2}\.csv"$/);
    const records = parse(answer.body, { columns: true }) as Record<string, string>[];
    expect(Object.keys(records[0]!)).toEqual(["option", "scope", "area_code", "area_name", "practices_signed", "practices_total", "percent", "patients_covered", "personal_pledges"]);

    const dashboard = await dashboardFor(who);
    const pageRows = dashboard.options.flatMap((o) => [o.national, ...o.regions, ...o.icbs, ...o.lmcs].map((r) => ({ option: o.title, row: r })));
    expect(records).toHaveLength(pageRows.length);
    for (const { option, row } of pageRows) {
      const record = records.find((r) => r.option === option && r.scope === row.scope && r.area_code === row.areaCode);
      expect(record, `${option} ${row.scope} ${row.areaName}`).toBeDefined();
      const page = formatCellForPage(row.cell);
      for (const [column, field] of CSV_FIELDS) expect(record![column], `${row.areaName} ${column}`).toBe(csvFromPage(page[field]));
    }
    const qop = records.find((r) => r.option === "Close online access at 6.30pm" && r.scope === "icb" && r.area_code === "QOP")!;
    expect(qop.practices_signed).toBe(who === "staff" ? "13" : "15");
    const lancashire = records.find((r) => r.option === "Close online access at 6.30pm" && r.scope === "icb" && r.area_code === "QE1")!;
    expect(lancashire.practices_signed).toBe(who === "staff" ? "3" : "*");
    expect(answer.body).not.toMatch(/quokka/i);
  });

  it.each(["public", "secretary", "staff"] as const)("JSON for %s: suppressed figures are null with suppressed: true", async (who) => {
    const answer = await call("campaigns.$id_.participation[.]json.ts", who, `/campaigns/${ids.campaign}/participation.json`, { id: String(ids.campaign) });
    expect(answer.status).toBe(200);
    expect(headersOf(answer.raw).get("Cache-Control")).toBe("private, no-store");
    const body = JSON.parse(answer.body) as { campaign: { title: string }; rows: Record<string, unknown>[] };
    expect(body.campaign.title).toBe("Safe working");
    const dashboard = await dashboardFor(who);
    for (const option of dashboard.options) {
      for (const row of [option.national, ...option.regions, ...option.icbs, ...option.lmcs]) {
        const record = body.rows.find((r) => r.option === option.title && r.scope === row.scope && r.area_code === row.areaCode)!;
        const page = formatCellForPage(row.cell);
        const hidden = CSV_FIELDS.filter(([, field]) => page[field] === "1-7" || page[field] === "hidden").map(([column]) => column);
        expect(record.suppressed, `${row.areaName}`).toBe(hidden.length > 0);
        expect(record.suppressed_fields).toEqual(hidden);
        for (const [column, field] of CSV_FIELDS) {
          const shown = csvFromPage(page[field]);
          expect(record[column], `${row.areaName} ${column}`).toBe(shown === "*" || shown === "" ? null : Number(shown));
        }
      }
    }
    const lancashire = body.rows.find((r) => r.option === "Close online access at 6.30pm" && r.scope === "icb" && r.area_code === "QE1")!;
    expect(lancashire).toMatchObject(who === "staff" ? { practices_signed: 3, suppressed: false } : { practices_signed: null, suppressed: true });
    const ownLmc = body.rows.find((r) => r.option === "Close online access at 6.30pm" && r.scope === "lmc" && r.area_code === String(ids.lmcA))!;
    expect(ownLmc.practices_signed).toBe(who === "public" ? 15 : 13);
  });

  it("covers every figure the suppression rule knows (nothing new slips past the export)", () => {
    expect(PARTICIPATION_FIELDS).toEqual(expect.arrayContaining(CSV_FIELDS.map(([, f]) => f)));
  });
});

describe("caching", () => {
  it("sends Cache-Control: private, no-store from /participation, for the public too", async () => {
    const answer = await call("participation.tsx", "public", "/participation");
    expect(answer.status).toBe(200);
    expect(headersOf(answer.raw).get("Cache-Control")).toBe("private, no-store");
    const mod = (await import("../../app/routes/participation")) as { headers: (args: unknown) => HeadersInit };
    expect(new Headers(mod.headers({})).get("Cache-Control")).toBe("private, no-store");
    expect(answer.body).toContain("Safe working");
    expect(answer.body).not.toMatch(/quokka/i);
  });

  const passesBy = (cache: ReturnType<typeof createPageCache>, urlPath: string, cookie?: string) => {
    const next = vi.fn();
    const res = { vary: vi.fn(), setHeader: vi.fn(), set: vi.fn() };
    cache({ method: "GET", path: urlPath, originalUrl: urlPath, headers: cookie ? { cookie } : {} } as never, res as never, next);
    return next.mock.calls.length === 1 && res.vary.mock.calls.length === 0 && res.setHeader.mock.calls.length === 0;
  };

  it.each(["/campaigns/1", "/campaigns/1.data", "/campaigns/1/options/1"])("never serves %s from the public page cache", (urlPath) => {
    expect(passesBy(createPageCache({ versions: () => "v", conferenceOfMotion: () => null }, { participationSeconds: 10 }), urlPath)).toBe(true);
  });

  it.each(["/participation", "/participation.data", "/campaigns/1/participation.csv", "/campaigns/1/participation.json"])(
    "serves %s from the page cache only to anonymous readers, and only when a period is set (ADR 015)",
    (urlPath) => {
      const versions = () => "v";
      expect(passesBy(createPageCache({ versions, conferenceOfMotion: () => null }), urlPath), "no period").toBe(true);
      expect(passesBy(createPageCache({ versions, conferenceOfMotion: () => null }, { participationSeconds: 10 }), urlPath, "lmc_session=abc"), "signed in").toBe(true);
      expect(passesBy(createPageCache({ versions, conferenceOfMotion: () => null }, { participationSeconds: 10 }), urlPath), "anonymous").toBe(false);
    },
  );

  it("past the period, serves the last render while one refresh runs off the request thread; a failed refresh renders inline next (ADR 017)", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      let refreshes = 0;
      let finish: (rendered: Rendered) => void = () => undefined;
      let fail: (error: Error) => void = () => undefined;
      let prepared = 0;
      const renderTimed = {
        prepare: () => void prepared++,
        render: (url: string, nonce: string) => {
          refreshes++;
          expect(url).toMatch(/\/participation$/);
          expect(nonce).toBe("n");
          return new Promise<Rendered>((resolve, reject) => ((finish = resolve), (fail = reject)));
        },
      };
      const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
      const cache = createPageCache({ versions: () => "v", conferenceOfMotion: () => null }, { participationSeconds: 10, renderTimed });
      let renders = 0;
      const visit = () => visitPageCache(cache, () => (renders++, "<p>figures 1</p>"));
      const settle = () => new Promise((r) => setTimeout(r, 20));
      expect((await visit()).how).toBe("miss");
      // Keeping a page it will refresh starts the render thread, ahead of the first refresh.
      expect(prepared).toBe(1);
      vi.setSystemTime(Date.now() + 11_000);
      // Two readers past the period: both get the last render, and one refresh is asked for.
      expect(await visit()).toEqual({ how: "stale", body: "<p>figures 1</p>" });
      expect(await visit()).toEqual({ how: "stale", body: "<p>figures 1</p>" });
      expect(refreshes).toBe(1);
      finish({ status: 200, headers: { "content-type": "text/html" }, body: Buffer.from("<p>figures 2</p>") });
      await settle();
      expect(await visit()).toEqual({ how: "hit", body: "<p>figures 2</p>" });
      expect(renders).toBe(1);

      // A refresh that fails drops the entry: the next reader's request renders inline.
      vi.setSystemTime(Date.now() + 11_000);
      expect((await visit()).how).toBe("stale");
      fail(new Error("the thread died"));
      await settle();
      expect((await visit()).how).toBe("miss");
      expect(renders).toBe(2);
      expect(errors).toHaveBeenCalledWith(expect.stringContaining("page_refresh_failed"));

      // Figures more than a period past their own are never served: that reader waits for a render.
      vi.setSystemTime(Date.now() + 21_000);
      expect((await visit()).how).toBe("miss");
      expect(renders).toBe(3);
      expect(refreshes).toBe(2);
      errors.mockRestore();
    } finally {
      vi.useRealTimers();
    }
  });

  it("keeps an anonymous dashboard for the period, then renders it again", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const cache = createPageCache({ versions: () => "v", conferenceOfMotion: () => null }, { participationSeconds: 10 });
      let renders = 0;
      const visit = async () => (await visitPageCache(cache, () => (renders++, "<p>figures</p>"))).how;
      expect(await visit()).toBe("miss");
      expect(await visit()).toBe("hit");
      vi.setSystemTime(Date.now() + 9_000);
      expect(await visit()).toBe("hit");
      vi.setSystemTime(Date.now() + 2_000);
      expect(await visit()).toBe("miss");
      expect(renders).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
