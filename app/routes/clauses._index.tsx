import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "../utils/parse-form";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorList, Field, FormErrors, SelectField } from "../components/ui/field";
import { can } from "../domain/access";
import { listClauses, listDocuments, saveClause } from "../models/clauses.server";
import { ClauseSchema } from "../schemas/conferences";
import { getViewer } from "../utils/conference-access.server";
import { getDb } from "../utils/db.server";
import { requireUserWithPermission } from "../utils/permissions.server";
import { redirectWithToast } from "../utils/session.server";
import { formatDate } from "../utils/time";

export const meta: MetaFunction = () => [{ title: "Contract clause register | LMC Tracker" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await getViewer(request);
  const db = getDb();
  const canManage = can(viewer, "manage-clauses");
  // The counts include only the motion parts this reader may see.
  const [clauses, documents] = await Promise.all([listClauses(db, viewer), canManage ? listDocuments(db) : []]);
  return { clauses, documents, canManage };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "manage-clauses");
  const submission = parseWithZod(await request.formData(), { schema: ClauseSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const db = getDb();
  const documents = await listDocuments(db);
  if (!documents.some((d) => d.id === submission.value.documentId)) {
    return data(submission.reply({ fieldErrors: { documentId: ["Choose a document from the list"] } }), { status: 400 });
  }
  const id = await saveClause(db, user.id, submission.value);
  return redirectWithToast(request, `/clauses/${id}`, { kind: "success", message: "Clause added." });
}

export default function ClausesPage() {
  const { clauses, documents, canManage } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "clause",
    lastResult,
    constraint: getZodConstraint(ClauseSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ClauseSchema }),
    shouldRevalidate: "onBlur",
  });
  const byDocument = new Map<string, typeof clauses>();
  for (const c of clauses) byDocument.set(c.document_title, [...(byDocument.get(c.document_title) ?? []), c]);
  return (
    <div className="space-y-6">
      <h1>Contract clause register</h1>
      <p className="max-w-3xl">
        The GP contract instruments and the clauses conference motions target. Each clause lists every motion part that asked to
        remove, amend, oppose, support or clarify it, with the outcome.
      </p>
      {[...byDocument].map(([document, list]) => (
        <section key={document} className="card space-y-3" aria-label={document}>
          <h2>{document}</h2>
          <p className="text-sm text-slate-700">{list[0]!.citation}</p>
          <ul className="space-y-2">
            {list.map((c) => (
              <li key={c.id}>
                <Link to={`/clauses/${c.id}`} className="font-medium">
                  {c.reference ? `${c.reference}: ` : ""}
                  {c.title}
                </Link>
                <span className="text-sm text-slate-700">
                  {c.in_force_from ? ` · in force from ${formatDate(c.in_force_from)}` : ""}
                  {c.revoked_on ? ` · revoked ${formatDate(c.revoked_on)}` : ""} · targeted by {c.part_count} motion part{c.part_count === 1 ? "" : "s"}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ))}
      {canManage ? (
        <section aria-labelledby="add-clause" className="card space-y-4">
          <h2 id="add-clause">Add a clause</h2>
          <Form method="post" {...getFormProps(form)} className="grid gap-4 sm:grid-cols-2">
            <FormErrors errors={form.errors} />
            <SelectField label="Document" errors={fields.documentId.errors} selectProps={getSelectProps(fields.documentId)}>
              <option value="">Choose a document</option>
              {documents.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.title}
                </option>
              ))}
            </SelectField>
            <Field label="Reference (only if you can cite it)" hint="For example: Sch 3 para 7. Leave empty rather than guess." errors={fields.reference.errors} inputProps={getInputProps(fields.reference, { type: "text" })} />
            <Field label="Title" errors={fields.title.errors} inputProps={getInputProps(fields.title, { type: "text" })} />
            <Field label="Source web address" errors={fields.sourceUrl.errors} inputProps={getInputProps(fields.sourceUrl, { type: "url" })} />
            <Field label="In force from" errors={fields.inForceFrom.errors} inputProps={getInputProps(fields.inForceFrom, { type: "date" })} />
            <Field label="Revoked on" errors={fields.revokedOn.errors} inputProps={getInputProps(fields.revokedOn, { type: "date" })} />
            <div className="space-y-1 sm:col-span-2">
              <label htmlFor={fields.summary.id} className="block font-medium">
                Plain-English summary
              </label>
              <textarea {...getTextareaProps(fields.summary)} rows={3} className="input" />
              <ErrorList id={fields.summary.errorId} errors={fields.summary.errors} />
            </div>
            <div>
              <button type="submit" className="btn">
                Add clause
              </button>
            </div>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
