// A motion as readers see it: number, proposer, marking, parts with outcomes and percentages.
import { AppLink } from "./ui/app-link";
import { MARKING_LABELS, INTENT_LABELS } from "../schemas/conferences";
import { MOTION_STATE_LABELS, type MotionState } from "../domain/motion-states";
import { METHOD_LABELS, OUTCOME_LABELS, type Outcome, type VoteMethod } from "../domain/vote-outcome";

export interface MotionSummaryData {
  id: number;
  number: string;
  title: string;
  proposer: string;
  kind: string;
  marking: keyof typeof MARKING_LABELS;
  state: MotionState;
  preamble: string;
  result: { result: string; label: string };
  parts: {
    id: number;
    label: string;
    text: string;
    outcome: Outcome | null;
    method: string | null;
    votes_for: number | null;
    votes_against: number | null;
    votes_abstain: number | null;
    percentages: { for: number; against: number; abstain: number } | null;
    clauses: { clause_id: number; reference: string; title: string; intent: keyof typeof INTENT_LABELS }[];
  }[];
}

const RESULT_COLOURS: Record<string, string> = {
  carried_in_all_parts: "bg-green-100 text-green-900",
  carried: "bg-green-100 text-green-900",
  carried_unanimously: "bg-green-100 text-green-900",
  carried_as_reference: "bg-green-50 text-green-900",
  carried_in_part: "bg-lime-100 text-lime-900",
  lost: "bg-red-100 text-red-900",
};

export function ResultBadge({ result }: { result: { result: string; label: string } }) {
  return <span className={`rounded px-2 py-0.5 text-sm font-semibold ${RESULT_COLOURS[result.result] ?? "bg-slate-100 text-slate-800"}`}>{result.label}</span>;
}

/** An agenda motion's result; a motion not on the agenda reads where it stands (Draft, Submitted, Rejected), never "Awaiting vote". */
export function StandingBadge({ motion }: { motion: Pick<MotionSummaryData, "state" | "result"> }) {
  if (motion.state === "agenda") return <ResultBadge result={motion.result} />;
  return <span className="rounded border border-slate-400 px-2 py-0.5 text-sm font-semibold text-slate-800">{MOTION_STATE_LABELS[motion.state]}</span>;
}

export function VoteLine({ part }: { part: MotionSummaryData["parts"][number] }) {
  if (!part.outcome) return <span className="text-slate-600">No vote recorded</span>;
  const p = part.percentages;
  return (
    <span>
      <strong>{OUTCOME_LABELS[part.outcome]}</strong>
      {p ? (
        <>
          {" "}
          · for {part.votes_for} ({p.for}%), against {part.votes_against} ({p.against}%), abstain {part.votes_abstain ?? 0}
        </>
      ) : null}
      {part.method ? <span className="text-slate-600"> · {METHOD_LABELS[part.method as VoteMethod]}</span> : null}
    </span>
  );
}

/** A motion in a list (with a heading linking to its page), or on its own page (`standalone`). */
export function MotionSummary({ motion, standalone = false }: { motion: MotionSummaryData; standalone?: boolean }) {
  return (
    <article className="card space-y-2" aria-labelledby={standalone ? undefined : `motion-${motion.id}`} aria-label={standalone ? "Motion text and votes" : undefined}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        {standalone ? null : (
          <h3 id={`motion-${motion.id}`} className="text-lg font-semibold">
            <AppLink to={`/motions/${motion.id}`}>
              {motion.state === "agenda" ? `${motion.number}. ` : `${MOTION_STATE_LABELS[motion.state]}: `}
              {motion.title}
            </AppLink>
          </h3>
        )}
        <StandingBadge motion={motion} />
      </div>
      <p className="text-sm text-slate-700">
        {motion.proposer}
        {motion.kind !== "motion" ? ` · ${motion.kind}` : ""}
        {motion.state === "agenda" ? ` · ${MARKING_LABELS[motion.marking]}` : ""}
      </p>
      {motion.preamble ? <p>{motion.preamble}</p> : null}
      <ol className="space-y-2">
        {motion.parts.map((part) => (
          <li key={part.id} className="border-l-4 border-slate-200 pl-3">
            <p>
              {motion.parts.length > 1 ? <span className="font-semibold">({part.label}) </span> : null}
              {part.text}
            </p>
            {motion.state === "agenda" ? (
              <p className="text-sm">
                <VoteLine part={part} />
              </p>
            ) : null}
            {part.clauses.length ? (
              <p className="text-sm">
                Targets:{" "}
                {part.clauses.map((c, i) => (
                  <span key={c.clause_id}>
                    {i > 0 ? "; " : ""}
                    <AppLink to={`/clauses/${c.clause_id}`}>{c.reference || c.title}</AppLink> ({INTENT_LABELS[c.intent].toLowerCase()})
                  </span>
                ))}
              </p>
            ) : null}
          </li>
        ))}
      </ol>
    </article>
  );
}
