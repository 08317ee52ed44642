/** The current instant as ISO-8601 text, the form every timestamp is stored in. */
export function nowIso(): string {
  return new Date().toISOString();
}

/** Today's date (UTC) as YYYY-MM-DD, the form dated memberships use. */
export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}
