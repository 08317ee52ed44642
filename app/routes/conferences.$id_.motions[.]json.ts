import type { LoaderFunctionArgs } from "@remix-run/node";
import { motionRowToJson } from "../domain/motion-csv";
import { listSections } from "../models/conferences.server";
import { motionRowsForConference } from "../models/motion-transfer.server";
import { agendaFiltersFrom } from "../schemas/conferences";
import { loadVisibleConference } from "../utils/conference-access.server";
import { getDb } from "../utils/db.server";
import { answerAsFile, attachmentName } from "../utils/download.server";

async function download({ request, params }: LoaderFunctionArgs) {
  const { viewer, conference } = await loadVisibleConference(request, params.id);
  const db = getDb();
  const [rows, sections] = await Promise.all([
    motionRowsForConference(db, viewer, conference, agendaFiltersFrom(new URL(request.url)).filters),
    listSections(db, conference.id),
  ]);
  // Counts are numbers (null where none were taken), dates ISO; the sections come in agenda order,
  // empty ones included, so an import gives back the same agenda.
  const body = {
    conference: { id: conference.id, title: conference.title, held_on: conference.held_on, status: conference.status, sections: sections.map((s) => s.title) },
    rows: rows.map(motionRowToJson),
  };
  return new Response(JSON.stringify(body, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `inline; filename="${attachmentName(conference.title, "motions", "json")}"`,
    },
  });
}

/** A refusal (not found, not allowed) answers in words, not as a server error. */
export async function loader(args: LoaderFunctionArgs) {
  return answerAsFile(() => download(args));
}
