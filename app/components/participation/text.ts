// Words and numbers for the participation dashboard, kept pure so that the sentences a reader
// sees (and a screen reader hears) are tested as tables.
import type { TriggerProjection } from "../../domain/triggers";
import { formatDate } from "../../utils/time";

// Formatters made once (`toLocaleString` builds one per call; the dashboard formats thousands).
const WHOLE = new Intl.NumberFormat("en-GB");
const ONE_DECIMAL = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 1 });

export const whole = (n: number) => WHOLE.format(n);

/** A share to one decimal place: 6.6%. */
export function percentOf(part: number, total: number): string {
  if (total <= 0) return "n/a";
  return `${ONE_DECIMAL.format(Math.round((part * 1000) / total) / 10)}%`;
}

/** "1 practice", "2 practices". */
export function practices(n: number): string {
  return `${whole(n)} ${n === 1 ? "practice" : "practices"}`;
}

export interface NationalProgressInput {
  thresholdPercent: number;
  signed: number;
  total: number;
  needed: number | null;
  liveSince: string | null;
}

/** "412 of 6,253 practices (6.6%) — trigger 10%: 214 more needed", or when it went live. */
export function nationalProgressText(p: NationalProgressInput): string {
  const counted = `${whole(p.signed)} of ${practices(p.total)} (${percentOf(p.signed, p.total)})`;
  if (p.liveSince) return `Live nationally since ${formatDate(p.liveSince)}: ${counted} signed, against a trigger of ${p.thresholdPercent}%`;
  if (p.needed === null) return `Trigger ${p.thresholdPercent}%: there are no active practices to count yet`;
  const more = Math.max(0, p.needed - p.signed);
  return `${counted} — trigger ${p.thresholdPercent}%: ${more === 0 ? "met" : `${whole(more)} more needed`}`;
}

/** The same figures for an ICB trigger: how many ICBs it has gone live in. */
export function icbProgressText(p: { thresholdPercent: number; liveIcbs: number; icbsWithPractices: number }): string {
  return `Trigger ${p.thresholdPercent}% of practices in each ICB: live in ${whole(p.liveIcbs)} of ${whole(p.icbsWithPractices)} ICBs`;
}

/** About how fast practices are signing: per day, or per week when it is under one a day. */
export function rateText(perDay: number): string {
  if (perDay >= 1) {
    const rounded = ONE_DECIMAL.format(perDay);
    return `about ${rounded} ${rounded === "1" ? "practice" : "practices"} a day`;
  }
  const perWeek = perDay * 7;
  const rounded = ONE_DECIMAL.format(perWeek);
  return `about ${rounded} ${rounded === "1" ? "practice" : "practices"} a week`;
}

/** What a straight line at the last 14 days' rate says, in a sentence. `where`: "nationally", "in Devon". */
export function projectionText(projection: TriggerProjection, where: string): string {
  switch (projection.kind) {
    case "met":
      return `The trigger has been met ${where}.`;
    case "never":
      return `No date can be projected ${where}: sign-ups over the last 14 days give no steady rate to draw a line from.`;
    case "projected":
      return `At the rate of the last 14 days (${rateText(projection.perDay)}), the trigger would be met ${where} around ${formatDate(projection.date)}.`;
  }
}

/** Short form for a table cell. */
export function projectionCell(projection: TriggerProjection | null): string {
  if (!projection) return "—";
  if (projection.kind === "projected") return `around ${formatDate(projection.date)}`;
  return projection.kind === "met" ? "met" : "no rate to project from";
}

export const PROJECTION_CAVEAT =
  "A projection is a straight line drawn from the last 14 days of sign-ups, not a forecast: sign-ups rarely keep a steady pace, and a campaign, a deadline or news can change them in a day.";
