// Shows a record's history: the full history in words for those who may read it (who did what,
// when, and what changed), or the published record for everyone else (RecordPanel). Neither
// shows ids, field names or raw values: app/domain/audit-words.ts and motion-history.ts write them.
import type { HistoryLine } from "../domain/audit-words";
import type { PublicRecordLine } from "../domain/motion-history";
import { formatDate } from "../utils/time";

function HistorySection({ title, empty, children }: { title: string; empty: string | null; children: React.ReactNode }) {
  return (
    <section aria-labelledby="history-title" className="card space-y-3">
      <h2 id="history-title">{title}</h2>
      {empty ? <p className="text-slate-600">{empty}</p> : children}
    </section>
  );
}

/** "7 November 2025 at 14:05 UTC": the full history gives the time as well as the day. */
export function WhenText({ at }: { at: string }) {
  return (
    <time dateTime={at}>
      {formatDate(at)} at {at.slice(11, 16)} UTC
    </time>
  );
}

export function HistoryPanel({ items, title = "History" }: { items: HistoryLine[]; title?: string }) {
  return (
    <HistorySection title={title} empty={items.length === 0 ? "No recorded changes." : null}>
      <ol className="space-y-3">
        {items.map((line) => (
          <li key={line.id} className="border-l-4 border-slate-300 pl-3">
            <p className="font-medium">
              {line.text}{" "}
              <span className="font-normal text-slate-600">
                by {line.who} on <WhenText at={line.at} />
              </span>
            </p>
            {line.reason ? <p className="text-sm">Reason: {line.reason}</p> : null}
            {line.details.length ? (
              <ul className="list-disc pl-6 text-sm text-slate-700">
                {line.details.map((detail, i) => (
                  <li key={i}>{detail}</li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ol>
    </HistorySection>
  );
}

/** The published record in plain words, for readers who may not see the full history. */
export function RecordPanel({ lines, title = "History" }: { lines: Pick<PublicRecordLine, "text">[]; title?: string }) {
  return (
    <HistorySection title={title} empty={lines.length === 0 ? "Nothing recorded yet." : null}>
      <ul className="list-disc space-y-1 pl-6">
        {lines.map((line, index) => (
          // The lines never change order while shown: the place is key enough.
          <li key={index}>{line.text}</li>
        ))}
      </ul>
    </HistorySection>
  );
}
