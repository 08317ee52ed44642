// The form to draft, add or edit a motion: details, then up to six parts, each with an
// optional contract-clause link. Works without JavaScript (empty part rows are ignored).
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "../utils/parse-form";
import { Form } from "@remix-run/react";
import { CLAUSE_INTENTS, INTENT_LABELS, MARKING_LABELS, MARKINGS, MOTION_KINDS, MotionSchema, type MotionInput } from "../schemas/conferences";
import { ErrorList, Field, FormErrors, SelectField } from "./ui/field";

export const PART_SLOTS = 6;

export function MotionForm({
  lastResult,
  defaultValue,
  sections,
  clauses,
  isRunner,
  asksNumber,
  proposerName,
  submitLabel,
}: {
  lastResult: SubmissionResult<string[]> | undefined;
  defaultValue?: Partial<MotionInput> & { version?: number };
  sections: { id: number; title: string }[];
  clauses: { id: number; name: string }[];
  isRunner: boolean;
  /** Runners number the agenda; an LMC's motion is numbered when the agenda committee accepts it. */
  asksNumber: boolean;
  proposerName: string | null;
  submitLabel: string;
}) {
  const parts = [...(defaultValue?.parts ?? [])];
  while (parts.length < PART_SLOTS) parts.push({ text: undefined, clauseId: undefined, intent: undefined });
  const [form, fields] = useForm({
    id: "motion",
    lastResult,
    constraint: getZodConstraint(MotionSchema),
    defaultValue: { kind: "motion", marking: "debate", ...defaultValue, parts },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: MotionSchema }),
    shouldRevalidate: "onBlur",
  });
  const partFields = fields.parts.getFieldList();
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-6">
      <FormErrors errors={form.errors} />
      {defaultValue?.version ? <input type="hidden" name="version" value={defaultValue.version} /> : null}
      <fieldset className="card grid gap-4 sm:grid-cols-2">
        <legend className="px-1 text-lg font-semibold">Motion</legend>
        {asksNumber ? (
          <Field label="Number" hint="Like 5 or 5a: unique in this conference." errors={fields.number.errors} inputProps={getInputProps(fields.number, { type: "text" })} />
        ) : (
          <p>
            <span className="block font-medium">Number</span>
            Given when the agenda committee accepts the motion.
          </p>
        )}
        <Field label="Short title" errors={fields.title.errors} inputProps={getInputProps(fields.title, { type: "text" })} />
        {isRunner ? (
          <Field label="Proposer" hint="The LMC or body proposing it." errors={fields.proposer.errors} inputProps={getInputProps(fields.proposer, { type: "text" })} />
        ) : (
          <p>
            <span className="block font-medium">Proposer</span>
            {proposerName}
          </p>
        )}
        <Field label="Seconder (optional)" errors={fields.seconder.errors} inputProps={getInputProps(fields.seconder, { type: "text" })} />
        <SelectField label="Kind" errors={fields.kind.errors} selectProps={getSelectProps(fields.kind)}>
          {MOTION_KINDS.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </SelectField>
        <Field label="Attached to motion (riders and amendments)" errors={fields.parentNumber.errors} inputProps={getInputProps(fields.parentNumber, { type: "text" })} />
        <Field label="Replaces motions (composites)" hint="For example: 6a, 6b, 6c" errors={fields.replaces.errors} inputProps={getInputProps(fields.replaces, { type: "text" })} />
        {isRunner ? (
          <SelectField label="Agenda marking" errors={fields.marking.errors} selectProps={getSelectProps(fields.marking)}>
            {MARKINGS.map((m) => (
              <option key={m} value={m}>
                {MARKING_LABELS[m]}
              </option>
            ))}
          </SelectField>
        ) : null}
        <SelectField label="Section" errors={fields.sectionId.errors} selectProps={getSelectProps(fields.sectionId)}>
          <option value="">No section yet</option>
          {sections.map((s) => (
            <option key={s.id} value={s.id}>
              {s.title}
            </option>
          ))}
        </SelectField>
        <div className="space-y-1 sm:col-span-2">
          <label htmlFor={fields.preamble.id} className="block font-medium">
            Preamble
          </label>
          <p id={`${fields.preamble.id}-hint`} className="text-sm text-slate-600">
            &ldquo;That conference ...&rdquo;, the words before the parts. Leave empty when the motion is one part.
          </p>
          <textarea {...getTextareaProps(fields.preamble)} rows={2} className="input" aria-describedby={`${fields.preamble.id}-hint`} />
          <ErrorList id={fields.preamble.errorId} errors={fields.preamble.errors} />
        </div>
      </fieldset>
      <fieldset className="card space-y-4">
        <legend className="px-1 text-lg font-semibold">Parts, voted separately</legend>
        <p className="text-sm text-slate-600">Write each part in its own box, in order; empty boxes are ignored.</p>
        {partFields.map((part, index) => {
          const pf = part.getFieldset();
          return (
            <div key={part.key} className="grid gap-3 border-t border-slate-200 pt-3 sm:grid-cols-[1fr_16rem]">
              <div className="space-y-1">
                <label htmlFor={pf.text.id} className="block font-medium">
                  Part {index + 1} text
                </label>
                <textarea
                  {...getTextareaProps(pf.text)}
                  rows={2}
                  className="input"
                  aria-describedby={pf.text.errors?.length ? pf.text.errorId : undefined}
                />
                <ErrorList id={pf.text.errorId} errors={pf.text.errors} />
              </div>
              <div className="space-y-2">
                <SelectField label={`Part ${index + 1} contract clause`} errors={pf.clauseId.errors} selectProps={getSelectProps(pf.clauseId)}>
                  <option value="">No clause</option>
                  {clauses.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
                </SelectField>
                <SelectField label={`Part ${index + 1} asks to`} errors={pf.intent.errors} selectProps={getSelectProps(pf.intent)}>
                  <option value="">Choose</option>
                  {CLAUSE_INTENTS.map((i) => (
                    <option key={i} value={i}>
                      {INTENT_LABELS[i]}
                    </option>
                  ))}
                </SelectField>
              </div>
            </div>
          );
        })}
      </fieldset>
      <div className="flex flex-wrap gap-3">
        <button type="submit" name="intent" value="save" className="btn">
          {submitLabel}
        </button>
        {!isRunner ? (
          <button type="submit" name="intent" value="submit" className="btn-secondary">
            Save and submit to the conference
          </button>
        ) : null}
      </div>
    </Form>
  );
}
