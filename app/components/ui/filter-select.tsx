/** A labelled select for GET filter forms; the empty choice means "no filter". */
export function FilterSelect({
  id,
  label,
  value,
  options,
  anyLabel = "Any",
}: {
  id: string;
  label: string;
  value: string | number | undefined | null;
  options: (readonly [string, string])[];
  anyLabel?: string | null;
}) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block font-medium">
        {label}
      </label>
      <select id={id} name={id} defaultValue={value === undefined || value === null ? "" : String(value)} className="input">
        {anyLabel !== null ? <option value="">{anyLabel}</option> : null}
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
}
