import type { LoaderFunctionArgs } from "@remix-run/node";
import { motionRowsForConference } from "../models/motion-transfer.server";
import { agendaFiltersFrom } from "../schemas/conferences";
import { loadVisibleConference } from "../utils/conference-access.server";
import { getDb } from "../utils/db.server";
import { attachmentName } from "../utils/download.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, conference } = await loadVisibleConference(request, params.id);
  const rows = await motionRowsForConference(getDb(), viewer, conference, agendaFiltersFrom(new URL(request.url)).filters);
  const body = { conference: { id: conference.id, title: conference.title, held_on: conference.held_on, status: conference.status }, rows };
  return new Response(JSON.stringify(body, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `inline; filename="${attachmentName(conference.title, "motions", "json")}"`,
    },
  });
}
