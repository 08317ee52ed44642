import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { ErrorList } from "../components/ui/field";
import {
  allowedOutcomes,
  computedOutcome,
  MAJORITIES,
  METHOD_LABELS,
  OUTCOME_LABELS,
  OUTCOMES,
  VOTE_METHODS,
  type Majority,
  type Outcome,
  type VoteMethod,
  type VoteStanding,
} from "../domain/vote-outcome";
import { loadVoteStanding, recordMotionVotes, type PartVoteError } from "../models/votes.server";
import { PartVoteSchema, voteCountsPreview, voteOutcomePreview } from "../schemas/conferences";
import { requireUser } from "../utils/auth.server";
import { loadVisibleMotion } from "../utils/conference-access.server";
import { getDb } from "../utils/db.server";
import { forbidden } from "../utils/permissions.server";
import { redirectWithToast } from "../utils/session.server";

export const meta: MetaFunction = () => [{ title: "Record votes | LMC Tracker" }];

// After a conflict (409) reload the votes, so the clerk sees what the other clerk saved.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 || defaultShouldRevalidate;

async function requireClerk(request: Request, id: string | undefined) {
  const user = await requireUser(request);
  const found = await loadVisibleMotion(request, id);
  if (!found.canRecordVotes) forbidden(request, user, "cannot record votes at this conference");
  // Only motions on the agenda are voted on (and so become resolutions); a submission is accepted first.
  if (found.motion.state !== "agenda") {
    throw data({ message: `Motion ${found.motion.number} is not on the agenda yet, so no votes can be recorded on it. Accept it onto the agenda first.` }, { status: 409 });
  }
  return { user, found };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { found } = await requireClerk(request, params.id);
  const standing = await loadVoteStanding(getDb(), found.motion.id);
  return {
    motion: { id: found.motion.id, number: found.motion.number, title: found.motion.title, conferenceId: found.motion.conference_id },
    standing,
    parts: found.parts.map((p) => {
      const method = (p.method ?? (standing.canVote ? "electronic" : "show_of_hands")) as VoteMethod;
      const majority = (p.majority ?? "simple") as Majority;
      const counts = { for: p.votes_for, against: p.votes_against, abstain: p.votes_abstain };
      return {
        id: p.id,
        label: p.label,
        text: p.text,
        method,
        majority,
        ...counts,
        outcome: p.outcome,
        // The outcome field holds a choice only where the counts did not decide it, so that a
        // correction to the counts recomputes the outcome (with or without JavaScript).
        chosen: p.outcome && p.outcome !== computedOutcome({ method, majority, counts, standing }) ? p.outcome : null,
        version: found.voteVersions.get(p.id) ?? 0,
      };
    }),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, found } = await requireClerk(request, params.id);
  const formData = await request.formData();
  const errors: PartVoteError[] = [];
  const votes = [];
  for (const part of found.parts) {
    const prefix = `part-${part.id}-`;
    const raw = Object.fromEntries([...formData].filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));
    if (Object.keys(raw).length === 0) continue;
    const nothingEntered = !raw.outcome && !raw.for && !raw.against && !raw.abstain;
    if (nothingEntered && !part.outcome) continue;
    const parsed = PartVoteSchema.safeParse({ ...raw, partId: part.id });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      errors.push({ partId: part.id, field: String(issue.path[0] ?? "outcome"), message: issue.message });
      continue;
    }
    votes.push(parsed.data);
  }
  if (errors.length) return data({ errors }, { status: 400 });
  if (votes.length === 0) return data({ errors: [{ partId: 0, field: "form", message: "Enter at least one part's vote" }] }, { status: 400 });
  const result = await recordMotionVotes(getDb(), user.id, votes);
  if (!result.ok) {
    const conflict = result.errors.some((e) => e.field === "version" || e.field === "motion");
    return data({ errors: result.errors }, { status: conflict ? 409 : 400 });
  }
  return redirectWithToast(request, `/motions/${found.motion.id}`, { kind: "success", message: "Votes saved." });
}

type PartRow = ReturnType<typeof useLoaderData<typeof loader>>["parts"][number];

export default function RecordVotesPage() {
  const { motion, parts, standing } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const errors = result?.errors ?? [];
  const formError = errors.find((e) => e.partId === 0);
  const anyRecorded = parts.some((p) => p.version > 0);
  return (
    <div className="space-y-6">
      <p>
        <Link to={`/motions/${motion.id}`}>Back to motion {motion.number}</Link>
      </p>
      <h1>
        Record votes: motion {motion.number}
        <span className="block text-lg font-normal text-slate-700">{motion.title}</span>
      </h1>
      {errors.some((e) => e.field === "version") ? (
        <p role="alert" className="card border-red-300 bg-red-50 text-red-900">
          {errors.find((e) => e.field === "version")!.message} <Link to=".">Reload the latest votes</Link>.
        </p>
      ) : null}
      {formError ? <p role="alert" className="text-red-800">{formError.message}</p> : null}
      {standing.canVote ? null : (
        <p role="note" className="card border-amber-300 bg-amber-50">
          {standing.message}
        </p>
      )}
      <Form method="post" className="space-y-4" key={parts.map((p) => p.version).join("-")}>
        {parts.map((part) => (
          <PartVoteFields key={part.id} part={part} standing={standing} errors={errors.filter((e) => e.partId === part.id)} />
        ))}
        {anyRecorded ? (
          <p className="text-sm text-slate-700">A part that already has a recorded vote can be corrected only with a reason; corrections are kept in the history.</p>
        ) : null}
        <button type="submit" className="btn w-full sm:w-auto" disabled={busy}>
          Save votes
        </button>
      </Form>
    </div>
  );
}

function PartVoteFields({ part, standing, errors }: { part: PartRow; standing: VoteStanding; errors: PartVoteError[] }) {
  const [state, setState] = useState({
    method: part.method,
    majority: part.majority,
    for: part.for?.toString() ?? "",
    against: part.against?.toString() ?? "",
    abstain: part.abstain?.toString() ?? "",
    outcome: part.chosen ?? "",
  });
  const id = (field: string) => `part-${part.id}-${field}`;
  const errorFor = (field: string) => errors.filter((e) => e.field === field).map((e) => e.message);
  const shown = voteOutcomePreview(part.id, state, standing);
  const allowed = allowedOutcomes({ method: state.method, majority: state.majority, counts: voteCountsPreview(part.id, state), standing });
  const set = (field: keyof typeof state) => (e: { currentTarget: { value: string } }) => {
    const next = { ...state, [field]: e.currentTarget.value };
    // New counts recompute the outcome: a chosen outcome they no longer allow goes back to "from the counts".
    const stillAllowed = allowedOutcomes({ method: next.method, majority: next.majority, counts: voteCountsPreview(part.id, next), standing });
    if (field !== "outcome" && next.outcome && !stillAllowed.includes(next.outcome as Outcome)) next.outcome = "";
    setState(next);
  };
  const described = (field: string) => (errorFor(field).length ? `${id(field)}-error` : undefined);
  return (
    <fieldset className="card space-y-3">
      <legend className="px-1 font-semibold">Part ({part.label})</legend>
      <p>{part.text}</p>
      <input type="hidden" name={id("version")} value={part.version} />
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-6">
        {standing.canVote ? (
          <>
            <div className="col-span-2 space-y-1 sm:col-span-1">
              <label htmlFor={id("method")} className="block text-sm font-medium">
                Method
              </label>
              <select id={id("method")} name={id("method")} className="input" value={state.method} onChange={set("method")}>
                {VOTE_METHODS.map((m) => (
                  <option key={m} value={m}>
                    {METHOD_LABELS[m]}
                  </option>
                ))}
              </select>
            </div>
            <div className="col-span-2 space-y-1 sm:col-span-1">
              <label htmlFor={id("majority")} className="block text-sm font-medium">
                Majority
              </label>
              <select id={id("majority")} name={id("majority")} className="input" value={state.majority} onChange={set("majority")}>
                {MAJORITIES.map((m) => (
                  <option key={m} value={m}>
                    {m === "simple" ? "Simple" : "Two-thirds"}
                  </option>
                ))}
              </select>
            </div>
            {(["for", "against", "abstain"] as const).map((field) => (
              <div key={field} className="space-y-1">
                <label htmlFor={id(field)} className="block text-sm font-medium">
                  {field === "for" ? "For" : field === "against" ? "Against" : "Abstain"}
                </label>
                <input
                  id={id(field)}
                  name={id(field)}
                  type="text"
                  inputMode="numeric"
                  pattern="[0-9]*"
                  autoComplete="off"
                  className="input"
                  value={state[field]}
                  onChange={set(field)}
                  aria-invalid={errorFor(field).length ? true : undefined}
                  aria-describedby={described(field)}
                />
                <ErrorList id={`${id(field)}-error`} errors={errorFor(field)} />
              </div>
            ))}
          </>
        ) : (
          <>
            {/* No vote is taken: no counts, and the method and majority are only placeholders. */}
            <input type="hidden" name={id("method")} value={state.method} />
            <input type="hidden" name={id("majority")} value={state.majority} />
          </>
        )}
        <div className="col-span-2 space-y-1 sm:col-span-1">
          <label htmlFor={id("outcome")} className="block text-sm font-medium">
            Outcome
          </label>
          <select
            id={id("outcome")}
            name={id("outcome")}
            className="input"
            value={state.outcome}
            onChange={set("outcome")}
            aria-invalid={errorFor("outcome").length ? true : undefined}
            aria-describedby={described("outcome")}
          >
            <option value="">{standing.canVote ? "From the counts" : "Choose"}</option>
            {OUTCOMES.map((o) => (
              <option key={o} value={o} disabled={!allowed.includes(o)}>
                {OUTCOME_LABELS[o]}
              </option>
            ))}
          </select>
          <ErrorList id={`${id("outcome")}-error`} errors={errorFor("outcome")} />
        </div>
      </div>
      <p aria-live="polite" className="font-medium">
        Outcome to be saved:{" "}
        <output htmlFor={`${id("for")} ${id("against")} ${id("abstain")} ${id("majority")} ${id("outcome")}`}>
          {shown.ok ? OUTCOME_LABELS[shown.outcome] : `None yet. ${shown.message}`}
        </output>
      </p>
      {part.version > 0 ? (
        <div className="space-y-1">
          <label htmlFor={id("reason")} className="block text-sm font-medium">
            Reason for correcting part ({part.label})
          </label>
          <input
            id={id("reason")}
            name={id("reason")}
            type="text"
            className="input"
            maxLength={500}
            aria-invalid={errorFor("reason").length ? true : undefined}
            aria-describedby={described("reason")}
          />
          <ErrorList id={`${id("reason")}-error`} errors={errorFor("reason")} />
        </div>
      ) : null}
    </fieldset>
  );
}

