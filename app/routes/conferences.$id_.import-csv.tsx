import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ProblemList } from "../components/problem-list";
import { ErrorList } from "../components/ui/field";
import { MOTION_COLUMNS, parseMotionCsv, parseMotionJson } from "../domain/motion-csv";
import { lineCount } from "../domain/text-limits";
import { ImportRejected, importMotionRows } from "../models/motion-transfer.server";
import { requireConferenceRunner } from "../utils/conference-access.server";
import { getDb } from "../utils/db.server";
import { redirectWithToast } from "../utils/session.server";
import { readFormWithUploads, readTextUpload } from "../utils/upload.server";

const MAX_CSV_ROWS = 5_000;
/** Cells may hold line breaks, so the line count is only a first, generous bound. */
const MAX_CSV_LINES = 4 * MAX_CSV_ROWS;
const TOO_MANY_ROWS = `A motions file can have at most ${MAX_CSV_ROWS.toLocaleString("en-GB")} rows. Split the file and import it in parts.`;

export const meta: MetaFunction = () => [{ title: "Import motions from CSV or JSON | LMC Tracker" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { conference } = await requireConferenceRunner(request, params.id);
  // The columns travel as data: the component must not import the reader, which needs Node's
  // Buffer (csv-parse) and would break the page in the browser.
  return { conference: { id: conference.id, title: conference.title }, columns: MOTION_COLUMNS.join(", ") };
}

/** The JSON export starts with "{"; anything else is read as CSV. */
function readMotionsFile(name: string, text: string) {
  return /\.json$/i.test(name) || text.trimStart().startsWith("{") ? parseMotionJson(text) : { ...parseMotionCsv(text), sections: undefined };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, conference } = await requireConferenceRunner(request, params.id);
  const upload = await readTextUpload(await readFormWithUploads(request), "file");
  if (upload.ok !== true) {
    return data({ errors: [upload.ok === "empty" ? "Choose a motions CSV or JSON file" : upload.message], problems: [] }, { status: 400 });
  }
  // The largest real agenda has about 2,000 voted parts. A bigger file is refused before it is
  // parsed, so one upload cannot hold the database (and every other request) for long.
  if (lineCount(upload.file.text) > MAX_CSV_LINES) {
    return data({ errors: [TOO_MANY_ROWS], problems: [] }, { status: 413 });
  }
  const { motions, problems, sections } = readMotionsFile(upload.file.name, upload.file.text);
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
    const result = await importMotionRows(getDb(), user.id, conference.id, motions, sections);
    return redirectWithToast(request, `/conferences/${conference.id}`, { kind: "success", message: `Imported ${result.motions} motions from ${upload.file.name}.` });
  } catch (error) {
    if (error instanceof ImportRejected) {
      return data({ errors: ["Nothing was imported: fix these lines and upload again."], problems: error.problems }, { status: 400 });
    }
    throw error;
  }
}

export default function ImportCsvPage() {
  const { conference, columns } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <div className="space-y-6">
      <p>
        <Link to={`/conferences/${conference.id}`}>Back to {conference.title}</Link>
      </p>
      <h1>Import motions from CSV or JSON</h1>
      <p className="max-w-3xl">
        A file as the conference page exports it, CSV or JSON, one row per part: <code>{columns}</code> (the last six may be
        left out). A file exported from any conference imports back as the same agenda: sections, parts, markings, composites,
        riders, clause links and votes. Every row is checked first; if any is wrong, nothing is imported.
      </p>
      <Form method="post" encType="multipart/form-data" className="card space-y-4">
        <div className="space-y-1">
          <label htmlFor="file" className="block font-medium">
            Motions file (CSV or JSON)
          </label>
          <input
            id="file"
            name="file"
            type="file"
            accept=".csv,text/csv,.json,application/json"
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
