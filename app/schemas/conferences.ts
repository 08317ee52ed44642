import { z } from "zod";
import { MOTION_NUMBER } from "../domain/motion-numbers";
import { checkOutcome, MAJORITIES, OUTCOME_LABELS, OUTCOMES, VOTE_METHODS, type Outcome, type VoteCounts, type VoteStanding } from "../domain/vote-outcome";
import { digits, idField, pageNumber } from "./numbers";

export const CONFERENCE_STATUSES = ["planning", "agenda_published", "in_session", "closed", "published"] as const;
export const CONFERENCE_STATUS_LABELS: Record<(typeof CONFERENCE_STATUSES)[number], string> = {
  planning: "Planning",
  agenda_published: "Agenda published",
  in_session: "In session",
  closed: "Closed",
  published: "Published",
};
export const MOTION_KINDS = ["motion", "composite", "amendment", "rider"] as const;
export const MARKINGS = ["debate", "A", "AR", "chosen", "grouped", "not_reached"] as const;
export const MARKING_LABELS: Record<(typeof MARKINGS)[number], string> = {
  debate: "For debate",
  A: "A (taken without debate)",
  AR: "AR (without debate, as reference)",
  chosen: "Chosen",
  grouped: "Grouped under a starred lead",
  not_reached: "Not reached",
};
export const CLAUSE_INTENTS = ["remove", "amend", "oppose_implementation", "support", "clarify"] as const;
export const INTENT_LABELS: Record<(typeof CLAUSE_INTENTS)[number], string> = {
  remove: "Remove",
  amend: "Amend",
  oppose_implementation: "Oppose implementation",
  support: "Support",
  clarify: "Clarify",
};
export const RESOLUTION_STATUSES = ["not_started", "in_progress", "achieved", "superseded", "abandoned"] as const;
export const RESOLUTION_STATUS_LABELS: Record<(typeof RESOLUTION_STATUSES)[number], string> = {
  not_started: "Not started",
  in_progress: "In progress",
  achieved: "Achieved",
  superseded: "Superseded",
  abandoned: "Abandoned",
};

const isoDate = z
  .string({ required_error: "Enter a date" })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter a date like 2025-11-07")
  .refine((v) => {
    const time = Date.parse(`${v}T00:00:00Z`);
    return !Number.isNaN(time) && new Date(time).toISOString().startsWith(v);
  }, "That is not a real date");

const ConferenceFields = z.object({
  bodyId: idField("Choose a body"),
  title: z.string({ required_error: "Enter a title" }).trim().min(3, "Enter a title").max(200, "A title is at most 200 characters"),
  heldOn: isoDate,
  venue: z.string().trim().max(200, "A venue is at most 200 characters").optional().default(""),
  status: z.enum(CONFERENCE_STATUSES, { errorMap: () => ({ message: "Choose a status" }) }),
  submissionDeadline: isoDate.optional(),
});

/** Motions are submitted before the conference meets, never after: a later deadline is refused. */
function deadlineNotAfterConference(value: { heldOn: string; submissionDeadline?: string }, ctx: z.RefinementCtx) {
  if (value.submissionDeadline && value.submissionDeadline > value.heldOn) {
    ctx.addIssue({ code: "custom", path: ["submissionDeadline"], message: "The deadline for motions must be on or before the conference's date" });
  }
}

export const ConferenceSchema = ConferenceFields.superRefine(deadlineNotAfterConference);
export const ConferenceEditSchema = ConferenceFields.omit({ bodyId: true }).superRefine(deadlineNotAfterConference);

const optionalText = (max: number, label: string) =>
  z.string().trim().max(max, `${label} is at most ${max} characters`).optional().transform((v) => (v ? v : undefined));

export const PartInputSchema = z.object({
  text: optionalText(3000, "A part"),
  clauseId: idField("Choose a clause from the list").optional(),
  intent: z.enum(CLAUSE_INTENTS).optional(),
});

export const MotionSchema = z
  .object({
    // Asked only of those who run the conference: an LMC's motion is numbered when it is accepted.
    number: z
      .string()
      .trim()
      .toLowerCase()
      .regex(MOTION_NUMBER, "A motion number is digits with an optional letter, like 5 or 5a")
      .optional(),
    title: z.string({ required_error: "Enter a short title" }).trim().min(3, "Enter a short title").max(200, "A title is at most 200 characters"),
    proposer: optionalText(120, "The proposer"),
    seconder: optionalText(120, "The seconder"),
    kind: z.enum(MOTION_KINDS).default("motion"),
    parentNumber: optionalText(8, "The parent motion number"),
    replaces: optionalText(200, "The list of replaced motions"),
    marking: z.enum(MARKINGS).default("debate"),
    sectionId: idField("Choose a section from the list").optional(),
    preamble: optionalText(3000, "The preamble"),
    parts: z.array(PartInputSchema).max(20, "At most 20 parts").default([]),
    version: idField("Reload the page and make your change again").optional(),
  })
  .superRefine((value, ctx) => {
    if (!value.parts.some((p) => p.text)) {
      ctx.addIssue({ code: "custom", path: ["parts", 0, "text"], message: "Write at least one part (the text of the motion)" });
    }
    value.parts.forEach((p, i) => {
      if (p.clauseId && !p.intent) ctx.addIssue({ code: "custom", path: ["parts", i, "intent"], message: "Say what the part asks of the clause" });
      if (p.clauseId && !p.text) ctx.addIssue({ code: "custom", path: ["parts", i, "text"], message: "A clause link needs the part's text" });
    });
    if ((value.kind === "rider" || value.kind === "amendment") && !value.parentNumber) {
      ctx.addIssue({ code: "custom", path: ["parentNumber"], message: "Riders and amendments name the motion they attach to" });
    }
  });
export type MotionInput = z.infer<typeof MotionSchema>;

const count = z.preprocess(
  (v) => (v === "" || v === undefined || v === null ? null : v),
  z
    .string({ invalid_type_error: "Enter a whole number" })
    .trim()
    .refine((v) => !/^-\d/.test(v), "Counts cannot be negative")
    .pipe(digits("Enter a whole number"))
    .pipe(z.number().max(1_000_000, "That count is too large"))
    .nullable(),
);

export const PartVoteSchema = z.object({
  partId: idField(),
  method: z.enum(VOTE_METHODS),
  majority: z.enum(MAJORITIES),
  for: count,
  against: count,
  abstain: count,
  outcome: z.preprocess((v) => (v === "" ? undefined : v), z.enum(OUTCOMES).optional()),
  version: digits("Reload the page and enter the vote again").default(0),
  reason: optionalText(500, "The reason"),
});
export type PartVoteInput = z.infer<typeof PartVoteSchema>;

/** A part's vote fields as the clerk's form holds them. */
export interface PartVoteFields {
  method: string;
  majority: string;
  for: string;
  against: string;
  abstain: string;
  outcome: string;
}

/** The counts as the action will read them (this schema), or none where they do not read. */
export function voteCountsPreview(partId: number, fields: PartVoteFields): VoteCounts {
  const parsed = PartVoteSchema.safeParse({ ...fields, partId, outcome: "" });
  return parsed.success ? { for: parsed.data.for, against: parsed.data.against, abstain: parsed.data.abstain } : { for: null, against: null, abstain: null };
}

/**
 * The outcome saving these fields would record, or why it would be refused: the action's schema
 * and the same checkOutcome the server applies, so what the clerk sees before saving is what is saved.
 */
export function voteOutcomePreview(partId: number, fields: PartVoteFields, standing: VoteStanding): { ok: true; outcome: Outcome } | { ok: false; message: string } {
  const parsed = PartVoteSchema.safeParse({ ...fields, partId });
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]!.message };
  const { method, majority, outcome } = parsed.data;
  const counts = { for: parsed.data.for, against: parsed.data.against, abstain: parsed.data.abstain };
  return checkOutcome({ method, majority, counts, outcome: outcome ?? null, standing });
}

export const ClauseSchema = z.object({
  documentId: idField("Choose a document"),
  reference: optionalText(80, "The reference"),
  title: z.string({ required_error: "Enter a title" }).trim().min(3, "Enter a title").max(200),
  summary: optionalText(3000, "The summary"),
  inForceFrom: isoDate.optional(),
  revokedOn: isoDate.optional(),
  // Only web addresses: a javascript: URL in a link would run in readers' browsers.
  sourceUrl: z
    .string()
    .trim()
    .max(500, "A web address is at most 500 characters")
    .regex(/^https?:\/\/\S+$/i, "Enter a full web address starting https://")
    .optional()
    .or(z.literal("").transform(() => undefined)),
});

export const ResolutionProgressSchema = z.object({
  status: z.enum(RESOLUTION_STATUSES, { errorMap: () => ({ message: "Choose a status" }) }),
  notedOn: isoDate,
  note: z.string({ required_error: "Write a note" }).trim().min(3, "Write a note").max(3000, "A note is at most 3,000 characters"),
});

export const RESULT_FILTERS = [
  ["carried_in_all_parts", "Carried in all parts"],
  ["carried_in_part", "Carried in part"],
  ...OUTCOMES.map((o) => [o, OUTCOME_LABELS[o]] as const),
  ["awaiting_vote", "Awaiting vote"],
] as const;

/** Filters on a conference's motions, shared by the page and its exports; bad values are dropped. */
export const AgendaFilterSchema = z.object({
  outcome: z.enum(RESULT_FILTERS.map(([v]) => v) as [string, ...string[]]).optional().catch(undefined),
  proposer: z.string().trim().max(120).optional().catch(undefined),
  section: idField().optional().catch(undefined),
  clause: idField().optional().catch(undefined),
  q: z.string().trim().max(200).optional().catch(undefined),
  page: pageNumber.optional().catch(undefined),
});

/** Reads the agenda filters from a URL's query, in the shape the motions model takes. */
export function agendaFiltersFrom(url: URL) {
  const raw = AgendaFilterSchema.parse(Object.fromEntries([...url.searchParams].filter(([, v]) => v !== "")));
  return { raw, filters: { outcome: raw.outcome, proposer: raw.proposer, sectionId: raw.section, clauseId: raw.clause, q: raw.q } };
}

const SectionTitle = z.string({ required_error: "Enter a section title" }).trim().min(2, "Enter a section title").max(120, "A section title is at most 120 characters");

export const SectionActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add-section"), title: SectionTitle }),
  z.object({ intent: z.literal("rename-section"), sectionId: idField("Choose a section"), title: SectionTitle }),
  z.object({ intent: z.enum(["section-up", "section-down"]), sectionId: idField("Choose a section") }),
]);
