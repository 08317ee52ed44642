import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { HistoryPanel, RecordPanel } from "../components/history-panel";
import { MotionSummary } from "../components/motion-summary";
import { publicMotionRecord } from "../domain/motion-history";
import { motionName } from "../domain/motion-states";
import { getEntityHistory, getHistoryInWords } from "../models/audit.server";
import { submitMotion } from "../models/motions.server";
import { acceptSubmission } from "../models/review.server";
import { RESOLUTION_STATUS_LABELS } from "../schemas/conferences";
import { requireUser } from "../utils/auth.server";
import { loadVisibleMotion } from "../utils/conference-access.server";
import { getDb } from "../utils/db.server";
import { forbidden } from "../utils/permissions.server";
import { redirectWithToast } from "../utils/session.server";
import { formatDate } from "../utils/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.motion.name}: ${data.motion.title} | LMC Tracker` : "Motion | LMC Tracker" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const found = await loadVisibleMotion(request, params.id);
  // The runners and the proposing LMC see the full history, in words; everyone else only what
  // was published (no earlier drafts, no raw values, no names).
  const fullHistory = found.canSeeHistory;
  const db = getDb();
  const m = found.motion;
  const [history, events] = await Promise.all([
    fullHistory ? getHistoryInWords(db, "motion", m.id) : null,
    fullHistory ? [] : getEntityHistory(db, "motion", m.id, 1000),
  ]);
  return {
    motion: {
      id: m.id,
      name: motionName(m),
      number: m.number,
      title: m.title,
      proposer: m.proposer,
      seconder: m.seconder,
      kind: m.kind,
      marking: m.marking,
      state: m.state,
      // Only those who see a rejected motion (its LMC and the agenda committee) read why.
      rejection: m.state === "rejected" ? { reason: m.rejection_reason ?? "", on: m.reviewed_at } : null,
      preamble: m.preamble,
      conferenceId: m.conference_id,
      conferenceTitle: m.conference_title,
      section: m.section_title,
      parentId: m.parent_motion_id,
      parentNumber: m.parent_number,
      result: found.result,
      parts: found.parts,
    },
    replaces: found.replaces,
    resolutions: found.resolutions,
    history,
    // The lines' words only: an audit row's id is nobody's business outside the log.
    record: fullHistory ? null : publicMotionRecord(events, new Map(found.parts.map((p) => [p.id, p.label]))).map(({ text }) => ({ text })),
    canRecordVotes: found.canRecordVotes,
    canEdit: found.canEdit,
    canSubmit: found.canSubmit,
    canAccept: found.canAccept,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const found = await loadVisibleMotion(request, params.id);
  const intent = (await request.formData()).get("intent");
  const done = async (message: string) =>
    redirectWithToast(request, `/motions/${found.motion.id}`, { kind: "success", message });
  if (intent === "accept" && found.canAccept) {
    const accepted = await acceptSubmission(getDb(), user.id, found.motion.conference_id, found.motion.id);
    return done(accepted.ok ? `Motion accepted onto the agenda as motion ${accepted.number}.` : accepted.message);
  }
  if (intent === "submit" && found.canSubmit) {
    await submitMotion(getDb(), user.id, found.motion.id);
    return done("Motion submitted to the conference.");
  }
  forbidden(request, user, `cannot ${typeof intent === "string" ? intent.slice(0, 20) : "change"} this motion`);
}

export default function MotionPage() {
  const { motion, replaces, resolutions, history, record, canRecordVotes, canEdit, canSubmit, canAccept } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <p>
        <Link to={`/conferences/${motion.conferenceId}`}>Back to {motion.conferenceTitle}</Link>
      </p>
      <header className="space-y-1">
        <h1>
          {motion.name}: {motion.title}
        </h1>
        <p className="text-slate-700">
          {motion.section ? `${motion.section} · ` : ""}Proposed by {motion.proposer}
          {motion.seconder ? `, seconded by ${motion.seconder}` : ""}
          {motion.parentId ? (
            <>
              {" "}
              · {motion.kind} to <Link to={`/motions/${motion.parentId}`}>motion {motion.parentNumber}</Link>
            </>
          ) : null}
          {replaces.length ? (
            <>
              {" "}
              · replaces{" "}
              {replaces.map((r, i) => (
                <span key={r.id}>
                  {i ? ", " : ""}
                  <Link to={`/motions/${r.id}`}>{r.number}</Link>
                </span>
              ))}
            </>
          ) : null}
        </p>
      </header>
      {motion.rejection ? (
        <section aria-labelledby="rejected-title" className="rounded-md border border-red-300 bg-red-50 p-3">
          <h2 id="rejected-title" className="text-base font-semibold">
            Rejected by the agenda committee{motion.rejection.on ? ` on ${formatDate(motion.rejection.on)}` : ""}
          </h2>
          <p>{motion.rejection.reason}</p>
        </section>
      ) : null}
      {canEdit || canSubmit || canAccept || (canRecordVotes && motion.state === "agenda") ? (
        <nav aria-label="Motion actions" className="flex flex-wrap gap-3">
          {canRecordVotes && motion.state === "agenda" ? (
            <Link to={`/motions/${motion.id}/votes`} className="btn">
              Record votes
            </Link>
          ) : null}
          {canEdit ? (
            <Link to={`/motions/${motion.id}/edit`} className="btn-secondary">
              Edit motion
            </Link>
          ) : null}
          {canSubmit ? (
            <Form method="post">
              <button type="submit" name="intent" value="submit" className="btn">
                Submit to the conference
              </button>
            </Form>
          ) : null}
          {canAccept ? (
            <Form method="post">
              <button type="submit" name="intent" value="accept" className="btn">
                Accept onto the agenda
              </button>
            </Form>
          ) : null}
          {canAccept ? (
            <Link to={`/conferences/${motion.conferenceId}/review`} className="btn-secondary">
              Reject or merge in the review queue
            </Link>
          ) : null}
        </nav>
      ) : null}
      <MotionSummary motion={motion} standalone />
      {resolutions.length ? (
        <section aria-labelledby="resolutions-title" className="card space-y-2">
          <h2 id="resolutions-title">Resolutions</h2>
          <ul className="list-disc pl-6">
            {resolutions.map((r) => (
              <li key={r.id}>
                <Link to={`/resolutions/${r.id}`}>Part ({r.label})</Link>: {RESOLUTION_STATUS_LABELS[r.status]}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {history ? <HistoryPanel items={history} /> : <RecordPanel lines={record ?? []} />}
    </div>
  );
}
