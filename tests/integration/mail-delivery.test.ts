// Real email: an SMTP server runs in this process (smtp-server), messages go out through
// nodemailer and are read back with mailparser. A refusal is retried or given up as SMTP says;
// a worker process killed while it sends leaves the message to be sent again after its lease,
// exactly once, and one killed after the server accepted but before it could record that sends it
// again with the same Message-ID, so the repeat can be recognised (ADR 011).
import { spawn, type ChildProcess } from "node:child_process";
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerGp, requestPasswordReset } from "../../app/models/accounts.server";
import { deliverDueMessages, smtpTransport, startMailWorker } from "../../app/utils/mail-worker.server";
import { getDb } from "../../app/utils/db.server";
import { makeUser } from "../fixtures/factories";

process.env.PUBLIC_URL = "https://lmc-tracker.test";
const SETTINGS = { from: "LMC Tracker <no-reply@lmc-tracker.test>", publicUrl: "https://lmc-tracker.test" };
const LEASE_SECONDS = 2;

const db = () => getDb();
let serial = 0;
const address = () => `dr.mail.${Date.now().toString(36)}.${serial++}@nhs.net`;

/** What the server does with each message it is given: accept (the default) or answer an error. */
type Handler = (mail: ParsedMail) => Promise<void>;
let handler: Handler = async () => {};
const accepted: ParsedMail[] = [];
let server: SMTPServer;
let smtpUrl: string;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        void (async () => {
          const mail = await simpleParser(Buffer.concat(chunks));
          try {
            await handler(mail);
            accepted.push(mail);
            callback();
          } catch (error) {
            callback(error as Error);
          }
        })();
      });
    },
  });
  server.on("error", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  smtpUrl = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill("SIGKILL");
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function refusal(code: number, text: string) {
  return Object.assign(new Error(text), { responseCode: code });
}

async function messageTo(to: string) {
  return db().selectFrom("outbox_messages").selectAll().where("to_address", "=", to).orderBy("id", "desc").executeTakeFirstOrThrow();
}

async function deliver(now?: Date) {
  const transport = smtpTransport(smtpUrl);
  try {
    return await deliverDueMessages(db(), transport, SETTINGS, { leaseMs: LEASE_SECONDS * 1000, now });
  } finally {
    transport.close();
  }
}

/** `npm run mail:worker` as its own process, against this test's database and SMTP server. */
function startWorkerProcess() {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/mail-worker.ts"], {
    env: { ...process.env, SMTP_URL: smtpUrl, MAIL_POLL_MS: "100", MAIL_LEASE_SECONDS: String(LEASE_SECONDS), NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  workers.push(child);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return { child, exited, output: () => output };
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const deliveredTo = (to: string) => accepted.filter((m) => m.to && !Array.isArray(m.to) && m.to.value[0]?.address === to);

describe("sending through SMTP", () => {
  it("a registration's message reaches the server with its subject, recipient and link, and its link is then blanked from the outbox", async () => {
    handler = async () => {};
    const email = address();
    await registerGp(db(), { name: "Dr Mail", email, password: "a long enough password" }, SETTINGS.publicUrl);
    const queued = await messageTo(email);
    expect(queued.status).toBe("queued");
    expect(await deliver()).toMatchObject({ claimed: 1, sent: 1 });

    const [mail] = deliveredTo(email);
    expect(mail).toBeDefined();
    expect(mail!.subject).toBe("Confirm your email address for LMC Tracker");
    expect(mail!.from?.value[0]).toMatchObject({ name: "LMC Tracker", address: "no-reply@lmc-tracker.test" });
    expect(mail!.messageId).toBe(`<${queued.idempotency_key}@lmc-tracker.test>`);
    expect(mail!.text).toMatch(/https:\/\/lmc-tracker\.test\/verify-email\?token=[\w-]{43}/);
    expect(mail!.html).toContain('href="https://lmc-tracker.test/verify-email?token=');
    expect(mail!.headers.get("auto-submitted")).toBe("auto-generated");

    const sent = await messageTo(email);
    expect(sent).toMatchObject({ status: "sent", attempts: 1, lease_expires_at: null });
    expect(sent.text_body).not.toMatch(/token=/);
    expect(sent.html_body).not.toMatch(/token=/);
  });

  it("a temporary refusal is tried again later; a permanent one is given up at once", async () => {
    const [later, never] = [await makeUser(db()), await makeUser(db())];
    await requestPasswordReset(db(), later.email, SETTINGS.publicUrl);
    await requestPasswordReset(db(), never.email, SETTINGS.publicUrl);
    handler = async (mail) => {
      const to = !Array.isArray(mail.to) ? mail.to?.value[0]?.address : undefined;
      if (to === later.email) throw refusal(451, "Try again later");
      if (to === never.email) throw refusal(550, "No such mailbox");
    };
    expect(await deliver()).toMatchObject({ claimed: 2, sent: 0, retried: 1, failed: 1 });
    expect(await messageTo(never.email)).toMatchObject({ status: "failed", attempts: 1 });
    const waiting = await messageTo(later.email);
    expect(waiting).toMatchObject({ status: "queued", attempts: 1 });
    expect(waiting.last_error).toMatch(/Try again later/);
    // Not due yet: nothing is claimed.
    expect((await deliver()).claimed).toBe(0);
    handler = async () => {};
    expect(await deliver(new Date(Date.parse(waiting.next_attempt_at) + 1))).toMatchObject({ claimed: 1, sent: 1 });
    expect(await messageTo(later.email)).toMatchObject({ status: "sent", attempts: 2 });
    expect(deliveredTo(later.email)).toHaveLength(1);
    expect(deliveredTo(never.email)).toHaveLength(0);
  });

  it("without SMTP_URL the worker does not start, and says the outbox is the delivery", () => {
    const lines: string[] = [];
    const worker = startMailWorker({ db: db(), log: (line) => lines.push(line) });
    expect(worker.running).toBe(false);
    expect(lines.join("\n")).toMatch(/SMTP_URL is not set.*outbox.*\/admin\/outbox/s);
  });
});

describe("a worker killed while it sends", () => {
  it("between claiming a message and the server accepting it: after a restart the message is sent exactly once", async () => {
    const email = address();
    await registerGp(db(), { name: "Dr Killed", email, password: "a long enough password" }, SETTINGS.publicUrl);
    const first = startWorkerProcess();
    // The server takes the message, kills the worker, and never says it accepted it.
    handler = async () => {
      first.child.kill("SIGKILL");
      await first.exited;
      throw refusal(421, "Closing");
    };
    await first.exited;
    expect(first.child.signalCode).toBe("SIGKILL");
    expect(first.output()).toMatch(/Email: sending through smtp:\/\/127\.0\.0\.1/);
    expect(deliveredTo(email)).toHaveLength(0);
    expect(await messageTo(email)).toMatchObject({ status: "sending", attempts: 1 });

    handler = async () => {};
    const second = startWorkerProcess();
    await until("the message is sent", async () => (await messageTo(email)).status === "sent");
    // A few more polls: nothing goes again.
    await new Promise((r) => setTimeout(r, 1000));
    second.child.kill("SIGTERM");
    await second.exited;
    expect(second.child.exitCode).toBe(0);
    const sent = await messageTo(email);
    expect(sent).toMatchObject({ status: "sent", attempts: 2 });
    const copies = deliveredTo(email);
    expect(copies).toHaveLength(1);
    expect(copies[0]!.messageId).toBe(`<${sent.idempotency_key}@lmc-tracker.test>`);
    expect(copies[0]!.subject).toBe("Confirm your email address for LMC Tracker");
  });

  it("after the server accepted but before the worker recorded it: sent again with the same Message-ID, so the repeat is recognisable", async () => {
    const email = address();
    await registerGp(db(), { name: "Dr Twice", email, password: "a long enough password" }, SETTINGS.publicUrl);
    const first = startWorkerProcess();
    // The server keeps the message but the worker dies before it hears so.
    handler = async () => {
      first.child.kill("SIGKILL");
      await first.exited;
    };
    await first.exited;
    await until("the server keeps the message", async () => deliveredTo(email).length === 1);
    expect((await messageTo(email)).status).toBe("sending");

    handler = async () => {};
    const second = startWorkerProcess();
    await until("the message is recorded as sent", async () => (await messageTo(email)).status === "sent");
    second.child.kill("SIGTERM");
    await second.exited;
    const copies = deliveredTo(email);
    expect(copies).toHaveLength(2);
    expect(new Set(copies.map((c) => c.messageId))).toEqual(new Set([`<${(await messageTo(email)).idempotency_key}@lmc-tracker.test>`]));
    // A receiver that keeps one message per Message-ID keeps exactly one.
    expect(new Map(copies.map((c) => [c.messageId, c])).size).toBe(1);
  });
});
