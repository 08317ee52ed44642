// Property test: random form posts to every action, as an administrator and as BMA staff (who get furthest),
// never produce a server error and never half-write: each answer is a 2xx, 3xx or 4xx.
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../../app/models/sessions.server";
import { getDb } from "../../app/utils/db.server";
import { sessionStorage } from "../../app/utils/session.server";
import { seedDemo } from "../../db/seed/demo";
import { seedDemoConference } from "../../db/seed/demo-conference";
import { makeMotion } from "../fixtures/factories";

const actors: Record<"admin" | "bma_staff", number> = { admin: 0, bma_staff: 0 };
const SUBMISSION_IDS = ["17", "18", "19", "20"];

beforeAll(async () => {
  const db = getDb();
  await seedDemo(db);
  await seedDemoConference(db, null);
  for (const role of ["admin", "bma_staff"] as const) {
    actors[role] = (await db.selectFrom("users").select("id").where("role", "=", role).executeTakeFirstOrThrow()).id;
  }
  // Submissions waiting in the demo conference's review queue, so accepting, rejecting and merging get somewhere.
  const lmc = await db.selectFrom("lmcs").select(["id", "name"]).orderBy("id").executeTakeFirstOrThrow();
  for (const id of SUBMISSION_IDS) {
    const made = await makeMotion(db, null, 1, { number: `draft-fuzz${id}`, state: "submitted", proposer: lmc.name, proposerLmcId: lmc.id, title: `Fuzzed submission ${id}` });
    expect(String(made)).toBe(id);
  }
});

async function cookieFor(role: keyof typeof actors) {
  const session = await sessionStorage().getSession();
  session.set("sessionId", await createSession(getDb(), actors[role]));
  return (await sessionStorage().commitSession(session)).split(";")[0]!;
}

function statusOf(value: unknown): number | undefined {
  if (value instanceof Response) return value.status;
  if (value && typeof value === "object" && "type" in value && value.type === "DataWithResponseInit") {
    return (value as { init?: { status?: number } }).init?.status ?? 200;
  }
  return undefined;
}

const FIELD_NAMES = [
  "intent", "email", "password", "name", "role", "lmcId", "odsCode", "isSignatory", "practiceId", "pendingId", "redirectTo", "q",
  "bodyId", "title", "heldOn", "venue", "status", "submissionDeadline", "text", "number", "proposer", "kind", "marking", "parentNumber",
  "replaces", "sectionId", "preamble", "version", "parts[0].text", "parts[0].clauseId", "parts[0].intent", "parts[1].text",
  "part-1-method", "part-1-majority", "part-1-for", "part-1-against", "part-1-abstain", "part-1-outcome", "part-1-version", "part-1-reason",
  "documentId", "reference", "summary", "sourceUrl", "notedOn", "note",
  "token", "confirmPassword", "newEmail", "kinds", "requestId", "userId", "signatory", "reason",
  "motionId", "motionIds", "parts",
];
const INTENTS = ["update", "add-membership", "remove-membership", "disable", "enable", "revoke-sessions", "preview", "apply", "discard", "save", "submit", "",
  "confirm", "resend", "change-email", "notifications", "request", "withdraw", "approve", "refuse", "grant-signatory", "remove-signatory", "follow", "unfollow",
  "accept", "reject", "merge"];
const value = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.constantFrom(...INTENTS, "gp", "admin", "lmc_secretary", "Z00001", "A81001", "-1", "0", "1", "5a", "1e9", "NaN", "on", "x".repeat(5000),
    "electronic", "show_of_hands", "two_thirds", "simple", "carried", "lost", "fell", "remove", "motion", "rider", "composite", "2025-11-07", "2025-02-30", "planning", "published",
    "someone@nhs.net", "GP@NHS.NET ", "someone@example.org", "signup_live", "campaign_status", "a long enough password",
    // The submissions made below (the demo conference's agenda holds motions 1 to 16), for the review queue.
    ...SUBMISSION_IDS),
  fc.integer().map(String),
);
const form = fc.dictionary(fc.constantFrom(...FIELD_NAMES), value, { maxKeys: 8 });

const actionFiles = fs
  .readdirSync(path.resolve("app/routes"))
  .filter((f) => /\.tsx?$/.test(f) && /export (?:async )?function action/.test(fs.readFileSync(path.resolve("app/routes", f), "utf8")));

describe("fuzzed form posts never cause a server error", () => {
  it("finds the actions to fuzz", () => {
    expect(actionFiles.length).toBeGreaterThanOrEqual(6);
  });

  for (const file of actionFiles) for (const role of ["admin", "bma_staff"] as const) {
    it(`${file} as ${role}`, async () => {
      const mod = (await import(/* @vite-ignore */ path.resolve("app/routes", file))) as { action: (args: unknown) => Promise<unknown> };
      const cookie = await cookieFor(role);
      await fc.assert(
        fc.asyncProperty(form, async (fields) => {
          const request = new Request("http://localhost/x", {
            method: "POST",
            headers: { Cookie: cookie },
            body: new URLSearchParams(fields),
          });
          let status: number | undefined;
          try {
            status = statusOf(await mod.action({ request, params: { userId: "2", odsCode: "Z00001", id: "1" }, context: { cspNonce: "" } })) ?? 200;
          } catch (error) {
            status = statusOf(error);
            if (status === undefined) throw error;
          }
          expect(status).toBeLessThan(500);
        }),
        { numRuns: 150 },
      );
    });
  }
});

describe("fuzzed addresses never cause a server error", () => {
  const loaderFiles = fs.readdirSync(path.resolve("app/routes")).filter((f) => /\.tsx?$/.test(f) && /export (?:async )?function loader/.test(fs.readFileSync(path.resolve("app/routes", f), "utf8")));
  const QUERY_KEYS = ["q", "outcome", "proposer", "section", "clause", "conference", "status", "icb", "page", "role", "entity", "before", "pending", "redirectTo", "token", "sent"];
  const paramValue = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom("1", "0", "-1", "99999999999", "Z00001", "A81001", "abc", "1.5", "%", "'", '"', "*", "NEAR(", "online consultation"));
  const query = fc.dictionary(fc.constantFrom(...QUERY_KEYS), paramValue, { maxKeys: 6 });

  for (const file of loaderFiles) {
    it(file, async () => {
      const mod = (await import(/* @vite-ignore */ path.resolve("app/routes", file))) as { loader: (args: unknown) => Promise<unknown> };
      // Each page as the role that gets furthest into it.
      const cookie = await cookieFor(file.startsWith("admin.") ? "admin" : "bma_staff");
      await fc.assert(
        fc.asyncProperty(query, paramValue, async (search, id) => {
          const request = new Request(`http://localhost/x?${new URLSearchParams(search)}`, { headers: { Cookie: cookie } });
          let status: number | undefined;
          try {
            status = statusOf(await mod.loader({ request, params: { id, userId: id, odsCode: id }, context: { cspNonce: "" } })) ?? 200;
          } catch (error) {
            status = statusOf(error);
            if (status === undefined) throw error;
          }
          expect(status).toBeLessThan(500);
        }),
        { numRuns: 60 },
      );
    });
  }
});
