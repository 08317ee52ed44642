import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ErrorList } from "../components/ui/field";
import { parseAgenda } from "../domain/agenda-parser";
import { MARKING_LABELS } from "../schemas/conferences";
import { ImportRejected, importParsedAgenda } from "../models/motion-transfer.server";
import { requireConferenceRunner } from "../utils/conference-access.server";
import { getDb } from "../utils/db.server";
import { toastHeaders } from "../utils/session.server";

export const meta: MetaFunction = () => [{ title: "Import an agenda | LMC Tracker" }];

const AgendaTextSchema = z.object({
  intent: z.enum(["preview", "apply"]),
  text: z
    .string({ required_error: "Paste the agenda text" })
    .trim()
    .min(1, "Paste the agenda text")
    .max(2_000_000, "That agenda is longer than 2 MB of text; split it into parts"),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { conference } = await requireConferenceRunner(request, params.id);
  return { conference: { id: conference.id, title: conference.title } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, conference } = await requireConferenceRunner(request, params.id);
  const parsedForm = AgendaTextSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsedForm.success) {
    return data({ errors: parsedForm.error.flatten().fieldErrors.text ?? ["Paste the agenda text"], text: "", preview: null, applyProblems: [] }, { status: 400 });
  }
  const { intent, text } = parsedForm.data;
  const agenda = parseAgenda(text);
  const preview = {
    title: agenda.title,
    dateLine: agenda.dateLine,
    sections: agenda.sections,
    motions: agenda.motions,
    skipped: agenda.skipped,
    furniture: agenda.furniture,
  };
  if (intent === "preview" || agenda.motions.length === 0) {
    const errors = agenda.motions.length === 0 ? ["No motions were found in that text."] : [];
    return data({ errors, text, preview, applyProblems: [] }, { status: errors.length ? 400 : 200 });
  }
  try {
    const result = await importParsedAgenda(getDb(), user.id, conference.id, agenda);
    return redirect(`/conferences/${conference.id}`, {
      headers: await toastHeaders(request, {
        kind: "success",
        message: `Imported ${result.motions} motions in ${result.sections} sections.${agenda.skipped.length ? ` ${agenda.skipped.length} lines were skipped.` : ""}`,
      }),
    });
  } catch (error) {
    if (error instanceof ImportRejected) return data({ errors: [], text, preview, applyProblems: error.problems }, { status: 400 });
    throw error;
  }
}

export default function ImportAgendaPage() {
  const { conference } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const preview = result?.preview;
  return (
    <div className="space-y-6">
      <p>
        <Link to={`/conferences/${conference.id}`}>Back to {conference.title}</Link>
      </p>
      <h1>Import an agenda</h1>
      <p className="max-w-3xl">
        Paste the agenda as printed: section headings in capitals, numbered motions with the proposing LMC before a colon, parts (i),
        (ii) ..., A and AR markings, starred groups, composites with &ldquo;(replaces motions ...)&rdquo; and riders. Preview first:
        nothing is saved until you apply, and every line the importer could not place is listed so you can correct it here.
      </p>
      <Form method="post" className="card space-y-4">
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
              Apply: import {preview.motions.length} motions
            </button>
          ) : null}
        </div>
      </Form>
      {result?.applyProblems.length ? (
        <div role="alert" className="card border-red-300 bg-red-50">
          <h2>Nothing was imported</h2>
          <ul className="list-disc pl-6">
            {result.applyProblems.map((p) => (
              <li key={`${p.line}${p.message}`}>
                Line {p.line}: {p.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {preview ? (
        <section aria-labelledby="preview-title" className="space-y-4">
          <h2 id="preview-title">Preview: nothing has been saved yet</h2>
          {preview.skipped.length ? (
            <div className="card space-y-2 border-amber-300 bg-amber-50" role="alert">
              <h3>
                {preview.skipped.length} line{preview.skipped.length === 1 ? "" : "s"} could not be placed
              </h3>
              <ul className="list-disc pl-6">
                {preview.skipped.map((s) => (
                  <li key={s.line}>
                    Line {s.line}: {s.reason}. <q className="font-mono text-sm">{s.text}</q>
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <p>Every line was placed.</p>
          )}
          {preview.furniture.length ? (
            <p className="text-sm text-slate-700">
              Ignored as page furniture: {preview.furniture.map((f) => `line ${f.line} (${f.reason})`).join(", ")}.
            </p>
          ) : null}
          <div className="card overflow-x-auto" tabIndex={0} role="region" aria-label="Table, scrolls sideways on small screens">
            <table className="table">
              <caption className="sr-only">Motions found</caption>
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  <th scope="col">Number</th>
                  <th scope="col">Section</th>
                  <th scope="col">Proposer</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Marking</th>
                  <th scope="col">Parts</th>
                </tr>
              </thead>
              <tbody>
                {preview.motions.map((m) => (
                  <tr key={m.number}>
                    <td>{m.line}</td>
                    <td>
                      {m.isGroupLead ? "*" : ""}
                      {m.number}
                    </td>
                    <td>{m.section ?? "none"}</td>
                    <td>{m.proposer}</td>
                    <td>
                      {m.kind}
                      {m.parentNumber ? ` to ${m.parentNumber}` : ""}
                      {m.replaces.length ? ` replacing ${m.replaces.join(", ")}` : ""}
                    </td>
                    <td>{MARKING_LABELS[m.marking]}</td>
                    <td>{m.parts.length}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </div>
  );
}
