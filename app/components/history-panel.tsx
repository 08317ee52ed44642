// Shows an object's audit history; any entity page can include it.
import type { AuditHistoryItem } from "../models/audit.server";

function describe(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value !== "object") return String(value);
  return Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k.replace(/_/g, " ")}: ${v === null ? "none" : typeof v === "object" ? JSON.stringify(v) : String(v)}`)
    .join("; ");
}

export function HistoryPanel({ items, title = "History" }: { items: AuditHistoryItem[]; title?: string }) {
  return (
    <section aria-labelledby="history-title" className="card space-y-3">
      <h2 id="history-title">{title}</h2>
      {items.length === 0 ? (
        <p className="text-slate-600">No recorded changes.</p>
      ) : (
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
      )}
    </section>
  );
}
