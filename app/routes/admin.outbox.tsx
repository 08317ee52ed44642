import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { FilterSelect } from "../components/ui/filter-select";
import { can } from "../domain/access";
import { COLLECTIVE_ACTION_MESSAGE_KINDS } from "../domain/notifications";
import { MESSAGE_STATUS_LABELS, MESSAGE_STATUSES } from "../domain/outbox";
import { listOutbox } from "../models/outbox.server";
import { idField } from "../schemas/numbers";
import { actorOf } from "../utils/access.server";
import { PRIVATE_NO_STORE, privateNoStoreHeaders } from "../utils/cache-control";
import { getDb } from "../utils/db.server";
import { mailSettings, redactedSmtpUrl } from "../utils/mail.server";
import { requireUserWithPermission } from "../utils/permissions.server";
import { formatDate } from "../utils/time";

export const meta: MetaFunction = () => [{ title: "Email outbox | LMC Tracker" }];

export const headers = privateNoStoreHeaders;

const FilterSchema = z.object({
  q: z.string().trim().max(254).catch(""),
  status: z.enum(MESSAGE_STATUSES).optional().catch(undefined),
  before: idField().optional().catch(undefined),
});

const PAGE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  const reader = await requireUserWithPermission(request, "read-outbox");
  // Administrators run accounts, not collective action: the messages that say who signed are not theirs to read.
  const exceptKinds = can(actorOf(reader), "see-practice-signups") ? [] : COLLECTIVE_ACTION_MESSAGE_KINDS;
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const filter = FilterSchema.parse({ q: params.q ?? "", status: params.status || undefined, before: params.before });
  const { smtpUrl } = mailSettings();
  const { messages, counts } = await listOutbox(getDb(), { to: filter.q || undefined, status: filter.status, beforeId: filter.before, exceptKinds }, PAGE);
  return data(
    {
      delivery: smtpUrl ? redactedSmtpUrl(smtpUrl) : null,
      filter,
      counts,
      // With a mail server, links meant for one person are not shown to staff here.
      messages: messages.map((m) => ({ ...m, text_body: smtpUrl && m.carries_secret ? null : m.text_body })),
      next: messages.length === PAGE ? messages.at(-1)?.id : undefined,
    },
    { headers: PRIVATE_NO_STORE },
  );
}

export default function OutboxPage() {
  const { delivery, filter, counts, messages, next } = useLoaderData<typeof loader>();
  const query = (before: number) => `?${new URLSearchParams({ ...(filter.q ? { q: filter.q } : {}), ...(filter.status ? { status: filter.status } : {}), before: String(before) })}`;
  return (
    <div className="space-y-6">
      <h1>Email outbox</h1>
      {delivery ? (
        <p>
          Email is sent through {delivery}. Each message is queued with the change that caused it and sent once by the mail worker; a message that cannot be sent is
          tried again for a day.
        </p>
      ) : (
        <p className="rounded-md border border-amber-300 bg-amber-50 p-3">
          No mail server is configured (SMTP_URL), so no email leaves LMC Tracker: this outbox is where messages are delivered. Anyone who can read this page can
          follow the links in them, so set SMTP_URL before real people use the site.
        </p>
      )}
      <p>
        {MESSAGE_STATUSES.filter((s) => counts[s]).map((s, i) => (
          <span key={s}>
            {i > 0 ? ", " : ""}
            {MESSAGE_STATUS_LABELS[s].toLowerCase()}: {counts[s]}
          </span>
        ))}
      </p>
      <Form method="get" className="card flex flex-wrap items-end gap-4">
        <div className="space-y-1">
          <label htmlFor="q" className="block font-medium">
            To (part of the address)
          </label>
          <input id="q" name="q" type="search" defaultValue={filter.q} maxLength={254} className="input" />
        </div>
        <FilterSelect id="status" label="State" value={filter.status} anyLabel="Any" options={MESSAGE_STATUSES.map((s) => [s, MESSAGE_STATUS_LABELS[s]])} />
        <button type="submit" className="btn-secondary">
          Filter
        </button>
      </Form>
      {messages.length === 0 ? <p>No messages.</p> : null}
      <ol className="space-y-4" aria-label="Messages, newest first">
        {messages.map((m) => (
          <li key={m.id} className="card space-y-2">
            <h2 className="text-lg">{m.subject}</h2>
            <p className="text-sm text-slate-700">
              To {m.to_address} · queued {formatDate(m.created_at)} at {m.created_at.slice(11, 16)} UTC · {MESSAGE_STATUS_LABELS[m.status]}
              {m.sent_at ? ` ${formatDate(m.sent_at)} at ${m.sent_at.slice(11, 16)} UTC` : ""}
              {m.attempts > 1 ? ` · ${m.attempts} attempts` : ""}
              {m.last_error ? ` · last error: ${m.last_error}` : ""}
            </p>
            {m.text_body === null ? (
              <p className="text-sm text-slate-600">The text holds a single-use link for its recipient, so it is not shown here.</p>
            ) : (
              <pre className="whitespace-pre-wrap break-words rounded bg-slate-50 p-3 font-sans text-sm">{m.text_body}</pre>
            )}
          </li>
        ))}
      </ol>
      {next ? (
        <p>
          <Link to={query(next)}>Older messages</Link>
        </p>
      ) : null}
    </div>
  );
}
