import { getFormProps, getSelectProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "../utils/parse-form";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ConferenceFields } from "../components/conference-fields";
import { FormErrors, SelectField } from "../components/ui/field";
import { MOTION_STATE_LABELS } from "../domain/motion-states";
import { bodiesRunBy, createConference, listConferences } from "../models/conferences.server";
import { searchVisibleMotions } from "../models/agenda.server";
import { CONFERENCE_STATUS_LABELS, ConferenceSchema } from "../schemas/conferences";
import { requireUser } from "../utils/auth.server";
import { getViewer } from "../utils/conference-access.server";
import { getDb } from "../utils/db.server";
import { forbidden } from "../utils/permissions.server";
import { redirectWithToast } from "../utils/session.server";
import { formatDate } from "../utils/time";

export const meta: MetaFunction = () => [{ title: "Conferences | LMC Tracker" }];

const SearchSchema = z.string().trim().max(200).catch("");

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await getViewer(request);
  const db = getDb();
  const q = SearchSchema.parse(new URL(request.url).searchParams.get("q") ?? "");
  const [conferences, bodies] = await Promise.all([listConferences(db, viewer), viewer ? bodiesRunBy(db, viewer) : []]);
  // Search reaches only the motions this reader may see.
  const results = q ? await searchVisibleMotions(db, viewer, q) : null;
  return { conferences, bodies, q, results };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const db = getDb();
  const bodies = await bodiesRunBy(db, { id: user.id, role: user.role, lmcId: user.lmcId });
  if (bodies.length === 0) forbidden(request, user, "cannot create conferences");
  const submission = parseWithZod(await request.formData(), { schema: ConferenceSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  if (!bodies.some((b) => b.id === submission.value.bodyId)) {
    return data(submission.reply({ fieldErrors: { bodyId: ["Choose a body you run"] } }), { status: 400 });
  }
  const id = await createConference(db, user.id, submission.value);
  return redirectWithToast(request, `/conferences/${id}`, { kind: "success", message: "Conference created." });
}

export default function ConferencesPage() {
  const { conferences, bodies, q, results } = useLoaderData<typeof loader>();
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
      <Form method="get" role="search" className="card flex flex-wrap items-end gap-3">
        <div className="min-w-64 flex-1 space-y-1">
          <label htmlFor="q" className="block font-medium">
            Search motions in every conference
          </label>
          <input id="q" name="q" type="search" defaultValue={q} maxLength={200} className="input" />
        </div>
        <button type="submit" className="btn">
          Search
        </button>
      </Form>
      {results ? (
        <section aria-labelledby="results-title" className="space-y-2">
          <h2 id="results-title">
            {results.length} motion{results.length === 1 ? "" : "s"} match &ldquo;{q}&rdquo;
          </h2>
          <ul className="list-disc space-y-1 pl-6">
            {results.map((m) => (
              <li key={m.id}>
                <Link to={`/motions/${m.id}`}>
                  {m.state === "agenda" ? `${m.number}. ` : `${MOTION_STATE_LABELS[m.state]}: `}
                  {m.title}
                </Link>{" "}
                <span className="text-slate-700">
                  ({m.proposer}, {m.conference_title})
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {conferences.length === 0 ? <p>No conferences yet.</p> : null}
      <ul className="space-y-3">
        {conferences.map((c) => (
          <li key={c.id} className="card">
            <h2 className="text-lg">
              <Link to={`/conferences/${c.id}`}>{c.title}</Link>
            </h2>
            <p className="text-slate-700">
              {c.body_name} · <time dateTime={c.held_on}>{formatDate(c.held_on)}</time>
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
