import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ProblemList } from "../components/problem-list";
import { ErrorList } from "../components/ui/field";
import { MOTION_COLUMNS, parseMotionCsv } from "../domain/motion-csv";
import { lineCount } from "../domain/text-limits";
import { ImportRejected, importMotionRows } from "../models/motion-transfer.server";
import { requireConferenceRunner } from "../utils/conference-access.server";
import { getDb } from "../utils/db.server";
import { toastHeaders } from "../utils/session.server";
import { readFormWithUploads, readTextUpload } from "../utils/upload.server";

const MAX_CSV_ROWS = 5_000;
/** Cells may hold line breaks, so the line count is only a first, generous bound. */
const MAX_CSV_LINES = 4 * MAX_CSV_ROWS;
const TOO_MANY_ROWS = `A motions CSV can have at most ${MAX_CSV_ROWS.toLocaleString("en-GB")} rows. Split the file and import it in parts.`;

export const meta: MetaFunction = () => [{ title: "Import motions from CSV | LMC Tracker" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { conference } = await requireConferenceRunner(request, params.id);
  return { conference: { id: conference.id, title: conference.title } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, conference } = await requireConferenceRunner(request, params.id);
  const upload = await readTextUpload(await readFormWithUploads(request), "file");
  if (upload.ok !== true) {
    return data({ errors: [upload.ok === "empty" ? "Choose a motions CSV file" : upload.message], problems: [] }, { status: 400 });
  }
  // The largest real agenda has about 2,000 voted parts. A bigger file is refused before it is
  // parsed, so one upload cannot hold the database (and every other request) for long.
  if (lineCount(upload.file.text) > MAX_CSV_LINES) {
    return data({ errors: [TOO_MANY_ROWS], problems: [] }, { status: 413 });
  }
  const { motions, problems } = parseMotionCsv(upload.file.text);
  if (motions.reduce((sum, m) => sum + m.parts.length, 0) > MAX_CSV_ROWS) {
    return data({ errors: [TOO_MANY_ROWS], problems: [] }, { status: 413 });
  }
  if (problems.length || motions.length === 0) {
    return data(
      { errors: [motions.length === 0 && problems.length === 0 ? "The file has no motion rows" : "Nothing was imported: fix these lines and upload again."], problems },
      { status: 400 },
    );
  }
  try {
    const result = await importMotionRows(getDb(), user.id, conference.id, motions);
    return redirect(`/conferences/${conference.id}`, {
      headers: await toastHeaders(request, { kind: "success", message: `Imported ${result.motions} motions from ${upload.file.name}.` }),
    });
  } catch (error) {
    if (error instanceof ImportRejected) {
      return data({ errors: ["Nothing was imported: fix these lines and upload again."], problems: error.problems }, { status: 400 });
    }
    throw error;
  }
}

export default function ImportCsvPage() {
  const { conference } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <div className="space-y-6">
      <p>
        <Link to={`/conferences/${conference.id}`}>Back to {conference.title}</Link>
      </p>
      <h1>Import motions from CSV</h1>
      <p className="max-w-3xl">
        The same columns as the CSV export, one row per part: <code>{MOTION_COLUMNS.join(", ")}</code>. A file exported from any
        conference imports back unchanged. Every row is checked first; if any is wrong, nothing is imported.
      </p>
      <Form method="post" encType="multipart/form-data" className="card space-y-4">
        <div className="space-y-1">
          <label htmlFor="file" className="block font-medium">
            Motions CSV
          </label>
          <input
            id="file"
            name="file"
            type="file"
            accept=".csv,text/csv"
            required
            aria-invalid={result?.errors.length ? true : undefined}
            aria-describedby={result?.errors.length ? "file-error" : undefined}
          />
          <ErrorList id="file-error" errors={result?.errors} />
        </div>
        <button type="submit" className="btn" disabled={busy}>
          Import
        </button>
      </Form>
      {result?.problems.length ? (
        <section className="card" aria-label="Problems">
          <ProblemList problems={result.problems} consequence="must be fixed before anything imports" />
        </section>
      ) : null}
    </div>
  );
}
