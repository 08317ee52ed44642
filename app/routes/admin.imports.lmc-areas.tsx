import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ProblemList } from "../components/problem-list";
import { ErrorList } from "../components/ui/field";
import { LMC_AREA_COLUMNS } from "../domain/lmc-areas";
import {
  discardPendingImport,
  planLmcAreasImport,
  runLmcAreasImport,
  savePendingImport,
} from "../models/imports.server";
import type { SessionUser } from "../utils/auth.server";
import { getDb } from "../utils/db.server";
import { pendingFromForm, pendingFromUrl } from "../utils/pending-import.server";
import { requireUserWithPermission } from "../utils/permissions.server";
import { redirectWithToast } from "../utils/session.server";
import { readFormWithUploads, readTextUpload } from "../utils/upload.server";

export const meta: MetaFunction = () => [{ title: "Import LMC areas | LMC Tracker" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "import-register");
  // The header travels as data: the component must not import the reader, which needs Node's
  // Buffer (csv-parse) and would break the page in the browser.
  const columns = LMC_AREA_COLUMNS.join(",");
  const pending = await pendingFromUrl(request, user.id, "lmc_areas");
  if (pending === undefined) return { columns, preview: null };
  if (pending === null) return { columns, preview: null, expired: true };
  const db = getDb();
  const { planned, problems } = await planLmcAreasImport(db, pending.file.text);
  return { columns, preview: { id: pending.id, fileName: pending.file.name, planned, problems } };
}

type Ctx = { request: Request; formData: FormData; db: ReturnType<typeof getDb>; user: SessionUser };

const INTENTS = {
  preview: previewUpload,
  apply: applyImport,
  discard: discardImport,
} satisfies Record<string, (ctx: Ctx) => Promise<unknown>>;

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "import-register");
  const db = getDb();
  const formData = await readFormWithUploads(request);
  const intent = String(formData.get("intent") ?? "");
  const handler = Object.hasOwn(INTENTS, intent) ? INTENTS[intent as keyof typeof INTENTS] : undefined;
  if (!handler) return data({ errors: ["Choose what to do with the file: preview, apply or discard."] }, { status: 400 });
  return handler({ request, formData, db, user });
}

// Reads the uploaded CSV and, if any row is usable, keeps it as a pending import to preview.
async function previewUpload({ formData, db, user }: Ctx) {
  const upload = await readTextUpload(formData, "file");
  if (upload.ok !== true) {
    return data({ errors: [upload.ok === "empty" ? "Choose a CSV file of LMC areas" : upload.message] }, { status: 400 });
  }
  const { planned, problems } = await planLmcAreasImport(db, upload.file.text);
  if (planned.length === 0) {
    const first = problems[0];
    return data(
      { errors: [`No usable rows in ${upload.file.name}.${first ? ` Line ${first.line}: ${first.message}` : ""}`] },
      { status: 400 },
    );
  }
  const id = await savePendingImport(db, user.id, "lmc_areas", upload.file);
  return redirect(`/admin/imports/lmc-areas?pending=${id}`);
}

// Applies the user's pending import, then drops the pending copy (kept if the import fails, so the
// administrator can try again without uploading it again).
async function applyImport({ request, formData, db, user }: Ctx) {
  const pending = await pendingFromForm(formData, user.id, "lmc_areas");
  if (!pending) return previewExpired(request);
  const result = await runLmcAreasImport(db, user.id, pending.file);
  await discardPendingImport(db, pending.id);
  return redirectWithToast(request, "/admin/imports", {
    kind: "success",
    message: `LMC areas imported: ${result.applied} areas set, ${result.createdLmcs} LMCs created, ${result.practicesMoved} practices moved.`,
  });
}

// Throws away the user's pending import without applying it.
async function discardImport({ request, formData, db, user }: Ctx) {
  const pending = await pendingFromForm(formData, user.id, "lmc_areas");
  if (!pending) return previewExpired(request);
  await discardPendingImport(db, pending.id);
  return redirectWithToast(request, "/admin/imports/lmc-areas", { kind: "info", message: "Import discarded." });
}

function previewExpired(request: Request) {
  return redirectWithToast(request, "/admin/imports/lmc-areas", { kind: "error", message: "That preview has expired. Upload the file again." });
}

export default function ImportLmcAreasPage() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const preview = loaderData.preview;
  return (
    <div className="space-y-6">
      <p>
        <Link to="/admin/imports">Back to imports</Link>
      </p>
      <h1>Import LMC areas</h1>
      {preview ? (
        <section aria-labelledby="preview-title" className="card space-y-4">
          <h2 id="preview-title">Preview of {preview.fileName}: nothing has been saved yet</h2>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">LMC</th>
                <th scope="col">Area</th>
                <th scope="col">From</th>
                <th scope="col">Change</th>
              </tr>
            </thead>
            <tbody>
              {preview.planned.map((row) => (
                <tr key={row.line}>
                  <td>{row.line}</td>
                  <td>
                    {row.lmcName}
                    {row.lmcExists ? "" : " (new LMC)"}
                  </td>
                  <td>
                    {row.areaKind === "icb" ? "ICB" : "Sub-ICB"} {row.areaCode}
                  </td>
                  <td>{row.validFrom}</td>
                  <td>{row.status === "changed" ? `moves from ${row.previousLmc}` : row.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <ProblemList problems={preview.problems} />
          <div className="flex flex-wrap gap-3">
            <Form method="post">
              <input type="hidden" name="pendingId" value={preview.id} />
              <button type="submit" name="intent" value="apply" className="btn" disabled={busy}>
                Apply this import
              </button>
            </Form>
            <Form method="post">
              <input type="hidden" name="pendingId" value={preview.id} />
              <button type="submit" name="intent" value="discard" className="btn-secondary" disabled={busy}>
                Discard
              </button>
            </Form>
          </div>
        </section>
      ) : (
        <Form method="post" encType="multipart/form-data" className="card space-y-4">
          {"expired" in loaderData && loaderData.expired ? (
            <p role="alert" className="text-red-800">
              That preview has expired. Upload the file again.
            </p>
          ) : null}
          <input type="hidden" name="intent" value="preview" />
          <div className="space-y-1">
            <label htmlFor="file" className="block font-medium">
              LMC areas CSV
            </label>
            <p id="file-hint" className="text-sm text-slate-600">
              Header: <code>{loaderData.columns}</code>. The area is an ICB code (such as QOP) or a sub-ICB location code
              (such as 14L); <code>area_kind</code> is optional. Dates look like 2026-04-01.
            </p>
            <input
              id="file"
              name="file"
              type="file"
              accept=".csv,text/csv"
              required
              className="block"
              aria-describedby={`file-hint${actionData?.errors ? " file-error" : ""}`}
              aria-invalid={actionData?.errors ? true : undefined}
            />
            <ErrorList id="file-error" errors={actionData?.errors} />
          </div>
          <div className="flex flex-wrap items-center gap-4">
            <button type="submit" className="btn" disabled={busy}>
              Preview the import
            </button>
            <a href="/admin/imports/lmc-areas.csv" download>
              Download the current LMC areas as CSV
            </a>
          </div>
        </Form>
      )}
    </div>
  );
}
