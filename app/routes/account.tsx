import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "../utils/parse-form";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormErrors } from "../components/ui/field";
import { can, needsNhsEmail } from "../domain/access";
import { isNhsEmail, nhsEmailRequiredMessage } from "../domain/email-address";
import { NOTIFICATION_KINDS, NOTIFICATION_LABELS } from "../domain/notifications";
import { ROLE_LABELS } from "../domain/permissions";
import { powersInWords } from "../domain/powers";
import { RESOLUTION_STATUS_LABELS } from "../schemas/conferences";
import { requestEmailChange } from "../models/accounts.server";
import { followedResolutions, notificationSettings, saveNotificationSettings } from "../models/notifications.server";
import { getUser, listPracticeMemberships } from "../models/users.server";
import { ChangeEmailSchema, NotificationSettingsSchema } from "../schemas/accounts";
import { actorOf } from "../utils/access.server";
import type { SessionUser } from "../utils/auth.server";
import { PRIVATE_NO_STORE, privateNoStoreHeaders } from "../utils/cache-control";
import { getDb } from "../utils/db.server";
import { getEnv } from "../utils/env.server";
import { publicUrl } from "../utils/mail.server";
import { requireUserWithPermission } from "../utils/permissions.server";
import { redirectWithToast } from "../utils/session.server";

export const meta: MetaFunction = () => [{ title: "My account | LMC Tracker" }];

export const headers = privateNoStoreHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const sessionUser = await requireUserWithPermission(request, "read-account");
  const db = getDb();
  const [user, memberships, notifications, following] = await Promise.all([
    getUser(db, sessionUser.id),
    listPracticeMemberships(db, sessionUser.id),
    notificationSettings(db, sessionUser.id),
    followedResolutions(db, sessionUser.id),
  ]);
  const actor = actorOf(sessionUser);
  return data(
    {
      user: { name: sessionUser.name, email: sessionUser.email, verified: sessionUser.emailVerified, role: ROLE_LABELS[sessionUser.role], lmc: user?.lmc_name ?? null },
      memberships,
      notifications,
      following,
      // Asking to join a practice: a GP's, once their address is confirmed (the page says so before).
      mayJoinPractices: can({ ...actor, emailVerified: true }, "request-membership"),
      mayUpdate: can(actor, "update-account", { ownerId: sessionUser.id }),
      mayDelete: can(actor, "delete-account", { ownerId: sessionUser.id }),
      powers: powersInWords(sessionUser.role),
    },
    { headers: PRIVATE_NO_STORE },
  );
}

type Ctx = { request: Request; formData: FormData; intent: string; db: ReturnType<typeof getDb>; user: SessionUser };

const INTENTS = {
  "change-email": changeEmail,
  notifications: saveNotifications,
} satisfies Record<string, (ctx: Ctx) => Promise<unknown>>;

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "update-account");
  const formData = await request.formData();
  const intent = formData.get("intent");
  const db = getDb();
  const handler = typeof intent === "string" && Object.hasOwn(INTENTS, intent) ? INTENTS[intent as keyof typeof INTENTS] : undefined;
  // Anything else is answered with the intent as it was posted.
  if (!handler) return data({ intent, result: null }, { status: 400 });
  return handler({ request, formData, intent: String(intent), db, user });
}

// Sends a link to the new address; the address changes only when the link is followed.
async function changeEmail({ request, formData, intent, db, user }: Ctx) {
  const submission = parseWithZod(formData, { schema: ChangeEmailSchema });
  if (submission.status !== "success") return data({ intent, result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  const extra = getEnv().NHS_EMAIL_DOMAINS;
  if (needsNhsEmail(user.role) && !isNhsEmail(submission.value.newEmail, extra)) {
    return data({ intent, result: submission.reply({ fieldErrors: { newEmail: [nhsEmailRequiredMessage(extra)] }, hideFields: ["password"] }) }, { status: 400 });
  }
  const outcome = await requestEmailChange(db, user.id, submission.value, publicUrl());
  if (!outcome.ok) return data({ intent, result: submission.reply({ fieldErrors: { [outcome.field]: [outcome.message] }, hideFields: ["password"] }) }, { status: 400 });
  return redirectWithToast(request, "/account", {
    kind: "success",
    message: `We have sent a link to ${submission.value.newEmail}. Your address changes when you follow it; until then you keep ${user.email}.`,
  });
}

// Saves which kinds of email the user wants.
async function saveNotifications({ request, formData, intent, db, user }: Ctx) {
  const submission = parseWithZod(formData, { schema: NotificationSettingsSchema });
  if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
  await saveNotificationSettings(db, user.id, new Set(submission.value.kinds));
  return redirectWithToast(request, "/account", { kind: "success", message: "Your email choices are saved." });
}

export default function AccountPage() {
  const { user, memberships, notifications, following, mayJoinPractices, mayUpdate, mayDelete, powers } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [emailForm, emailFields] = useForm({
    id: "change-email",
    lastResult: reply?.intent === "change-email" ? reply.result : undefined,
    constraint: getZodConstraint(ChangeEmailSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ChangeEmailSchema }),
    shouldRevalidate: "onBlur",
  });
  return (
    <div className="space-y-6">
      <h1>My account</h1>
      <section className="card space-y-2" aria-labelledby="profile-title">
        <h2 id="profile-title">Profile</h2>
        <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1">
          <dt className="font-medium">Name</dt>
          <dd>{user.name}</dd>
          <dt className="font-medium">Email</dt>
          <dd>
            {user.email} {user.verified ? "(confirmed)" : "(not confirmed yet)"}
          </dd>
          <dt className="font-medium">Role</dt>
          <dd>{user.role}</dd>
          {user.lmc ? (
            <>
              <dt className="font-medium">LMC</dt>
              <dd>{user.lmc}</dd>
            </>
          ) : null}
        </dl>
        {user.verified ? null : (
          <div className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3">
            <p>Confirm your email address to pledge, join your practice and sign it up: follow the link we emailed you.</p>
            <Form method="post" action="/verify-email">
              <button type="submit" name="intent" value="resend" className="btn-secondary">
                Send me a new link
              </button>
            </Form>
          </div>
        )}
      </section>
      <section className="card space-y-2" aria-labelledby="practices-title">
        <h2 id="practices-title">My practices</h2>
        {memberships.length === 0 ? (
          <p>You are not a member of any practice.</p>
        ) : (
          <ul className="list-disc pl-6">
            {memberships.map((m) => (
              <li key={m.practiceId}>
                <Link to={`/practices/${m.odsCode}/sign-ups`}>{m.practiceName}</Link> ({m.odsCode}){m.isSignatory ? ": practice lead (signatory)" : ": member"}
              </li>
            ))}
          </ul>
        )}
        {mayJoinPractices || memberships.some((m) => m.isSignatory) ? (
          <p>
            <Link to="/account/practices">Join a practice, or decide on requests to join yours</Link>
          </p>
        ) : null}
      </section>
      {mayUpdate ? (
        <>
          <section className="card space-y-4" aria-labelledby="email-title">
            <h2 id="email-title">Change your email address</h2>
            <p>We send a link to the new address. Your address changes only when you follow it, and we tell the old address too.</p>
            <Form method="post" {...getFormProps(emailForm)} className="max-w-md space-y-4">
              <FormErrors errors={emailForm.errors} />
              <input type="hidden" name="intent" value="change-email" />
              <Field
                label="New email address"
                errors={emailFields.newEmail.errors}
                inputProps={{ ...getInputProps(emailFields.newEmail, { type: "email" }), autoComplete: "email" }}
              />
              <Field
                label="Your current password"
                errors={emailFields.password.errors}
                inputProps={{ ...getInputProps(emailFields.password, { type: "password" }), autoComplete: "current-password" }}
              />
              <button type="submit" className="btn">
                Send a link to the new address
              </button>
            </Form>
          </section>
          <section className="card space-y-4" aria-labelledby="notifications-title">
            <h2 id="notifications-title">Emails we send you</h2>
            <Form method="post" className="space-y-4">
              <input type="hidden" name="intent" value="notifications" />
              <fieldset className="space-y-3">
                <legend className="font-medium">Email me when:</legend>
                {NOTIFICATION_KINDS.map((kind) => (
                  <div key={kind} className="flex items-start gap-2">
                    <input id={`kind-${kind}`} type="checkbox" name="kinds" value={kind} defaultChecked={notifications[kind]} aria-describedby={`kind-${kind}-hint`} className="mt-1" />
                    <div>
                      <label htmlFor={`kind-${kind}`}>{NOTIFICATION_LABELS[kind].label}</label>
                      <p id={`kind-${kind}-hint`} className="text-sm text-slate-600">
                        {NOTIFICATION_LABELS[kind].hint}
                      </p>
                    </div>
                  </div>
                ))}
              </fieldset>
              <p className="text-sm text-slate-600">Emails about your account itself (confirming an address, resetting your password) always go.</p>
              <button type="submit" className="btn">
                Save my email choices
              </button>
            </Form>
          </section>
        </>
      ) : null}
      <section className="card space-y-2" aria-labelledby="following-title">
        <h2 id="following-title">Resolutions you follow</h2>
        {following.length === 0 ? (
          <p>
            None. Follow a resolution from its page to be emailed when its progress moves: see <Link to="/resolutions">resolutions</Link>.
          </p>
        ) : (
          <ul className="list-disc pl-6">
            {following.map((r) => (
              <li key={r.id}>
                <Link to={`/resolutions/${r.id}`}>
                  Motion {r.number} part ({r.label}): {r.title}
                </Link>{" "}
                ({RESOLUTION_STATUS_LABELS[r.status].toLowerCase()})
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card space-y-2" aria-labelledby="permissions-title">
        <h2 id="permissions-title">What you can do here</h2>
        <p>With your role ({user.role}) you can:</p>
        <ul className="list-disc space-y-1 pl-6">
          {powers.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      </section>
      {mayDelete ? (
        <section className="card space-y-2" aria-labelledby="delete-title">
          <h2 id="delete-title">Delete your account</h2>
          <p>Your name, address and password go; your pledges stay counted without your name, and sign-ups you made stay with the practice.</p>
          <p>
            <Link to="/account/delete">Delete my account</Link>
          </p>
        </section>
      ) : null}
    </div>
  );
}
