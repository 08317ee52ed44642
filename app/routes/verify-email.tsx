import { parseWithZod } from "../utils/parse-form";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormErrors } from "../components/ui/field";
import { LINK_STATE_MESSAGES } from "../domain/account-links";
import { confirmEmailLink, describeLink, resendVerification } from "../models/accounts.server";
import { ConfirmEmailSchema } from "../schemas/accounts";
import { getOptionalUser, requireUser } from "../utils/auth.server";
import { PRIVATE_NO_STORE, privateNoStoreHeaders } from "../utils/cache-control";
import { getDb } from "../utils/db.server";
import { publicUrl } from "../utils/mail.server";
import { redirectWithToast } from "../utils/session.server";

export const meta: MetaFunction = () => [{ title: "Confirm your email address | LMC Tracker" }];

export const headers = privateNoStoreHeaders;

// Opening the link (a GET, which mail scanners and Safe Links also make) only shows a button;
// pressing it (a POST) confirms. So a scanner never uses a link up.
export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token");
  const user = await getOptionalUser(request);
  const link = token === null ? null : await describeLink(getDb(), token, ["verify_email", "change_email"]);
  return data(
    {
      link: link ? { ...link, token: link.state === "valid" ? token : null } : null,
      user: user ? { email: user.email, verified: user.emailVerified } : null,
    },
    { headers: PRIVATE_NO_STORE },
  );
}

type Ctx = { request: Request; formData: FormData };

const INTENTS = {
  confirm: confirmAddress,
  resend: resendLink,
} satisfies Record<string, (ctx: Ctx) => Promise<unknown>>;

export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  const handler = Object.hasOwn(INTENTS, intent) ? INTENTS[intent as keyof typeof INTENTS] : undefined;
  if (!handler) return data({ problem: "Choose what to do: confirm your address, or ask for a new link." }, { status: 400 });
  return handler({ request, formData });
}

// Uses the emailed link's token to confirm the address (or move the account to the new one); signed in or not.
async function confirmAddress({ request, formData }: Ctx) {
  const submission = parseWithZod(formData, { schema: ConfirmEmailSchema });
  if (submission.status !== "success") return data({ problem: LINK_STATE_MESSAGES.unknown }, { status: 400 });
  const outcome = await confirmEmailLink(getDb(), submission.value.token);
  if (!outcome.ok) {
    const problem =
      outcome.reason === "taken" ? "Another account now uses that address, so this account keeps its old one. Nothing has been changed." : LINK_STATE_MESSAGES[outcome.reason === "valid" ? "unknown" : outcome.reason];
    return data({ problem }, { status: 400 });
  }
  const signedIn = Boolean(await getOptionalUser(request));
  const message = outcome.purpose === "verify_email" ? `Your email address ${outcome.email} is confirmed. Thank you.` : `Your account now uses ${outcome.email}.`;
  return redirectWithToast(request, signedIn ? "/account" : "/login", { kind: "success", message: signedIn ? message : `${message} Log in to carry on.` });
}

// Sends the signed-in user a new confirmation link (within the rate limits).
async function resendLink({ request }: Ctx) {
  const user = await requireUser(request);
  const outcome = await resendVerification(getDb(), user.id, publicUrl());
  const messages = {
    sent: { kind: "success", message: `We have sent a new link to ${user.email}. It works once, for 24 hours; earlier links no longer work.` },
    confirmed: { kind: "info", message: "Your email address is already confirmed." },
    wait: { kind: "error", message: "We sent a link a moment ago. Wait a minute before asking for another." },
    enough: { kind: "error", message: "We have sent five links today. Check your junk folder, or try again tomorrow." },
  } as const;
  return redirectWithToast(request, "/verify-email", messages[outcome]);
}

export default function VerifyEmailPage() {
  const { link, user } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  return (
    <div className="mx-auto max-w-xl space-y-6">
      <h1>Confirm your email address</h1>
      <FormErrors errors={reply?.problem ? [reply.problem] : null} />
      {link ? (
        link.state === "valid" && link.token ? (
          <section className="card space-y-3" aria-labelledby="confirm-title">
            <h2 id="confirm-title">{link.purpose === "change_email" ? "Confirm your new address" : "One more step"}</h2>
            <p>
              {link.purpose === "change_email"
                ? `Press the button to move your account to ${link.email}.`
                : `Press the button to confirm that ${link.email} is your email address.`}
            </p>
            <Form method="post">
              <input type="hidden" name="token" value={link.token} />
              <button type="submit" name="intent" value="confirm" className="btn" disabled={busy}>
                {link.purpose === "change_email" ? "Confirm my new address" : "Confirm my email address"}
              </button>
            </Form>
          </section>
        ) : (
          <section className="card space-y-3" aria-labelledby="link-title">
            <h2 id="link-title">This link does not work</h2>
            <p>{LINK_STATE_MESSAGES[link.state === "valid" ? "unknown" : link.state]}</p>
            {user && !user.verified ? <ResendForm busy={busy} /> : !user ? <p><Link to="/login">Log in</Link> to ask for a new link.</p> : null}
          </section>
        )
      ) : user ? (
        user.verified ? (
          <p>Your email address {user.email} is confirmed.</p>
        ) : (
          <section className="card space-y-3" aria-labelledby="pending-title">
            <h2 id="pending-title">Check your email</h2>
            <p>
              We sent a link to {user.email}. Follow it to confirm your address; until then you can read everything, but not pledge, join a practice or sign one up.
            </p>
            <ResendForm busy={busy} />
          </section>
        )
      ) : (
        <p>
          This page opens from the link in the email we sent you. <Link to="/login">Log in</Link> to ask for a new link.
        </p>
      )}
    </div>
  );
}

function ResendForm({ busy }: { busy: boolean }) {
  return (
    <Form method="post">
      <button type="submit" name="intent" value="resend" className="btn-secondary" disabled={busy}>
        Send me a new link
      </button>
    </Form>
  );
}
