// Shows an object's audit history; any entity page can include it. Readers who may not see the
// full history get a plain-words record instead (RecordPanel).
import type { PublicRecordLine } from "../domain/motion-history";
import type { AuditHistoryItem } from "../models/audit.server";

function describe(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value !== "object") return String(value);
  return Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k.replace(/_/g, " ")}: ${v === null ? "none" : typeof v === "object" ? JSON.stringify(v) : String(v)}`)
    .join("; ");
}

function HistorySection({ title, empty, children }: { title: string; empty: string | null; children: React.ReactNode }) {
  return (
    <section aria-labelledby="history-title" className="card space-y-3">
      <h2 id="history-title">{title}</h2>
      {empty ? <p className="text-slate-600">{empty}</p> : children}
    </section>
  );
}

export function HistoryPanel({ items, title = "History" }: { items: AuditHistoryItem[]; title?: string }) {
  return (
    <HistorySection title={title} empty={items.length === 0 ? "No recorded changes." : null}>
      <ol className="space-y-3">
        {items.map((item) => (
          <li key={item.id} className="border-l-4 border-slate-300 pl-3">
            <p className="font-medium">
              {item.action}{" "}
              <span className="font-normal text-slate-600">
                by {item.actorName ?? "the system"} on{" "}
                <time dateTime={item.createdAt}>{item.createdAt.replace("T", " ").slice(0, 19)} UTC</time>
              </span>
            </p>
            {item.reason ? <p className="text-sm">Reason: {item.reason}</p> : null}
            {item.before ? <p className="text-sm text-slate-700">Before: {describe(item.before)}</p> : null}
            {item.after ? <p className="text-sm text-slate-700">After: {describe(item.after)}</p> : null}
          </li>
        ))}
      </ol>
    </HistorySection>
  );
}

/** The published record in plain words, for readers who may not see the full history. */
export function RecordPanel({ lines, title = "History" }: { lines: PublicRecordLine[]; title?: string }) {
  return (
    <HistorySection title={title} empty={lines.length === 0 ? "Nothing recorded yet." : null}>
      <ul className="list-disc space-y-1 pl-6">
        {lines.map((line) => (
          <li key={line.id}>{line.text}</li>
        ))}
      </ul>
    </HistorySection>
  );
}
