// The form for a campaign option (add on the campaign page, edit on the option page): what the
// practice does, the contractual risk, the clauses it bears on, and an optional trigger.
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "../utils/parse-form";
import { Form } from "@remix-run/react";
import { OptionSchema } from "../schemas/campaigns";
import { ErrorList, Field, FormErrors, SelectField } from "./ui/field";

interface OptionFieldsProps {
  id: string;
  clauses: { id: number; reference: string | null; title: string }[];
  lastResult: unknown;
  submitLabel: string;
  option?: {
    id: number;
    title: string;
    description: string;
    risk_note: string;
    trigger_percent: number | null;
    trigger_scope: string | null;
    clauseIds: number[];
  };
}

function TextArea({ label, meta, rows = 3 }: { label: string; meta: Parameters<typeof getTextareaProps>[0]; rows?: number }) {
  return (
    <div className="space-y-1">
      <label htmlFor={meta.id} className="block font-medium">
        {label}
      </label>
      <textarea {...getTextareaProps(meta)} rows={rows} className="input" aria-describedby={meta.errors?.length ? meta.errorId : undefined} />
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function OptionFields({ id, clauses, lastResult, submitLabel, option }: OptionFieldsProps) {
  const [form, fields] = useForm({
    id,
    lastResult: lastResult as SubmissionResult<string[]> | undefined,
    constraint: getZodConstraint(OptionSchema),
    defaultValue: option
      ? {
          title: option.title,
          description: option.description,
          riskNote: option.risk_note,
          triggerPercent: option.trigger_percent === null ? "" : String(option.trigger_percent),
          triggerScope: option.trigger_scope ?? "none",
        }
      : { triggerScope: "none" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: OptionSchema }),
    shouldRevalidate: "onBlur",
  });
  const chosen = new Set(option?.clauseIds.map(String) ?? []);
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-4">
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="option" />
      {option ? <input type="hidden" name="optionId" value={option.id} /> : null}
      <Field label="Title" errors={fields.title.errors} inputProps={getInputProps(fields.title, { type: "text" })} />
      <TextArea label="What the practice does, in plain words" meta={fields.description} />
      <TextArea label="Contractual risk" meta={fields.riskNote} rows={2} />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField label="Trigger" errors={fields.triggerScope.errors} selectProps={getSelectProps(fields.triggerScope)}>
          <option value="none">No trigger: live as soon as the campaign is</option>
          <option value="national">A share of practices nationally</option>
          <option value="icb">A share of practices in each ICB separately</option>
        </SelectField>
        <Field
          label="Trigger percentage"
          hint="For example 10 for 10% of active practices."
          errors={fields.triggerPercent.errors}
          inputProps={{ ...getInputProps(fields.triggerPercent, { type: "text" }), inputMode: "decimal" }}
        />
      </div>
      <fieldset className="space-y-1" aria-describedby={fields.clauseIds.errors?.length ? fields.clauseIds.errorId : undefined}>
        <legend className="font-medium">Contract clauses it bears on</legend>
        <div className="max-h-56 space-y-1 overflow-y-auto rounded border border-slate-200 p-2" role="group" aria-label="Contract clauses">
          {clauses.map((c) => (
            <label key={c.id} className="flex gap-2">
              <input type="checkbox" name={fields.clauseIds.name} value={String(c.id)} defaultChecked={chosen.has(String(c.id))} />
              <span>{c.reference ? `${c.reference}: ${c.title}` : c.title}</span>
            </label>
          ))}
        </div>
        <ErrorList id={fields.clauseIds.errorId} errors={fields.clauseIds.errors} />
      </fieldset>
      <button type="submit" className="btn">
        {submitLabel}
      </button>
    </Form>
  );
}
