import { parseWithZod } from "../utils/parse-form";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormErrors } from "../components/ui/field";
import { can } from "../domain/access";
import { MEMBERSHIP_REQUEST_STATUS_LABELS } from "../domain/membership-requests";
import { decideMembershipRequest, membersPage, setSignatory } from "../models/membership-requests.server";
import { DecideRequestSchema, SignatorySchema } from "../schemas/accounts";
import { requireAllowed, requirePracticeAllowed } from "../utils/access.server";
import { PRIVATE_NO_STORE, privateNoStoreHeaders } from "../utils/cache-control";
import { getDb } from "../utils/db.server";
import { redirectWithToast } from "../utils/session.server";
import { formatDate } from "../utils/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.practice.name ?? "Practice"}: members | LMC Tracker` }];

export const headers = privateNoStoreHeaders;

/** The practice and what the user is to it; to anyone who may not decide its requests it does not exist. */
const loadPractice = (request: Request, odsCode: string | undefined) => requirePracticeAllowed(request, odsCode, "decide-membership");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor, practice, relation } = await loadPractice(request, params.odsCode);
  const page = await membersPage(db, practice.id);
  return data(
    {
      practice: { odsCode: practice.ods_code, name: practice.name },
      ...page,
      you: actor.id,
      mayManageSignatories: can(actor, "manage-signatories", relation),
      isMember: relation.practiceMember,
    },
    { headers: PRIVATE_NO_STORE },
  );
}

type Ctx = {
  request: Request;
  formData: FormData;
  db: ReturnType<typeof getDb>;
  practice: Awaited<ReturnType<typeof loadPractice>>["practice"];
  relation: Awaited<ReturnType<typeof loadPractice>>["relation"];
  here: string;
};

const INTENTS = {
  approve: decideRequest,
  refuse: decideRequest,
  "grant-signatory": changeSignatory,
  "remove-signatory": changeSignatory,
} satisfies Record<string, (ctx: Ctx) => Promise<unknown>>;

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, practice, relation } = await loadPractice(request, params.odsCode);
  const here = `/practices/${practice.ods_code}/members`;
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  const handler = Object.hasOwn(INTENTS, intent) ? INTENTS[intent as keyof typeof INTENTS] : undefined;
  if (!handler) return data({ problem: "Choose what to do: approve or refuse a request, or change who signs for the practice." }, { status: 400 });
  return handler({ request, formData, db, practice, relation, here });
}

// Approves or refuses a request to join the practice; signatory rights only from someone who may grant them.
async function decideRequest({ request, formData, db, practice, relation, here }: Ctx) {
  const actor = await requireAllowed(request, "decide-membership", relation);
  const submission = parseWithZod(formData, { schema: DecideRequestSchema });
  if (submission.status !== "success") return data({ problem: Object.values(submission.error ?? {}).flat().join(" ") || "Choose a request." }, { status: 400 });
  const value = submission.value;
  const outcome = await decideMembershipRequest(db, actor.id, practice.id, value.requestId, {
    approve: value.intent === "approve",
    // Signatory rights come only from someone who may grant them.
    signatory: value.signatory && can(actor, "manage-signatories", relation),
    reason: value.reason,
  });
  if (!outcome.ok) return data({ problem: outcome.message }, { status: 400 });
  return redirectWithToast(request, here, { kind: "success", message: outcome.message });
}

// Lets a member sign for the practice (grant-signatory) or takes that away (remove-signatory).
async function changeSignatory({ request, formData, db, practice, relation, here }: Ctx) {
  const actor = await requireAllowed(request, "manage-signatories", relation);
  const submission = parseWithZod(formData, { schema: SignatorySchema });
  if (submission.status !== "success") return data({ problem: "Choose a member." }, { status: 400 });
  const outcome = await setSignatory(db, actor.id, practice.id, submission.value.userId, submission.value.intent === "grant-signatory");
  if (!outcome.ok) return data({ problem: outcome.message }, { status: 400 });
  return redirectWithToast(request, here, { kind: "success", message: outcome.message });
}

export default function PracticeMembersPage() {
  const { practice, members, pending, decided, you, mayManageSignatories, isMember } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="space-y-6">
      <p>
        {isMember ? <Link to={`/practices/${practice.odsCode}/sign-ups`}>{practice.name}: sign-ups</Link> : <Link to="/account/practices">Requests to decide</Link>}
      </p>
      <h1>
        {practice.name} ({practice.odsCode}): members
      </h1>
      <FormErrors errors={reply?.problem ? [reply.problem] : null} />

      <section className="space-y-3" aria-labelledby="pending-title">
        <h2 id="pending-title">Requests to join</h2>
        {pending.length === 0 ? <p>No request is waiting for a decision.</p> : null}
        {pending.map((r) => (
          <Form key={r.id} method="post" className="card space-y-3" aria-labelledby={`request-${r.id}`}>
            <h3 id={`request-${r.id}`}>
              {r.name} ({r.email})
            </h3>
            <p className="text-sm text-slate-600">Asked on {formatDate(r.created_at)}. Their NHS email address is confirmed. Approve only someone who works at the practice.</p>
            <input type="hidden" name="requestId" value={r.id} />
            <div className="space-y-1">
              <label htmlFor={`reason-${r.id}`} className="block font-medium">
                Reason (optional; they see it)
              </label>
              <input id={`reason-${r.id}`} name="reason" type="text" maxLength={500} className="input" />
            </div>
            {mayManageSignatories ? (
              <div className="flex items-center gap-2">
                <input id={`signatory-${r.id}`} name="signatory" type="checkbox" />
                <label htmlFor={`signatory-${r.id}`}>Also let them sign for the practice (sign it up to options, record notices)</label>
              </div>
            ) : null}
            <div className="flex flex-wrap gap-3">
              <button type="submit" name="intent" value="approve" className="btn" disabled={busy}>
                Approve<span className="sr-only"> {r.name}</span>
              </button>
              <button type="submit" name="intent" value="refuse" className="btn-secondary" disabled={busy}>
                Refuse<span className="sr-only"> {r.name}</span>
              </button>
            </div>
          </Form>
        ))}
      </section>

      <section className="card space-y-3" aria-labelledby="members-title">
        <h2 id="members-title">Members</h2>
        {members.length === 0 ? (
          <p>The practice has no members on LMC Tracker yet.</p>
        ) : (
          <div className="overflow-x-auto" role="region" aria-label="Table of members, scrolls sideways on small screens" tabIndex={0}>
            <table className="w-full text-left">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Signs for the practice</th>
                  {mayManageSignatories ? (
                    <th scope="col">
                      <span className="sr-only">Change</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {members.map((m) => (
                  <tr key={m.id}>
                    <td>
                      {m.name}
                      {m.id === you ? " (you)" : ""}
                      {m.disabled_at ? " (account disabled)" : ""}
                    </td>
                    <td>{m.email}</td>
                    <td>{m.is_signatory ? "Yes" : "No"}</td>
                    {mayManageSignatories ? (
                      <td>
                        <Form method="post">
                          <input type="hidden" name="userId" value={m.id} />
                          {m.is_signatory ? (
                            <button type="submit" name="intent" value="remove-signatory" className="btn-secondary" disabled={busy}>
                              Remove signatory rights<span className="sr-only"> from {m.name}</span>
                            </button>
                          ) : m.disabled_at ? null : (
                            <button type="submit" name="intent" value="grant-signatory" className="btn-secondary" disabled={busy}>
                              Let {m.name} sign
                            </button>
                          )}
                        </Form>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="text-sm text-slate-600">A practice always keeps a signatory: grant the rights to someone else before you give up your own as the last one.</p>
      </section>

      {decided.length ? (
        <section className="card space-y-2" aria-labelledby="decided-title">
          <h2 id="decided-title">Recent decisions</h2>
          <ul className="list-disc pl-6">
            {decided.map((d) => (
              <li key={d.id}>
                {d.name}: {MEMBERSHIP_REQUEST_STATUS_LABELS[d.status].toLowerCase()}
                {d.decided_at ? ` on ${formatDate(d.decided_at)}` : ""}
                {d.decidedBy ? ` by ${d.decidedBy}` : ""}
                {d.reason ? ` (${d.reason})` : ""}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
