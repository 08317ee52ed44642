import type { LoaderFunctionArgs } from "@remix-run/node";
import { motionRowsToCsv } from "../domain/motion-csv";
import { motionRowsForConference } from "../models/motion-transfer.server";
import { agendaFiltersFrom } from "../schemas/conferences";
import { loadVisibleConference } from "../utils/conference-access.server";
import { getDb } from "../utils/db.server";
import { answerAsFile, attachmentName } from "../utils/download.server";

async function download({ request, params }: LoaderFunctionArgs) {
  const { viewer, conference } = await loadVisibleConference(request, params.id);
  const rows = await motionRowsForConference(getDb(), viewer, conference, agendaFiltersFrom(new URL(request.url)).filters);
  return new Response(motionRowsToCsv(rows), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${attachmentName(conference.title, "motions", "csv")}"`,
    },
  });
}

/** A refusal (not found, not allowed) answers in words, not as a server error. */
export async function loader(args: LoaderFunctionArgs) {
  return answerAsFile(() => download(args));
}
