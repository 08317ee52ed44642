import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "../utils/parse-form";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { HistoryPanel } from "../components/history-panel";
import { ConferenceFields } from "../components/conference-fields";
import { ErrorList, FormErrors } from "../components/ui/field";
import { getHistoryInWords } from "../models/audit.server";
import { addSection, listSections, moveSection, renameSection, updateConference } from "../models/conferences.server";
import { ConferenceEditSchema, SectionActionSchema } from "../schemas/conferences";
import { requireConferenceRunner } from "../utils/conference-access.server";
import { getDb } from "../utils/db.server";
import { redirectWithToast } from "../utils/session.server";

export const meta: MetaFunction = () => [{ title: "Edit conference | LMC Tracker" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { conference } = await requireConferenceRunner(request, params.id);
  const db = getDb();
  const [history, sections] = await Promise.all([getHistoryInWords(db, "conference", conference.id), listSections(db, conference.id)]);
  return { conference, history, sections };
}

type Runner = Awaited<ReturnType<typeof requireConferenceRunner>>;
type Ctx = { request: Request; formData: FormData; user: Runner["user"]; conference: Runner["conference"] };
type SectionCtx = Omit<Ctx, "formData"> & { db: ReturnType<typeof getDb> };

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, conference } = await requireConferenceRunner(request, params.id);
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  // The conference's own form posts no intent: anything that does not name a section saves the conference.
  if (!intent.includes("section")) return saveConference({ request, formData, user, conference });
  // Every section intent is checked by the one schema (which refuses an unknown one), then handled on its own.
  const parsed = SectionActionSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) {
    return data({ sectionError: parsed.error.issues[0]?.message ?? "Check the section", sectionId: Number(formData.get("sectionId")) || null }, { status: 400 });
  }
  const ctx = { request, db: getDb(), user, conference };
  const a = parsed.data;
  return a.intent === "add-section" ? addAgendaSection(ctx, a) : a.intent === "rename-section" ? renameAgendaSection(ctx, a) : moveAgendaSection(ctx, a);
}

// Saves the conference's own details (title, date, venue, status, deadline).
async function saveConference({ request, formData, user, conference }: Ctx) {
  const submission = parseWithZod(formData, { schema: ConferenceEditSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  await updateConference(getDb(), user.id, conference.id, submission.value);
  return redirectWithToast(request, `/conferences/${conference.id}`, { kind: "success", message: "Conference saved." });
}

// Adds a section, with the title given, at the end of the agenda.
async function addAgendaSection({ request, db, user, conference }: SectionCtx, { title }: { title: string }) {
  const result = await addSection(db, user.id, conference.id, title);
  if (!result.ok) return data({ sectionError: result.message, sectionId: null }, { status: 400 });
  return sectionsSaved(request, conference.id);
}

// Gives one of the conference's sections a new title.
async function renameAgendaSection({ request, db, user, conference }: SectionCtx, { sectionId, title }: { sectionId: number; title: string }) {
  if (!(await renameSection(db, user.id, conference.id, sectionId, title))) throw data({ message: "No such section" }, { status: 404 });
  return sectionsSaved(request, conference.id);
}

// Moves a section one place up (section-up) or down (section-down) the agenda.
async function moveAgendaSection({ request, db, user, conference }: SectionCtx, { intent, sectionId }: { intent: "section-up" | "section-down"; sectionId: number }) {
  const moved = await moveSection(db, user.id, conference.id, sectionId, intent === "section-up" ? "up" : "down");
  if (!moved) {
    const where = intent === "section-up" ? "first" : "last";
    return redirectWithToast(request, `/conferences/${conference.id}/edit`, { kind: "error", message: `That section is already ${where}, or no longer on this agenda: nothing moved.` });
  }
  return sectionsSaved(request, conference.id);
}

function sectionsSaved(request: Request, conferenceId: number) {
  return redirectWithToast(request, `/conferences/${conferenceId}/edit`, { kind: "success", message: "Sections saved." });
}

export default function EditConferencePage() {
  const { conference, history, sections } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const lastResult = actionData && "status" in actionData ? actionData : undefined;
  const sectionError = actionData && "sectionError" in actionData ? actionData : null;
  const [form, fields] = useForm({
    id: "edit-conference",
    lastResult,
    constraint: getZodConstraint(ConferenceEditSchema),
    defaultValue: {
      title: conference.title,
      heldOn: conference.held_on,
      venue: conference.venue,
      status: conference.status,
      submissionDeadline: conference.submission_deadline ?? undefined,
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ConferenceEditSchema }),
    shouldRevalidate: "onBlur",
  });
  return (
    <div className="space-y-6">
      <p>
        <Link to={`/conferences/${conference.id}`}>Back to {conference.title}</Link>
      </p>
      <h1>Edit conference</h1>
      <Form method="post" {...getFormProps(form)} className="card grid gap-4 sm:grid-cols-2">
        <FormErrors errors={form.errors} />
        <ConferenceFields fields={fields} />
        <div>
          <button type="submit" className="btn">
            Save
          </button>
        </div>
      </Form>
      <section aria-labelledby="sections-title" className="card space-y-4">
        <h2 id="sections-title">Agenda sections</h2>
        {sections.length === 0 ? <p>No sections yet. Add them here, or import an agenda.</p> : null}
        <ol className="space-y-3">
          {sections.map((s, i) => (
            <li key={s.id} className="flex flex-wrap items-end gap-3">
              <Form method="post" className="flex flex-wrap items-end gap-2">
                <input type="hidden" name="sectionId" value={s.id} />
                <div className="space-y-1">
                  <label htmlFor={`section-${s.id}`} className="block text-sm font-medium">
                    Section {i + 1}
                  </label>
                  <input
                    id={`section-${s.id}`}
                    name="title"
                    defaultValue={s.title}
                    className="input"
                    aria-invalid={sectionError?.sectionId === s.id ? true : undefined}
                    aria-describedby={sectionError?.sectionId === s.id ? `section-${s.id}-error` : undefined}
                  />
                  <ErrorList id={`section-${s.id}-error`} errors={sectionError?.sectionId === s.id ? [sectionError.sectionError] : null} />
                </div>
                <button type="submit" name="intent" value="rename-section" className="btn-secondary">
                  Rename <span className="sr-only">section {i + 1}</span>
                </button>
              </Form>
              <Form method="post" className="flex gap-2">
                <input type="hidden" name="sectionId" value={s.id} />
                <button type="submit" name="intent" value="section-up" className="btn-secondary" disabled={i === 0}>
                  Move up <span className="sr-only">{s.title}</span>
                </button>
                <button type="submit" name="intent" value="section-down" className="btn-secondary" disabled={i === sections.length - 1}>
                  Move down <span className="sr-only">{s.title}</span>
                </button>
              </Form>
            </li>
          ))}
        </ol>
        <Form method="post" className="flex flex-wrap items-end gap-3">
          <div className="space-y-1">
            <label htmlFor="new-section" className="block font-medium">
              New section title
            </label>
            <input
              id="new-section"
              name="title"
              className="input"
              aria-invalid={sectionError && sectionError.sectionId === null ? true : undefined}
              aria-describedby={sectionError && sectionError.sectionId === null ? "new-section-error" : undefined}
            />
            <ErrorList id="new-section-error" errors={sectionError && sectionError.sectionId === null ? [sectionError.sectionError] : null} />
          </div>
          <button type="submit" name="intent" value="add-section" className="btn">
            Add section
          </button>
        </Form>
      </section>
      <HistoryPanel items={history} />
    </div>
  );
}
