// The create and edit motion forms share one action: parse, check who may do what, save.
import { parseWithZod } from "./parse-form";
import { data, redirect } from "@remix-run/node";
import type { MotionState } from "../../db/types";
import type { Viewer } from "../domain/conference-access";
import { canRunConference } from "../domain/conference-access";
import { getLmc } from "../models/geography.server";
import { saveMotion, submitMotion } from "../models/motions.server";
import { newProvisionalNumber } from "../models/review.server";
import { MotionSchema } from "../schemas/conferences";
import { getDb } from "./db.server";
import { toastHeaders } from "./session.server";

export async function handleMotionForm(
  request: Request,
  viewer: Viewer,
  conference: { id: number; facts: { bodyKind: "national" | "lmc"; bodyLmcId: number | null } },
  existing?: { id: number; number: string; version: number; state: MotionState; proposerLmcId: number | null },
) {
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: MotionSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const input = submission.value;
  const db = getDb();
  const runner = canRunConference(viewer, conference.facts);
  // A secretary drafting for a national conference proposes in their own LMC's name.
  const lmc = !runner && viewer.lmcId ? await getLmc(db, viewer.lmcId) : null;
  const proposer = runner ? input.proposer : lmc?.name;
  if (!proposer) return data(submission.reply({ fieldErrors: { proposer: ["Enter the proposer"] } }), { status: 400 });
  // Runners number the agenda; a motion not on it keeps its placeholder until it is accepted.
  const numbered = existing ? existing.state === "agenda" : runner;
  if (numbered && !input.number) return data(submission.reply({ fieldErrors: { number: ["Enter a motion number"] } }), { status: 400 });
  const number = numbered ? input.number! : (existing?.number ?? newProvisionalNumber());
  const submit = formData.get("intent") === "submit";
  // Saving never changes a motion's state or its proposing LMC: a submission reaches the agenda
  // only through "Accept onto the agenda". A runner's new motion goes straight onto the agenda.
  const state = existing?.state ?? (runner ? "agenda" : "draft");
  const proposerLmcId = existing ? existing.proposerLmcId : runner ? null : viewer.lmcId;
  const result = await saveMotion(
    db,
    viewer,
    conference.id,
    {
      number,
      title: input.title,
      proposer,
      proposerLmcId,
      seconder: input.seconder ?? null,
      kind: input.kind,
      parentNumber: input.parentNumber ?? null,
      replaces: input.replaces?.toLowerCase().match(/\d+[a-z]?/g) ?? [],
      marking: runner ? input.marking : "debate",
      sectionId: input.sectionId ?? null,
      preamble: input.preamble ?? "",
      state,
      parts: input.parts.map((p) => ({ text: p.text ?? "", clauseId: p.clauseId, intent: p.intent })),
    },
    existing ? { motionId: existing.id, expectedVersion: input.version ?? existing.version } : {},
  );
  if (!result.ok) {
    const field = result.field === "version" || result.field === "form" ? undefined : result.field;
    return data(
      field ? submission.reply({ fieldErrors: { [field]: [result.message] } }) : submission.reply({ formErrors: [result.message] }),
      { status: result.field === "version" ? 409 : 400 },
    );
  }
  if (submit && !runner && state === "draft") await submitMotion(db, viewer.id, result.id);
  return redirect(`/motions/${result.id}`, {
    headers: await toastHeaders(request, { kind: "success", message: submit ? "Motion submitted to the conference." : "Motion saved." }),
  });
}
