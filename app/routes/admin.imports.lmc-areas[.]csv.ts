import type { LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify/sync";
import { neutraliseCell } from "../domain/motion-csv";
import { LMC_AREA_COLUMNS } from "../domain/lmc-areas";
import { listLmcAreas } from "../models/geography.server";
import { getDb } from "../utils/db.server";
import { requireUserWithPermission } from "../utils/permissions.server";
import { answerAsFile } from "../utils/download.server";

// The LMC areas in the import's own columns, so an export can be edited and imported back.
async function download({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, "import-register");
  const rows = (await listLmcAreas(getDb())).map((a) => [a.lmc_name, a.area_code, a.valid_from, a.area_kind].map((v) => neutraliseCell(String(v))));
  return new Response(stringify(rows, { header: true, columns: [...LMC_AREA_COLUMNS], record_delimiter: "\r\n" }), {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="lmc-areas.csv"' },
  });
}

/** A refusal (not found, not allowed) answers in words, not as a server error. */
export async function loader(args: LoaderFunctionArgs) {
  return answerAsFile(() => download(args));
}
