// The agenda committee's decisions on submitted motions, one form each (app/routes/conferences.$id_.review.tsx).
import { z } from "zod";
import { idField } from "./numbers";

/** Several checkboxes of one name arrive as a list, one as a single value, none as nothing. */
const idList = z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(idField("Choose motions from the list")).max(50, "Choose at most 50 motions"));

const partTexts = z.preprocess(
  (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
  // An empty part box arrives as nothing: it is left out.
  z.array(z.string().trim().max(3000, "A part is at most 3,000 characters").optional()).max(20, "At most 20 parts").transform((parts) => parts.filter((p): p is string => Boolean(p))),
);

export const ReviewSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("accept"), motionId: idField("Choose a motion from the queue") }),
  z.object({
    intent: z.literal("reject"),
    motionId: idField("Choose a motion from the queue"),
    reason: z
      .string({ required_error: "Say why, for the LMC: they read this" })
      .trim()
      .min(3, "Say why, for the LMC: they read this")
      .max(1000, "A reason is at most 1,000 characters"),
  }),
  z.object({
    intent: z.literal("merge"),
    motionIds: idList,
    title: z.string({ required_error: "Enter the composite's title" }).trim().min(3, "Enter the composite's title").max(200, "A title is at most 200 characters"),
    proposer: z.string({ required_error: "Enter who proposes it" }).trim().min(1, "Enter who proposes it").max(120, "The proposer is at most 120 characters"),
    sectionId: idField("Choose a section from the list").optional(),
    preamble: z.string().trim().max(3000, "The preamble is at most 3,000 characters").optional(),
    parts: partTexts,
  }),
]).superRefine((value, ctx) => {
  if (value.intent !== "merge") return;
  if (new Set(value.motionIds).size < 2) ctx.addIssue({ code: "custom", path: ["motionIds"], message: "Choose at least two motions to merge" });
  if (value.parts.length === 0) ctx.addIssue({ code: "custom", path: ["parts"], message: "Write at least one part of the composite" });
});
export type ReviewInput = z.infer<typeof ReviewSchema>;
