import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { HistoryPanel, RecordPanel } from "../components/history-panel";
import { MotionSummary } from "../components/motion-summary";
import { publicMotionRecord } from "../domain/motion-history";
import { getEntityHistory } from "../models/audit.server";
import { setMotionState } from "../models/motions.server";
import { RESOLUTION_STATUS_LABELS } from "../schemas/conferences";
import { requireUser } from "../utils/auth.server";
import { loadVisibleMotion } from "../utils/conference-access.server";
import { getDb } from "../utils/db.server";
import { forbidden } from "../utils/permissions.server";
import { toastHeaders } from "../utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Motion ${data.motion.number}: ${data.motion.title} | LMC Tracker` : "Motion | LMC Tracker" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const found = await loadVisibleMotion(request, params.id);
  // The runners and the proposing LMC see the full audit history; everyone else only what
  // was published, in words (no earlier drafts, no raw values, no names).
  const fullHistory = found.canSeeHistory;
  const events = await getEntityHistory(getDb(), "motion", found.motion.id, fullHistory ? 50 : 1000);
  const m = found.motion;
  return {
    motion: {
      id: m.id,
      number: m.number,
      title: m.title,
      proposer: m.proposer,
      seconder: m.seconder,
      kind: m.kind,
      marking: m.marking,
      state: m.state,
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
    history: fullHistory ? events : null,
    record: fullHistory ? null : publicMotionRecord(events, new Map(found.parts.map((p) => [p.id, p.label]))),
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
    redirect(`/motions/${found.motion.id}`, { headers: await toastHeaders(request, { kind: "success", message }) });
  if (intent === "accept" && found.canAccept) {
    await setMotionState(getDb(), user.id, found.motion.id, "agenda");
    return done("Motion accepted onto the agenda.");
  }
  if (intent === "submit" && found.canSubmit) {
    await setMotionState(getDb(), user.id, found.motion.id, "submitted");
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
          Motion {motion.number}: {motion.title}
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
