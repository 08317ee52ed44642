// The audit log in plain words, for the staff and administrators who read it: what happened, to
// what, by whom and when, with no row ids, field names or JSON. The public never sees any of
// this; it reads the published record of a motion (./motion-history.ts).
import { MARKING_LABELS } from "../schemas/conferences";
import { formatDate } from "../utils/time";
import { MOTION_NUMBER, romanLabel } from "./motion-numbers";
import { MOTION_STATE_LABELS, type MotionState } from "./motion-states";
import { METHOD_LABELS, OUTCOME_LABELS, type Outcome, type VoteMethod } from "./vote-outcome";

/** What each kind of audited change is called. */
const ACTION_WORDS: Record<string, string> = {
  "agenda.import": "Agenda imported from text",
  "body.create": "Body created",
  "campaign.create": "Campaign opened",
  "campaign.note": "Campaign timeline note added",
  "campaign.status": "Campaign status changed",
  "campaign.update": "Campaign edited",
  "clause.create": "Clause added to the register",
  "clause.update": "Clause edited",
  "conference.create": "Conference created",
  "conference.update": "Conference edited",
  "demo.seed": "Demonstration data loaded",
  "lmc.create": "LMC created",
  "lmc_area.set": "LMC area changed",
  "membership.add": "Practice membership added",
  "membership.remove": "Practice membership removed",
  "membership.update": "Practice membership changed",
  "membership_request.approve": "Request to join a practice approved",
  "membership_request.create": "Asked to join a practice",
  "membership_request.refuse": "Request to join a practice refused",
  "membership_request.withdraw": "Request to join a practice withdrawn",
  "motion.accept": "Accepted onto the agenda",
  "motion.create": "Motion created",
  "motion.merge": "Merged into a composite",
  "motion.reject": "Rejected by the agenda committee",
  "motion.set_state": "Motion moved",
  "motion.submit": "Submitted to the conference",
  "motion.update": "Motion edited",
  "motions.import_csv": "Motions imported from a file",
  "notice.create": "Contractual notice recorded",
  "option.create": "Option added",
  "option.update": "Option edited",
  "option.went_live": "Option went live",
  "pledge.anonymise": "Withdrawn pledges anonymised after the retention period",
  "pledge.create": "Personal pledge made",
  "pledge.withdraw": "Personal pledge withdrawn",
  "practice.import_close": "Practice closed by a register import",
  "practice.import_create": "Practice added by a register import",
  "practice.import_update": "Practice updated by a register import",
  "practice_register.import": "Practice register imported",
  "resolution.progress": "Resolution progress noted",
  "section.create": "Agenda section added",
  "section.move": "Agenda section moved",
  "section.rename": "Agenda section renamed",
  "session.login": "Logged in",
  "session.logout": "Logged out",
  "signup.change": "Practice sign-up changed",
  "signup.create": "Practice signed up",
  "signup.stopped_acting": "Practice sign-up stopped acting",
  "signup.went_live": "Practice sign-up went live",
  "signup.withdraw": "Practice sign-up withdrawn",
  "settings.pledge_retention": "Retention period for withdrawn pledges changed",
  "signups.export": "Signed practices exported",
  "user.create": "Account created",
  "user.disable": "Account disabled",
  "user.email_change": "Email address changed",
  "user.email_change_requested": "Change of email address asked for",
  "user.email_verified": "Email address confirmed",
  "user.enable": "Account enabled",
  "user.erase": "Account deleted by its owner",
  "user.notifications": "Email choices changed",
  "user.password_reset": "Password reset",
  "user.register": "Registered",
  "user.revoke_sessions": "Logged out everywhere",
  "user.update": "Account edited",
  "vote.correct": "Vote corrected",
  "vote.record": "Vote recorded",
};

/** "Vote corrected" for vote.correct; an action with no words yet reads as its words, not its code. */
export function actionInWords(action: string): string {
  const known = ACTION_WORDS[action];
  if (known) return known;
  const words = action.replace(/[._]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function field(value: unknown, key: string): unknown {
  return value && typeof value === "object" && key in value ? (value as Record<string, unknown>)[key] : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function count(value: unknown): number | null {
  return typeof value === "number" ? value : null;
}

function isState(value: unknown): value is MotionState {
  return typeof value === "string" && value in MOTION_STATE_LABELS;
}

/** "Carried: 312 for, 21 against, 9 abstaining (electronic vote, simple majority)". */
function voteInWords(vote: unknown): string | null {
  const outcome = field(vote, "outcome");
  if (typeof outcome !== "string" || !(outcome in OUTCOME_LABELS)) return null;
  const parts = [OUTCOME_LABELS[outcome as Outcome]];
  const [f, a, ab] = [count(field(vote, "votes_for")), count(field(vote, "votes_against")), count(field(vote, "votes_abstain"))];
  const counts = f !== null || a !== null ? `: ${f ?? 0} for, ${a ?? 0} against, ${ab ?? 0} abstaining` : "";
  const method = field(vote, "method");
  const how = [
    typeof method === "string" && method in METHOD_LABELS ? METHOD_LABELS[method as VoteMethod].toLowerCase() : null,
    field(vote, "majority") === "two_thirds" ? "two-thirds majority" : field(vote, "majority") === "simple" ? "simple majority" : null,
  ].filter(Boolean);
  return `${parts[0]}${counts}${how.length ? ` (${how.join(", ")})` : ""}`;
}

type PartText = { label?: unknown; text?: unknown };

/** What an edit changed, one plain sentence each: the title, the wording of each part, ... */
function motionChanges(before: unknown, after: unknown): string[] {
  if (!before || !after) return [];
  const changes: string[] = [];
  const quoted = (v: unknown) => (text(v) ? `“${text(v)}”` : "nothing");
  const changed = (key: string) => (field(before, key) ?? null) !== (field(after, key) ?? null);
  // A draft's placeholder is no number: it reads as none.
  const number = (v: unknown) => (typeof v === "string" && MOTION_NUMBER.test(v) ? v : "none");
  if (changed("number")) changes.push(`Number changed from ${number(field(before, "number"))} to ${number(field(after, "number"))}`);
  if (changed("title")) changes.push(`Title changed from ${quoted(field(before, "title"))} to ${quoted(field(after, "title"))}`);
  if (changed("proposer")) changes.push(`Proposer changed from ${quoted(field(before, "proposer"))} to ${quoted(field(after, "proposer"))}`);
  if (changed("seconder")) changes.push(`Seconder changed from ${quoted(field(before, "seconder"))} to ${quoted(field(after, "seconder"))}`);
  if (changed("kind")) changes.push(`Now a ${text(field(after, "kind")) ?? "motion"}`);
  if (changed("marking")) {
    const marking = field(after, "marking");
    changes.push(`Marked ${typeof marking === "string" && marking in MARKING_LABELS ? MARKING_LABELS[marking as keyof typeof MARKING_LABELS].toLowerCase() : "differently"}`);
  }
  if (changed("section_id")) changes.push("Moved to another section");
  if (changed("parent_motion_id")) changes.push("Attached to another motion");
  if (changed("preamble")) changes.push(`Preamble reworded: was ${quoted(field(before, "preamble"))}, now ${quoted(field(after, "preamble"))}`);
  const beforeParts = (Array.isArray(field(before, "parts")) ? field(before, "parts") : []) as PartText[];
  const afterParts = (Array.isArray(field(after, "parts")) ? field(after, "parts") : []) as PartText[];
  for (let i = 0; i < Math.max(beforeParts.length, afterParts.length); i++) {
    const label = text(beforeParts[i]?.label) ?? romanLabel(i + 1);
    if (!beforeParts[i]) changes.push(`Part (${label}) added: ${quoted(afterParts[i]!.text)}`);
    else if (!afterParts[i]) changes.push(`Part (${label}) removed: it read ${quoted(beforeParts[i]!.text)}`);
    else if (beforeParts[i]!.text !== afterParts[i]!.text) changes.push(`Part (${label}) reworded: was ${quoted(beforeParts[i]!.text)}, now ${quoted(afterParts[i]!.text)}`);
  }
  return changes;
}

export interface AuditEventFacts {
  action: string;
  before: unknown;
  after: unknown;
  reason: string | null;
}

export interface EventInWords {
  /** One sentence: what happened. */
  text: string;
  /** What exactly changed, a sentence each (none where the summary says it all). */
  details: string[];
}

/**
 * One audit event of a motion in words, for those who may read its full history: who did what
 * is added by the page. `partLabels` names the motion's parts by id.
 */
export function motionEventInWords(event: AuditEventFacts, partLabels: ReadonlyMap<number, string>): EventInWords {
  const state = field(event.after, "state");
  const part = partLabels.get(Number(field(event.after, "part_id")));
  const onPart = part ? ` on part (${part})` : "";
  switch (event.action) {
    case "motion.create": {
      const number = text(field(event.after, "number"));
      if (state === "agenda") return { text: `Added to the agenda${number ? ` as motion ${number}` : ""}`, details: [] };
      return { text: state === "draft" ? "Drafted" : `Created (${isState(state) ? MOTION_STATE_LABELS[state].toLowerCase() : "motion"})`, details: [] };
    }
    case "motion.update":
      return { text: "Edited", details: motionChanges(event.before, event.after) };
    case "motion.accept": {
      const number = text(field(event.after, "number"));
      return { text: `Accepted onto the agenda${number ? ` as motion ${number}` : ""}`, details: [] };
    }
    case "motion.merge": {
      const number = text(field(event.after, "composite_number"));
      return { text: `Merged into ${number ? `composite motion ${number}` : "a composite"}`, details: [] };
    }
    case "motion.set_state":
      return { text: isState(state) ? `Moved to: ${MOTION_STATE_LABELS[state].toLowerCase()}` : "Moved", details: [] };
    case "vote.record":
    case "vote.correct": {
      const words = voteInWords(event.after);
      return { text: `${event.action === "vote.record" ? "Vote recorded" : "Vote corrected"}${onPart}${words ? `: ${words}` : ""}`, details: [] };
    }
    default:
      return { text: actionInWords(event.action), details: [] };
  }
}

/** One line of a record's full history, as the history panel shows it. */
export interface HistoryLine {
  id: number;
  /** ISO instant, for the <time> element; the panel writes it as people do. */
  at: string;
  who: string;
  text: string;
  details: string[];
  reason: string | null;
}

/** Names for the fields of records other than motions, where an edit says what changed. */
const FIELD_WORDS: Record<string, string> = {
  held_on: "Date",
  submission_deadline: "Motion deadline",
  in_force_from: "In force from",
  revoked_on: "Revoked on",
  source_url: "Source",
  is_signatory: "Signatory",
  email: "Email address",
  new_email: "New email address",
  noted_on: "Noted on",
};

/** Fields an edit may change without anyone needing the words: bookkeeping and internal links. */
const UNSAID = /^id$|_id$|_at$|^version$|hash|json/;

function valueInWords(key: string, value: unknown): string {
  if (value === null || value === undefined || value === "") return "none";
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z)?$/.test(value)) return formatDate(value);
  if (key.startsWith("is_") || typeof value === "boolean") return value === 1 || value === true ? "yes" : "no";
  // A code such as a status reads as its words: in_session is "in session".
  if (typeof value === "string" && /^[a-z]+(?:_[a-z]+)+$/.test(value)) return `“${value.replace(/_/g, " ")}”`;
  return `“${String(value)}”`;
}

/** What an edit of any other record changed, a sentence a field, from before and after. */
function recordChanges(before: unknown, after: unknown): string[] {
  if (!before || !after || typeof before !== "object" || typeof after !== "object") return [];
  const changes: string[] = [];
  for (const [key, value] of Object.entries(after as Record<string, unknown>)) {
    if (UNSAID.test(key) || (value !== null && typeof value === "object")) continue;
    const old = (before as Record<string, unknown>)[key];
    if (!(key in before) || (old ?? null) === (value ?? null)) continue;
    const name = FIELD_WORDS[key] ?? key.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());
    changes.push(`${name} changed from ${valueInWords(key, old)} to ${valueInWords(key, value)}`);
  }
  return changes;
}

/** Any record's audit events in words, newest first as given; a motion's in its own words (part labels by id). */
export function historyInWords(
  entity: string,
  events: (AuditEventFacts & { id: number; actorName: string | null; createdAt: string })[],
  partLabels: ReadonlyMap<number, string> = new Map(),
): HistoryLine[] {
  return events.map((event) => ({
    id: event.id,
    at: event.createdAt,
    who: event.actorName ?? "the system",
    ...(entity === "motion" ? motionEventInWords(event, partLabels) : { text: actionInWords(event.action), details: recordChanges(event.before, event.after) }),
    reason: event.reason,
  }));
}
