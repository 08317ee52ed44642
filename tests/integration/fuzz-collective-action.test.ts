// Hostile input against every form action of the collective-action half, posted as the person who
// gets furthest into each (a practice lead, a GP, BMA staff): random, oversized, wrong-typed and
// unicode-tricky values. Every refusal is a 4xx that says why and leaves every table byte for
// byte as it was; nothing is ever a server error.
import path from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../../app/models/sessions.server";
import { getDb } from "../../app/utils/db.server";
import { sessionStorage } from "../../app/utils/session.server";
import { seedDemoCampaign } from "../../db/seed/demo-campaign";
import { seedDemo } from "../../db/seed/demo";
import { seedDemoConference } from "../../db/seed/demo-conference";
import { databaseDigest } from "../support/http";
import { answerOf } from "../fixtures/requests";

type Who = "lead" | "gp" | "bma_staff";
const ids = {} as Record<Who, number>;
const cookies = {} as Record<Who, string>;
let leadPractice = "";

beforeAll(async () => {
  const db = getDb();
  await seedDemo(db);
  await seedDemoConference(db, null);
  const staff = await db.selectFrom("users").select("id").where("email", "=", "staff@lmc-tracker.example").executeTakeFirstOrThrow();
  await seedDemoCampaign(db, staff.id);
  for (const [who, email] of [["lead", "lead@"], ["gp", "gp@"], ["bma_staff", "staff@"]] as const) {
    ids[who] = (await db.selectFrom("users").select("id").where("email", "=", `${email}lmc-tracker.example`).executeTakeFirstOrThrow()).id;
    const session = await sessionStorage().getSession();
    session.set("sessionId", await createSession(db, ids[who]));
    cookies[who] = (await sessionStorage().commitSession(session)).split(";")[0]!;
  }
  leadPractice = (
    await db
      .selectFrom("practice_memberships")
      .innerJoin("practices", "practices.id", "practice_memberships.practice_id")
      .select("practices.ods_code")
      .where("practice_memberships.user_id", "=", ids.lead)
      .executeTakeFirstOrThrow()
  ).ods_code;
});

const TRICKY = [
  "\u202Eevil\u202C", // right-to-left override
  "a\u200Bb", // zero-width space
  "e\u0301\u0301\u0301", // stacked combining marks
  "😀".repeat(300),
  "\uFEFF10",
  "１０", // full-width digits
  "٣", // Arabic-Indic digit
  " 10 ",
  "10.005",
  "100.01",
  "0",
  "-5",
  "1e3",
  "0x1",
  "NaN",
  "Infinity",
  "9".repeat(40),
  "x".repeat(5_000),
  "<script>alert(1)</script>",
  "'; drop table practice_signups; --",
  "=HYPERLINK(\"http://x\")",
  "2026-02-30",
  "2026-11-25",
];

const value = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: "grapheme", maxLength: 20 }), fc.constantFrom(...TRICKY), fc.integer().map(String));

const FORMS: { who: Who; file: string; params: () => Record<string, string>; fields: Record<string, fc.Arbitrary<string>> }[] = [
  {
    who: "lead",
    file: "campaigns.$id_.options.$optionId.tsx",
    params: () => ({ id: "1", optionId: "3" }),
    fields: {
      intent: fc.constantFrom("signup", "support", "withdraw", "option", "nothing"),
      practice: fc.oneof(fc.constant(leadPractice), fc.constant("Z00599"), value),
      status: fc.oneof(fc.constantFrom("pledged", "pledged_if_triggered", "implementing", "withdrawn"), value),
      conditionScope: fc.oneof(fc.constantFrom("none", "icb", "national"), value),
      conditionPercent: value,
      version: fc.oneof(fc.constantFrom("0", "1", "2"), value),
    },
  },
  {
    who: "gp",
    file: "campaigns.$id_.options.$optionId.tsx",
    params: () => ({ id: "1", optionId: "1" }),
    fields: { intent: fc.oneof(fc.constantFrom("support", "withdraw", "signup"), value), practice: value, status: value, version: value },
  },
  {
    who: "bma_staff",
    file: "campaigns.$id_.options.$optionId.tsx",
    params: () => ({ id: "1", optionId: "2" }),
    fields: {
      intent: fc.constant("option"),
      title: value,
      description: value,
      riskNote: value,
      triggerPercent: value,
      triggerScope: fc.oneof(fc.constantFrom("none", "national", "icb"), value),
      clauseIds: fc.oneof(fc.constantFrom("1", "999999"), value),
    },
  },
  {
    who: "bma_staff",
    file: "campaigns.$id.tsx",
    params: () => ({ id: "1" }),
    fields: {
      intent: fc.oneof(fc.constantFrom("status", "note", "option"), value),
      status: fc.oneof(fc.constantFrom("draft", "open", "active", "paused", "closed"), value),
      version: fc.oneof(fc.constantFrom("0", "1", "2"), value),
      note: value,
      text: value,
      title: value,
      description: value,
      triggerPercent: value,
      triggerScope: value,
    },
  },
  {
    who: "bma_staff",
    file: "campaigns._index.tsx",
    params: () => ({}),
    fields: { title: value, summary: value, resolutionIds: fc.oneof(fc.constantFrom("1", "2", "99999"), value) },
  },
  {
    who: "lead",
    file: "practices.$odsCode_.sign-ups.tsx",
    params: () => ({ odsCode: leadPractice }),
    fields: {
      optionId: fc.oneof(fc.constantFrom("1", "2", "3", "999"), value),
      type: fc.oneof(fc.constantFrom("breach_notice", "sanction", "informal_contact"), value),
      receivedOn: fc.oneof(fc.constantFrom("2026-11-01", "2026-02-30"), value),
      note: value,
    },
  },
];

describe("hostile input to the collective-action forms", () => {
  for (const form of FORMS) {
    it(`${form.file} as ${form.who}: a 4xx with a message and nothing written, or a real change; never a 500`, async () => {
      const mod = (await import(/* @vite-ignore */ path.resolve("app/routes", form.file))) as { action: (args: unknown) => Promise<unknown> };
      const arbitrary = fc.record(form.fields, { requiredKeys: [] });
      await fc.assert(
        fc.asyncProperty(arbitrary, async (fields) => {
          const before = await databaseDigest(process.env.DATABASE_URL!);
          const request = new Request("http://localhost/x", { method: "POST", headers: { Cookie: cookies[form.who] }, body: new URLSearchParams(fields as Record<string, string>) });
          const answer = await answerOf(() => mod.action({ request, params: form.params(), context: { cspNonce: "" } }));
          expect(answer.status).toBeLessThan(500);
          if (answer.status >= 400) {
            expect(await databaseDigest(process.env.DATABASE_URL!), `${answer.status} wrote something`).toBe(before);
            // Every refusal says something a person can read.
            expect(answer.body).toMatch(/[A-Z]{3}/i);
          }
        }),
        { numRuns: 120 },
      );
    });
  }
});
