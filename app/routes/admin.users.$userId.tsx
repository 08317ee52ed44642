import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "../utils/parse-form";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { HistoryPanel } from "../components/history-panel";
import { RoleFields } from "../components/role-fields";
import { Field, FormErrors } from "../components/ui/field";
import { can } from "../domain/access";
import { ROLE_LABELS } from "../domain/permissions";
import { getHistoryInWords } from "../models/audit.server";
import { getLmc, listLmcs } from "../models/geography.server";
import { countLiveSessions } from "../models/sessions.server";
import {
  getUser,
  listPracticeMemberships,
  removePracticeMembership,
  revokeSessionsOfUser,
  setPracticeMembership,
  setUserDisabled,
  updateUser,
} from "../models/users.server";
import { idField } from "../schemas/numbers";
import { AddMembershipSchema, RemoveMembershipSchema, RevokeSessionsSchema, SetDisabledSchema, UpdateUserSchema } from "../schemas/users";
import type { SessionUser } from "../utils/auth.server";
import { getDb } from "../utils/db.server";
import { notFound, requireUserWithPermission } from "../utils/permissions.server";
import { redirectWithToast } from "../utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.user.name ?? "User"} | LMC Tracker` }];

// Plain digits, at most nine: an address cannot name an id beyond the database's integers.
const UserIdSchema = idField("No such user");

async function loadTarget(params: { userId?: string }) {
  const id = UserIdSchema.safeParse(params.userId);
  if (!id.success) notFound("No such user");
  const user = await getUser(getDb(), id.data);
  if (!user) notFound("No such user");
  return user;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, "manage-users");
  const user = await loadTarget(params);
  const db = getDb();
  const [lmcs, memberships, liveSessions, history] = await Promise.all([
    listLmcs(db),
    listPracticeMemberships(db, user.id),
    countLiveSessions(db, user.id),
    getHistoryInWords(db, "user", user.id),
  ]);
  return { user, lmcs, memberships, liveSessions, history };
}

type Ctx = {
  request: Request;
  formData: FormData;
  intent: string;
  db: ReturnType<typeof getDb>;
  admin: SessionUser;
  user: Awaited<ReturnType<typeof loadTarget>>;
  done: (message: string) => ReturnType<typeof redirectWithToast>;
};

const INTENTS = {
  update: updateDetails,
  "add-membership": addMembership,
  "remove-membership": removeMembership,
  disable: setDisabled,
  enable: setDisabled,
  "revoke-sessions": revokeSessions,
} satisfies Record<string, (ctx: Ctx) => Promise<unknown>>;

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireUserWithPermission(request, "manage-users");
  const user = await loadTarget(params);
  const db = getDb();
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  const done = async (message: string) =>
    redirectWithToast(request, `/admin/users/${user.id}`, { kind: "success", message });
  const handler = Object.hasOwn(INTENTS, intent) ? INTENTS[intent as keyof typeof INTENTS] : undefined;
  if (!handler) throw data({ message: "Unknown action." }, { status: 400 });
  return handler({ request, formData, intent, db, admin, user, done });
}

// Saves the user's name, role and LMC.
async function updateDetails({ formData, db, admin, user, done }: Ctx) {
  const submission = parseWithZod(formData, { schema: UpdateUserSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  if (submission.value.lmcId && !(await getLmc(db, submission.value.lmcId))) {
    return data(submission.reply({ fieldErrors: { lmcId: ["Choose an LMC from the list"] } }), { status: 400 });
  }
  // Nobody takes away their own right to manage users (someone must be left who can give it back).
  if (user.id === admin.id && !can({ id: admin.id, role: submission.value.role, lmcId: submission.value.lmcId ?? null }, "manage-users")) {
    return data(submission.reply({ fieldErrors: { role: ["You cannot remove your own administrator role"] } }), { status: 400 });
  }
  await updateUser(db, admin.id, user.id, submission.value);
  return done("Saved.");
}

// Makes the user a member of a practice (or changes whether they sign for it).
async function addMembership({ formData, db, admin, user, done }: Ctx) {
  const submission = parseWithZod(formData, { schema: AddMembershipSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await setPracticeMembership(db, admin.id, user.id, submission.value.odsCode, submission.value.isSignatory);
  if (!result.ok) return data(submission.reply({ fieldErrors: { [result.field]: [result.message] } }), { status: 400 });
  return done(`Membership of ${submission.value.odsCode} saved.`);
}

// Takes the user out of one practice.
async function removeMembership({ formData, db, admin, user, done }: Ctx) {
  const parsed = RemoveMembershipSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success || !(await removePracticeMembership(db, admin.id, user.id, parsed.data.practiceId))) {
    throw data({ message: "That membership does not exist." }, { status: 400 });
  }
  return done("Membership removed.");
}

// Disables the account (logging the user out everywhere) or enables it again; never one's own.
async function setDisabled({ intent, db, admin, user, done }: Ctx) {
  const parsed = SetDisabledSchema.parse({ intent });
  if (user.id === admin.id) throw data({ message: "You cannot disable your own account." }, { status: 400 });
  await setUserDisabled(db, admin.id, user.id, parsed.intent === "disable");
  return done(parsed.intent === "disable" ? `${user.name} is disabled and logged out everywhere.` : `${user.name} is enabled.`);
}

// Ends every live session of the user.
async function revokeSessions({ intent, db, admin, user, done }: Ctx) {
  RevokeSessionsSchema.parse({ intent });
  const n = await revokeSessionsOfUser(db, admin.id, user.id);
  return done(`Ended ${n} session${n === 1 ? "" : "s"}.`);
}

export default function EditUserPage() {
  const { user, lmcs, memberships, liveSessions, history } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "update-user",
    lastResult: lastResult && "initialValue" in lastResult && lastResult.initialValue?.intent === "update" ? lastResult : undefined,
    constraint: getZodConstraint(UpdateUserSchema),
    defaultValue: { name: user.name, role: user.role, lmcId: user.lmc_id ?? undefined },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: UpdateUserSchema }),
    shouldRevalidate: "onBlur",
  });
  const [memberForm, memberFields] = useForm({
    id: "add-membership",
    lastResult: lastResult && "initialValue" in lastResult && lastResult.initialValue?.intent === "add-membership" ? lastResult : undefined,
    constraint: getZodConstraint(AddMembershipSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AddMembershipSchema }),
    shouldRevalidate: "onBlur",
  });
  return (
    <div className="space-y-6">
      <p>
        <Link to="/admin/users">Back to users</Link>
      </p>
      <div>
        <h1>{user.name}</h1>
        <p className="text-slate-700">
          {user.email} · {ROLE_LABELS[user.role]} · {user.disabled_at ? "Disabled" : "Active"} · {liveSessions} live session
          {liveSessions === 1 ? "" : "s"}
        </p>
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <section aria-labelledby="details-title" className="card space-y-4">
          <h2 id="details-title">Details and role</h2>
          <Form method="post" {...getFormProps(form)} className="space-y-4">
            <FormErrors errors={form.errors} />
            <input type="hidden" name="intent" value="update" />
            <Field label="Name" errors={fields.name.errors} inputProps={getInputProps(fields.name, { type: "text" })} />
            <RoleFields role={fields.role} lmcId={fields.lmcId} lmcs={lmcs} />
            <p className="text-sm text-slate-600">Changing the role or LMC logs the user out everywhere.</p>
            <button type="submit" className="btn">
              Save
            </button>
          </Form>
        </section>
        <section aria-labelledby="access-title" className="card space-y-4">
          <h2 id="access-title">Access</h2>
          <Form method="post">
            <input type="hidden" name="intent" value={user.disabled_at ? "enable" : "disable"} />
            <button type="submit" className={user.disabled_at ? "btn" : "btn-danger"}>
              {user.disabled_at ? "Enable account" : "Disable account"}
            </button>
          </Form>
          <Form method="post">
            <input type="hidden" name="intent" value="revoke-sessions" />
            <button type="submit" className="btn-secondary">
              Log out of all sessions
            </button>
          </Form>
        </section>
      </div>
      <section aria-labelledby="memberships-title" className="card space-y-4">
        <h2 id="memberships-title">Practice memberships</h2>
        {memberships.length === 0 ? (
          <p>Not a member of any practice.</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Practice</th>
                <th scope="col">ODS code</th>
                <th scope="col">Signatory</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {memberships.map((m) => (
                <tr key={m.practiceId}>
                  <td>{m.practiceName}</td>
                  <td>{m.odsCode}</td>
                  <td>{m.isSignatory ? "Yes" : "No"}</td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="intent" value="remove-membership" />
                      <input type="hidden" name="practiceId" value={m.practiceId} />
                      <button type="submit" className="btn-secondary">
                        Remove <span className="sr-only">membership of {m.practiceName}</span>
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Form method="post" {...getFormProps(memberForm)} className="flex flex-wrap items-end gap-4">
          <input type="hidden" name="intent" value="add-membership" />
          <Field
            label="Add or update membership: practice ODS code"
            errors={memberFields.odsCode.errors}
            inputProps={getInputProps(memberFields.odsCode, { type: "text" })}
          />
          <div className="flex items-center gap-2 pb-2">
            <input {...getInputProps(memberFields.isSignatory, { type: "checkbox" })} className="h-5 w-5" />
            <label htmlFor={memberFields.isSignatory.id}>Signatory (practice lead)</label>
          </div>
          <button type="submit" className="btn">
            Save membership
          </button>
        </Form>
      </section>
      <HistoryPanel items={history} />
    </div>
  );
}
