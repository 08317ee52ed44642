import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "../utils/parse-form";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { OptionFields } from "../components/option-fields";
import { ErrorList, Field, FormErrors, SelectField } from "../components/ui/field";
import { can } from "../domain/access";
import { CAMPAIGN_STATUS_LABELS, nextCampaignStatuses, TRIGGER_SCOPE_LABELS } from "../domain/campaign-status";
import { addCampaignNote, changeCampaignStatus, getCampaign, saveOption } from "../models/campaigns.server";
import { listClauseChoices } from "../models/clauses.server";
import { CampaignNoteSchema, CampaignStatusSchema, OptionSchema } from "../schemas/campaigns";
import { getActor, requireAllowed } from "../utils/access.server";
import { parseId } from "../utils/conference-access.server";
import { PRIVATE_NO_STORE, privateNoStoreHeaders } from "../utils/cache-control";
import { getDb } from "../utils/db.server";
import { notFound } from "../utils/permissions.server";
import { redirectWithToast } from "../utils/session.server";
import { formatDate } from "../utils/time";
import { CampaignParticipation } from "../components/participation";
import { campaignDashboard } from "../models/participation-view.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.campaign.title ?? "Campaign"} | LMC Tracker` }];

export const headers = privateNoStoreHeaders;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await getActor(request);
  const canManage = can(actor, "manage-campaigns");
  const db = getDb();
  const id = parseId(params.id, "campaign");
  const found = await getCampaign(db, id, { includeDrafts: canManage });
  if (!found) notFound("No such campaign");
  const [clauses, dashboard] = await Promise.all([
    canManage ? listClauseChoices(db) : [],
    campaignDashboard(db, actor ? { role: actor.role, lmcId: actor.lmcId } : { role: "public", lmcId: null }, id),
  ]);
  return data({ ...found, canManage, clauses, dashboard, nextStatuses: nextCampaignStatuses(found.campaign.status) }, { headers: PRIVATE_NO_STORE });
}

const ActionSchema = { status: CampaignStatusSchema, note: CampaignNoteSchema, option: OptionSchema } as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireAllowed(request, "manage-campaigns");
  const db = getDb();
  const id = parseId(params.id, "campaign");
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  if (!Object.hasOwn(ActionSchema, intent)) return data({ result: null, error: "Choose what to do" }, { status: 400 });
  const submission = parseWithZod(formData, { schema: ActionSchema[intent as keyof typeof ActionSchema] });
  if (submission.status !== "success") return data({ intent, result: submission.reply(), error: null }, { status: 400 });
  const value = submission.value;
  const outcome =
    value.intent === "status"
      ? await changeCampaignStatus(db, actor.id, id, value.status, value.version, value.note || null)
      : value.intent === "note"
        ? await addCampaignNote(db, actor.id, id, value.text)
        : await saveOption(db, actor.id, id, value.optionId ?? null, {
            title: value.title,
            description: value.description,
            riskNote: value.riskNote,
            trigger: value.triggerScope !== "none" && value.triggerPercent !== undefined ? { percent: value.triggerPercent, scope: value.triggerScope } : null,
            clauseIds: value.clauseIds,
          });
  if (!outcome.ok) {
    const reply = submission.reply(outcome.field ? { fieldErrors: { [outcome.field]: [outcome.message] } } : { formErrors: [outcome.message] });
    return data({ intent, result: reply, error: null }, { status: outcome.message.startsWith("Someone else") ? 409 : 400 });
  }
  const message = value.intent === "status" ? `Campaign is now ${CAMPAIGN_STATUS_LABELS[value.status].toLowerCase()}.` : value.intent === "note" ? "Note added to the timeline." : "Option saved.";
  return redirectWithToast(request, `/campaigns/${id}`, { kind: "success", message });
}

export default function CampaignPage() {
  const { campaign, mandate, options, events, canManage, clauses, dashboard, nextStatuses } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const lastFor = (intent: string) => (reply && "intent" in reply && reply.intent === intent ? reply.result : undefined);
  return (
    <div className="space-y-6">
      <p>
        <Link to="/campaigns">All campaigns</Link>
      </p>
      <div className="space-y-1">
        <h1>{campaign.title}</h1>
        <p className="text-slate-700">{CAMPAIGN_STATUS_LABELS[campaign.status]}</p>
      </div>
      <p className="max-w-3xl whitespace-pre-line">{campaign.summary}</p>

      <section aria-labelledby="mandate" className="card space-y-2">
        <h2 id="mandate">Mandate</h2>
        <p className="text-sm text-slate-700">The conference resolutions that authorise this campaign.</p>
        <ul className="list-disc space-y-1 pl-5">
          {mandate.map((m) => (
            <li key={m.resolutionId}>
              <Link to={`/resolutions/${m.resolutionId}`}>
                {m.conferenceTitle}, motion {m.motionNumber} part ({m.partLabel})
              </Link>
              : {m.partText}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="options" className="space-y-3">
        <h2 id="options">Options</h2>
        {options.length === 0 ? <p>No options yet.</p> : null}
        <ul className="grid gap-3 md:grid-cols-2">
          {options.map((o) => (
            <li key={o.id} className="card space-y-2">
              <h3 className="text-lg">
                <Link to={`/campaigns/${campaign.id}/options/${o.id}`}>{o.title}</Link>
              </h3>
              <p>{o.description}</p>
              {o.trigger_percent !== null && o.trigger_scope ? (
                <p className="text-sm">
                  Trigger: at least {o.trigger_percent}% of active practices {TRIGGER_SCOPE_LABELS[o.trigger_scope].toLowerCase()}.
                  {o.liveScopes.length ? ` Live ${o.liveScopes.some((l) => l.scopeKey === "national") ? "nationally" : `in ${o.liveScopes.length} ICB${o.liveScopes.length === 1 ? "" : "s"}`}.` : " Not yet live."}
                </p>
              ) : (
                <p className="text-sm">No trigger: live as soon as the campaign is.</p>
              )}
              <p>
                <Link to={`/campaigns/${campaign.id}/options/${o.id}`}>Sign up, pledge or read more</Link>
              </p>
            </li>
          ))}
        </ul>
      </section>

      {dashboard ? <CampaignParticipation data={dashboard} /> : null}

      <section aria-labelledby="timeline" className="card space-y-2">
        <h2 id="timeline">Timeline</h2>
        {events.length === 0 ? <p>Nothing has happened yet.</p> : null}
        <ol className="space-y-1">
          {events.map((e) => (
            <li key={e.id}>
              <time dateTime={e.created_at} className="font-medium">
                {formatDate(e.created_at)}
              </time>
              : {e.text}
            </li>
          ))}
        </ol>
      </section>

      {canManage ? (
        <>
          <StatusForm campaignStatus={campaign.status} version={campaign.version} nextStatuses={nextStatuses} lastResult={lastFor("status")} />
          <NoteForm lastResult={lastFor("note")} />
          <section aria-labelledby="add-option" className="card space-y-4">
            <h2 id="add-option">Add an option</h2>
            <OptionFields id="new-option" clauses={clauses} lastResult={lastFor("option")} submitLabel="Add option" />
          </section>
          <p>
            <Link to={`/campaigns/${campaign.id}/signed-practices.csv`} reloadDocument>
              Download the list of signed practices (CSV, for organising; the download is recorded)
            </Link>
          </p>
        </>
      ) : null}
    </div>
  );
}

function StatusForm({ campaignStatus, version, nextStatuses, lastResult }: { campaignStatus: keyof typeof CAMPAIGN_STATUS_LABELS; version: number; nextStatuses: readonly (keyof typeof CAMPAIGN_STATUS_LABELS)[]; lastResult: unknown }) {
  const [form, fields] = useForm({
    id: "campaign-status",
    lastResult: lastResult as never,
    constraint: getZodConstraint(CampaignStatusSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CampaignStatusSchema }),
  });
  if (nextStatuses.length === 0) return <p className="card">This campaign is closed.</p>;
  return (
    <section aria-labelledby="change-status" className="card space-y-4">
      <h2 id="change-status">Change status</h2>
      <p className="text-sm">Now: {CAMPAIGN_STATUS_LABELS[campaignStatus]}. The change is dated and shown on the public timeline.</p>
      <Form method="post" {...getFormProps(form)} className="grid gap-4 sm:grid-cols-2">
        <FormErrors errors={form.errors} />
        <input type="hidden" name="intent" value="status" />
        <input type="hidden" name="version" value={version} />
        <SelectField label="New status" errors={fields.status.errors} selectProps={getSelectProps(fields.status)}>
          {nextStatuses.map((s) => (
            <option key={s} value={s}>
              {CAMPAIGN_STATUS_LABELS[s]}
            </option>
          ))}
        </SelectField>
        <Field label="Note for the timeline (optional)" errors={fields.note.errors} inputProps={getInputProps(fields.note, { type: "text" })} />
        <div>
          <button type="submit" className="btn">
            Change status
          </button>
        </div>
      </Form>
    </section>
  );
}

function NoteForm({ lastResult }: { lastResult: unknown }) {
  const [form, fields] = useForm({
    id: "campaign-note",
    lastResult: lastResult as never,
    constraint: getZodConstraint(CampaignNoteSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CampaignNoteSchema }),
  });
  return (
    <section aria-labelledby="add-note" className="card space-y-4">
      <h2 id="add-note">Add a note to the timeline</h2>
      <Form method="post" {...getFormProps(form)} className="space-y-3">
        <FormErrors errors={form.errors} />
        <input type="hidden" name="intent" value="note" />
        <div className="space-y-1">
          <label htmlFor={fields.text.id} className="block font-medium">
            Note
          </label>
          <textarea {...getTextareaProps(fields.text)} rows={2} className="input" aria-describedby={fields.text.errors?.length ? fields.text.errorId : undefined} />
          <ErrorList id={fields.text.errorId} errors={fields.text.errors} />
        </div>
        <button type="submit" className="btn">
          Add note
        </button>
      </Form>
    </section>
  );
}
