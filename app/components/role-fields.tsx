// The role and LMC pickers shared by the create-user and edit-user forms.
import type { FieldMetadata } from "@conform-to/react";
import { getSelectProps } from "@conform-to/react";
import { ROLE_LABELS, ROLES } from "../domain/permissions";
import { SelectField } from "./ui/field";

export function RoleFields({
  role,
  lmcId,
  lmcs,
}: {
  role: FieldMetadata<string>;
  lmcId: FieldMetadata<number | undefined>;
  lmcs: { id: number; name: string }[];
}) {
  return (
    <>
      <SelectField label="Role" errors={role.errors} selectProps={getSelectProps(role)}>
        <option value="">Choose a role</option>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {ROLE_LABELS[r]}
          </option>
        ))}
      </SelectField>
      <SelectField
        label="LMC (for LMC secretaries)"
        hint="An LMC secretary acts only for this LMC. Leave empty for other roles."
        errors={lmcId.errors}
        selectProps={getSelectProps(lmcId)}
      >
        <option value="">No LMC</option>
        {lmcs.map((l) => (
          <option key={l.id} value={l.id}>
            {l.name}
          </option>
        ))}
      </SelectField>
    </>
  );
}
