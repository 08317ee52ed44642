// Who may see and run which conference. National conferences are run by BMA staff; an LMC's
// own meetings by that LMC's secretary. The public sees a conference once its agenda is out.
import type { MotionState, Role } from "../../db/types";

export interface Viewer {
  id: number;
  role: Role;
  lmcId: number | null;
}

export interface ConferenceAccessFacts {
  status: "planning" | "agenda_published" | "in_session" | "closed" | "published";
  bodyKind: "national" | "lmc";
  bodyLmcId: number | null;
}

/** The statuses in which anyone, signed in or not, sees a conference. */
export const PUBLIC_CONFERENCE_STATUSES = ["agenda_published", "in_session", "closed", "published"] as const;
const PUBLIC_STATUSES = new Set<string>(PUBLIC_CONFERENCE_STATUSES);

/**
 * What a viewer's role gives them over conferences, decided once here for the pure rules below
 * and for their SQL twin (app/models/visibility.server.ts).
 */
export interface ConferenceReach {
  /** Runs national conferences: BMA staff. */
  runsNational: boolean;
  /** Runs this LMC's own meetings, and drafts in its name: its secretary. */
  lmcId: number | null;
  /** Sees national conferences while they are planned, to draft for them: secretaries. */
  seesPlannedNational: boolean;
}

export function reachOf(viewer: Viewer | null): ConferenceReach {
  const secretary = viewer?.role === "lmc_secretary";
  return { runsNational: viewer?.role === "bma_staff", lmcId: secretary ? viewer.lmcId : null, seesPlannedNational: secretary };
}

/** May run the meeting: agenda, votes, outcomes. */
export function canRunConference(viewer: Viewer | null, c: Pick<ConferenceAccessFacts, "bodyKind" | "bodyLmcId">): boolean {
  const reach = reachOf(viewer);
  if (c.bodyKind === "national") return reach.runsNational;
  return reach.lmcId !== null && reach.lmcId === c.bodyLmcId;
}

export function canSeeConference(viewer: Viewer | null, c: ConferenceAccessFacts): boolean {
  if (PUBLIC_STATUSES.has(c.status)) return true;
  if (canRunConference(viewer, c)) return true;
  // Secretaries draft motions for national conferences while they are being planned.
  return reachOf(viewer).seesPlannedNational && c.bodyKind === "national";
}

export interface MotionAccessFacts extends ConferenceAccessFacts {
  state: MotionState;
  proposerLmcId: number | null;
}

/** A secretary's own LMC's motion, whatever its state. */
export function isOwnLmcMotion(viewer: Viewer | null, m: Pick<MotionAccessFacts, "proposerLmcId">): boolean {
  const { lmcId } = reachOf(viewer);
  return lmcId !== null && m.proposerLmcId === lmcId;
}

/**
 * Who may see a motion (and so its parts, votes, clause links and resolutions): it must be in a
 * conference they see, and be on the agenda, or be their own LMC's draft or submission, or be a
 * submission to a conference they run. Drafts stay with their LMC until submitted.
 * app/models/visibility.server.ts says the same in SQL; a test holds the two together.
 */
export function canSeeMotion(viewer: Viewer | null, m: MotionAccessFacts): boolean {
  if (!canSeeConference(viewer, m)) return false;
  if (m.state === "agenda") return true;
  if (isOwnLmcMotion(viewer, m)) return true;
  return m.state === "submitted" && canRunConference(viewer, m);
}

/** Secretaries submit motions to national conferences until the deadline; staff edit any time. */
export function canDraftMotion(viewer: Viewer | null, c: ConferenceAccessFacts & { submissionDeadline: string | null }, now: Date): boolean {
  if (canRunConference(viewer, c)) return true;
  if (c.bodyKind !== "national" || reachOf(viewer).lmcId === null) return false;
  return !deadlinePassed(c.submissionDeadline, now);
}

/** The deadline is a date: submissions are open until the end of that day (UTC). */
export function deadlinePassed(deadline: string | null, now: Date): boolean {
  if (!deadline) return false;
  return now.toISOString().slice(0, 10) > deadline;
}
