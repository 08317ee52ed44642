// The one rule for dated memberships (a practice's ICB and LMC, an LMC's areas): a row is in
// force on a date when valid_from <= date < valid_to, open-ended when valid_to is null. Dates are
// ISO `YYYY-MM-DD` strings, which compare correctly as text. `app/models/in-force.server.ts` is
// the same rule as a Kysely expression; a test checks the two agree.
export interface Dated {
  valid_from: string;
  valid_to: string | null;
}

export function inForceOn(row: Dated, date: string): boolean {
  return row.valid_from <= date && (row.valid_to === null || row.valid_to > date);
}

/** The row of a history in force on a date, if any. */
export function rowInForce<T extends Dated>(rows: readonly T[], date: string): T | null {
  return rows.find((row) => inForceOn(row, date)) ?? null;
}
