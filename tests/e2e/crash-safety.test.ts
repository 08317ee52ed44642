// Sign-ups survive crashes: the production server (two workers) takes a burst of sign-ups,
// changes and withdrawals from this process, and is killed outright (SIGKILL to the whole process
// group) in the middle of it. After a restart, every change that was acknowledged is there, none
// that was refused is, the database passes its integrity check and the counters have no drift.
// Among the sign-ups a GP asks to join practices, each request queueing an email to the
// practice's signatory in its own transaction: after the crash the outbox holds exactly one
// message per request that exists, and none for a request that does not.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { verifyParticipation } from "../../app/models/participation-verify.server";
import { openDatabase } from "../../db/connection";
import { logIn } from "../support/http";
import { startServer } from "../support/server";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmc-crash-"));
const databaseUrl = `file:${path.join(dir, "crash.db")}`;
const env = { DATABASE_URL: databaseUrl, SEED: "demo", SESSION_SECRET: crypto.randomBytes(32).toString("hex"), LOGIN_RATE_LIMIT: "1000", SIGNUP_RATE_LIMIT: "100000", WEB_CONCURRENCY: "2" };

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Sent {
  practice: string;
  status: string;
  answer: number | "lost";
}

/** Test set-up only: the demo lead becomes a signatory of the first `n` demo practices. */
function leadSignsFor(n: number): string[] {
  const db = new SQLite(databaseUrl.slice("file:".length));
  try {
    const codes = (db.prepare("select ods_code from practices where is_demo = 1 and status = 'active' order by ods_code limit ?").all(n) as { ods_code: string }[]).map((r) => r.ods_code);
    const insert = db.prepare(
      "insert or ignore into practice_memberships (user_id, practice_id, is_signatory, created_at) select (select id from users where email = 'lead@lmc-tracker.example'), id, 1, ? from practices where ods_code = ?",
    );
    for (const code of codes) insert.run(new Date().toISOString(), code);
    return codes;
  } finally {
    db.close();
  }
}

describe("crash safety of sign-ups", () => {
  it("after kill -9 in the middle of a burst, every acknowledged change is there and nothing refused is", async () => {
    let server = await startServer(env, { detached: true });
    const codes = leadSignsFor(120);
    const lead = await logIn(server.baseURL, "lead@lmc-tracker.example");
    const gp = await logIn(server.baseURL, "gp@lmc-tracker.example");
    // The demo campaign's first option takes sign-ups with no trigger.
    const optionPath = "/campaigns/1/options/1";
    const before = new Map(
      (
        new SQLite(databaseUrl.slice("file:".length), { readonly: true })
          .prepare("select p.ods_code, s.status, s.version from practice_signups s join practices p on p.id = s.practice_id where s.option_id = 1")
          .all() as { ods_code: string; status: string; version: number }[]
      ).map((r) => [r.ods_code, r]),
    );

    const sent: Sent[] = [];
    const send = async (practice: string, status: string, version: number) => {
      const entry: Sent = { practice, status, answer: "lost" };
      sent.push(entry);
      try {
        const response = await fetch(`${server.baseURL}${optionPath}`, {
          method: "POST",
          headers: { Origin: server.baseURL, Cookie: lead },
          body: new URLSearchParams({ intent: "signup", practice, status, version: String(version) }),
          redirect: "manual",
        });
        entry.answer = response.status;
      } catch {
        entry.answer = "lost";
      }
    };

    const asked: Sent[] = [];
    const askToJoin = async (practice: string) => {
      const entry: Sent = { practice, status: "request", answer: "lost" };
      asked.push(entry);
      try {
        const response = await fetch(`${server.baseURL}/account/practices`, {
          method: "POST",
          headers: { Origin: server.baseURL, Cookie: gp },
          body: new URLSearchParams({ intent: "request", odsCode: practice }),
          redirect: "manual",
        });
        entry.answer = response.status;
      } catch {
        entry.answer = "lost";
      }
    };

    let killed = false;
    const burst = (async () => {
      for (let start = 0; start < codes.length && !killed; start += 6) {
        await Promise.all([
          askToJoin(codes[codes.length - 1 - start / 6]!),
          ...codes.slice(start, start + 6).map((code, j) => {
            const current = before.get(code);
            const i = start + j;
            // A refused change among the good ones: a stale version, or withdrawing what was never signed.
            if (i % 10 === 3) return send(code, "pledged", (current?.version ?? 0) + 7);
            if (i % 10 === 7 && !current) return send(code, "withdrawn", 0);
            const status = i % 3 === 0 ? "implementing" : i % 3 === 1 ? "pledged" : "pledged_if_triggered";
            return send(code, status, current?.version ?? 0);
          }),
        ]);
      }
    })();
    // Kill the whole server once part of the burst has been answered.
    while (sent.filter((s) => s.answer !== "lost").length < 30) await new Promise((r) => setTimeout(r, 5));
    killed = true;
    process.kill(-server.child.pid!, "SIGKILL");
    await burst;
    // The failed requests can take longer than the process to die: wait only if it has not already.
    if (server.child.exitCode === null && server.child.signalCode === null) await new Promise((r) => server.child.once("exit", r));

    const acknowledged = sent.filter((s) => s.answer === 302);
    const refused = sent.filter((s) => typeof s.answer === "number" && s.answer >= 400);
    expect(acknowledged.length).toBeGreaterThan(10);
    expect(refused.length).toBeGreaterThan(0);
    expect(asked.filter((a) => a.answer === 302).length).toBeGreaterThan(2);

    // Restart on the same file, as an operator would.
    server = await startServer(env, { detached: true });
    try {
      const db = new SQLite(databaseUrl.slice("file:".length), { readonly: true });
      try {
        expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
        const now = new Map(
          (db.prepare("select p.ods_code, s.status, s.version from practice_signups s join practices p on p.id = s.practice_id where s.option_id = 1").all() as {
            ods_code: string;
            status: string;
            version: number;
          }[]).map((r) => [r.ods_code, r]),
        );
        for (const s of acknowledged) expect(now.get(s.practice)?.status, `${s.practice} acknowledged as ${s.status}`).toBe(s.status);
        for (const s of refused) {
          const was = before.get(s.practice);
          const is = now.get(s.practice);
          // A refused change left the practice as it was (or as an acknowledged change left it).
          if (!acknowledged.some((a) => a.practice === s.practice)) expect(is?.version, `${s.practice} refused`).toBe(was?.version);
        }
        // Each request that exists has exactly one email to the signatory; a lost one has neither.
        const requests = db
          .prepare(
            "select p.ods_code, (select count(*) from outbox_messages m where m.kind = 'membership_request' and m.text_body like '%' || p.ods_code || '%') as emails from membership_requests r join practices p on p.id = r.practice_id join users u on u.id = r.user_id where u.email = 'gp@lmc-tracker.example'",
          )
          .all() as { ods_code: string; emails: number }[];
        const emailsFor = new Map(requests.map((r) => [r.ods_code, r.emails]));
        for (const a of asked.filter((x) => x.answer === 302)) expect(emailsFor.get(a.practice), `${a.practice} acknowledged request`).toBe(1);
        for (const r of requests) expect(r.emails, `${r.ods_code} request`).toBe(1);
        const orphans = db
          .prepare("select count(*) as n from outbox_messages m where m.kind = 'membership_request' and not exists (select 1 from membership_requests r join practices p on p.id = r.practice_id where m.text_body like '%' || p.ods_code || '%')")
          .get() as { n: number };
        expect(orphans.n).toBe(0);
      } finally {
        db.close();
      }
      const kysely = openDatabase(databaseUrl);
      try {
        expect(await verifyParticipation(kysely)).toEqual([]);
      } finally {
        await kysely.destroy();
      }
      expect((await fetch(`${server.baseURL}/healthz`)).status).toBe(200);
    } finally {
      process.kill(-server.child.pid!, "SIGTERM");
      await new Promise((r) => server.child.once("exit", r));
    }
  });
});
