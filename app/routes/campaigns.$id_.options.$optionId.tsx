import { parseWithZod } from "../utils/parse-form";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { OptionFields } from "../components/option-fields";
import { SignUpForm } from "../components/sign-up-form";
import { can } from "../domain/access";
import { CAMPAIGN_STATUS_LABELS, SIGNUP_STATUS_LABELS } from "../domain/campaign-status";
import { formatCellForPage } from "../domain/suppression";
import { findCampaignOption, getCampaign, saveOption } from "../models/campaigns.server";
import { listClauseChoices } from "../models/clauses.server";
import { participationRows, presentParticipation } from "../models/participation.server";
import { personalPledgeOf, practicesOfUser, practiceWithRelation, signUpOf } from "../models/practice-actions.server";
import { changeSignUp, setPersonalPledge } from "../models/signups.server";
import { OptionSchema, PledgeSchema, SignUpSchema } from "../schemas/campaigns";
import { actorOf, allowedFor, getActor } from "../utils/access.server";
import { getOptionalUser, type SessionUser } from "../utils/auth.server";
import { parseId } from "../utils/conference-access.server";
import { PRIVATE_NO_STORE, privateNoStoreHeaders } from "../utils/cache-control";
import { getDb } from "../utils/db.server";
import { notFound } from "../utils/permissions.server";
import { redirectWithToast } from "../utils/session.server";
import { formatDate, todayIso } from "../utils/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.option.title ?? "Option"} | LMC Tracker` }];

export const headers = privateNoStoreHeaders;

async function loadOption(request: Request, params: LoaderFunctionArgs["params"]) {
  const actor = await getActor(request);
  const canManage = can(actor, "manage-campaigns");
  const db = getDb();
  const found = await getCampaign(db, parseId(params.id, "campaign"), { includeDrafts: canManage });
  const option = found?.options.find((o) => o.id === parseId(params.optionId, "option"));
  if (!found || !option) notFound("No such option");
  return { actor, canManage, db, campaign: found.campaign, option };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, canManage, db, campaign, option } = await loadOption(request, params);
  const today = todayIso();
  const myPractices = actor && can(actor, "pledge") ? await practicesOfUser(db, actor.id, today) : [];
  const signUps = await Promise.all(
    myPractices.map(async (p) => ({
      odsCode: p.ods_code,
      name: p.name,
      active: p.status === "active",
      mayChange: can(actor, "sign-up-practice", { practiceSignatory: p.is_signatory === 1, practiceMember: true }),
      current: (await signUpOf(db, p.id, option.id)) ?? null,
    })),
  );
  const pledge = actor && can(actor, "pledge") ? await personalPledgeOf(db, actor.id, option.id) : undefined;
  const [national] = presentParticipation(actor ? { role: actor.role, lmcId: actor.lmcId } : { role: "public", lmcId: null }, (await participationRows(db, [option.id])).filter((r) => r.area.kind === "national"));
  return data(
    {
      campaign: { id: campaign.id, title: campaign.title, status: campaign.status },
      option,
      signUps,
      pledge: pledge ? { active: pledge.active === 1 } : null,
      mayPledge: can(actor, "pledge"),
      signedIn: Boolean(actor),
      emailUnconfirmed: actor !== null && actor.emailVerified !== true,
      national: national ? formatCellForPage(national.cell) : null,
      canManage,
      clauses: canManage ? await listClauseChoices(db) : [],
      signingOpen: campaign.status === "open" || campaign.status === "active",
    },
    { headers: PRIVATE_NO_STORE },
  );
}

type Ctx = {
  request: Request;
  /** Who is asking, read once for the whole action. */
  user: SessionUser | null;
  formData: FormData;
  intent: string;
  db: ReturnType<typeof getDb>;
  campaignId: number;
  optionId: number;
  here: string;
};

const INTENTS = {
  signup: signUpPractice,
  support: setPledge,
  withdraw: setPledge,
  option: editOption,
} satisfies Record<string, (ctx: Ctx) => Promise<unknown>>;

export async function action({ request, params }: ActionFunctionArgs) {
  // Only what an action needs of the option (a launch day's sign-ups come here), not the page's loader.
  const user = await getOptionalUser(request);
  const db = getDb();
  const found = await findCampaignOption(db, parseId(params.id, "campaign"), parseId(params.optionId, "option"), {
    includeDrafts: can(user ? actorOf(user) : null, "manage-campaigns"),
  });
  if (!found) notFound("No such option");
  const { campaignId, optionId } = found;
  const here = `/campaigns/${campaignId}/options/${optionId}`;
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  const handler = Object.hasOwn(INTENTS, intent) ? INTENTS[intent as keyof typeof INTENTS] : undefined;
  if (!handler) return data({ intent, result: null }, { status: 400 });
  return handler({ request, user, formData, intent, db, campaignId, optionId, here });
}

// Signs a practice up to the option (or changes or withdraws its sign-up): a signatory of that practice only.
async function signUpPractice({ request, user: reader, formData, intent, db, optionId }: Ctx) {
  // Who may sign for any practice at all is settled before the form is read.
  const user = allowedFor(request, reader, "pledge");
  const submission = parseWithZod(formData, { schema: SignUpSchema });
  if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
  const value = submission.value;
  const found = await practiceWithRelation(db, value.practice, user.id, todayIso());
  // Whether the practice exists is no secret, but a non-member learns nothing more than "no".
  const actor = allowedFor(request, reader, "sign-up-practice", found?.relation ?? {});
  const outcome = await changeSignUp(db, actor.id, {
    practiceId: found!.practice.id,
    optionId,
    status: value.status,
    condition: value.status !== "withdrawn" && value.conditionScope !== "none" && value.conditionPercent !== undefined ? { scope: value.conditionScope, thresholdPercent: value.conditionPercent } : null,
    expectedVersion: value.version,
  });
  if (!outcome.ok) return data({ intent, result: submission.reply({ formErrors: [outcome.message], resetForm: outcome.status === 409 }) }, { status: outcome.status });
  const message = !outcome.changed
    ? "Nothing changed."
    : value.status === "withdrawn"
      ? `${found!.practice.name} has withdrawn from this option.`
      : `${found!.practice.name}: ${SIGNUP_STATUS_LABELS[value.status].toLowerCase()}.${outcome.wentLive.length ? " This sign-up met the trigger: the option is now live." : ""}`;
  return redirectWithToast(request, `/practices/${found!.practice.ods_code}/sign-ups`, { kind: "success", message });
}

// Records (support) or takes back (withdraw) the user's own personal pledge for the option.
async function setPledge({ request, user, formData, intent, db, optionId, here }: Ctx) {
  const actor = allowedFor(request, user, "pledge");
  const submission = parseWithZod(formData, { schema: PledgeSchema });
  if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
  const outcome = await setPersonalPledge(db, actor.id, optionId, submission.value.intent === "support");
  if (!outcome.ok) return data({ intent, result: submission.reply({ formErrors: [outcome.message] }) }, { status: 400 });
  return redirectWithToast(request, here, {
    kind: "success",
    message: submission.value.intent === "support" ? "Your personal pledge is recorded. Thank you." : "Your personal pledge is taken back.",
  });
}

// Saves the option's text, trigger and clauses: those who manage campaigns only.
async function editOption({ request, user, formData, intent, db, campaignId, optionId, here }: Ctx) {
  const actor = allowedFor(request, user, "manage-campaigns");
  const submission = parseWithZod(formData, { schema: OptionSchema });
  if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
  const value = submission.value;
  const outcome = await saveOption(db, actor.id, campaignId, optionId, {
    title: value.title,
    description: value.description,
    riskNote: value.riskNote,
    trigger: value.triggerScope !== "none" && value.triggerPercent !== undefined ? { percent: value.triggerPercent, scope: value.triggerScope } : null,
    clauseIds: value.clauseIds,
  });
  if (!outcome.ok) return data({ intent, result: submission.reply(outcome.field ? { fieldErrors: { [outcome.field]: [outcome.message] } } : { formErrors: [outcome.message] }) }, { status: 400 });
  return redirectWithToast(request, here, { kind: "success", message: "Option saved." });
}

export default function OptionPage() {
  const { campaign, option, signUps, pledge, mayPledge, signedIn, emailUnconfirmed, national, canManage, clauses, signingOpen } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const lastFor = (intent: string) => (reply && reply.intent === intent ? reply.result : undefined);
  const pledgeErrors = reply && (reply.intent === "support" || reply.intent === "withdraw") && reply.result && "error" in reply.result ? Object.values(reply.result.error ?? {}).flat() : [];
  return (
    <div className="space-y-6">
      <p>
        <Link to={`/campaigns/${campaign.id}`}>{campaign.title}</Link> · {CAMPAIGN_STATUS_LABELS[campaign.status]}
      </p>
      <h1>{option.title}</h1>
      <section aria-labelledby="what" className="card space-y-2">
        <h2 id="what">What the practice does</h2>
        <p className="whitespace-pre-line">{option.description}</p>
        {option.risk_note ? (
          <>
            <h3>Contractual risk</h3>
            <p className="whitespace-pre-line">{option.risk_note}</p>
          </>
        ) : null}
        {option.clauses.length ? (
          <>
            <h3>Contract clauses it bears on</h3>
            <ul className="list-disc pl-5">
              {option.clauses.map((c) => (
                <li key={c.id}>
                  <Link to={`/clauses/${c.id}`}>{c.reference ? `${c.reference}: ${c.title}` : c.title}</Link>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <h3>Trigger</h3>
        <p>
          {option.trigger_percent !== null
            ? `The option goes live once at least ${option.trigger_percent}% of active practices ${option.trigger_scope === "icb" ? "in an ICB have signed (each ICB separately)" : "in England have signed"}.`
            : "No trigger: the option is live as soon as the campaign is."}{" "}
          {option.liveScopes.length
            ? `Live ${option.liveScopes.some((l) => l.scopeKey === "national") ? "nationally" : `in ${option.liveScopes.length} ICB${option.liveScopes.length === 1 ? "" : "s"}`} since ${formatDate(option.liveScopes[0]!.wentLiveAt)}. It stays live if withdrawals later take the figure back under the trigger.`
            : null}
        </p>
        {national ? (
          <p>
            Nationally: {national.practicesSigned} of {national.practicesTotal} active practices signed ({national.practicesSignedPercent}), covering{" "}
            {national.patientsCovered} patients; {national.personalPledges} personal pledges from GPs.
          </p>
        ) : null}
      </section>

      {signUps.length ? (
        <section aria-labelledby="your-practices" className="space-y-4">
          <h2 id="your-practices">Your practices</h2>
          {signUps.map((s) =>
            s.mayChange ? (
              <SignUpForm
                key={s.odsCode}
                practice={s}
                signingOpen={signingOpen}
                lastResult={lastFor("signup")}
              />
            ) : (
              <div key={s.odsCode} className="card space-y-1">
                <h3>{s.name}</h3>
                <p>
                  {s.current && s.current.status !== "withdrawn" ? `Signed up: ${SIGNUP_STATUS_LABELS[s.current.status].toLowerCase()}.` : "Not signed up."} Only a signatory
                  of the practice can change this. <Link to={`/practices/${s.odsCode}/sign-ups`}>The practice&apos;s sign-ups</Link>
                </p>
              </div>
            ),
          )}
        </section>
      ) : null}

      {mayPledge ? (
        <section aria-labelledby="personal" className="card space-y-3">
          <h2 id="personal">Your personal pledge</h2>
          <p>
            {pledge?.active
              ? "You support this option. You can take your pledge back at any time."
              : "Pledge your personal support as a GP. Only counts are ever shown, never your name."}
          </p>
          {pledgeErrors.length ? (
            <p role="alert" className="font-medium text-red-700">
              {pledgeErrors.join(" ")}
            </p>
          ) : null}
          <Form method="post">
            {pledge?.active ? (
              <button type="submit" name="intent" value="withdraw" className="btn-secondary">
                Take my pledge back
              </button>
            ) : (
              <button type="submit" name="intent" value="support" className="btn" disabled={!signingOpen}>
                Pledge my support
              </button>
            )}
          </Form>
        </section>
      ) : signedIn ? (
        emailUnconfirmed ? (
          <p>
            Confirm your email address to pledge or sign up your practice: <Link to="/verify-email">send a new link</Link>.
          </p>
        ) : null
      ) : (
        <p>
          <Link to={`/login?redirectTo=${encodeURIComponent(`/campaigns/${campaign.id}/options/${option.id}`)}`}>Log in</Link> as a GP to pledge or to sign up your
          practice.
        </p>
      )}

      {canManage ? (
        <section aria-labelledby="edit-option" className="card space-y-4">
          <h2 id="edit-option">Edit this option</h2>
          <OptionFields
            id="edit-option-form"
            clauses={clauses}
            lastResult={lastFor("option")}
            submitLabel="Save option"
            option={{ ...option, clauseIds: option.clauses.map((c) => c.id) }}
          />
        </section>
      ) : null}
    </div>
  );
}
