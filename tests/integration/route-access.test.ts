// The route x role matrix: every loader and action under app/routes, called as each role,
// answers with the status the permission model says. A new route file without a row here fails.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { createSession } from "../../app/models/sessions.server";
import { getDb } from "../../app/utils/db.server";
import { sessionStorage } from "../../app/utils/session.server";
import { DEMO_USERS, seedDemo } from "../../db/seed/demo";
import { makeConference, makeLmc, makeMotion, makeUser, viewerOf } from "../fixtures/factories";
import { databaseDigest } from "../support/http";
import { seedDemoCampaign } from "../../db/seed/demo-campaign";
import { seedDemoConference } from "../../db/seed/demo-conference";

/** "lmc_secretary" is the demo LMC's; "second_secretary" that of the second LMC in OBJECT_MATRIX. */
type Who = "public" | "gp" | "lead" | "lmc_secretary" | "bma_staff" | "admin" | "second_secretary";
const EVERYONE: Who[] = ["public", "gp", "lead", "lmc_secretary", "bma_staff", "admin"];
const WITH_SECOND_LMC: Who[] = [...EVERYONE, "second_secretary"];
const NOT_FOUND: Partial<Record<Who, number>> = { gp: 404, lead: 404, lmc_secretary: 404, bma_staff: 404, admin: 404 };
const SIGNED_IN: Who[] = ["gp", "lead", "lmc_secretary", "bma_staff", "admin"];

interface Row {
  file: string;
  params?: Record<string, string>;
  /** Who gets a 2xx from the loader; the public is sent to log in, others get 403. */
  loader?: { allowed: Who[]; publicStatus?: number; otherStatus?: number | Partial<Record<Who, number>> };
  /** Who gets past authorisation on an empty POST (a 400 for bad input, or a redirect). */
  action?: ActionExpectation;
  /**
   * Every intent the route's forms can post (read from its source and its components by
   * intentsIn), each posted alone as every role: what differs from `action` is written here.
   */
  intents?: Record<string, Partial<ActionExpectation>>;
}

interface ActionExpectation {
  allowed: Who[];
  allowedStatus: number[];
  otherStatus?: Partial<Record<Who, number>>;
}

const MATRIX: Row[] = [
  { file: "_index.tsx", loader: { allowed: EVERYONE } },
  { file: "healthz.ts", loader: { allowed: EVERYONE } },
  { file: "$.tsx", loader: { allowed: [], publicStatus: 404, otherStatus: 404 }, action: { allowed: [], allowedStatus: [] } },
  { file: "login.tsx", loader: { allowed: ["public"], otherStatus: 302 }, action: { allowed: EVERYONE, allowedStatus: [400] } },
  { file: "logout.tsx", loader: { allowed: [], publicStatus: 302, otherStatus: 302 }, action: { allowed: EVERYONE, allowedStatus: [302] } },
  { file: "account.tsx", loader: { allowed: SIGNED_IN }, action: { allowed: SIGNED_IN, allowedStatus: [400] }, intents: { "change-email": {}, notifications: { allowedStatus: [302] }, resend: {} } },
  // Accounts: anyone may register, ask for a password reset or open a link; what a link does is
  // in the link (tests/integration/accounts.test.ts). Signed-in people go from /register to their account.
  { file: "register.tsx", loader: { allowed: ["public"], otherStatus: 302 }, action: { allowed: EVERYONE, allowedStatus: [400] } },
  { file: "verify-email.tsx", loader: { allowed: EVERYONE }, action: { allowed: EVERYONE, allowedStatus: [400] }, intents: { confirm: {}, resend: { allowed: SIGNED_IN, allowedStatus: [302] } } },
  { file: "forgot-password.tsx", loader: { allowed: EVERYONE }, action: { allowed: EVERYONE, allowedStatus: [400] } },
  { file: "reset-password.tsx", loader: { allowed: EVERYONE }, action: { allowed: EVERYONE, allowedStatus: [400] } },
  // Membership requests: everyone signed in sees their own; what they may do there depends on the intent.
  { file: "account_.practices.tsx", loader: { allowed: SIGNED_IN }, action: { allowed: SIGNED_IN, allowedStatus: [400] }, intents: { request: { allowed: ["gp", "lead"] }, withdraw: {} } },
  // A practice's members and requests: its signatories and staff decide; to anyone else it does not exist.
  {
    file: "practices.$odsCode_.members.tsx",
    params: { odsCode: "$leadPractice" },
    loader: { allowed: ["lead", "bma_staff"], otherStatus: 404 },
    action: { allowed: ["lead", "bma_staff"], allowedStatus: [400], otherStatus: { gp: 404, lmc_secretary: 404, admin: 404 } },
    intents: { approve: {}, "grant-signatory": {}, refuse: {}, "remove-signatory": {} },
  },
  { file: "admin.outbox.tsx", loader: { allowed: ["bma_staff", "admin"] } },
  // Erasure and retention (ADR 014): anyone signed in deletes their own account; administrators set the period.
  { file: "account_.delete.tsx", loader: { allowed: SIGNED_IN }, action: { allowed: SIGNED_IN, allowedStatus: [400] } },
  { file: "admin.privacy.tsx", loader: { allowed: ["admin"] }, action: { allowed: ["admin"], allowedStatus: [302] } },
  { file: "practices._index.tsx", loader: { allowed: ["bma_staff", "admin"] } },
  { file: "practices.$odsCode.tsx", params: { odsCode: "Z00001" }, loader: { allowed: ["bma_staff", "admin"] } },
  { file: "admin.users._index.tsx", loader: { allowed: ["admin"] } },
  { file: "admin.users.new.tsx", loader: { allowed: ["admin"] }, action: { allowed: ["admin"], allowedStatus: [400] } },
  { file: "admin.users.$userId.tsx", params: { userId: "1" }, loader: { allowed: ["admin"] }, action: { allowed: ["admin"], allowedStatus: [400] }, intents: { "add-membership": {}, disable: {}, enable: {}, "remove-membership": {}, "revoke-sessions": { allowedStatus: [302] }, update: {} } },
  { file: "admin.imports._index.tsx", loader: { allowed: ["admin"] } },
  { file: "admin.imports.practices.tsx", loader: { allowed: ["admin"] }, action: { allowed: ["admin"], allowedStatus: [302, 400] }, intents: { apply: {}, discard: {}, preview: {} } },
  { file: "admin.imports.lmc-areas[.]csv.ts", loader: { allowed: ["admin"] } },
  { file: "admin.imports.lmc-areas.tsx", loader: { allowed: ["admin"] }, action: { allowed: ["admin"], allowedStatus: [302, 400] }, intents: { apply: {}, discard: {}, preview: {} } },
  { file: "admin.audit.tsx", loader: { allowed: ["bma_staff", "admin"] } },
  { file: "conferences._index.tsx", loader: { allowed: EVERYONE }, action: { allowed: ["bma_staff", "lmc_secretary"], allowedStatus: [400] } },
  { file: "conferences.$id.tsx", params: { id: "1" }, loader: { allowed: EVERYONE } },
  { file: "conferences.$id_.motions[.]csv.ts", params: { id: "1" }, loader: { allowed: EVERYONE } },
  { file: "conferences.$id_.motions[.]json.ts", params: { id: "1" }, loader: { allowed: EVERYONE } },
  { file: "conferences.$id_.edit.tsx", params: { id: "1" }, loader: { allowed: ["bma_staff"] }, action: { allowed: ["bma_staff"], allowedStatus: [400] }, intents: { "add-section": {}, "rename-section": {}, "section-down": {}, "section-up": {} } },
  { file: "conferences.$id_.import.tsx", params: { id: "1" }, loader: { allowed: ["bma_staff"] }, action: { allowed: ["bma_staff"], allowedStatus: [400] }, intents: { apply: {}, preview: {} } },
  { file: "conferences.$id_.import-csv.tsx", params: { id: "1" }, loader: { allowed: ["bma_staff"] }, action: { allowed: ["bma_staff"], allowedStatus: [400] } },
  // The agenda committee's queue of submissions: those who run the conference.
  { file: "conferences.$id_.review.tsx", params: { id: "1" }, loader: { allowed: ["bma_staff"] }, action: { allowed: ["bma_staff"], allowedStatus: [400] }, intents: { accept: {}, merge: {}, reject: {} } },
  // The demo conference's submission deadline has passed, so only staff may add motions.
  { file: "conferences.$id_.motions.new.tsx", params: { id: "1" }, loader: { allowed: ["bma_staff"] }, action: { allowed: ["bma_staff"], allowedStatus: [400] }, intents: { save: {}, submit: {} } },
  { file: "motions.$id.tsx", params: { id: "1" }, loader: { allowed: EVERYONE }, action: { allowed: [], allowedStatus: [] }, intents: { accept: {}, submit: {} } },
  { file: "motions.$id_.edit.tsx", params: { id: "1" }, loader: { allowed: ["bma_staff"] }, action: { allowed: ["bma_staff"], allowedStatus: [400] }, intents: { save: {}, submit: {} } },
  { file: "motions.$id_.votes.tsx", params: { id: "1" }, loader: { allowed: ["bma_staff"] }, action: { allowed: ["bma_staff"], allowedStatus: [400] } },
  { file: "clauses._index.tsx", loader: { allowed: EVERYONE }, action: { allowed: ["bma_staff"], allowedStatus: [400] } },
  { file: "clauses.$id.tsx", params: { id: "1" }, loader: { allowed: EVERYONE } },
  { file: "resolutions._index.tsx", loader: { allowed: EVERYONE } },
  { file: "resolutions[.]csv.ts", loader: { allowed: EVERYONE } },
  { file: "resolutions.$id.tsx", params: { id: "1" }, loader: { allowed: EVERYONE }, action: { allowed: ["bma_staff"], allowedStatus: [400] }, intents: { follow: { allowed: SIGNED_IN, allowedStatus: [302] }, unfollow: { allowed: SIGNED_IN, allowedStatus: [302] } } },
  // Participation figures: public, suppressed as each role requires (tests/integration/participation-view.test.ts).
  { file: "participation.tsx", loader: { allowed: EVERYONE } },
  { file: "campaigns.$id_.participation[.]csv.ts", params: { id: "1" }, loader: { allowed: EVERYONE } },
  { file: "campaigns.$id_.participation[.]json.ts", params: { id: "1" }, loader: { allowed: EVERYONE } },
  // Campaigns are public; staff run them. Anyone may post to an option page: what happens
  // depends on the intent (sign-up: a signatory of the practice; pledge: a GP; edit: staff).
  { file: "campaigns._index.tsx", loader: { allowed: EVERYONE }, action: { allowed: ["bma_staff"], allowedStatus: [400] } },
  { file: "campaigns.$id.tsx", params: { id: "1" }, loader: { allowed: EVERYONE }, action: { allowed: ["bma_staff"], allowedStatus: [400] }, intents: { note: {}, status: {}, option: {} } },
  { file: "campaigns.$id_.options.$optionId.tsx", params: { id: "1", optionId: "1" }, loader: { allowed: EVERYONE }, action: { allowed: EVERYONE, allowedStatus: [400] }, intents: {
      option: { allowed: ["bma_staff"] },
      signup: { allowed: ["gp", "lead"] },
      support: { allowed: ["gp", "lead"], allowedStatus: [302] },
      withdraw: { allowed: ["gp", "lead"], allowedStatus: [302] },
    } },
  { file: "campaigns.$id_.signed-practices[.]csv.ts", params: { id: "1" }, loader: { allowed: ["bma_staff"] } },
  // A practice's sign-ups and notices: its members and staff; to anyone else it does not exist.
  {
    file: "practices.$odsCode_.sign-ups.tsx",
    params: { odsCode: "$leadPractice" },
    loader: { allowed: ["gp", "lead", "bma_staff"], otherStatus: 404 },
    action: { allowed: ["lead"], allowedStatus: [400], otherStatus: { lmc_secretary: 404, admin: 404 } },
  },
  { file: "notices.tsx", loader: { allowed: ["bma_staff"] } },
];

/**
 * Object-level cases: the routes that act on one LMC's records, called on the second LMC's
 * (placeholders filled in beforeAll). The demo's lmc_secretary is another LMC's secretary here.
 */
const OBJECT_MATRIX: Row[] = [
  // The second LMC's meeting, being planned: its secretary runs it; to anyone else it does not exist.
  { file: "conferences.$id.tsx", params: { id: "$secondMeeting" }, loader: { allowed: ["second_secretary"], publicStatus: 404, otherStatus: 404 } },
  { file: "conferences.$id_.motions[.]csv.ts", params: { id: "$secondMeeting" }, loader: { allowed: ["second_secretary"], publicStatus: 404, otherStatus: 404 } },
  ...(["conferences.$id_.edit.tsx", "conferences.$id_.import.tsx", "conferences.$id_.motions.new.tsx"] as const).map((file) => ({
    file,
    params: { id: "$secondMeeting" },
    loader: { allowed: ["second_secretary"] as Who[], otherStatus: 404 },
    action: { allowed: ["second_secretary"] as Who[], allowedStatus: [400], otherStatus: NOT_FOUND },
    intents: Object.fromEntries(intentsOf(file).map((intent) => [intent, {}])),
  })),
  // A national conference being planned, open for motions: staff run it, secretaries draft for it.
  {
    file: "conferences.$id_.motions.new.tsx",
    params: { id: "$national" },
    loader: { allowed: ["lmc_secretary", "bma_staff", "second_secretary"], otherStatus: 404 },
    action: { allowed: ["lmc_secretary", "bma_staff", "second_secretary"], allowedStatus: [400], otherStatus: { gp: 404, lead: 404, admin: 404 } },
    intents: { save: {}, submit: {} },
  },
  {
    file: "conferences.$id_.review.tsx",
    params: { id: "$national" },
    loader: { allowed: ["bma_staff"], otherStatus: { gp: 404, lead: 404, admin: 404 } },
    action: { allowed: ["bma_staff"], allowedStatus: [400], otherStatus: { gp: 404, lead: 404, admin: 404 } },
    intents: { accept: {}, merge: {}, reject: {} },
  },
  // The second LMC's draft there: it stays with that LMC until submitted.
  {
    file: "motions.$id.tsx",
    params: { id: "$secondDraft" },
    loader: { allowed: ["second_secretary"], publicStatus: 404, otherStatus: 404 },
    action: { allowed: [], allowedStatus: [], otherStatus: { ...NOT_FOUND, second_secretary: 403 } },
    // Submitting needs nothing more than the button.
    intents: { accept: {}, submit: { allowed: ["second_secretary"], allowedStatus: [302] } },
  },
  {
    file: "motions.$id_.edit.tsx",
    params: { id: "$secondDraftToEdit" },
    loader: { allowed: ["second_secretary"], otherStatus: 404 },
    action: { allowed: ["second_secretary"], allowedStatus: [400], otherStatus: NOT_FOUND },
    intents: { save: {}, submit: {} },
  },
  // Its submission: the agenda committee (staff) sees and decides it; other LMCs never see it.
  {
    file: "motions.$id.tsx",
    params: { id: "$secondSubmitted" },
    loader: { allowed: ["bma_staff", "second_secretary"], publicStatus: 404, otherStatus: 404 },
    action: { allowed: [], allowedStatus: [], otherStatus: { ...NOT_FOUND, bma_staff: 403, second_secretary: 403 } },
    // Accepting needs nothing more than the button; staff accept it, and it is on the agenda of
    // a conference still being planned (seen by staff and secretaries) for the submit that follows.
    intents: { accept: { allowed: ["bma_staff"], allowedStatus: [302] }, submit: { otherStatus: { gp: 404, lead: 404, admin: 404 } } },
  },
  {
    file: "motions.$id_.edit.tsx",
    params: { id: "$secondSubmittedToEdit" },
    loader: { allowed: ["bma_staff", "second_secretary"], otherStatus: 404 },
    action: { allowed: ["bma_staff", "second_secretary"], allowedStatus: [400], otherStatus: NOT_FOUND },
    intents: { save: {}, submit: {} },
  },
  // Votes are taken only on the agenda: those who run the conference are told so (409).
  {
    file: "motions.$id_.votes.tsx",
    params: { id: "$secondSubmittedToVote" },
    loader: { allowed: [], otherStatus: { ...NOT_FOUND, bma_staff: 409 } },
    action: { allowed: [], allowedStatus: [], otherStatus: { ...NOT_FOUND, bma_staff: 409 } },
  },
  {
    file: "motions.$id_.votes.tsx",
    params: { id: "$secondMeetingDraftToVote" },
    loader: { allowed: [], otherStatus: { ...NOT_FOUND, second_secretary: 409 } },
    action: { allowed: [], allowedStatus: [], otherStatus: { ...NOT_FOUND, second_secretary: 409 } },
  },
];

const userIds = new Map<Who, number>();

beforeAll(async () => {
  const db = getDb();
  await seedDemo(db);
  await seedDemoConference(db, null);
  const staff = await db.selectFrom("users").select("id").where("email", "=", DEMO_USERS.find((u) => u.role === "bma_staff")!.email).executeTakeFirstOrThrow();
  await seedDemoCampaign(db, staff.id);
  const emailFor: Record<Exclude<Who, "public" | "second_secretary">, string> = {
    gp: "gp@", lead: "lead@", lmc_secretary: "secretary@", bma_staff: "staff@", admin: "admin@",
  };
  for (const [who, prefix] of Object.entries(emailFor) as [Exclude<Who, "public" | "second_secretary">, string][]) {
    const user = await db.selectFrom("users").select("id").where("email", "=", DEMO_USERS.find((u) => u.email.startsWith(prefix))!.email).executeTakeFirstOrThrow();
    userIds.set(who, user.id);
  }
  const lead = await db
    .selectFrom("practice_memberships")
    .innerJoin("practices", "practices.id", "practice_memberships.practice_id")
    .select("practices.ods_code")
    .where("practice_memberships.user_id", "=", userIds.get("lead")!)
    .executeTakeFirstOrThrow();
  placeholders.set("$leadPractice", lead.ods_code);

  // A second LMC with its own secretary, a meeting it is still planning, a draft and a
  // submission at a national conference being planned and open for motions, and a draft at its meeting: records
  // that belong to someone, so "may this user do this to this record" is asked of more than id 1.
  const second = await makeLmc(db, "Second Vale LMC");
  const secondSecretary = await makeUser(db, { role: "lmc_secretary", lmcId: second.id });
  userIds.set("second_secretary", secondSecretary.id);
  const own = { proposer: second.name, proposerLmcId: second.id };
  const national = (await makeConference(db, { status: "planning", submissionDeadline: "2099-01-01" })).id;
  const meeting = (await makeConference(db, { lmcId: second.id, status: "planning" })).id;
  const viewer = viewerOf(secondSecretary);
  placeholders.set("$national", String(national));
  placeholders.set("$secondMeeting", String(meeting));
  // One record per row: an intent allowed to act (submitting, accepting) changes its record.
  for (const [name, conference, state] of [
    ["$secondDraft", national, "draft"],
    ["$secondDraftToEdit", national, "draft"],
    ["$secondSubmitted", national, "submitted"],
    ["$secondSubmittedToEdit", national, "submitted"],
    ["$secondSubmittedToVote", national, "submitted"],
    ["$secondMeetingDraft", meeting, "draft"],
    ["$secondMeetingDraftToVote", meeting, "draft"],
  ] as const) {
    placeholders.set(name, String(await makeMotion(db, viewer, conference, { ...own, state })));
  }
});

/** Every route file Remix serves, read from app/routes.ts as the build reads it. */
async function routeFiles(): Promise<string[]> {
  (globalThis as { __remixAppDirectory?: string }).__remixAppDirectory = path.resolve("app");
  const config = await (await import("../../app/routes")).default;
  const files: string[] = [];
  const walk = (entries: { file: string; children?: unknown[] }[]) => {
    for (const entry of entries) {
      files.push(entry.file);
      if (entry.children) walk(entry.children as { file: string; children?: unknown[] }[]);
    }
  };
  walk(config as { file: string; children?: unknown[] }[]);
  return files;
}

/**
 * The intents a route's forms can post: buttons and hidden fields named "intent", the values its
 * action compares `intent` with, and intent enums in its schemas, in the route file and in the
 * components it imports. A new intent anywhere there needs a line in the matrix.
 */
function intentsOf(file: string): string[] {
  const text = fs.readFileSync(path.resolve("app/routes", file), "utf8");
  const components = [...text.matchAll(/from "\.\.\/components\/([a-z-]+)"/g)]
    .map((m) => path.resolve("app/components", `${m[1]!}.tsx`))
    .filter((p) => fs.existsSync(p))
    .map((p) => fs.readFileSync(p, "utf8"));
  const found = new Set<string>();
  const literals = (s: string) => [...s.matchAll(/"([a-z][a-z-]*)"/g)].map((m) => m[1]!);
  for (const source of [text, ...components]) {
    for (const m of source.matchAll(/name="intent"\s+value="([a-z-]+)"/g)) found.add(m[1]!);
    for (const m of source.matchAll(/name="intent"\s+value=\{([^}]*)\}/g)) literals(m[1]!).forEach((x) => found.add(x));
    for (const m of source.matchAll(/\bintent\s*===\s*"([a-z-]+)"/g)) {
      // `typeof form.intent === "string"` checks a type, not an intent.
      if (!/typeof [\w.]*$/.test(source.slice(Math.max(0, m.index - 30), m.index))) found.add(m[1]!);
    }
    for (const m of source.matchAll(/\bintent:\s*z\.enum\(\[([^\]]*)\]\)/g)) literals(m[1]!).forEach((x) => found.add(x));
    for (const m of source.matchAll(/\bintent:\s*z\.literal\("([a-z-]+)"\)/g)) found.add(m[1]!);
    // The keys of an action's table of intent handlers: `const INTENTS = { update: updateUser, "add-membership": addMembership }`.
    for (const m of source.matchAll(/\bconst INTENTS = \{([^}]*)\}/g)) {
      for (const k of m[1]!.matchAll(/(?:"([a-z][a-z-]*)"|\b([a-z]\w*))\s*:/g)) found.add((k[1] ?? k[2])!);
    }
  }
  return [...found].sort();
}

/** Record ids only known once the demo data is in. */
const placeholders = new Map<string, string>();

/** Where the last redirect seen by statusOf pointed. */
let lastLocation: string | null = null;

/** The HTTP status a loader or action answers with, whether it returns or throws. */
async function statusOf(run: () => Promise<unknown>): Promise<number> {
  lastLocation = null;
  const read = (value: unknown) => {
    if (value instanceof Response) {
      lastLocation = value.headers.get("location");
      return value.status;
    }
    if (value && typeof value === "object" && "type" in value && value.type === "DataWithResponseInit") {
      return (value as { init?: { status?: number } }).init?.status ?? 200;
    }
    return undefined;
  };
  try {
    return read(await run()) ?? 200;
  } catch (error) {
    const status = read(error);
    if (status === undefined) throw error;
    return status;
  }
}

/** A request from `who` with a fresh session of their own (logout revokes the one it is given). */
async function request(who: Who, url: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  const userId = userIds.get(who);
  if (userId !== undefined) {
    const session = await sessionStorage().getSession();
    session.set("sessionId", await createSession(getDb(), userId));
    headers.set("Cookie", (await sessionStorage().commitSession(session)).split(";")[0]!);
  }
  return new Request(`http://localhost${url}`, { ...init, headers });
}

describe("route x role matrix", () => {
  it("logs every denial as one JSON line", async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(console, "warn").mockImplementation((line: string) => void lines.push(line));
    process.env.LOG_DENIALS = "1";
    try {
      const mod = await import("../../app/routes/admin.users._index");
      const req = await request("gp", "/admin/users");
      expect(await statusOf(() => mod.loader({ request: req, params: {}, context: { cspNonce: "" } }))).toBe(403);
    } finally {
      process.env.LOG_DENIALS = "0";
      spy.mockRestore();
    }
    expect(JSON.parse(lines[0]!)).toMatchObject({ event: "access_denied", path: "/admin/users", role: "gp", reason: "cannot manage-users" });
  });

  it("has a row for every route in the manifest (folder routes and .js files included)", async () => {
    const files = (await routeFiles()).map((f) => path.relative("routes", f));
    expect(files.sort()).toEqual(MATRIX.map((r) => r.file).sort());
  });

  it("names every intent each action's forms can post", () => {
    const declared = Object.fromEntries(MATRIX.filter((r) => r.action).map((r) => [r.file, Object.keys(r.intents ?? {}).sort()]));
    const found = Object.fromEntries(MATRIX.filter((r) => r.action).map((r) => [r.file, intentsOf(r.file)]));
    expect(declared).toEqual(found);
  });

  for (const row of MATRIX) rowTests(row);
  for (const row of OBJECT_MATRIX) rowTests(row, `second LMC's ${Object.values(row.params ?? {}).join(" ")}: `, WITH_SECOND_LMC);
});

/** A row's tests: its loader and an empty post as every role, then each of its intents posted alone. */
function rowTests(row: Row, label = "", people: Who[] = EVERYONE) {
  for (const who of people) {
    it(`${label}${row.file} as ${who}`, async () => {
      const mod = (await import(/* @vite-ignore */ path.resolve("app/routes", row.file))) as {
        loader?: (args: unknown) => Promise<unknown>;
        action?: (args: unknown) => Promise<unknown>;
      };
      const params = Object.fromEntries(Object.entries(row.params ?? {}).map(([k, v]) => [k, placeholders.get(v) ?? v]));
      const args = (req: Request) => ({ request: req, params, context: { cspNonce: "" } });
      if (row.loader) {
        expect(mod.loader, "loader").toBeTypeOf("function");
        const expected = row.loader.allowed.includes(who)
          ? 200
          : who === "public"
            ? (row.loader.publicStatus ?? 302)
            : typeof row.loader.otherStatus === "number"
              ? row.loader.otherStatus
              : (row.loader.otherStatus?.[who] ?? 403);
        const req = await request(who, "/x");
        const loaded = await statusOf(() => mod.loader!(args(req)));
        expect(loaded).toBe(expected);
        // A signed-in user sent to log in was not let in: never count that as success.
        if (who !== "public") expect(lastLocation ?? "", "redirected a signed-in user to log in").not.toMatch(/^\/login/);
      }
      if (mod.action) {
        expect(row.action, "every action needs a row").toBeDefined();
        const req = await request(who, "/x", { method: "POST", body: new URLSearchParams({ intent: "nothing" }) });
        const status = await statusOf(() => mod.action!(args(req)));
        if (who !== "public") expect(lastLocation ?? "", "redirected a signed-in user to log in").not.toMatch(/^\/login/);
        if (row.action!.allowed.includes(who)) expect(row.action!.allowedStatus).toContain(status);
        else expect(status).toBe(row.file === "$.tsx" ? 404 : who === "public" ? 302 : (row.action!.otherStatus?.[who] ?? 403));
      }
    });
  }
  for (const [intent, override] of Object.entries(row.intents ?? {})) {
    const expectation = { ...row.action!, ...override };
    for (const who of people) {
      it(`${label}${row.file} intent=${intent} as ${who}`, async () => {
        const mod = (await import(/* @vite-ignore */ path.resolve("app/routes", row.file))) as { action: (args: unknown) => Promise<unknown> };
        const params = Object.fromEntries(Object.entries(row.params ?? {}).map(([k, v]) => [k, placeholders.get(v) ?? v]));
        const req = await request(who, "/x", { method: "POST", body: new URLSearchParams({ intent }) });
        const allowed = expectation.allowed.includes(who);
        const before = allowed ? null : await databaseDigest(process.env.DATABASE_URL!, ["sessions"]);
        const status = await statusOf(() => mod.action({ request: req, params, context: { cspNonce: "" } }));
        if (who !== "public") expect(lastLocation ?? "", "redirected a signed-in user to log in").not.toMatch(/^\/login/);
        if (allowed) {
          expect(expectation.allowedStatus).toContain(status);
        } else {
          expect(status).toBe(who === "public" ? 302 : (expectation.otherStatus?.[who] ?? 403));
          // Refused means nothing written, whatever the intent.
          expect(await databaseDigest(process.env.DATABASE_URL!, ["sessions"])).toBe(before);
        }
      });
    }
  }
}
