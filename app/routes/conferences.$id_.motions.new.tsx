import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { MotionForm } from "../components/motion-form";
import { listClauseChoices } from "../models/clauses.server";
import { listSections } from "../models/conferences.server";
import { getLmc } from "../models/geography.server";
import { requireUser } from "../utils/auth.server";
import { loadVisibleConference } from "../utils/conference-access.server";
import { getDb } from "../utils/db.server";
import { handleMotionForm } from "../utils/motion-form.server";
import { forbidden } from "../utils/permissions.server";
import { formatDate } from "../utils/time";

export const meta: MetaFunction = () => [{ title: "New motion | LMC Tracker" }];

async function requireDrafter(request: Request, id: string | undefined) {
  const user = await requireUser(request);
  const access = await loadVisibleConference(request, id);
  if (!access.canDraft || !access.viewer) {
    forbidden(request, user, access.conference.submission_deadline ? "motion submissions are closed or not allowed" : "cannot draft motions here");
  }
  return { ...access, viewer: access.viewer };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { conference, viewer, canRun } = await requireDrafter(request, params.id);
  const db = getDb();
  const [sections, clauses, lmc] = await Promise.all([listSections(db, conference.id), listClauseChoices(db), viewer.lmcId ? getLmc(db, viewer.lmcId) : null]);
  return {
    conference: { id: conference.id, title: conference.title, deadline: conference.submission_deadline },
    sections,
    clauses: clauses.map((c) => ({ id: c.id, name: c.reference ? `${c.reference}: ${c.title}` : c.title })),
    canRun,
    proposerName: lmc?.name ?? null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { conference, viewer } = await requireDrafter(request, params.id);
  return handleMotionForm(request, viewer, conference);
}

export default function NewMotionPage() {
  const { conference, sections, clauses, canRun, proposerName } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <div className="space-y-6">
      <p>
        <Link to={`/conferences/${conference.id}`}>Back to {conference.title}</Link>
      </p>
      <h1>{canRun ? "Add a motion" : "Draft a motion"}</h1>
      {!canRun && conference.deadline ? <p>You can edit and submit motions until the end of {formatDate(conference.deadline)}.</p> : null}
      <MotionForm
        lastResult={lastResult}
        sections={sections}
        clauses={clauses}
        isRunner={canRun}
        asksNumber={canRun}
        proposerName={proposerName}
        submitLabel={canRun ? "Save motion" : "Save draft"}
      />
    </div>
  );
}
