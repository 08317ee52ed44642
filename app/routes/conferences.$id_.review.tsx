// The agenda committee's queue: every motion submitted to the conference and waiting for a
// decision, in one place. Accept one (its number is assigned then), reject one with a reason its
// LMC reads, or merge several into a composite that replaces them. Each decision is audited.
// Plain forms: it all works without JavaScript (the merge checkboxes belong to the merge form
// through their `form` attribute).
import { parseWithZod } from "../utils/parse-form";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorList } from "../components/ui/field";
import { can } from "../domain/access";
import { motionRelation } from "../domain/conference-access";
import { listSections } from "../models/conferences.server";
import { getMotion } from "../models/agenda.server";
import { acceptSubmission, listMergeableAgendaMotions, listReviewQueue, mergeIntoComposite, rejectSubmission, type ReviewResult } from "../models/review.server";
import { ReviewSchema } from "../schemas/review";
import { requireConferenceReviewer } from "../utils/conference-access.server";
import { getDb } from "../utils/db.server";
import { redirectWithToast } from "../utils/session.server";
import { formatDate } from "../utils/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Review submissions: ${data?.conference.title ?? "Conference"} | LMC Tracker` }];

const COMPOSITE_PART_SLOTS = 4;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { conference, submissionsOpen } = await requireConferenceReviewer(request, params.id);
  const db = getDb();
  const [queue, mergeable, sections] = await Promise.all([listReviewQueue(db, conference.id), listMergeableAgendaMotions(db, conference.id), listSections(db, conference.id)]);
  return {
    conference: { id: conference.id, title: conference.title, deadline: conference.submission_deadline, submissionsOpen },
    waiting: queue.waiting,
    rejected: queue.rejected,
    mergeable,
    sections,
  };
}

type Refusal = { intent: string; motionId: number | null; errors: Record<string, string[]> };

function refused(intent: string, motionId: number | null, errors: Record<string, string[]>, status = 400) {
  return data<Refusal>({ intent, motionId, errors }, { status });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, viewer, conference } = await requireConferenceReviewer(request, params.id);
  const submission = parseWithZod(await request.formData(), { schema: ReviewSchema });
  if (submission.status !== "success") {
    const reply = submission.reply();
    const fields = submission.payload as Record<string, unknown>;
    const motionId = typeof fields.motionId === "string" && /^\d{1,9}$/.test(fields.motionId) ? Number(fields.motionId) : null;
    return refused(typeof fields.intent === "string" ? fields.intent.slice(0, 20) : "", motionId, (reply.error ?? {}) as Record<string, string[]>);
  }
  const input = submission.value;
  const db = getDb();
  const back = `/conferences/${conference.id}/review`;

  // Each submission decided must be one the reviewer may decide (accept-motion), in this conference.
  const decidable = async (motionId: number) => {
    const found = await getMotion(db, viewer, motionId);
    return Boolean(found && found.motion.conference_id === conference.id && can(viewer, "accept-motion", motionRelation(found.facts)));
  };
  const answer = (result: ReviewResult, motionId: number | null, message: (r: Extract<ReviewResult, { ok: true }>) => string) =>
    result.ok ? redirectWithToast(request, back, { kind: "success", message: message(result) }) : refused(input.intent, motionId, { "": [result.message] }, 409);

  if (input.intent === "accept" || input.intent === "reject") {
    if (!(await decidable(input.motionId))) return refused(input.intent, input.motionId, { "": ["That motion is not waiting for review here. Reload the queue."] }, 409);
    if (input.intent === "accept") {
      return answer(await acceptSubmission(db, user.id, conference.id, input.motionId), input.motionId, (r) => `Accepted onto the agenda as motion ${r.number}.`);
    }
    return answer(await rejectSubmission(db, user.id, conference.id, input.motionId, input.reason), input.motionId, () => "Rejected. The LMC sees your reason on its motion's page.");
  }
  // A composite also replaces agenda motions; any submission among them must be decidable.
  const waiting = new Set((await listReviewQueue(db, conference.id)).waiting.map((m) => m.id));
  for (const id of input.motionIds) {
    if (waiting.has(id) && !(await decidable(id))) return refused("merge", null, { motionIds: ["Choose motions from the queue"] }, 409);
  }
  const merged = await mergeIntoComposite(db, viewer, conference.id, {
    motionIds: input.motionIds,
    title: input.title,
    proposer: input.proposer,
    preamble: input.preamble ?? "",
    parts: input.parts,
    sectionId: input.sectionId ?? null,
  });
  return answer(merged, null, (r) => `Composite motion ${r.number} made; it replaces ${input.motionIds.length} motions.`);
}

function MotionText({ preamble, parts }: { preamble: string; parts: { label: string; text: string }[] }) {
  return (
    <>
      {preamble ? <p>{preamble}</p> : null}
      <ol className="space-y-1">
        {parts.map((p) => (
          <li key={p.label}>
            {parts.length > 1 ? <span className="font-semibold">({p.label}) </span> : null}
            {p.text}
          </li>
        ))}
      </ol>
    </>
  );
}

export default function ReviewPage() {
  const { conference, waiting, rejected, mergeable, sections } = useLoaderData<typeof loader>();
  const refusal = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const errorsFor = (intent: string, motionId: number | null, field: string) =>
    refusal && refusal.intent === intent && refusal.motionId === motionId ? (refusal.errors[field] ?? null) : null;
  const mergeErrors = (field: string) => errorsFor("merge", null, field);
  return (
    <div className="space-y-6">
      <p>
        <Link to={`/conferences/${conference.id}`}>Back to {conference.title}</Link>
      </p>
      <header className="space-y-1">
        <h1>Review submissions</h1>
        <p className="text-slate-700">
          {conference.title} ·{" "}
          {conference.submissionsOpen
            ? conference.deadline
              ? `submissions open until the end of ${formatDate(conference.deadline)}`
              : "submissions open"
            : "submissions closed"}
        </p>
      </header>

      <section aria-labelledby="waiting-title" className="space-y-3">
        <h2 id="waiting-title">Waiting for a decision ({waiting.length})</h2>
        {waiting.length === 0 ? <p>No submissions are waiting.</p> : null}
        {waiting.map((m) => {
          const reasonId = `reason-${m.id}`;
          const reasonErrors = errorsFor("reject", m.id, "reason");
          const formErrors = errorsFor("accept", m.id, "") ?? errorsFor("reject", m.id, "");
          return (
            <article key={m.id} aria-labelledby={`submission-${m.id}`} className="card space-y-3">
              <h3 id={`submission-${m.id}`} className="text-lg font-semibold">
                <Link to={`/motions/${m.id}`}>{m.title}</Link>
              </h3>
              <p className="text-sm text-slate-700">
                Proposed by {m.proposer}
                {m.seconder ? `, seconded by ${m.seconder}` : ""}
                {m.kind !== "motion" ? ` · ${m.kind}${m.parent_number ? ` to motion ${m.parent_number}` : ""}` : ""} · submitted{" "}
                <time dateTime={m.updated_at}>{formatDate(m.updated_at)}</time>
              </p>
              <MotionText preamble={m.preamble} parts={m.parts} />
              <ErrorList errors={formErrors} />
              <div className="flex flex-wrap items-start gap-4 border-t border-slate-200 pt-3">
                <Form method="post">
                  <input type="hidden" name="motionId" value={m.id} />
                  <button type="submit" name="intent" value="accept" className="btn" disabled={busy}>
                    Accept onto the agenda
                  </button>
                </Form>
                <Form method="post" className="min-w-64 flex-1 space-y-2">
                  <input type="hidden" name="motionId" value={m.id} />
                  <label htmlFor={reasonId} className="block font-medium">
                    Reason for rejecting “{m.title}” (the LMC reads it)
                  </label>
                  <textarea
                    id={reasonId}
                    name="reason"
                    rows={2}
                    className="input"
                    required
                    minLength={3}
                    maxLength={1000}
                    aria-invalid={reasonErrors ? true : undefined}
                    aria-describedby={reasonErrors ? `${reasonId}-error` : undefined}
                  />
                  <ErrorList id={`${reasonId}-error`} errors={reasonErrors} />
                  <button type="submit" name="intent" value="reject" className="btn-secondary" disabled={busy}>
                    Reject
                  </button>
                </Form>
                <div className="flex items-center gap-2">
                  <input id={`merge-${m.id}`} type="checkbox" name="motionIds" value={m.id} form="merge-form" />
                  <label htmlFor={`merge-${m.id}`}>Include “{m.title}” in a composite</label>
                </div>
              </div>
            </article>
          );
        })}
      </section>

      <section aria-labelledby="merge-title" className="card space-y-4">
        <h2 id="merge-title">Merge into a composite</h2>
        <p>
          Tick the submissions above to include, and any agenda motions below. The composite goes onto the agenda under the next
          number and replaces them: submissions are accepted as they are merged, and conference votes on the composite.
        </p>
        <Form method="post" id="merge-form" className="space-y-4">
          <input type="hidden" name="intent" value="merge" />
          <ErrorList errors={mergeErrors("")} />
          {mergeable.length ? (
            <fieldset className="space-y-1">
              <legend className="font-medium">Agenda motions it also replaces</legend>
              {mergeable.map((m) => (
                <div key={m.id} className="flex items-center gap-2">
                  <input id={`merge-agenda-${m.id}`} type="checkbox" name="motionIds" value={m.id} />
                  <label htmlFor={`merge-agenda-${m.id}`}>
                    Motion {m.number}: {m.title} ({m.proposer})
                  </label>
                </div>
              ))}
            </fieldset>
          ) : null}
          <ErrorList id="motionIds-error" errors={mergeErrors("motionIds")} />
          <div className="grid gap-4 sm:grid-cols-2">
            <div className="space-y-1">
              <label htmlFor="composite-title" className="block font-medium">
                Composite title
              </label>
              <input id="composite-title" name="title" className="input" required minLength={3} maxLength={200} aria-describedby={mergeErrors("title") ? "title-error" : undefined} />
              <ErrorList id="title-error" errors={mergeErrors("title")} />
            </div>
            <div className="space-y-1">
              <label htmlFor="composite-proposer" className="block font-medium">
                Proposed by
              </label>
              <input id="composite-proposer" name="proposer" className="input" required maxLength={120} aria-describedby={mergeErrors("proposer") ? "proposer-error" : undefined} />
              <ErrorList id="proposer-error" errors={mergeErrors("proposer")} />
            </div>
            <div className="space-y-1">
              <label htmlFor="composite-section" className="block font-medium">
                Section
              </label>
              <select id="composite-section" name="sectionId" className="input">
                <option value="">No section yet</option>
                {sections.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.title}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div className="space-y-1">
            <label htmlFor="composite-preamble" className="block font-medium">
              Preamble
            </label>
            <textarea id="composite-preamble" name="preamble" rows={2} className="input" maxLength={3000} />
          </div>
          {Array.from({ length: COMPOSITE_PART_SLOTS }, (_, i) => (
            <div key={i} className="space-y-1">
              <label htmlFor={`composite-part-${i}`} className="block font-medium">
                Part {i + 1} text{i === 0 ? "" : " (optional)"}
              </label>
              <textarea id={`composite-part-${i}`} name="parts" rows={2} className="input" maxLength={3000} />
            </div>
          ))}
          <ErrorList errors={mergeErrors("parts")} />
          <button type="submit" className="btn" disabled={busy}>
            Make the composite
          </button>
        </Form>
      </section>

      <section aria-labelledby="rejected-title" className="space-y-2">
        <h2 id="rejected-title">Rejected ({rejected.length})</h2>
        {rejected.length === 0 ? (
          <p>None.</p>
        ) : (
          <ul className="list-disc space-y-1 pl-6">
            {rejected.map((m) => (
              <li key={m.id}>
                <Link to={`/motions/${m.id}`}>{m.title}</Link> ({m.proposer}
                {m.reviewed_at ? `, ${formatDate(m.reviewed_at)}` : ""}): {m.rejection_reason}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
