import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "../utils/parse-form";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, FormErrors } from "../components/ui/field";
import { isNhsEmail, nhsDomains, nhsEmailRequiredMessage } from "../domain/email-address";
import { registerGp } from "../models/accounts.server";
import { RegisterSchema } from "../schemas/accounts";
import { getOptionalUser } from "../utils/auth.server";
import { PRIVATE_NO_STORE, privateNoStoreHeaders } from "../utils/cache-control";
import { getDb } from "../utils/db.server";
import { getEnv } from "../utils/env.server";
import { publicUrl } from "../utils/mail.server";

export const meta: MetaFunction = () => [{ title: "Register as a GP | LMC Tracker" }];

export const headers = privateNoStoreHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getOptionalUser(request)) throw redirect("/account");
  const sent = new URL(request.url).searchParams.get("sent") === "1";
  return data({ sent, domains: nhsDomains(getEnv().NHS_EMAIL_DOMAINS) }, { headers: PRIVATE_NO_STORE });
}

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: RegisterSchema });
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["password", "confirmPassword"] }), { status: 400 });
  const extra = getEnv().NHS_EMAIL_DOMAINS;
  if (!isNhsEmail(submission.value.email, extra)) {
    return data(submission.reply({ fieldErrors: { email: [nhsEmailRequiredMessage(extra)] }, hideFields: ["password", "confirmPassword"] }), { status: 400 });
  }
  // The same answer whether or not the address already has an account: the email tells its owner.
  await registerGp(getDb(), submission.value, publicUrl());
  return redirect("/register?sent=1");
}

export default function RegisterPage() {
  const { sent, domains } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "register",
    lastResult,
    constraint: getZodConstraint(RegisterSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RegisterSchema }),
    shouldRevalidate: "onBlur",
  });
  const endings = domains.map((d) => `@${d}`).join(" or ");
  if (sent) {
    return (
      <div className="mx-auto max-w-xl space-y-6">
        <h1>Check your email</h1>
        <section className="card space-y-3" aria-labelledby="sent-title">
          <h2 id="sent-title">We have sent you an email</h2>
          <p>
            Follow the link in it to confirm your address. The link works once, for 24 hours. If the address already has an account, the email says so instead, and
            nothing else changes.
          </p>
          <p>
            You can <Link to="/login">log in</Link> now. To pledge support, join your practice or sign it up, confirm your address first.
          </p>
          <p>
            No email after a few minutes? Check your junk folder, then log in and ask for a new link.
          </p>
        </section>
      </div>
    );
  }
  return (
    <div className="mx-auto max-w-xl space-y-6">
      <h1>Register as a GP</h1>
      <p>
        GPs register with their NHS email address (ending {endings}). Accounts for LMC secretaries and BMA staff are set up by an administrator.
      </p>
      <Form method="post" {...getFormProps(form)} className="card space-y-4">
        <FormErrors errors={form.errors} />
        <Field label="Your name" errors={fields.name.errors} inputProps={{ ...getInputProps(fields.name, { type: "text" }), autoComplete: "name" }} />
        <Field
          label="NHS email address"
          hint={`Ending ${endings}. We send a link to confirm it.`}
          errors={fields.email.errors}
          inputProps={{ ...getInputProps(fields.email, { type: "email" }), autoComplete: "email" }}
        />
        <Field
          label="Password"
          hint="At least 12 characters. A few unrelated words make a good one."
          errors={fields.password.errors}
          inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "new-password" }}
        />
        <Field
          label="Password again"
          errors={fields.confirmPassword.errors}
          inputProps={{ ...getInputProps(fields.confirmPassword, { type: "password" }), autoComplete: "new-password" }}
        />
        <button type="submit" className="btn w-full" disabled={navigation.state === "submitting"}>
          Register
        </button>
      </Form>
      <p>
        Already registered? <Link to="/login">Log in</Link>.
      </p>
    </div>
  );
}
