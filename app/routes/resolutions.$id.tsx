import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "../utils/parse-form";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { HistoryPanel } from "../components/history-panel";
import { ErrorList, Field, FormErrors, SelectField } from "../components/ui/field";
import { getHistoryInWords } from "../models/audit.server";
import { getResolution, recordResolutionProgress } from "../models/resolutions.server";
import { campaignsForResolution } from "../models/campaigns.server";
import { isFollowing, setFollowing } from "../models/notifications.server";
import { FollowSchema } from "../schemas/accounts";
import { can } from "../domain/access";
import { CAMPAIGN_STATUS_LABELS } from "../domain/campaign-status";
import { RESOLUTION_STATUS_LABELS, RESOLUTION_STATUSES, ResolutionProgressSchema } from "../schemas/conferences";
import { getViewer, parseId } from "../utils/conference-access.server";
import { getDb } from "../utils/db.server";
import { notFound, requireUserWithPermission } from "../utils/permissions.server";
import { redirectWithToast } from "../utils/session.server";
import { formatDate, todayIso } from "../utils/time";

export const meta: MetaFunction = () => [{ title: "Resolution | LMC Tracker" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await getViewer(request);
  const canManage = can(viewer, "update-resolution-progress");
  const db = getDb();
  const resolution = await getResolution(db, viewer, parseId(params.id, "resolution"));
  if (!resolution) notFound("No such resolution");
  const history = canManage ? await getHistoryInWords(db, "resolution", resolution.id) : [];
  const canStartCampaign = can(viewer, "manage-campaigns");
  const campaigns = await campaignsForResolution(db, resolution.id, { includeDrafts: canStartCampaign });
  const mayFollow = viewer !== null && can(viewer, "follow-resolution", { ownerId: viewer.id });
  const following = mayFollow ? await isFollowing(db, viewer.id, resolution.id) : false;
  return { resolution, canManage, canStartCampaign, history, campaigns, today: todayIso(), mayFollow, following };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent === "follow" || intent === "unfollow") return follow(request, params, formData);
  const user = await requireUserWithPermission(request, "update-resolution-progress");
  const db = getDb();
  const resolution = await getResolution(db, { id: user.id, role: user.role, lmcId: user.lmcId }, parseId(params.id, "resolution"));
  if (!resolution) notFound("No such resolution");
  const submission = parseWithZod(formData, { schema: ResolutionProgressSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  await recordResolutionProgress(db, user.id, resolution.id, submission.value);
  return redirectWithToast(request, `/resolutions/${resolution.id}`, { kind: "success", message: "Progress recorded." });
}

/** Follow a resolution (or stop): the user is emailed when its progress moves. */
async function follow(request: Request, params: ActionFunctionArgs["params"], formData: FormData) {
  const user = await requireUserWithPermission(request, "follow-resolution");
  const db = getDb();
  const resolution = await getResolution(db, { id: user.id, role: user.role, lmcId: user.lmcId }, parseId(params.id, "resolution"));
  if (!resolution) notFound("No such resolution");
  const { intent } = FollowSchema.parse(Object.fromEntries(formData));
  await setFollowing(db, user.id, resolution.id, intent === "follow");
  const message = intent === "follow" ? "You follow this resolution: we will email you when its progress moves." : "You no longer follow this resolution.";
  return redirectWithToast(request, `/resolutions/${resolution.id}`, { kind: "success", message });
}

export default function ResolutionPage() {
  const { resolution, canManage, canStartCampaign, history, campaigns, today, mayFollow, following } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "progress",
    lastResult,
    constraint: getZodConstraint(ResolutionProgressSchema),
    defaultValue: { status: resolution.status, notedOn: today },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ResolutionProgressSchema }),
    shouldRevalidate: "onBlur",
  });
  return (
    <div className="space-y-6">
      <p>
        <Link to="/resolutions">All resolutions</Link>
      </p>
      <h1>
        Resolution: motion {resolution.number} part ({resolution.label})
      </h1>
      <p className="text-slate-700">
        {resolution.conference_title} · <Link to={`/motions/${resolution.motion_id}`}>{resolution.title}</Link> · {RESOLUTION_STATUS_LABELS[resolution.status]}
      </p>
      <blockquote className="card">{resolution.text}</blockquote>
      <section aria-labelledby="campaigns-title" className="card space-y-2">
        <h2 id="campaigns-title">Campaigns it mandates</h2>
        {campaigns.length === 0 ? <p>No campaign acts on this resolution yet.</p> : null}
        <ul className="list-disc pl-5">
          {campaigns.map((c) => (
            <li key={c.id}>
              <Link to={`/campaigns/${c.id}`}>{c.title}</Link> ({CAMPAIGN_STATUS_LABELS[c.status].toLowerCase()})
            </li>
          ))}
        </ul>
        {canStartCampaign ? (
          <p>
            <Link to={`/campaigns?resolution=${resolution.id}#new-campaign`}>Start a campaign from this resolution</Link>
          </p>
        ) : null}
      </section>
      <section aria-labelledby="progress-title" className="card space-y-3">
        <h2 id="progress-title">Progress</h2>
        {mayFollow ? (
          <Form method="post" className="flex flex-wrap items-center gap-3">
            <button type="submit" name="intent" value={following ? "unfollow" : "follow"} className="btn-secondary">
              {following ? "Stop following" : "Follow this resolution"}
            </button>
            <span className="text-sm text-slate-600">{following ? "We email you when its progress moves." : "Get an email when its progress moves."}</span>
          </Form>
        ) : null}
        {resolution.notes.length === 0 ? <p>No progress recorded yet.</p> : null}
        <ol className="space-y-2">
          {resolution.notes.map((n) => (
            <li key={n.id}>
              <time dateTime={n.noted_on} className="font-medium">
                {formatDate(n.noted_on)}
              </time>
              : {n.note}
              {n.author ? <span className="text-slate-600"> ({n.author})</span> : null}
            </li>
          ))}
        </ol>
      </section>
      {canManage ? (
        <section aria-labelledby="record-title" className="card space-y-4">
          <h2 id="record-title">Record progress</h2>
          <Form method="post" {...getFormProps(form)} className="grid gap-4 sm:grid-cols-2">
            <FormErrors errors={form.errors} />
            <SelectField label="Status" errors={fields.status.errors} selectProps={getSelectProps(fields.status)}>
              {RESOLUTION_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {RESOLUTION_STATUS_LABELS[s]}
                </option>
              ))}
            </SelectField>
            <Field label="Date" errors={fields.notedOn.errors} inputProps={getInputProps(fields.notedOn, { type: "date" })} />
            <div className="space-y-1 sm:col-span-2">
              <label htmlFor={fields.note.id} className="block font-medium">
                Note
              </label>
              <textarea {...getTextareaProps(fields.note)} rows={3} className="input" aria-describedby={fields.note.errors?.length ? fields.note.errorId : undefined} />
              <ErrorList id={fields.note.errorId} errors={fields.note.errors} />
            </div>
            <div>
              <button type="submit" className="btn">
                Record progress
              </button>
            </div>
          </Form>
        </section>
      ) : null}
      {canManage ? <HistoryPanel items={history} /> : null}
    </div>
  );
}
