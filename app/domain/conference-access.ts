// The facts of a conference or motion that its access rules read, turned into the record
// relation app/domain/access.ts answers on, and the questions pages ask about them. Every answer
// is `can(...)`: national conferences are run by BMA staff, an LMC's own meetings by that LMC's
// secretary, and the public sees a conference once its agenda is out (all decided in access.ts).
import type { MotionState } from "../../db/types";
import { can, type Actor, type RecordRelation } from "./access";

export type Viewer = Actor;

export interface ConferenceAccessFacts {
  status: "planning" | "agenda_published" | "in_session" | "closed" | "published";
  bodyKind: "national" | "lmc";
  bodyLmcId: number | null;
}

export interface MotionAccessFacts extends ConferenceAccessFacts {
  state: MotionState;
  proposerLmcId: number | null;
}

/** The statuses in which anyone, signed in or not, sees a conference. */
export const PUBLIC_CONFERENCE_STATUSES = ["agenda_published", "in_session", "closed", "published"] as const;
const PUBLIC_STATUSES = new Set<string>(PUBLIC_CONFERENCE_STATUSES);

/** The deadline is a date: submissions are open until the end of that day (UTC). */
export function deadlinePassed(deadline: string | null, now: Date): boolean {
  if (!deadline) return false;
  return now.toISOString().slice(0, 10) > deadline;
}

/** Once a conference is in session (or over), nothing more is submitted to it, whatever the deadline said. */
const CLOSED_TO_SUBMISSIONS = new Set<string>(["in_session", "closed", "published"]);

/** Submissions are open until the deadline, and never once the conference is in session. */
export function submissionsOpen(c: { status?: ConferenceAccessFacts["status"]; submissionDeadline?: string | null }, now: Date): boolean {
  return !deadlinePassed(c.submissionDeadline ?? null, now) && !(c.status !== undefined && CLOSED_TO_SUBMISSIONS.has(c.status));
}

/** A body that holds conferences, as a record: national, or one LMC's own meetings. */
export function bodyRelation(body: { kind: "national" | "lmc"; lmc_id: number | null }): RecordRelation {
  return { national: body.kind === "national", lmcId: body.lmc_id };
}

type ConferenceRecordFacts = Pick<ConferenceAccessFacts, "bodyKind" | "bodyLmcId"> & Partial<Pick<ConferenceAccessFacts, "status">> & { submissionDeadline?: string | null };

/** A conference as a record (published only if its status says so); with `now`, whether submissions are still open. */
export function conferenceRelation(c: ConferenceRecordFacts, now?: Date): RecordRelation {
  return {
    national: c.bodyKind === "national",
    lmcId: c.bodyLmcId,
    published: c.status !== undefined && PUBLIC_STATUSES.has(c.status),
    submissionsOpen: now ? submissionsOpen(c, now) : undefined,
  };
}

/** A motion as a record: its conference's facts with its state and proposing LMC. */
export function motionRelation(m: MotionAccessFacts & { submissionDeadline?: string | null }, now?: Date): RecordRelation {
  return { ...conferenceRelation(m, now), motionState: m.state, proposerLmcId: m.proposerLmcId };
}

/** May run the meeting: agenda, votes, outcomes. */
export function canRunConference(viewer: Viewer | null, c: Pick<ConferenceAccessFacts, "bodyKind" | "bodyLmcId">): boolean {
  return can(viewer, "run-conference", conferenceRelation(c));
}

export function canSeeConference(viewer: Viewer | null, c: ConferenceAccessFacts): boolean {
  return can(viewer, "see-conference", conferenceRelation(c));
}

/**
 * Who may see a motion (and so its parts, votes, clause links and resolutions): it must be in a
 * conference they see, and be on the agenda, or be their own LMC's draft or submission, or be a
 * submission to a conference they run. Drafts stay with their LMC until submitted.
 * app/models/visibility.server.ts says the same in SQL; a test holds the two together.
 */
export function canSeeMotion(viewer: Viewer | null, m: MotionAccessFacts): boolean {
  return can(viewer, "see-motion", motionRelation(m));
}

/** Secretaries submit motions to national conferences until the deadline; the runners any time. */
export function canDraftMotion(viewer: Viewer | null, c: ConferenceAccessFacts & { submissionDeadline: string | null }, now: Date): boolean {
  return can(viewer, "draft-motion", conferenceRelation(c, now));
}
