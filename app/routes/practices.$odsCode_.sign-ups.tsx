import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "../utils/parse-form";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorList, Field, FormErrors, SelectField } from "../components/ui/field";
import { can } from "../domain/access";
import { NOTICE_TYPE_LABELS, NOTICE_TYPES, SIGNUP_STATUS_LABELS } from "../domain/campaign-status";
import { listCampaigns, listOptions } from "../models/campaigns.server";
import { noticesOfPractice, signUpsOfPractice } from "../models/practice-actions.server";
import { recordNotice } from "../models/signups.server";
import { NoticeSchema } from "../schemas/campaigns";
import { requireAllowed, requirePracticeAllowed } from "../utils/access.server";
import { PRIVATE_NO_STORE, privateNoStoreHeaders } from "../utils/cache-control";
import { redirectWithToast } from "../utils/session.server";
import { formatDate, todayIso } from "../utils/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.practice.name ?? "Practice"}: sign-ups | LMC Tracker` }];

export const headers = privateNoStoreHeaders;

/** The practice and what the user is to it; to anyone who may not see its sign-ups it does not exist. */
const loadPractice = (request: Request, odsCode: string | undefined) => requirePracticeAllowed(request, odsCode, "see-practice-signups");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor, practice, relation } = await loadPractice(request, params.odsCode);
  const seeNotices = can(actor, "see-notices", relation);
  const mayRecord = can(actor, "record-notice", relation);
  const mayChange = can(actor, "sign-up-practice", relation);
  const [signUps, notices, campaigns] = await Promise.all([
    signUpsOfPractice(db, practice.id),
    seeNotices ? noticesOfPractice(db, practice.id) : [],
    mayRecord ? listCampaigns(db, { includeDrafts: false, statuses: ["open", "active", "paused", "closed"] }) : [],
  ]);
  const options = mayRecord ? await listOptions(db, campaigns.map((c) => c.id)) : [];
  return data(
    {
      practice: { odsCode: practice.ods_code, name: practice.name },
      signUps,
      notices,
      seeNotices,
      mayRecord,
      mayChange,
      optionChoices: options.map((o) => ({ id: o.id, label: `${campaigns.find((c) => c.id === o.campaign_id)?.title}: ${o.title}` })),
      today: todayIso(),
    },
    { headers: PRIVATE_NO_STORE },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, practice, relation } = await loadPractice(request, params.odsCode);
  const actor = await requireAllowed(request, "record-notice", relation);
  const submission = parseWithZod(await request.formData(), { schema: NoticeSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const outcome = await recordNotice(db, actor.id, { practiceId: practice.id, ...submission.value });
  if (!outcome.ok) return data(submission.reply({ fieldErrors: { optionId: [outcome.message] } }), { status: 400 });
  return redirectWithToast(request, `/practices/${practice.ods_code}/sign-ups`, {
    kind: "success",
    message: "Notice recorded. BMA staff can now see it and offer support.",
  });
}

export default function PracticeSignUpsPage() {
  const { practice, signUps, notices, seeNotices, mayRecord, mayChange, optionChoices, today } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "notice",
    lastResult,
    constraint: getZodConstraint(NoticeSchema),
    defaultValue: { receivedOn: today },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NoticeSchema }),
    shouldRevalidate: "onBlur",
  });
  return (
    <div className="space-y-6">
      <div>
        <h1>{practice.name}: collective action</h1>
        <p className="text-slate-700">
          ODS code {practice.odsCode}. Seen only by the practice&apos;s members and BMA staff.
        </p>
      </div>
      <section aria-labelledby="signups" className="space-y-3">
        <h2 id="signups">Sign-ups</h2>
        {signUps.length === 0 ? (
          <p>
            The practice has not signed up to any option. <Link to="/campaigns">See the campaigns</Link>.
          </p>
        ) : null}
        {signUps.map((s) => (
          <article key={s.id} className="card space-y-2" aria-labelledby={`signup-${s.id}`}>
            <h3 id={`signup-${s.id}`}>
              <Link to={`/campaigns/${s.campaignId}/options/${s.optionId}`}>{s.optionTitle}</Link>
            </h3>
            <p className="text-sm text-slate-700">{s.campaignTitle}</p>
            <p>
              <span className="font-medium">{SIGNUP_STATUS_LABELS[s.status]}</span>
              {s.condition_scope ? `, only if at least ${s.condition_percent}% of practices ${s.condition_scope === "icb" ? "in the ICB" : "nationally"} are acting` : ""}.
            </p>
            {s.status !== "withdrawn" ? (
              <p>
                {s.acting ? `Acting since ${formatDate(s.acting_since ?? s.updated_at)}.` : "Not acting yet."} {s.acting_reason ? `${s.acting_reason}.` : null}
              </p>
            ) : null}
            {mayChange ? (
              <p>
                <Link to={`/campaigns/${s.campaignId}/options/${s.optionId}`}>Change or withdraw</Link>
              </p>
            ) : null}
            <details>
              <summary>History ({s.history.length === 1 ? "1 change" : `${s.history.length} changes`})</summary>
              <ol className="mt-2 space-y-1">
                {s.history.map((h) => (
                  <li key={h.id}>
                    <time dateTime={h.created_at}>{formatDate(h.created_at)}</time>: {SIGNUP_STATUS_LABELS[h.status]}
                    {h.condition_scope ? ` (only if ${h.condition_percent}% ${h.condition_scope === "icb" ? "in the ICB" : "nationally"})` : ""}
                    {h.changedBy ? `, by ${h.changedBy}` : ""}
                  </li>
                ))}
              </ol>
            </details>
          </article>
        ))}
      </section>
      {seeNotices ? (
        <section aria-labelledby="notices" className="card space-y-3">
          <h2 id="notices">Contractual notices received</h2>
          <p className="text-sm text-slate-700">Formal action from the ICB. Recording it lets BMA staff see who needs support.</p>
          {notices.length === 0 ? <p>None recorded.</p> : null}
          <ul className="space-y-2">
            {notices.map((n) => (
              <li key={n.id}>
                <time dateTime={n.received_on} className="font-medium">
                  {formatDate(n.received_on)}
                </time>
                : {NOTICE_TYPE_LABELS[n.notice_type]} about “{n.optionTitle}”{n.note ? `: ${n.note}` : ""}
              </li>
            ))}
          </ul>
          {mayRecord ? (
            <Form method="post" {...getFormProps(form)} className="grid gap-4 border-t border-slate-200 pt-4 sm:grid-cols-2">
              <h3 className="sm:col-span-2">Record a notice</h3>
              <FormErrors errors={form.errors} />
              <SelectField label="Kind of notice" errors={fields.type.errors} selectProps={getSelectProps(fields.type)}>
                <option value="">Choose…</option>
                {NOTICE_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {NOTICE_TYPE_LABELS[t]}
                  </option>
                ))}
              </SelectField>
              <Field label="Date received" errors={fields.receivedOn.errors} inputProps={getInputProps(fields.receivedOn, { type: "date" })} />
              <SelectField label="The option it relates to" errors={fields.optionId.errors} selectProps={getSelectProps(fields.optionId)}>
                <option value="">Choose…</option>
                {optionChoices.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.label}
                  </option>
                ))}
              </SelectField>
              <div className="space-y-1 sm:col-span-2">
                <label htmlFor={fields.note.id} className="block font-medium">
                  Note (optional)
                </label>
                <textarea {...getTextareaProps(fields.note)} rows={2} className="input" aria-describedby={fields.note.errors?.length ? fields.note.errorId : undefined} />
                <ErrorList id={fields.note.errorId} errors={fields.note.errors} />
              </div>
              <div>
                <button type="submit" className="btn">
                  Record notice
                </button>
              </div>
            </Form>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
