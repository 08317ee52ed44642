// How this deployment sends email, from the environment: the site's public address for links,
// the From address, and the SMTP server (none: the outbox at /admin/outbox is the delivery).
import { getEnv } from "./env.server";

export interface MailSettings {
  /** The site's address as people reach it, without a trailing slash. */
  publicUrl: string;
  from: string;
  /** Null: no mail server; messages wait in the outbox for staff and administrators to read. */
  smtpUrl: string | null;
}

export function mailSettings(): MailSettings {
  const env = getEnv();
  const publicUrl = env.PUBLIC_URL ?? `http://localhost:${env.PORT}`;
  return {
    publicUrl,
    from: env.MAIL_FROM ?? `LMC Tracker <no-reply@${new URL(publicUrl).hostname}>`,
    smtpUrl: env.SMTP_URL ?? null,
  };
}

/** The site's public address, for links in messages. */
export function publicUrl(): string {
  return mailSettings().publicUrl;
}

/** An SMTP URL with any password replaced, for logs and pages. */
export function redactedSmtpUrl(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  if (url.password) url.password = "hidden";
  return url.href;
}
