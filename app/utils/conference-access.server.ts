// Loads a conference or motion for a request and asks app/domain/access.ts what the viewer may
// do with it: a 404 where the viewer may not know it exists.
import { can } from "../domain/access";
import { canDraftMotion, canRunConference, canSeeConference, conferenceRelation, motionRelation, submissionsOpen, type Viewer } from "../domain/conference-access";
import { getConference } from "../models/conferences.server";
import { getMotion } from "../models/agenda.server";
import { idField } from "../schemas/numbers";
import { getOptionalUser, requireUser } from "./auth.server";
import { getDb } from "./db.server";
import { forbidden, notFound, notFoundForPrivacy } from "./permissions.server";

const IdSchema = idField();

export function parseId(value: string | undefined, what: string): number {
  const id = IdSchema.safeParse(value);
  if (!id.success) notFound(`No such ${what}`);
  return id.data;
}

export async function getViewer(request: Request): Promise<Viewer | null> {
  const user = await getOptionalUser(request);
  return user ? { id: user.id, role: user.role, lmcId: user.lmcId } : null;
}

export async function loadVisibleConference(request: Request, idParam: string | undefined) {
  const viewer = await getViewer(request);
  const conference = await getConference(getDb(), parseId(idParam, "conference"));
  if (!conference || !canSeeConference(viewer, conference.facts)) {
    if (conference) notFoundForPrivacy(request, viewer, "conference not visible");
    notFound("No such conference");
  }
  return {
    viewer,
    conference,
    canRun: canRunConference(viewer, conference.facts),
    canDraft: canDraftMotion(viewer, conference.facts, new Date()),
    canReview: can(viewer, "review-submissions", conferenceRelation(conference.facts)),
  };
}

/**
 * For pages that run a conference (agenda, sections, imports): log in first; a 404 where the
 * conference is not theirs to see (an LMC's meeting being planned), a 403 where it is not theirs to run.
 */
export async function requireConferenceRunner(request: Request, idParam: string | undefined) {
  const user = await requireUser(request);
  const viewer: Viewer = { id: user.id, role: user.role, lmcId: user.lmcId };
  const conference = await getConference(getDb(), parseId(idParam, "conference"));
  if (!conference) notFound("No such conference");
  if (!canSeeConference(viewer, conference.facts)) notFoundForPrivacy(request, user, "conference not visible");
  if (!canRunConference(viewer, conference.facts)) forbidden(request, user, `cannot run conference ${conference.id}`);
  return { user, viewer, conference };
}

/** For the agenda committee's queue: log in first; a 404 where the conference is not theirs to see, a 403 where it is not theirs to review. */
export async function requireConferenceReviewer(request: Request, idParam: string | undefined) {
  const user = await requireUser(request);
  const viewer: Viewer = { id: user.id, role: user.role, lmcId: user.lmcId };
  const conference = await getConference(getDb(), parseId(idParam, "conference"));
  if (!conference) notFound("No such conference");
  const relation = conferenceRelation(conference.facts);
  if (!can(viewer, "see-conference", relation)) notFoundForPrivacy(request, user, "conference not visible");
  if (!can(viewer, "review-submissions", relation)) forbidden(request, user, `cannot review-submissions of conference ${conference.id}`);
  return { user, viewer, conference, submissionsOpen: submissionsOpen(conference.facts, new Date()) };
}

/** A motion the viewer may see (canSeeMotion), or a 404 that does not say whether it exists. */
export async function loadVisibleMotion(request: Request, idParam: string | undefined) {
  const viewer = await getViewer(request);
  const found = await getMotion(getDb(), viewer, parseId(idParam, "motion"));
  const record = found ? motionRelation(found.facts, new Date()) : null;
  if (!found || !record || !can(viewer, "see-motion", record)) notFound("No such motion");
  return {
    viewer,
    ...found,
    canRun: can(viewer, "run-conference", record),
    // Drafts stay with their LMC until submitted; after the deadline only the runners edit.
    canEdit: can(viewer, "edit-motion", record),
    canSubmit: can(viewer, "submit-motion", record),
    canAccept: can(viewer, "accept-motion", record),
    canRecordVotes: can(viewer, "record-votes", record),
    canSeeHistory: can(viewer, "see-motion-history", record),
  };
}
