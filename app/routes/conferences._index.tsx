import { getFormProps, getSelectProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ConferenceFields } from "../components/conference-fields";
import { FormErrors, SelectField } from "../components/ui/field";
import { bodiesRunBy, createConference, ensureLmcBody, listConferences } from "../models/conferences.server";
import { CONFERENCE_STATUS_LABELS, ConferenceSchema } from "../schemas/conferences";
import { requireUser } from "../utils/auth.server";
import { getViewer } from "../utils/conference-access.server";
import { getDb } from "../utils/db.server";
import { forbidden } from "../utils/permissions.server";
import { toastHeaders } from "../utils/session.server";

export const meta: MetaFunction = () => [{ title: "Conferences | LMC Tracker" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await getViewer(request);
  const db = getDb();
  if (viewer?.role === "lmc_secretary" && viewer.lmcId) await ensureLmcBody(db, viewer.lmcId);
  const [conferences, bodies] = await Promise.all([listConferences(db, viewer), viewer ? bodiesRunBy(db, viewer) : []]);
  return { conferences, bodies };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const db = getDb();
  if (user.role === "lmc_secretary" && user.lmcId) await ensureLmcBody(db, user.lmcId);
  const bodies = await bodiesRunBy(db, { id: user.id, role: user.role, lmcId: user.lmcId });
  if (bodies.length === 0) forbidden(request, user, "cannot create conferences");
  const submission = parseWithZod(await request.formData(), { schema: ConferenceSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  if (!bodies.some((b) => b.id === submission.value.bodyId)) {
    return data(submission.reply({ fieldErrors: { bodyId: ["Choose a body you run"] } }), { status: 400 });
  }
  const id = await createConference(db, user.id, submission.value);
  return redirect(`/conferences/${id}`, { headers: await toastHeaders(request, { kind: "success", message: "Conference created." }) });
}

export default function ConferencesPage() {
  const { conferences, bodies } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "create-conference",
    lastResult,
    constraint: getZodConstraint(ConferenceSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ConferenceSchema }),
    shouldRevalidate: "onBlur",
  });
  return (
    <div className="space-y-6">
      <h1>Conferences</h1>
      {conferences.length === 0 ? <p>No conferences yet.</p> : null}
      <ul className="space-y-3">
        {conferences.map((c) => (
          <li key={c.id} className="card">
            <h2 className="text-lg">
              <Link to={`/conferences/${c.id}`}>{c.title}</Link>
            </h2>
            <p className="text-slate-700">
              {c.body_name} · <time dateTime={c.held_on}>{c.held_on}</time>
              {c.venue ? ` · ${c.venue}` : ""} · {CONFERENCE_STATUS_LABELS[c.status]} · {c.motion_count ?? 0} motions
            </p>
          </li>
        ))}
      </ul>
      {bodies.length ? (
        <section aria-labelledby="new-conference" className="card space-y-4">
          <h2 id="new-conference">Create a conference</h2>
          <Form method="post" {...getFormProps(form)} className="grid gap-4 sm:grid-cols-2">
            <FormErrors errors={form.errors} />
            <SelectField label="Body" errors={fields.bodyId.errors} selectProps={getSelectProps(fields.bodyId)}>
              <option value="">Choose a body</option>
              {bodies.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                </option>
              ))}
            </SelectField>
            <ConferenceFields fields={fields} />
            <div>
              <button type="submit" className="btn">
                Create conference
              </button>
            </div>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
