// The shape every form post must keep before Remix or Conform sees it. Parsing `x[100000000]=1`
// or `parts[5000].text` builds sparse arrays whose cost grows with an index, key count or depth
// the sender chooses, so those are bounded here, once, for every action. No form in the app
// comes near these limits: a motion has a handful of parts, each with a few clause links.

export const FORM_LIMITS = {
  /** Fields in one post, files included. */
  maxFields: 1_000,
  /** Characters in one field name. */
  maxNameLength: 200,
  /** The largest list index in a name: `parts[199].text`. */
  maxIndex: 199,
  /** Nesting: `parts[0].clauses[1].clauseId` has depth 4. */
  maxDepth: 6,
  /** Characters in one text value (the agenda import's text is the largest, 2 MB). */
  maxValueLength: 2_500_000,
} as const;

export interface FormField {
  name: string;
  /** Undefined for a file: its contents are the importer's to judge. */
  value?: string;
}

// Tab, line feed and carriage return are the only control characters a person types into a form.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u0008\v\f\u000E-\u001F\u007F]/;

/** Splits `parts[0].clauses[1].clauseId` into its segments, or null when it is not of that form. */
function nameSegments(name: string): string[] | null {
  const segments: string[] = [];
  for (const part of name.split(".")) {
    const open = part.indexOf("[");
    const head = open === -1 ? part : part.slice(0, open);
    if (head.length > 0) segments.push(head);
    if (open === -1) continue;
    let rest = part.slice(open);
    while (rest.length > 0) {
      const close = rest.indexOf("]");
      if (rest[0] !== "[" || close === -1) return null;
      segments.push(rest.slice(1, close));
      rest = rest.slice(close + 1);
    }
  }
  return segments;
}

/** Why a form cannot be accepted, in words for the person who sent it, or null when it is fine. */
export function formShapeProblem(fields: Iterable<FormField>): string | null {
  let count = 0;
  for (const field of fields) {
    count += 1;
    if (count > FORM_LIMITS.maxFields) return "This form has more fields than any form in LMC Tracker.";
    if (field.name.length > FORM_LIMITS.maxNameLength) return "This form has a field name that is too long.";
    const segments = nameSegments(field.name);
    if (!segments) return "This form has a field name that cannot be read.";
    if (segments.length > FORM_LIMITS.maxDepth) return "This form is nested more deeply than any form in LMC Tracker.";
    for (const segment of segments) {
      // Conform reads a bracketed number, and some libraries a bare one, as a list index.
      if (/^\d+$/.test(segment) && (segment.length > 4 || Number(segment) > FORM_LIMITS.maxIndex)) {
        return `This form has a list longer than any form in LMC Tracker allows (${FORM_LIMITS.maxIndex + 1} items).`;
      }
    }
    if (field.value !== undefined) {
      if (field.value.length > FORM_LIMITS.maxValueLength) return "A field in this form is too long.";
      if (CONTROL_CHARACTER.test(field.value)) {
        return "A field in this form contains a control character (such as a NUL byte). Remove it and try again.";
      }
    }
  }
  return null;
}
