// Loads a conference or motion for a request and applies the access rules in
// app/domain/conference-access.ts: a 404 where the viewer may not know it exists.
import { z } from "zod";
import { canDraftMotion, canRunConference, canSeeConference, type Viewer } from "../domain/conference-access";
import { getConference } from "../models/conferences.server";
import { getMotion } from "../models/motions.server";
import { getOptionalUser, requireUser } from "./auth.server";
import { getDb } from "./db.server";
import { forbidden, notFound, notFoundForPrivacy } from "./permissions.server";

const IdSchema = z.coerce.number().int().positive().max(2 ** 31);

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
  };
}

/** For pages that run a conference (agenda, votes): log in first, then 403 unless allowed. */
export async function requireConferenceRunner(request: Request, idParam: string | undefined) {
  const user = await requireUser(request);
  const viewer: Viewer = { id: user.id, role: user.role, lmcId: user.lmcId };
  const conference = await getConference(getDb(), parseId(idParam, "conference"));
  if (!conference) notFound("No such conference");
  if (!canRunConference(viewer, conference.facts)) forbidden(request, user, `cannot run conference ${conference.id}`);
  return { user, viewer, conference };
}

export async function loadVisibleMotion(request: Request, idParam: string | undefined) {
  const viewer = await getViewer(request);
  const found = await getMotion(getDb(), parseId(idParam, "motion"));
  const ownDraft = found && viewer?.role === "lmc_secretary" && viewer.lmcId !== null && found.motion.proposer_lmc_id === viewer.lmcId;
  // Drafts stay with their LMC until submitted; the conference's runners see submissions.
  const visible =
    found &&
    canSeeConference(viewer, found.facts) &&
    (found.motion.state === "agenda" || ownDraft || (found.motion.state === "submitted" && canRunConference(viewer, found.facts)));
  if (!found || !visible) notFound("No such motion");
  return {
    viewer,
    ...found,
    canRun: canRunConference(viewer, found.facts),
    canEdit: canRunConference(viewer, found.facts) || Boolean(ownDraft && found.motion.state !== "agenda" && canDraftMotion(viewer, found.facts, new Date())),
  };
}
