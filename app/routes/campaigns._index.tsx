import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "../utils/parse-form";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorList, Field, FormErrors } from "../components/ui/field";
import { can } from "../domain/access";
import { CAMPAIGN_STATUS_LABELS } from "../domain/campaign-status";
import { createCampaign, listCampaigns, mandateChoices } from "../models/campaigns.server";
import { CampaignSchema } from "../schemas/campaigns";
import { getActor, requireAllowed } from "../utils/access.server";
import { getDb } from "../utils/db.server";
import { redirectWithToast } from "../utils/session.server";
import { formatDate } from "../utils/time";

export const meta: MetaFunction = () => [{ title: "Campaigns | LMC Tracker" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await getActor(request);
  const canManage = can(actor, "manage-campaigns");
  const db = getDb();
  const [campaigns, choices] = await Promise.all([listCampaigns(db, { includeDrafts: canManage }), canManage ? mandateChoices(db) : []]);
  const preselected = new URL(request.url).searchParams.getAll("resolution");
  return { campaigns, choices, canManage, preselected };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireAllowed(request, "manage-campaigns");
  const submission = parseWithZod(await request.formData(), { schema: CampaignSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await createCampaign(getDb(), actor.id, submission.value);
  if (!result.ok) {
    return data(submission.reply(result.field ? { fieldErrors: { [result.field]: [result.message] } } : { formErrors: [result.message] }), { status: 400 });
  }
  return redirectWithToast(request, `/campaigns/${result.id}`, { kind: "success", message: "Campaign created as a draft. Add its options, then open it for pledges." });
}

export default function CampaignsPage() {
  const { campaigns, choices, canManage, preselected } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "campaign",
    lastResult,
    constraint: getZodConstraint(CampaignSchema),
    defaultValue: { resolutionIds: preselected },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CampaignSchema }),
    shouldRevalidate: "onBlur",
  });
  const chosen = new Set((fields.resolutionIds.value as string[] | undefined) ?? preselected);
  return (
    <div className="space-y-6">
      <h1>Campaigns</h1>
      <p className="max-w-3xl">
        Collective action that conference mandated. Each campaign offers options a practice can sign up to; practices and GPs
        pledge, and the figures are shown by region and ICB without ever saying which practice signed.{" "}
        <Link to="/participation">See participation</Link>.
      </p>
      {campaigns.length === 0 ? <p>No campaigns yet.</p> : null}
      <ul className="space-y-3">
        {campaigns.map((c) => (
          <li key={c.id} className="card space-y-1">
            <h2 className="text-lg">
              <Link to={`/campaigns/${c.id}`}>{c.title}</Link>
            </h2>
            <p className="text-slate-700">
              {CAMPAIGN_STATUS_LABELS[c.status]} · {c.options === 1 ? "1 option" : `${c.options} options`} · updated {formatDate(c.updated_at)}
            </p>
            <p className="max-w-3xl">{c.summary}</p>
          </li>
        ))}
      </ul>
      {canManage ? (
        <section aria-labelledby="new-campaign" className="card space-y-4">
          <h2 id="new-campaign">Start a campaign</h2>
          <p className="text-sm text-slate-700">A new campaign is a draft, seen by BMA staff only, until it is opened for pledges.</p>
          <Form method="post" {...getFormProps(form)} className="space-y-4">
            <FormErrors errors={form.errors} />
            <Field label="Title" errors={fields.title.errors} inputProps={getInputProps(fields.title, { type: "text" })} />
            <div className="space-y-1">
              <label htmlFor={fields.summary.id} className="block font-medium">
                Summary
              </label>
              <textarea {...getTextareaProps(fields.summary)} rows={3} className="input" aria-describedby={fields.summary.errors?.length ? fields.summary.errorId : undefined} />
              <ErrorList id={fields.summary.errorId} errors={fields.summary.errors} />
            </div>
            <fieldset className="space-y-2" aria-describedby={fields.resolutionIds.errors?.length ? fields.resolutionIds.errorId : undefined}>
              <legend className="font-medium">Mandate: the carried resolutions that authorise it</legend>
              {choices.length === 0 ? <p>There are no carried resolutions yet.</p> : null}
              <div className="max-h-72 space-y-1 overflow-y-auto rounded border border-slate-200 p-2" role="group" aria-label="Carried resolutions">
                {choices.map((r) => (
                  <label key={r.id} className="flex gap-2">
                    <input type="checkbox" name={fields.resolutionIds.name} value={String(r.id)} defaultChecked={chosen.has(String(r.id))} />
                    <span>
                      {r.conferenceTitle}, motion {r.number} part ({r.label}): {r.text.length > 160 ? `${r.text.slice(0, 160)}…` : r.text}
                    </span>
                  </label>
                ))}
              </div>
              <ErrorList id={fields.resolutionIds.errorId} errors={fields.resolutionIds.errors} />
            </fieldset>
            <button type="submit" className="btn">
              Create campaign
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
