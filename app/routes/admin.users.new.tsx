import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "../utils/parse-form";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { RoleFields } from "../components/role-fields";
import { Field, FormErrors } from "../components/ui/field";
import { getLmc, listLmcs } from "../models/geography.server";
import { createUser, DuplicateEmailError } from "../models/users.server";
import { CreateUserSchema } from "../schemas/users";
import { getDb } from "../utils/db.server";
import { requireUserWithPermission } from "../utils/permissions.server";
import { redirectWithToast } from "../utils/session.server";

export const meta: MetaFunction = () => [{ title: "Create a user | LMC Tracker" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, "manage-users");
  return { lmcs: await listLmcs(getDb()) };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUserWithPermission(request, "manage-users");
  const submission = parseWithZod(await request.formData(), { schema: CreateUserSchema });
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  const db = getDb();
  if (submission.value.lmcId && !(await getLmc(db, submission.value.lmcId))) {
    return data(submission.reply({ fieldErrors: { lmcId: ["Choose an LMC from the list"] } }), { status: 400 });
  }
  try {
    const user = await createUser(db, admin.id, submission.value);
    return redirectWithToast(request, `/admin/users/${user.id}`, { kind: "success", message: `Created ${user.name}.` });
  } catch (error) {
    if (error instanceof DuplicateEmailError) {
      return data(submission.reply({ fieldErrors: { email: [error.message] }, hideFields: ["password"] }), { status: 400 });
    }
    throw error;
  }
}

export default function NewUserPage() {
  const { lmcs } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "create-user",
    lastResult,
    constraint: getZodConstraint(CreateUserSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CreateUserSchema }),
    shouldRevalidate: "onBlur",
  });
  return (
    <div className="mx-auto max-w-xl space-y-6">
      <p>
        <Link to="/admin/users">Back to users</Link>
      </p>
      <h1>Create a user</h1>
      <Form method="post" {...getFormProps(form)} className="card space-y-4">
        <FormErrors errors={form.errors} />
        <Field label="Name" errors={fields.name.errors} inputProps={getInputProps(fields.name, { type: "text" })} />
        <Field
          label="Email address"
          errors={fields.email.errors}
          inputProps={{ ...getInputProps(fields.email, { type: "email" }), autoComplete: "off" }}
        />
        <Field
          label="Initial password"
          hint="At least 12 characters. Give it to the person by a separate, secure route."
          errors={fields.password.errors}
          inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "new-password" }}
        />
        <RoleFields role={fields.role} lmcId={fields.lmcId} lmcs={lmcs} />
        <button type="submit" className="btn">
          Create user
        </button>
      </Form>
    </div>
  );
}
