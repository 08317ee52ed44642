// Who may see and run which conference. National conferences are run by BMA staff; an LMC's
// own meetings by that LMC's secretary. The public sees a conference once its agenda is out.
import type { Role } from "../../db/types";

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

const PUBLIC_STATUSES = new Set(["agenda_published", "in_session", "closed", "published"]);

/** May run the meeting: agenda, votes, outcomes. */
export function canRunConference(viewer: Viewer | null, c: Pick<ConferenceAccessFacts, "bodyKind" | "bodyLmcId">): boolean {
  if (!viewer) return false;
  if (c.bodyKind === "national") return viewer.role === "bma_staff";
  return viewer.role === "lmc_secretary" && viewer.lmcId !== null && viewer.lmcId === c.bodyLmcId;
}

export function canSeeConference(viewer: Viewer | null, c: ConferenceAccessFacts): boolean {
  if (PUBLIC_STATUSES.has(c.status)) return true;
  if (!viewer) return false;
  if (canRunConference(viewer, c)) return true;
  // Secretaries draft motions for national conferences while they are being planned.
  return viewer.role === "lmc_secretary" && c.bodyKind === "national";
}

/** Secretaries submit motions to national conferences until the deadline; staff edit any time. */
export function canDraftMotion(viewer: Viewer | null, c: ConferenceAccessFacts & { submissionDeadline: string | null }, now: Date): boolean {
  if (!viewer) return false;
  if (canRunConference(viewer, c)) return true;
  if (viewer.role !== "lmc_secretary" || c.bodyKind !== "national" || viewer.lmcId === null) return false;
  return !deadlinePassed(c.submissionDeadline, now);
}

/** The deadline is a date: submissions are open until the end of that day (UTC). */
export function deadlinePassed(deadline: string | null, now: Date): boolean {
  if (!deadline) return false;
  return now.toISOString().slice(0, 10) > deadline;
}
