import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ErrorList } from "../components/ui/field";
import type { PlannedMotion, PlanProblem } from "../domain/agenda-import-plan";
import { parseAgenda } from "../domain/agenda-parser";
import { MARKING_LABELS } from "../schemas/conferences";
import { ImportRejected, importParsedAgenda, planAgendaImportFor } from "../models/motion-transfer.server";
import { requireConferenceRunner } from "../utils/conference-access.server";
import { getDb } from "../utils/db.server";
import { redirectWithToast } from "../utils/session.server";

export const meta: MetaFunction = () => [{ title: "Import an agenda | LMC Tracker" }];

const AgendaTextSchema = z.object({
  intent: z.enum(["preview", "apply"]),
  text: z
    .string({ required_error: "Paste the agenda text" })
    .trim()
    .min(1, "Paste the agenda text")
    .max(2_000_000, "That agenda is longer than 2 MB of text; split it into parts"),
  // The clerk's decisions: the problems to skip, by key (line and fingerprint).
  skip: z.array(z.string().max(40)).max(1_000),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { conference } = await requireConferenceRunner(request, params.id);
  return { conference: { id: conference.id, title: conference.title } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, conference } = await requireConferenceRunner(request, params.id);
  const form = await request.formData();
  const parsedForm = AgendaTextSchema.safeParse({ intent: form.get("intent"), text: form.get("text") ?? undefined, skip: form.getAll("skip") });
  if (!parsedForm.success) {
    const errors = parsedForm.error.flatten().fieldErrors.text ?? ["Paste the agenda text"];
    return data({ errors, text: "", preview: null, skip: [], applyProblems: [] }, { status: 400 });
  }
  const { intent, text } = parsedForm.data;
  const skip = new Set(parsedForm.data.skip);
  const agenda = parseAgenda(text);
  const plan = await planAgendaImportFor(getDb(), conference.id, agenda, skip);
  const preview = { title: agenda.title, dateLine: agenda.dateLine, furniture: agenda.furniture, ...plan };
  const kept = [...skip];
  if (intent === "preview" || agenda.motions.length === 0) {
    const errors = agenda.motions.length === 0 ? ["No motions were found in that text."] : [];
    return data({ errors, text, preview, skip: kept, applyProblems: [] }, { status: errors.length ? 400 : 200 });
  }
  try {
    const result = await importParsedAgenda(getDb(), user.id, conference.id, agenda, skip);
    const imported = result.added + result.updated;
    return redirectWithToast(request, `/conferences/${conference.id}`, {
      kind: "success",
      message: `Imported ${imported} motions in ${result.sections} sections. ${result.added} added, ${result.updated} updated, ${result.unchanged} unchanged${result.left_out ? `, ${result.left_out} left out` : ""}.`,
    });
  } catch (error) {
    if (error instanceof ImportRejected) return data({ errors: [], text, preview, skip: kept, applyProblems: error.problems }, { status: 400 });
    throw error;
  }
}

type Preview = NonNullable<NonNullable<ReturnType<typeof useActionData<typeof action>>>["preview"]>;

export default function ImportAgendaPage() {
  const { conference } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const preview = result?.preview;
  const skip = new Set(result?.skip ?? []);
  const importing = preview ? preview.counts.add + preview.counts.update : 0;
  return (
    <div className="space-y-6">
      <p>
        <Link to={`/conferences/${conference.id}`}>Back to {conference.title}</Link>
      </p>
      <h1>Import an agenda</h1>
      <p className="max-w-3xl">
        Paste the agenda as printed: section headings, numbered motions with the proposing LMC before a colon, parts (i), (ii) ..., A and AR
        markings, starred groups, composites with &ldquo;(replaces motions ...)&rdquo;, riders and amendments numbered after their motion (7a,
        7b). Preview first: nothing is saved until you apply. Every line the importer could not read is listed; fix it in the text, or tick
        it to skip it. Motions already in this conference are updated, not duplicated.
      </p>
      <Form method="post" className="space-y-6">
        <div className="card space-y-4">
          <div className="space-y-1">
            <label htmlFor="text" className="block font-medium">
              Agenda text
            </label>
            <textarea
              id="text"
              name="text"
              rows={18}
              defaultValue={result?.text ?? ""}
              key={result?.text ?? "empty"}
              className="input font-mono text-sm"
              aria-invalid={result?.errors.length ? true : undefined}
              aria-describedby={result?.errors.length ? "text-error" : undefined}
            />
            <ErrorList id="text-error" errors={result?.errors} />
          </div>
          <div className="flex flex-wrap gap-3">
            <button type="submit" name="intent" value="preview" className="btn-secondary" disabled={busy}>
              Preview
            </button>
            {preview && preview.motions.length ? (
              <button type="submit" name="intent" value="apply" className="btn" disabled={busy}>
                Apply: import {importing} motions ({preview.counts.add} new, {preview.counts.update} updated)
              </button>
            ) : null}
          </div>
        </div>
        {result?.applyProblems.length ? (
          <div role="alert" className="card border-red-300 bg-red-50">
            <h2>Nothing was imported</h2>
            <p>Fix these lines in the text, or tick them to skip them, then apply again.</p>
            <ul className="list-disc pl-6">
              {result.applyProblems.map((p) => (
                <li key={`${p.line}${p.message}`}>
                  Line {p.line}: {p.message}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {preview ? <PreviewSection preview={preview} skip={skip} /> : null}
      </Form>
    </div>
  );
}

function PreviewSection({ preview, skip }: { preview: Preview; skip: Set<string> }) {
  const problems = [...preview.problems, ...preview.skipped].sort((a, b) => a.line - b.line);
  const problemsOf = new Map<string, PlanProblem[]>();
  for (const p of problems) if (p.motion) problemsOf.set(p.motion, [...(problemsOf.get(p.motion) ?? []), p]);
  // Riders and amendments show under their own motion when it is in the text.
  const inText = new Set(preview.motions.map((m) => m.number));
  const attached = new Map<string, PlannedMotion[]>();
  for (const m of preview.motions) if (m.parentNumber && inText.has(m.parentNumber)) attached.set(m.parentNumber, [...(attached.get(m.parentNumber) ?? []), m]);
  const topLevel = preview.motions.filter((m) => !(m.parentNumber && inText.has(m.parentNumber)));
  const groups = [
    ...preview.sections.map((s) => ({ ...s, list: topLevel.filter((m) => m.section === s.title) })),
    { title: null as string | null, motions: 0, exists: true, list: topLevel.filter((m) => m.section === null) },
  ].filter((g) => g.title !== null || g.list.length);
  return (
    <section aria-labelledby="preview-title" className="space-y-4">
      <h2 id="preview-title">Preview: nothing has been saved yet</h2>
      <p>
        {preview.motions.length} motion{preview.motions.length === 1 ? "" : "s"} in the text: {preview.counts.add} to add, {preview.counts.update} to
        update, {preview.counts.unchanged} unchanged, {preview.counts.left_out} left out.
        {preview.untouched ? ` ${preview.untouched} motion${preview.untouched === 1 ? "" : "s"} already on this conference's agenda ${preview.untouched === 1 ? "is" : "are"} not in this text and stay as they are.` : ""}
      </p>
      {problems.length ? (
        <fieldset className={`card space-y-3 ${preview.problems.length ? "border-amber-300 bg-amber-50" : ""}`}>
          <legend className="px-1 font-semibold">
            {preview.problems.length
              ? `${preview.problems.length} problem${preview.problems.length === 1 ? "" : "s"} to fix or skip before applying`
              : "Every problem has been skipped"}
          </legend>
          {preview.problems.length ? (
            <p role="alert">Apply is refused until each of these is fixed in the text above, or ticked to skip it.</p>
          ) : null}
          <ul className="space-y-3">
            {problems.map((p) => (
              <li key={p.key} className="space-y-1">
                <p>
                  {p.lastLine > p.line ? `Lines ${p.line} to ${p.lastLine}` : `Line ${p.line}`}: {p.reason}.{" "}
                  <q className="font-mono text-sm">{p.text}</q>
                </p>
                <label className="flex items-center gap-2">
                  <input type="checkbox" name="skip" value={p.key} defaultChecked={skip.has(p.key)} />
                  {p.motion
                    ? `Leave motion ${p.motion} out of this import`
                    : p.lastLine > p.line
                      ? `Skip lines ${p.line} to ${p.lastLine}`
                      : `Skip line ${p.line}`}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      ) : (
        <p>Every line was placed.</p>
      )}
      {preview.furniture.length ? (
        <details className="card" open>
          <summary className="font-semibold">
            {preview.furniture.length} line{preview.furniture.length === 1 ? "" : "s"} ignored as page furniture
          </summary>
          <ul className="list-disc pl-6 text-sm">
            {preview.furniture.map((f) => (
              <li key={f.line}>
                Line {f.line} ({f.reason}): <q className="font-mono">{f.text}</q>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {groups.map((group) => (
        <section key={group.title ?? "none"} aria-label={group.title ?? "Motions under no heading"} className="space-y-3">
          <h3>
            {group.title ?? "Motions under no heading"}
            {group.title && !group.exists ? <span className="ml-2 text-sm font-normal text-slate-700">(new section)</span> : null}
          </h3>
          {group.list.length === 0 ? <p className="text-sm text-slate-700">No motions under this heading; it becomes an empty section.</p> : null}
          {group.list.map((m) => (
            <MotionPreview key={m.number} motion={m} riders={attached.get(m.number) ?? []} problemsOf={problemsOf} />
          ))}
        </section>
      ))}
    </section>
  );
}

const ACTION_LABELS: Record<PlannedMotion["action"], string> = {
  add: "Will add",
  update: "Will update",
  unchanged: "Unchanged",
  left_out: "Left out",
};

function MotionPreview({ motion, riders, problemsOf }: { motion: PlannedMotion; riders: PlannedMotion[]; problemsOf: Map<string, PlanProblem[]> }) {
  const flagged = problemsOf.get(motion.number) ?? [];
  return (
    <article className="card space-y-2" aria-label={`Motion ${motion.number}`}>
      <p className="flex flex-wrap items-baseline gap-x-3">
        <strong>
          {motion.isGroupLead ? "*" : ""}
          {motion.number} {motion.proposer}
        </strong>
        <span className="text-sm text-slate-700">
          {motion.kind}
          {motion.parentNumber ? ` to motion ${motion.parentNumber}` : ""}
          {motion.replaces.length ? `, replacing ${motion.replaces.join(", ")}` : ""}
          {motion.groupLead ? `, grouped under ${motion.groupLead}` : ""} · {MARKING_LABELS[motion.marking]} · line {motion.line}
        </span>
        <span className="rounded bg-slate-100 px-2 text-sm font-semibold">{ACTION_LABELS[motion.action]}</span>
      </p>
      {flagged.length ? <p className="text-sm text-amber-900">See the problem{flagged.length === 1 ? "" : "s"} listed above for this motion.</p> : null}
      {motion.action === "update" ? (
        <div className="text-sm">
          <p className="font-medium">What changes:</p>
          <ul className="list-disc pl-6">
            {motion.changes.map((c) => (
              <li key={c.field}>
                {c.field}: <del>{c.before}</del> <span aria-hidden="true">→</span>
                <span className="sr-only">becomes</span> <ins>{c.after}</ins>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {motion.preamble ? <p>{motion.preamble}</p> : null}
      <ol className="space-y-1">
        {motion.parts.map((p) => (
          <li key={p.label}>
            ({p.label}) {p.text}
          </li>
        ))}
      </ol>
      {riders.length ? (
        <div className="space-y-2 border-l-4 border-slate-200 pl-3" role="group" aria-label={`Riders and amendments to motion ${motion.number}`}>
          {riders.map((r) => (
            <MotionPreview key={r.number} motion={r} riders={[]} problemsOf={problemsOf} />
          ))}
        </div>
      ) : null}
    </article>
  );
}
