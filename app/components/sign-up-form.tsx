// A signatory's form for one practice and one option: pledge, pledge only if the option's trigger
// is met, implementing, or withdraw; optionally with the practice's own condition. The version it
// was shown guards against two signatories changing the same sign-up at once.
import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "../utils/parse-form";
import { Form } from "@remix-run/react";
import { SIGNUP_STATUS_LABELS, SIGNUP_STATUSES, type SignUpStatus } from "../domain/campaign-status";
import { SignUpSchema } from "../schemas/campaigns";
import { ErrorList, Field, FormErrors } from "./ui/field";

const STATUS_HINTS: Record<SignUpStatus, string> = {
  pledged: "The practice commits to take this action.",
  pledged_if_triggered: "The practice takes this action once the option's trigger is met where it counts.",
  implementing: "The practice is taking this action now.",
  withdrawn: "The practice withdraws, at once. It can sign up again later.",
};

interface Props {
  practice: {
    odsCode: string;
    name: string;
    active: boolean;
    current: { status: SignUpStatus; condition_scope: string | null; condition_percent: number | null; acting: number; acting_since: string | null; acting_reason: string | null; version: number } | null;
  };
  signingOpen: boolean;
  lastResult: unknown;
}

export function SignUpForm({ practice, signingOpen, lastResult }: Props) {
  const current = practice.current;
  const result = lastResult as (SubmissionResult<string[]> & { initialValue?: Record<string, unknown> }) | undefined;
  // Only the form that was posted shows the answer.
  const mine = result?.initialValue?.practice === practice.odsCode ? result : undefined;
  const [form, fields] = useForm({
    id: `signup-${practice.odsCode}`,
    lastResult: mine,
    constraint: getZodConstraint(SignUpSchema),
    defaultValue: {
      status: current && current.status !== "withdrawn" ? current.status : "pledged",
      conditionScope: current?.condition_scope ?? "none",
      conditionPercent: current?.condition_percent === null || current?.condition_percent === undefined ? "" : String(current.condition_percent),
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SignUpSchema }),
    shouldRevalidate: "onBlur",
  });
  const signed = current && current.status !== "withdrawn";
  const choices = SIGNUP_STATUSES.filter((s) => (s === "withdrawn" ? signed : signingOpen && practice.active));
  return (
    <div className="card space-y-3">
      <h3>{practice.name}</h3>
      <p>
        {signed ? `Signed up: ${SIGNUP_STATUS_LABELS[current.status].toLowerCase()}.` : "Not signed up."}{" "}
        {signed && current.acting_reason ? `${current.acting_reason}.` : null}
      </p>
      {choices.length === 0 ? (
        <p>{practice.active ? "This campaign is not taking sign-ups at the moment." : "Only an active practice can sign up."}</p>
      ) : (
        <Form method="post" {...getFormProps(form)} className="space-y-3">
          <FormErrors errors={form.errors} />
          <input type="hidden" name="intent" value="signup" />
          <input type="hidden" name="practice" value={practice.odsCode} />
          <input type="hidden" name="version" value={current?.version ?? 0} />
          <fieldset className="space-y-2" aria-describedby={fields.status.errors?.length ? fields.status.errorId : undefined}>
            <legend className="font-medium">What will the practice do?</legend>
            {choices.map((s) => (
              <label key={s} className="flex gap-2">
                <input type="radio" name={fields.status.name} value={s} defaultChecked={fields.status.initialValue === s} />
                <span>
                  <span className="font-medium">{SIGNUP_STATUS_LABELS[s]}</span>: {STATUS_HINTS[s]}
                </span>
              </label>
            ))}
            <ErrorList id={fields.status.errorId} errors={fields.status.errors} />
          </fieldset>
          <fieldset className="space-y-2">
            <legend className="font-medium">Your practice&apos;s own condition (optional)</legend>
            <p className="text-sm text-slate-700">Act only if at least a share of practices are acting too. Practices that act count towards everyone&apos;s conditions.</p>
            <div className="flex flex-wrap gap-4">
              {(["none", "icb", "national"] as const).map((scope) => (
                <label key={scope} className="flex gap-2">
                  <input type="radio" name={fields.conditionScope.name} value={scope} defaultChecked={fields.conditionScope.initialValue === scope} />
                  <span>{scope === "none" ? "No condition" : scope === "icb" ? "Practices in our ICB" : "Practices nationally"}</span>
                </label>
              ))}
            </div>
            <Field
              label="At least this percentage acting"
              errors={fields.conditionPercent.errors}
              inputProps={{ ...getInputProps(fields.conditionPercent, { type: "text" }), inputMode: "decimal" }}
            />
          </fieldset>
          <button type="submit" className="btn">
            Save for {practice.name}
          </button>
        </Form>
      )}
    </div>
  );
}
