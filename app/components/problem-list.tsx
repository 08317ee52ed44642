import type { LineProblem } from "../domain/practice-register";

/** The lines an import could not use, by line number, capped so huge files stay readable. */
export function ProblemList({
  problems,
  limit = 200,
  consequence = "will be skipped; the rest will import",
}: {
  problems: LineProblem[];
  limit?: number;
  consequence?: string;
}) {
  if (problems.length === 0) return <p>Every line could be read.</p>;
  return (
    <div className="space-y-2">
      <p className="font-medium text-red-800">
        {problems.length} line{problems.length === 1 ? "" : "s"} could not be used and {consequence}.
      </p>
      <ul className="max-h-80 list-disc overflow-y-auto pl-6 text-sm">
        {problems.slice(0, limit).map((p) => (
          <li key={`${p.line}-${p.message}`}>
            Line {p.line}: {p.message}
          </li>
        ))}
      </ul>
      {problems.length > limit ? <p className="text-sm">…and {problems.length - limit} more.</p> : null}
    </div>
  );
}
