// The mail worker: claims due messages from the outbox and sends them over SMTP with nodemailer
// (docs/decisions/011-email-outbox.md). It runs in one process per instance: the cluster primary of the
// server (server/index.ts calls `startMailWorker()`), or `npm run mail:worker` on its own. With
// no SMTP_URL there is nothing to send: the outbox is the delivery, and the start-up log says so.
import type { Kysely } from "kysely";
import nodemailer from "nodemailer";
import { openDatabase } from "../../db/connection";
import type { Database } from "../../db/types";
import { isPermanentRefusal, messageIdOf } from "../domain/outbox";
import { claimDueMessages, markAttemptFailed, markSent } from "../models/outbox.server";
import { getEnv } from "./env.server";
import { mailSettings, redactedSmtpUrl, type MailSettings } from "./mail.server";

/** What the worker needs of a transport: nodemailer's, or a test's. */
export interface MailTransport {
  sendMail(message: { from: string; to: string; subject: string; text: string; html: string; messageId: string; headers: Record<string, string> }): Promise<unknown>;
  close(): void;
}

/** Nodemailer over SMTP, with time limits well inside a claim's lease. */
export function smtpTransport(smtpUrl: string): MailTransport {
  return nodemailer.createTransport({ url: smtpUrl, pool: true, maxConnections: 3, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 });
}

export interface DeliveryPass {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
}

/** One pass: claim what is due and send each message once, with its idempotency key as Message-ID. */
export async function deliverDueMessages(
  db: Kysely<Database>,
  transport: MailTransport,
  settings: Pick<MailSettings, "from" | "publicUrl">,
  options: { leaseMs: number; batch?: number; now?: Date; log?: (line: string) => void },
): Promise<DeliveryPass> {
  const claimed = await claimDueMessages(db, { leaseMs: options.leaseMs, limit: options.batch ?? 20, now: options.now });
  const pass: DeliveryPass = { claimed: claimed.length, sent: 0, retried: 0, failed: 0 };
  await Promise.all(
    claimed.map(async (message) => {
      try {
        await transport.sendMail({
          from: settings.from,
          to: message.to_address,
          subject: message.subject,
          text: message.text_body,
          html: message.html_body,
          messageId: messageIdOf(message.idempotency_key, settings.publicUrl),
          headers: { "Auto-Submitted": "auto-generated" },
        });
        pass.sent++;
        if (!(await markSent(db, message))) {
          // Our lease ran out while sending and another claim took over: it may go twice, same Message-ID.
          options.log?.(JSON.stringify({ level: "warn", event: "mail_claim_lost", id: message.id, at: new Date().toISOString() }));
        }
      } catch (error) {
        const responseCode = (error as { responseCode?: number }).responseCode;
        const status = await markAttemptFailed(db, message, error instanceof Error ? error.message : String(error), isPermanentRefusal(responseCode));
        if (status === "failed") pass.failed++;
        else pass.retried++;
        options.log?.(JSON.stringify({ level: "warn", event: "mail_not_sent", id: message.id, attempt: message.attempts, responseCode, status, at: new Date().toISOString() }));
      }
    }),
  );
  return pass;
}

export interface MailWorker {
  /** False when no SMTP server is configured (nothing to send). */
  running: boolean;
  /** Stops polling, lets a pass under way finish, and closes what the worker opened. */
  stop(): Promise<void>;
}

/**
 * Starts polling the outbox (every MAIL_POLL_MS) and sending, if SMTP_URL is set; either way the
 * log says where email goes. Call it in one process per instance.
 */
export function startMailWorker(options: { db?: Kysely<Database>; log?: (line: string) => void } = {}): MailWorker {
  const env = getEnv();
  const settings = mailSettings();
  const log = options.log ?? ((line: string) => console.log(line));
  if (!settings.smtpUrl) {
    log("Email: SMTP_URL is not set, so no email is sent. Messages wait in the outbox, which BMA staff and administrators read at /admin/outbox.");
    return { running: false, stop: async () => {} };
  }
  log(`Email: sending through ${redactedSmtpUrl(settings.smtpUrl)} from ${settings.from}; links in messages point at ${settings.publicUrl}.`);
  if (!env.PUBLIC_URL) log(`Email: PUBLIC_URL is not set, so links in messages point at ${settings.publicUrl}. Set it to the address people reach the site at.`);
  const db = options.db ?? openDatabase(env.DATABASE_URL);
  const transport = smtpTransport(settings.smtpUrl);
  const leaseMs = env.MAIL_LEASE_SECONDS * 1000;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let pass: Promise<void> = Promise.resolve();

  const tick = () => {
    pass = (async () => {
      try {
        // Keep going while anything is due; then sleep.
        while (!stopping && (await deliverDueMessages(db, transport, settings, { leaseMs, log })).claimed > 0);
      } catch (error) {
        log(JSON.stringify({ level: "error", event: "mail_worker_error", message: error instanceof Error ? error.message : String(error), at: new Date().toISOString() }));
      } finally {
        if (!stopping) timer = setTimeout(tick, env.MAIL_POLL_MS);
      }
    })();
  };
  tick();

  return {
    running: true,
    async stop() {
      stopping = true;
      clearTimeout(timer);
      await pass;
      transport.close();
      if (!options.db) await db.destroy();
    },
  };
}
