/** The current instant as ISO-8601 text, the form every timestamp is stored in. */
export function nowIso(): string {
  return new Date().toISOString();
}

/** Today's date (UTC) as YYYY-MM-DD, the form dated memberships use. */
export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

const LONG_DATE = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/** A date as people write it: 7 November 2025 (from an ISO date or timestamp). Exports keep ISO. */
export function formatDate(iso: string): string {
  const date = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return Number.isNaN(date.getTime()) ? iso : LONG_DATE.format(date);
}
