import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "../utils/parse-form";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, FormErrors } from "../components/ui/field";
import { requestPasswordReset } from "../models/accounts.server";
import { ForgotPasswordSchema } from "../schemas/accounts";
import { PRIVATE_NO_STORE, privateNoStoreHeaders } from "../utils/cache-control";
import { getDb } from "../utils/db.server";
import { publicUrl } from "../utils/mail.server";

export const meta: MetaFunction = () => [{ title: "Forgotten password | LMC Tracker" }];

export const headers = privateNoStoreHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  return data({ sent: new URL(request.url).searchParams.get("sent") === "1" }, { headers: PRIVATE_NO_STORE });
}

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: ForgotPasswordSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  // The same answer whether or not the address has an account.
  await requestPasswordReset(getDb(), submission.value.email, publicUrl());
  return redirect("/forgot-password?sent=1");
}

export default function ForgotPasswordPage() {
  const { sent } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "forgot-password",
    lastResult,
    constraint: getZodConstraint(ForgotPasswordSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ForgotPasswordSchema }),
    shouldRevalidate: "onBlur",
  });
  return (
    <div className="mx-auto max-w-md space-y-6">
      <h1>Forgotten your password?</h1>
      {sent ? (
        <section className="card space-y-3" aria-labelledby="sent-title">
          <h2 id="sent-title">Check your email</h2>
          <p>
            If that address has an account, we have sent it a link to choose a new password. The link works once, for 24 hours. Choosing a new password logs you
            out everywhere.
          </p>
          <p>
            No email after a few minutes? Check your junk folder and the address you typed, then <Link to="/forgot-password">ask again</Link>.
          </p>
        </section>
      ) : (
        <Form method="post" {...getFormProps(form)} className="card space-y-4">
          <FormErrors errors={form.errors} />
          <Field
            label="Email address"
            hint="The address you log in with. We email it a link to choose a new password."
            errors={fields.email.errors}
            inputProps={{ ...getInputProps(fields.email, { type: "email" }), autoComplete: "username" }}
          />
          <button type="submit" className="btn w-full" disabled={navigation.state === "submitting"}>
            Email me a link
          </button>
        </Form>
      )}
      <p>
        <Link to="/login">Back to log in</Link>
      </p>
    </div>
  );
}
