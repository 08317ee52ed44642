import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "../utils/parse-form";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { Field, FormErrors } from "../components/ui/field";
import { LoginSchema } from "../schemas/users";
import { getOptionalUser, logIn, safeRedirect, verifyLogin } from "../utils/auth.server";

export const meta: MetaFunction = () => [{ title: "Log in | LMC Tracker" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getOptionalUser(request)) throw redirect("/account");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: LoginSchema });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  const userId = await verifyLogin(submission.value.email, submission.value.password);
  if (!userId) {
    return data(
      submission.reply({ formErrors: ["That email and password do not match an active account."], hideFields: ["password"] }),
      { status: 400 },
    );
  }
  return logIn(request, userId, safeRedirect(submission.value.redirectTo, "/account"));
}

export default function LoginPage() {
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "login",
    lastResult,
    constraint: getZodConstraint(LoginSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
    shouldRevalidate: "onBlur",
  });
  return (
    <div className="mx-auto max-w-md space-y-6">
      <h1>Log in</h1>
      <Form method="post" {...getFormProps(form)} className="card space-y-4">
        <FormErrors errors={form.errors} />
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <Field
          label="Email address"
          errors={fields.email.errors}
          inputProps={{ ...getInputProps(fields.email, { type: "email" }), autoComplete: "username" }}
        />
        <Field
          label="Password"
          errors={fields.password.errors}
          inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "current-password" }}
        />
        <button type="submit" className="btn w-full" disabled={navigation.state === "submitting"}>
          Log in
        </button>
      </Form>
      <p>
        <Link to="/forgot-password">Forgotten your password?</Link>
      </p>
      <p className="text-sm text-slate-600">
        GPs <Link to="/register">register</Link> with their NHS email address; accounts for LMC secretaries and BMA staff are created by an administrator. Members of
        the public can read published conferences without logging in.
      </p>
    </div>
  );
}
