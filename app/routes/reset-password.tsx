import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "../utils/parse-form";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, FormErrors } from "../components/ui/field";
import { LINK_STATE_MESSAGES } from "../domain/account-links";
import { describeLink, resetPassword } from "../models/accounts.server";
import { ResetPasswordSchema } from "../schemas/accounts";
import { PRIVATE_NO_STORE, privateNoStoreHeaders } from "../utils/cache-control";
import { getDb } from "../utils/db.server";
import { publicUrl } from "../utils/mail.server";
import { redirectWithToast } from "../utils/session.server";

export const meta: MetaFunction = () => [{ title: "Choose a new password | LMC Tracker" }];

export const headers = privateNoStoreHeaders;

// Opening the link only shows the form; the POST uses the link up.
export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token");
  const link = token === null ? null : await describeLink(getDb(), token, ["reset_password"]);
  return data({ state: link?.state ?? null, token: link?.state === "valid" ? token : null }, { headers: PRIVATE_NO_STORE });
}

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: ResetPasswordSchema });
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["password", "confirmPassword"] }), { status: 400 });
  const outcome = await resetPassword(getDb(), submission.value.token, submission.value.password, publicUrl());
  if (!outcome.ok) {
    return data(submission.reply({ formErrors: [LINK_STATE_MESSAGES[outcome.reason === "valid" ? "unknown" : outcome.reason]], hideFields: ["password", "confirmPassword"] }), { status: 400 });
  }
  return redirectWithToast(request, "/login", { kind: "success", message: "Your password is changed, and you are logged out everywhere. Log in with the new password." });
}

export default function ResetPasswordPage() {
  const { state, token } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "reset-password",
    lastResult,
    constraint: getZodConstraint(ResetPasswordSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ResetPasswordSchema }),
    shouldRevalidate: "onBlur",
  });
  return (
    <div className="mx-auto max-w-md space-y-6">
      <h1>Choose a new password</h1>
      {state === "valid" && token ? (
        <Form method="post" {...getFormProps(form)} className="card space-y-4">
          <FormErrors errors={form.errors} />
          <input type="hidden" name="token" value={token} />
          <Field
            label="New password"
            hint="At least 12 characters. Saving it logs you out everywhere."
            errors={fields.password.errors}
            inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "new-password" }}
          />
          <Field
            label="New password again"
            errors={fields.confirmPassword.errors}
            inputProps={{ ...getInputProps(fields.confirmPassword, { type: "password" }), autoComplete: "new-password" }}
          />
          <button type="submit" className="btn w-full" disabled={navigation.state === "submitting"}>
            Save the new password
          </button>
        </Form>
      ) : (
        <section className="card space-y-3" aria-labelledby="link-title">
          <h2 id="link-title">{state === null ? "This page opens from an email" : "This link does not work"}</h2>
          <p>{state === null ? "Follow the link in the email we sent you to choose a new password." : LINK_STATE_MESSAGES[state === "valid" ? "unknown" : state]}</p>
          <p>
            <Link to="/forgot-password">Ask for a new link</Link>
          </p>
        </section>
      )}
    </div>
  );
}
