import type { LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify/sync";
import { neutraliseCell } from "../domain/motion-csv";
import { listResolutions } from "../models/resolutions.server";
import { ResolutionFilterSchema } from "../schemas/resolutions";
import { getViewer } from "../utils/conference-access.server";
import { getDb } from "../utils/db.server";
import { answerAsFile } from "../utils/download.server";

const COLUMNS = ["conference", "held_on", "motion_number", "title", "proposer", "part_label", "part_text", "outcome", "progress", "latest_note"];

async function download({ request }: LoaderFunctionArgs) {
  const viewer = await getViewer(request);
  const db = getDb();
  const filters = ResolutionFilterSchema.parse(Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== "")));
  // The file holds every matching resolution, not one page of them.
  const resolutions = await listResolutions(db, viewer, { conferenceId: filters.conference, status: filters.status });
  const rows = resolutions.map((r) =>
    [r.conference_title, r.held_on, r.number, r.title, r.proposer, r.label, r.text, r.outcome, r.status, r.latest_note ?? ""].map((v) => neutraliseCell(String(v))),
  );
  return new Response(stringify(rows, { header: true, columns: COLUMNS, record_delimiter: "\r\n" }), {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="resolutions.csv"' },
  });
}

/** A refusal (not found, not allowed) answers in words, not as a server error. */
export async function loader(args: LoaderFunctionArgs) {
  return answerAsFile(() => download(args));
}
