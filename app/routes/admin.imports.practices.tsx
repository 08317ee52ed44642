import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ProblemList } from "../components/problem-list";
import { ErrorList } from "../components/ui/field";
import {
  describePlan,
  discardPendingImport,
  planPracticeRegisterImport,
  runPracticeRegisterImport,
  savePendingImport,
} from "../models/imports.server";
import type { SessionUser } from "../utils/auth.server";
import { getDb } from "../utils/db.server";
import { pendingFromForm, pendingFromUrl } from "../utils/pending-import.server";
import { requireUserWithPermission } from "../utils/permissions.server";
import { redirectWithToast } from "../utils/session.server";
import { readFormWithUploads, readTextUpload } from "../utils/upload.server";

export const meta: MetaFunction = () => [{ title: "Import the practice register | LMC Tracker" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "import-register");
  const pending = await pendingFromUrl(request, user.id, "practices");
  if (pending === undefined) return { preview: null };
  if (pending === null) return { preview: null, expired: true };
  const db = getDb();
  const { plan, listSizesAsOf } = await planPracticeRegisterImport(db, { register: pending.file, listSizes: pending.extra });
  return {
    preview: {
      id: pending.id,
      files: [pending.file.name, pending.extra?.name].filter(Boolean),
      counts: describePlan(plan),
      listSizesAsOf,
      sampleInserts: plan.inserts.slice(0, 10).map((p) => ({ odsCode: p.odsCode, name: p.name, icbCode: p.icbCode, listSize: p.listSize })),
      sampleChanges: plan.changes.slice(0, 20).map((c) => ({ odsCode: c.odsCode, fields: Object.keys(c.after), icbTo: c.icbTo })),
      withoutListSize: plan.activeWithoutListSize.slice(0, 100),
      problems: plan.problems,
    },
  };
}

type ActionErrors = { register?: string[]; listSizes?: string[] };

type Ctx = { request: Request; formData: FormData; db: ReturnType<typeof getDb>; user: SessionUser };

const INTENTS = {
  preview: previewUpload,
  discard: discardImport,
  apply: applyImport,
} satisfies Record<string, (ctx: Ctx) => Promise<unknown>>;

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "import-register");
  const db = getDb();
  const formData = await readFormWithUploads(request);
  const intent = String(formData.get("intent") ?? "");
  const handler = Object.hasOwn(INTENTS, intent) ? INTENTS[intent as keyof typeof INTENTS] : undefined;
  if (!handler) return unknownIntent({ request, formData, db, user });
  return handler({ request, formData, db, user });
}

// Reads the register (and optional list-size) upload and, if it is usable, keeps it as a pending import to preview.
async function previewUpload({ formData, db, user }: Ctx) {
  const errors: ActionErrors = {};
  const register = await readTextUpload(formData, "register");
  const listSizes = await readTextUpload(formData, "listSizes");
  if (register.ok === "empty") errors.register = ["Choose the epraccur CSV file"];
  else if (register.ok === false) errors.register = [register.message];
  if (listSizes.ok === false) errors.listSizes = [listSizes.message];
  if (register.ok === true) {
    const { plan } = await planPracticeRegisterImport(db, { register: register.file, listSizes: null });
    const usable = plan.inserts.length + plan.changes.length + plan.unchanged + plan.closedNotHeld;
    if (usable === 0) {
      errors.register = [
        `No GP practice rows could be read from ${register.file.name}. Is it an epraccur file (27 columns, no header row)?` +
          (plan.problems[0] ? ` First problem: line ${plan.problems[0].line}: ${plan.problems[0].message}` : ""),
      ];
    }
  }
  if (listSizes.ok === true && !/NUMBER_OF_PATIENTS/i.test(listSizes.file.text.slice(0, 2000))) {
    errors.listSizes = ["The list-size file needs a header with CODE and NUMBER_OF_PATIENTS columns"];
  }
  if (errors.register || errors.listSizes || register.ok !== true) return data({ errors }, { status: 400 });
  const id = await savePendingImport(db, user.id, "practices", register.file, listSizes.ok === true ? listSizes.file : null);
  return redirect(`/admin/imports/practices?pending=${id}`);
}

// Throws away the user's pending import without applying it.
async function discardImport({ request, formData, db, user }: Ctx) {
  const pending = await pendingFromForm(formData, user.id, "practices");
  if (!pending) return previewExpired(request);
  await discardPendingImport(db, pending.id);
  return redirectWithToast(request, "/admin/imports/practices", { kind: "info", message: "Import discarded." });
}

// Applies the user's pending import, then drops the pending copy.
async function applyImport({ request, formData, db, user }: Ctx) {
  const pending = await pendingFromForm(formData, user.id, "practices");
  if (!pending) return previewExpired(request);
  const result = await runPracticeRegisterImport(db, user.id, { register: pending.file, listSizes: pending.extra });
  await discardPendingImport(db, pending.id);
  const s = result.summary;
  return redirectWithToast(request, "/practices", {
    kind: "success",
    message: `Imported: ${s.inserted} added, ${s.changed} updated (${s.closed} closed), ${result.plan.unchanged} unchanged, ${result.plan.problems.length} lines skipped.`,
  });
}

// Any other intent: told the preview expired when the form names none of the user's, refused otherwise (as before).
async function unknownIntent({ request, formData, user }: Ctx) {
  const pending = await pendingFromForm(formData, user.id, "practices");
  if (!pending) return previewExpired(request);
  throw data({ message: "Unknown action." }, { status: 400 });
}

function previewExpired(request: Request) {
  return redirectWithToast(request, "/admin/imports/practices", { kind: "error", message: "That preview has expired. Upload the files again." });
}

const nf = new Intl.NumberFormat("en-GB");

export default function ImportPracticesPage() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const errors: ActionErrors = actionData?.errors ?? {};
  const preview = loaderData.preview;
  return (
    <div className="space-y-6">
      <p>
        <Link to="/admin/imports">Back to imports</Link>
      </p>
      <h1>Import the practice register</h1>
      {"expired" in loaderData && loaderData.expired ? (
        <p role="alert" className="text-red-800">
          That preview has expired or belongs to someone else. Upload the files again.
        </p>
      ) : null}
      {preview ? (
        <section aria-labelledby="preview-title" className="card space-y-4">
          <h2 id="preview-title">Preview: nothing has been saved yet</h2>
          <p>Files: {preview.files.join(" and ")}</p>
          <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
            {(
              [
                ["New practices", preview.counts.inserts],
                ["Practices updated", preview.counts.changes],
                ["Of which closed", preview.counts.closures],
                ["ICB changes", preview.counts.icbMoves],
                ["Unchanged", preview.counts.unchanged],
                ["Active after import", preview.counts.activeAfter],
                ["Active without a list size", preview.counts.activeWithoutListSize],
                ["Lines skipped", preview.counts.problems],
              ] as const
            ).map(([label, value]) => (
              <div key={label} className="rounded border border-slate-200 p-2">
                <dt className="text-sm text-slate-600">{label}</dt>
                <dd className="text-xl font-bold">{nf.format(value)}</dd>
              </div>
            ))}
          </dl>
          <p className="text-sm text-slate-700">
            {nf.format(preview.counts.otherOrganisations)} rows are not English GP practices (other prescribing settings, or Wales) and
            are left out on purpose. {nf.format(preview.counts.closedNotHeld)} closed practices in the file were never held here.
            {preview.listSizesAsOf ? ` List sizes as of ${preview.listSizesAsOf}.` : ""}
          </p>
          {preview.sampleInserts.length ? (
            <details>
              <summary className="cursor-pointer font-medium">First new practices</summary>
              <ul className="list-disc pl-6 text-sm">
                {preview.sampleInserts.map((p) => (
                  <li key={p.odsCode}>
                    {p.odsCode} {p.name} ({p.icbCode}
                    {p.listSize !== null ? `, ${nf.format(p.listSize)} patients` : ", no list size"})
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
          {preview.sampleChanges.length ? (
            <details>
              <summary className="cursor-pointer font-medium">First changes</summary>
              <ul className="list-disc pl-6 text-sm">
                {preview.sampleChanges.map((c) => (
                  <li key={c.odsCode}>
                    {c.odsCode}: {c.fields.join(", ")}
                    {c.icbTo ? `; moves to ICB ${c.icbTo}` : ""}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
          {preview.withoutListSize.length ? (
            <details>
              <summary className="cursor-pointer font-medium">Active practices without a list size</summary>
              <p className="text-sm">{preview.withoutListSize.join(", ")}</p>
            </details>
          ) : null}
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
          <input type="hidden" name="intent" value="preview" />
          <div className="space-y-1">
            <label htmlFor="register" className="block font-medium">
              Practice register (epraccur CSV)
            </label>
            <p id="register-hint" className="text-sm text-slate-600">
              NHS ODS format: no header row, 27 columns. Closed practices become closed; none are deleted.
            </p>
            <input
              id="register"
              name="register"
              type="file"
              accept=".csv,text/csv"
              required
              className="block"
              aria-describedby={`register-hint${errors.register ? " register-error" : ""}`}
              aria-invalid={errors.register ? true : undefined}
            />
            <ErrorList id="register-error" errors={errors.register} />
          </div>
          <div className="space-y-1">
            <label htmlFor="listSizes" className="block font-medium">
              List sizes (optional)
            </label>
            <p id="listSizes-hint" className="text-sm text-slate-600">
              A CSV with CODE and NUMBER_OF_PATIENTS columns, such as NHS Digital&rsquo;s &ldquo;Patients Registered at a GP
              Practice&rdquo; file.
            </p>
            <input
              id="listSizes"
              name="listSizes"
              type="file"
              accept=".csv,text/csv"
              className="block"
              aria-describedby={`listSizes-hint${errors.listSizes ? " listSizes-error" : ""}`}
              aria-invalid={errors.listSizes ? true : undefined}
            />
            <ErrorList id="listSizes-error" errors={errors.listSizes} />
          </div>
          <button type="submit" className="btn" disabled={busy}>
            {busy ? "Reading…" : "Preview the import"}
          </button>
        </Form>
      )}
    </div>
  );
}
