import type { LoaderFunctionArgs } from "@remix-run/node";
import { motionRowsToCsv } from "../domain/motion-csv";
import { motionRowsForConference } from "../models/motion-transfer.server";
import { AgendaFilterSchema } from "../schemas/conferences";
import { loadVisibleConference } from "../utils/conference-access.server";
import { getDb } from "../utils/db.server";
import { attachmentName } from "../utils/download.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { conference } = await loadVisibleConference(request, params.id);
  const f = AgendaFilterSchema.parse(Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== "")));
  const rows = await motionRowsForConference(getDb(), conference, { outcome: f.outcome, proposer: f.proposer, sectionId: f.section, clauseId: f.clause, q: f.q });
  return new Response(motionRowsToCsv(rows), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${attachmentName(conference.title, "motions", "csv")}"`,
    },
  });
}
