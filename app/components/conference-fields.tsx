// The conference fields shared by the create and edit forms.
import { getInputProps, getSelectProps, type FieldMetadata } from "@conform-to/react";
import { CONFERENCE_STATUS_LABELS, CONFERENCE_STATUSES } from "../schemas/conferences";
import { Field, SelectField } from "./ui/field";

type Fields = {
  title: FieldMetadata<string>;
  heldOn: FieldMetadata<string>;
  venue: FieldMetadata<string | undefined>;
  status: FieldMetadata<string>;
  submissionDeadline: FieldMetadata<string | undefined>;
};

export function ConferenceFields({ fields }: { fields: Fields }) {
  return (
    <>
      <Field label="Title" errors={fields.title.errors} inputProps={getInputProps(fields.title, { type: "text" })} />
      <Field label="Date" errors={fields.heldOn.errors} inputProps={getInputProps(fields.heldOn, { type: "date" })} />
      <Field label="Venue" errors={fields.venue.errors} inputProps={getInputProps(fields.venue, { type: "text" })} />
      <SelectField label="Status" errors={fields.status.errors} selectProps={getSelectProps(fields.status)}>
        {CONFERENCE_STATUSES.map((s) => (
          <option key={s} value={s}>
            {CONFERENCE_STATUS_LABELS[s]}
          </option>
        ))}
      </SelectField>
      <Field
        label="Motion submission deadline (optional)"
        hint="LMC secretaries can submit and edit motions until the end of this day."
        errors={fields.submissionDeadline.errors}
        inputProps={getInputProps(fields.submissionDeadline, { type: "date" })}
      />
    </>
  );
}
