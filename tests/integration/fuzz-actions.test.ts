// Property test: random form posts to every action, as an administrator (who gets furthest),
// never produce a server error and never half-write: each answer is a 2xx, 3xx or 4xx.
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../../app/models/sessions.server";
import { getDb } from "../../app/utils/db.server";
import { sessionStorage } from "../../app/utils/session.server";
import { seedDemo } from "../../db/seed/demo";

let adminId = 0;

beforeAll(async () => {
  const db = getDb();
  await seedDemo(db);
  adminId = (await db.selectFrom("users").select("id").where("role", "=", "admin").executeTakeFirstOrThrow()).id;
});

async function adminCookie() {
  const session = await sessionStorage().getSession();
  session.set("sessionId", await createSession(getDb(), adminId));
  return (await sessionStorage().commitSession(session)).split(";")[0]!;
}

function statusOf(value: unknown): number | undefined {
  if (value instanceof Response) return value.status;
  if (value && typeof value === "object" && "type" in value && value.type === "DataWithResponseInit") {
    return (value as { init?: { status?: number } }).init?.status ?? 200;
  }
  return undefined;
}

const FIELD_NAMES = ["intent", "email", "password", "name", "role", "lmcId", "odsCode", "isSignatory", "practiceId", "pendingId", "redirectTo", "q"];
const INTENTS = ["update", "add-membership", "remove-membership", "disable", "enable", "revoke-sessions", "preview", "apply", "discard", ""];
const value = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.constantFrom(...INTENTS, "gp", "admin", "lmc_secretary", "Z00001", "A81001", "-1", "0", "1e9", "NaN", "on", "x".repeat(5000)),
  fc.integer().map(String),
);
const form = fc.dictionary(fc.constantFrom(...FIELD_NAMES), value, { maxKeys: 8 });

const actionFiles = fs
  .readdirSync(path.resolve("app/routes"))
  .filter((f) => /\.tsx?$/.test(f) && /export (async )?function action/.test(fs.readFileSync(path.resolve("app/routes", f), "utf8")));

describe("fuzzed form posts never cause a server error", () => {
  it("finds the actions to fuzz", () => {
    expect(actionFiles.length).toBeGreaterThanOrEqual(6);
  });

  for (const file of actionFiles) {
    it(file, async () => {
      const mod = (await import(/* @vite-ignore */ path.resolve("app/routes", file))) as { action: (args: unknown) => Promise<unknown> };
      const cookie = await adminCookie();
      await fc.assert(
        fc.asyncProperty(form, async (fields) => {
          const request = new Request("http://localhost/x", {
            method: "POST",
            headers: { Cookie: cookie },
            body: new URLSearchParams(fields),
          });
          let status: number | undefined;
          try {
            status = statusOf(await mod.action({ request, params: { userId: "2", odsCode: "Z00001" }, context: { cspNonce: "" } })) ?? 200;
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
