// Deleting one's own account (issue 12, ADR 014): what stays and what goes, said before the
// button; the password again; then logged out with the account a nameless tombstone.
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "../utils/parse-form";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { Field, FormErrors } from "../components/ui/field";
import { eraseAccount } from "../models/erasure.server";
import { DeleteAccountSchema } from "../schemas/accounts";
import { privateNoStoreHeaders, PRIVATE_NO_STORE } from "../utils/cache-control";
import { getDb } from "../utils/db.server";
import { requireUserWithPermission } from "../utils/permissions.server";
import { getCookieSession, sessionStorage } from "../utils/session.server";

export const meta: MetaFunction = () => [{ title: "Delete my account | LMC Tracker" }];

export const headers = privateNoStoreHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "delete-account");
  return data({ email: user.email }, { headers: PRIVATE_NO_STORE });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "delete-account");
  const submission = parseWithZod(await request.formData(), { schema: DeleteAccountSchema });
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  const outcome = await eraseAccount(getDb(), user.id, submission.value.password);
  if (!outcome.ok) {
    const reply = outcome.field === "password" ? { fieldErrors: { password: [outcome.message] } } : { formErrors: [outcome.message] };
    return data(submission.reply({ ...reply, hideFields: ["password"] }), { status: outcome.field === "password" ? 400 : 409 });
  }
  // The sessions are gone with the account; the browser's cookie forgets it and says so once.
  const session = await getCookieSession(request);
  session.unset("sessionId");
  session.flash("toast", { kind: "success", message: "Your account is deleted. Your pledges stay counted without your name." });
  return redirect("/", { headers: { "Set-Cookie": await sessionStorage().commitSession(session) } });
}

export default function DeleteAccountPage() {
  const lastResult = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    lastResult,
    constraint: getZodConstraint(DeleteAccountSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: DeleteAccountSchema }),
  });
  return (
    <div className="space-y-6">
      <h1>Delete my account</h1>
      <section className="card space-y-3" aria-labelledby="what-title">
        <h2 id="what-title">What happens</h2>
        <ul className="list-disc space-y-1 pl-6">
          <li>Your name, email address and password are deleted, and you are logged out everywhere.</li>
          <li>Your personal pledges stay in the totals, but nothing links them to you any more.</li>
          <li>Sign-ups you made for a practice stay with the practice: they are the practice's decision, not yours alone.</li>
          <li>You leave your practices, and any request to join one is withdrawn.</li>
          <li>The record of what was done keeps the facts, without your name or address.</li>
        </ul>
        <p>This cannot be undone. You can register again later, as a new account.</p>
      </section>
      <section className="card space-y-4" aria-labelledby="confirm-title">
        <h2 id="confirm-title">Confirm</h2>
        <Form method="post" {...getFormProps(form)} className="max-w-md space-y-4">
          <FormErrors errors={form.errors} />
          <Field
            label="Your password"
            errors={fields.password.errors}
            inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "current-password" }}
          />
          <div>
            <label className="flex items-start gap-2">
              <input {...getInputProps(fields.confirm, { type: "checkbox", value: "yes" })} aria-describedby={fields.confirm.errors ? `${fields.confirm.id}-error` : undefined} />
              <span>I want my account deleted</span>
            </label>
            {fields.confirm.errors ? (
              <p id={`${fields.confirm.id}-error`} className="mt-1 text-sm font-medium text-red-700">
                {fields.confirm.errors[0]}
              </p>
            ) : null}
          </div>
          <div className="flex gap-3">
            <button type="submit" className="btn-danger" disabled={busy}>
              Delete my account
            </button>
            <Link to="/account" className="btn-secondary">
              Keep my account
            </Link>
          </div>
        </Form>
      </section>
    </div>
  );
}
