import { parseWithZod } from "../utils/parse-form";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormErrors } from "../components/ui/field";
import { can } from "../domain/access";
import { MEMBERSHIP_REQUEST_STATUS_LABELS } from "../domain/membership-requests";
import { practicesSignedForBy, requestMembership, requestsAwaitingStaff, requestsOfUser, searchPracticesToJoin, withdrawMembershipRequest } from "../models/membership-requests.server";
import { listPracticeMemberships } from "../models/users.server";
import { PracticeSearchToJoinSchema, RequestMembershipSchema, WithdrawRequestSchema } from "../schemas/accounts";
import { actorOf, requireAllowed } from "../utils/access.server";
import type { SessionUser } from "../utils/auth.server";
import { PRIVATE_NO_STORE, privateNoStoreHeaders } from "../utils/cache-control";
import { getDb } from "../utils/db.server";
import { requireUserWithPermission } from "../utils/permissions.server";
import { redirectWithToast } from "../utils/session.server";
import { formatDate } from "../utils/time";

export const meta: MetaFunction = () => [{ title: "My practices | LMC Tracker" }];

export const headers = privateNoStoreHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "read-account");
  const actor = actorOf(user);
  const db = getDb();
  const mayRequest = can(actor, "request-membership", { ownerId: user.id });
  const search = PracticeSearchToJoinSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const q = search.success ? search.data.q : "";
  // Staff decide any practice's requests; the queue shows those no signatory can decide.
  const decidesAny = can(actor, "decide-membership", { practiceSignatory: false, practiceMember: false });
  const [memberships, requests, signedFor, results, awaitingStaff] = await Promise.all([
    listPracticeMemberships(db, user.id),
    requestsOfUser(db, user.id),
    practicesSignedForBy(db, user.id),
    mayRequest && q ? searchPracticesToJoin(db, q) : [],
    decidesAny ? requestsAwaitingStaff(db) : [],
  ]);
  return data(
    {
      q,
      mayRequest,
      // A GP who has not confirmed their address yet is told why they cannot ask.
      mustConfirmFirst: !mayRequest && can({ ...actor, emailVerified: true }, "request-membership", { ownerId: user.id }),
      memberships,
      requests,
      signedFor: signedFor.map((p) => ({ ...p, waiting: Number(p.waiting ?? 0) })),
      results: results.map((p) => ({ ...p, member: memberships.some((m) => m.odsCode === p.ods_code), pending: requests.some((r) => r.ods_code === p.ods_code && r.status === "pending") })),
      decidesAny,
      awaitingStaff,
    },
    { headers: PRIVATE_NO_STORE },
  );
}

type Ctx = { request: Request; formData: FormData; db: ReturnType<typeof getDb>; user: SessionUser };

const INTENTS = {
  request: requestToJoin,
  withdraw: withdrawRequest,
} satisfies Record<string, (ctx: Ctx) => Promise<unknown>>;

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "read-account");
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  const db = getDb();
  const handler = Object.hasOwn(INTENTS, intent) ? INTENTS[intent as keyof typeof INTENTS] : undefined;
  if (!handler) return data({ problem: "Choose what to do: ask to join a practice, or withdraw a request." }, { status: 400 });
  return handler({ request, formData, db, user });
}

// Asks to join a practice; only someone allowed to request membership (checked before the form is read).
async function requestToJoin({ request, formData, db, user }: Ctx) {
  const actor = await requireAllowed(request, "request-membership", { ownerId: user.id });
  const submission = parseWithZod(formData, { schema: RequestMembershipSchema });
  if (submission.status !== "success") return data({ problem: submission.error?.odsCode?.[0] ?? "Choose a practice from the list." }, { status: 400 });
  const outcome = await requestMembership(db, actor.id, submission.value.odsCode);
  if (!outcome.ok) return data({ problem: outcome.message }, { status: 400 });
  return redirectWithToast(request, "/account/practices", { kind: "success", message: outcome.message });
}

// Withdraws one of the user's own pending requests (the model refuses anyone else's).
async function withdrawRequest({ request, formData, db, user }: Ctx) {
  const submission = parseWithZod(formData, { schema: WithdrawRequestSchema });
  if (submission.status !== "success") return data({ problem: "Choose a request to withdraw." }, { status: 400 });
  const outcome = await withdrawMembershipRequest(db, user.id, submission.value.requestId);
  if (!outcome.ok) return data({ problem: outcome.message }, { status: 400 });
  return redirectWithToast(request, "/account/practices", { kind: "success", message: outcome.message });
}

export default function MyPracticesPage() {
  const { q, mayRequest, mustConfirmFirst, memberships, requests, signedFor, results, decidesAny, awaitingStaff } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="space-y-6">
      <p>
        <Link to="/account">My account</Link>
      </p>
      <h1>My practices</h1>
      <FormErrors errors={reply?.problem ? [reply.problem] : null} />

      <section className="card space-y-2" aria-labelledby="members-title">
        <h2 id="members-title">Practices you belong to</h2>
        {memberships.length === 0 ? (
          <p>None yet.</p>
        ) : (
          <ul className="list-disc pl-6">
            {memberships.map((m) => (
              <li key={m.practiceId}>
                <Link to={`/practices/${m.odsCode}/sign-ups`}>{m.practiceName}</Link> ({m.odsCode}){m.isSignatory ? ": signatory" : ": member"}
              </li>
            ))}
          </ul>
        )}
      </section>

      {signedFor.length ? (
        <section className="card space-y-2" aria-labelledby="signed-for-title">
          <h2 id="signed-for-title">Practices you sign for</h2>
          <ul className="list-disc pl-6">
            {signedFor.map((p) => (
              <li key={p.ods_code}>
                <Link to={`/practices/${p.ods_code}/members`}>{p.name}: members and requests</Link>
                {p.waiting ? ` (${p.waiting} waiting for a decision)` : ""}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {requests.length ? (
        <section className="card space-y-2" aria-labelledby="requests-title">
          <h2 id="requests-title">Your requests to join</h2>
          <div className="overflow-x-auto" role="region" aria-label="Table of your requests, scrolls sideways on small screens" tabIndex={0}>
            <table className="w-full text-left">
              <thead>
                <tr>
                  <th scope="col">Practice</th>
                  <th scope="col">Asked on</th>
                  <th scope="col">State</th>
                  <th scope="col">
                    <span className="sr-only">Action</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {requests.map((r) => (
                  <tr key={r.id}>
                    <td>
                      {r.name} ({r.ods_code})
                    </td>
                    <td>{formatDate(r.created_at)}</td>
                    <td>
                      {MEMBERSHIP_REQUEST_STATUS_LABELS[r.status]}
                      {r.decided_at ? ` on ${formatDate(r.decided_at)}` : ""}
                      {r.reason ? `: ${r.reason}` : ""}
                    </td>
                    <td>
                      {r.status === "pending" ? (
                        <Form method="post">
                          <input type="hidden" name="requestId" value={r.id} />
                          <button type="submit" name="intent" value="withdraw" className="btn-secondary" disabled={busy}>
                            Withdraw<span className="sr-only"> the request to join {r.name}</span>
                          </button>
                        </Form>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      {mayRequest ? (
        <section className="card space-y-4" aria-labelledby="join-title">
          <h2 id="join-title">Ask to join a practice</h2>
          <p>Find your practice by its ODS code (like A81001) or its name. A signatory of the practice decides; where it has none yet, BMA staff do.</p>
          <Form method="get" className="flex flex-wrap items-end gap-3">
            <div className="space-y-1">
              <label htmlFor="q" className="block font-medium">
                ODS code or practice name
              </label>
              <input id="q" name="q" type="search" defaultValue={q} maxLength={100} className="input" />
            </div>
            <button type="submit" className="btn-secondary">
              Search
            </button>
          </Form>
          {q ? (
            results.length === 0 ? (
              <p role="status">No open practice matches &ldquo;{q}&rdquo;. Try the ODS code, or fewer words of the name.</p>
            ) : (
              <ul className="space-y-2" aria-label="Practices found">
                {results.map((p) => (
                  <li key={p.ods_code} className="flex flex-wrap items-center gap-3">
                    <span>
                      {p.name} ({p.ods_code}){p.postcode ? `, ${p.postcode}` : ""}
                    </span>
                    {p.member ? (
                      <span className="text-slate-600">You are a member.</span>
                    ) : p.pending ? (
                      <span className="text-slate-600">Your request is waiting.</span>
                    ) : (
                      <Form method="post">
                        <input type="hidden" name="odsCode" value={p.ods_code} />
                        <button type="submit" name="intent" value="request" className="btn" disabled={busy}>
                          Ask to join<span className="sr-only"> {p.name}</span>
                        </button>
                      </Form>
                    )}
                  </li>
                ))}
              </ul>
            )
          ) : null}
        </section>
      ) : mustConfirmFirst ? (
        <section className="card space-y-2" aria-labelledby="join-title">
          <h2 id="join-title">Ask to join a practice</h2>
          <p>
            Confirm your email address first: follow the link we emailed you, or <Link to="/verify-email">ask for a new one</Link>.
          </p>
        </section>
      ) : null}

      {decidesAny ? (
        <section className="card space-y-2" aria-labelledby="staff-title">
          <h2 id="staff-title">Requests at practices with no signatory</h2>
          {awaitingStaff.length === 0 ? (
            <p>None waiting.</p>
          ) : (
            <ul className="list-disc pl-6">
              {awaitingStaff.map((r) => (
                <li key={r.id}>
                  <Link to={`/practices/${r.ods_code}/members`}>
                    {r.requesterName} asks to join {r.practiceName} ({r.ods_code})
                  </Link>
                  , since {formatDate(r.created_at)}
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
    </div>
  );
}
