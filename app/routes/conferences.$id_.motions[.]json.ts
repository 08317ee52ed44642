import type { LoaderFunctionArgs } from "@remix-run/node";
import { motionRowsForConference } from "../models/motion-transfer.server";
import { AgendaFilterSchema } from "../schemas/conferences";
import { loadVisibleConference } from "../utils/conference-access.server";
import { getDb } from "../utils/db.server";
import { attachmentName } from "../utils/download.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { conference } = await loadVisibleConference(request, params.id);
  const f = AgendaFilterSchema.parse(Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== "")));
  const rows = await motionRowsForConference(getDb(), conference, { outcome: f.outcome, proposer: f.proposer, sectionId: f.section, clauseId: f.clause, q: f.q });
  const body = { conference: { id: conference.id, title: conference.title, held_on: conference.held_on, status: conference.status }, rows };
  return new Response(JSON.stringify(body, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `inline; filename="${attachmentName(conference.title, "motions", "json")}"`,
    },
  });
}
