import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { HistoryPanel } from "../components/history-panel";
import { ConferenceFields } from "../components/conference-fields";
import { FormErrors } from "../components/ui/field";
import { getEntityHistory } from "../models/audit.server";
import { updateConference } from "../models/conferences.server";
import { ConferenceSchema } from "../schemas/conferences";
import { requireConferenceRunner } from "../utils/conference-access.server";
import { getDb } from "../utils/db.server";
import { toastHeaders } from "../utils/session.server";

export const meta: MetaFunction = () => [{ title: "Edit conference | LMC Tracker" }];

const EditSchema = ConferenceSchema.omit({ bodyId: true });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { conference } = await requireConferenceRunner(request, params.id);
  const history = await getEntityHistory(getDb(), "conference", conference.id);
  return { conference, history };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, conference } = await requireConferenceRunner(request, params.id);
  const submission = parseWithZod(await request.formData(), { schema: EditSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  await updateConference(getDb(), user.id, conference.id, submission.value);
  return redirect(`/conferences/${conference.id}`, { headers: await toastHeaders(request, { kind: "success", message: "Conference saved." }) });
}

export default function EditConferencePage() {
  const { conference, history } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "edit-conference",
    lastResult,
    constraint: getZodConstraint(EditSchema),
    defaultValue: {
      title: conference.title,
      heldOn: conference.held_on,
      venue: conference.venue,
      status: conference.status,
      submissionDeadline: conference.submission_deadline ?? undefined,
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EditSchema }),
    shouldRevalidate: "onBlur",
  });
  return (
    <div className="space-y-6">
      <p>
        <Link to={`/conferences/${conference.id}`}>Back to {conference.title}</Link>
      </p>
      <h1>Edit conference</h1>
      <Form method="post" {...getFormProps(form)} className="card grid gap-4 sm:grid-cols-2">
        <FormErrors errors={form.errors} />
        <ConferenceFields fields={fields} />
        <div>
          <button type="submit" className="btn">
            Save
          </button>
        </div>
      </Form>
      <HistoryPanel items={history} />
    </div>
  );
}
