import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { MotionForm } from "../components/motion-form";
import { motionNameInSentence } from "../domain/motion-states";
import { listClauseChoices } from "../models/clauses.server";
import { listSections } from "../models/conferences.server";
import type { ClauseIntent } from "../../db/types";
import { requireUser } from "../utils/auth.server";
import { loadVisibleMotion } from "../utils/conference-access.server";
import { getDb } from "../utils/db.server";
import { handleMotionForm } from "../utils/motion-form.server";
import { forbidden } from "../utils/permissions.server";

export const meta: MetaFunction = () => [{ title: "Edit motion | LMC Tracker" }];

async function requireEditor(request: Request, id: string | undefined) {
  const user = await requireUser(request);
  const found = await loadVisibleMotion(request, id);
  if (!found.canEdit || !found.viewer) forbidden(request, user, "cannot edit this motion (after the deadline only BMA staff can)");
  return { ...found, viewer: found.viewer };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const found = await requireEditor(request, params.id);
  const db = getDb();
  const [sections, clauses] = await Promise.all([listSections(db, found.motion.conference_id), listClauseChoices(db)]);
  const m = found.motion;
  return {
    motion: { id: m.id, name: motionNameInSentence(m), conferenceId: m.conference_id },
    defaultValue: {
      number: m.state === "agenda" ? m.number : undefined,
      title: m.title,
      proposer: m.proposer,
      seconder: m.seconder ?? undefined,
      kind: m.kind,
      parentNumber: m.parent_number ?? undefined,
      replaces: found.replaces.map((r) => r.number).join(", ") || undefined,
      marking: m.marking,
      // A section of another conference (saved before sections were checked) is not offered.
      sectionId: m.section_title === null ? undefined : (m.section_id ?? undefined),
      preamble: m.preamble || undefined,
      version: m.version,
      parts: found.parts.map((p) => ({ text: p.text, clauseId: p.clauses[0]?.clause_id, intent: p.clauses[0]?.intent as ClauseIntent | undefined })),
    },
    sections,
    clauses: clauses.map((c) => ({ id: c.id, name: c.reference ? `${c.reference}: ${c.title}` : c.title })),
    canRun: found.canRun,
    asksNumber: m.state === "agenda",
    proposerName: m.proposer,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const found = await requireEditor(request, params.id);
  return handleMotionForm(
    request,
    found.viewer,
    { id: found.motion.conference_id, facts: found.facts },
    { id: found.motion.id, number: found.motion.number, version: found.motion.version, state: found.motion.state, proposerLmcId: found.motion.proposer_lmc_id },
  );
}

export default function EditMotionPage() {
  const { motion, defaultValue, sections, clauses, canRun, asksNumber, proposerName } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <div className="space-y-6">
      <p>
        <Link to={`/motions/${motion.id}`}>Back to {motion.name}</Link>
      </p>
      <h1>Edit {motion.name}</h1>
      <MotionForm
        lastResult={lastResult}
        defaultValue={defaultValue}
        sections={sections}
        clauses={clauses}
        isRunner={canRun}
        asksNumber={asksNumber}
        proposerName={proposerName}
        submitLabel="Save changes"
      />
    </div>
  );
}
