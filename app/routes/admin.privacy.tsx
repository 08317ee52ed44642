// An administrator sets how long a withdrawn pledge keeps its maker's name; `npm run db:retention`
// (run daily, README) anonymises those older than that (ADR 014).
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "../utils/parse-form";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, FormErrors } from "../components/ui/field";
import { getPledgeRetentionDays, namedWithdrawnPledges, setPledgeRetentionDays } from "../models/erasure.server";
import { RetentionSchema } from "../schemas/accounts";
import { privateNoStoreHeaders, PRIVATE_NO_STORE } from "../utils/cache-control";
import { getDb } from "../utils/db.server";
import { requireUserWithPermission } from "../utils/permissions.server";
import { redirectWithToast } from "../utils/session.server";

export const meta: MetaFunction = () => [{ title: "Privacy | LMC Tracker" }];

export const headers = privateNoStoreHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, "set-retention");
  const db = getDb();
  const days = await getPledgeRetentionDays(db);
  return data({ days, ...(await namedWithdrawnPledges(db, days)) }, { headers: PRIVATE_NO_STORE });
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUserWithPermission(request, "set-retention");
  const submission = parseWithZod(await request.formData(), { schema: RetentionSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const days = submission.value.days ?? null;
  await setPledgeRetentionDays(getDb(), admin.id, days);
  return redirectWithToast(request, "/admin/privacy", {
    kind: "success",
    message: days === null ? "Withdrawn pledges now keep their maker's name until they delete their account." : `Withdrawn pledges are now anonymised ${days} days after they are withdrawn.`,
  });
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;

export default function PrivacyPage() {
  const { days, named, due } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    lastResult,
    defaultValue: { days: days === null ? "" : String(days) },
    constraint: getZodConstraint(RetentionSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RetentionSchema }),
  });
  return (
    <div className="space-y-6">
      <h1>Privacy</h1>
      <section className="card space-y-3" aria-labelledby="retention-title">
        <h2 id="retention-title">Withdrawn pledges</h2>
        <p>
          When a GP withdraws a personal pledge, the record of it keeps their name until this period has passed. Then the daily clean-up (<code>npm run db:retention</code>)
          removes the name from the pledge and from the audit log, and keeps the fact that someone pledged and withdrew.
        </p>
        <p>
          {days === null ? "No period is set: withdrawn pledges keep their maker's name until the person deletes their account." : `The period is ${plural(days, "day", "days")}.`}{" "}
          {plural(named, "withdrawn pledge still carries", "withdrawn pledges still carry")} a name
          {days === null ? "." : `; ${plural(due, "is", "are")} older than the period and will be anonymised at the next clean-up.`}
        </p>
        <Form method="post" {...getFormProps(form)} className="max-w-md space-y-4">
          <FormErrors errors={form.errors} />
          <Field
            label="Anonymise withdrawn pledges after (days)"
            hint="Leave blank to keep names until the person deletes their account. At least 7, at most 3650."
            errors={fields.days.errors}
            inputProps={{ ...getInputProps(fields.days, { type: "number" }), inputMode: "numeric" }}
          />
          <button type="submit" className="btn" disabled={busy}>
            Save
          </button>
        </Form>
      </section>
    </div>
  );
}
