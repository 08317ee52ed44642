// Forms of the collective-action half: campaigns, options, sign-ups, pledges and notices.
import { z } from "zod";
import { CAMPAIGN_STATUSES, NOTICE_TYPES, SIGNUP_STATUSES, TRIGGER_SCOPES } from "../domain/campaign-status";
import { digits, idField } from "./numbers";

const text = (label: string, min: number, max: number) =>
  z
    .string({ required_error: `Enter ${label}` })
    .trim()
    .min(min, `Enter ${label}`)
    .max(max, `${label[0]!.toUpperCase()}${label.slice(1)} is at most ${max} characters`);

const optionalText = (label: string, max: number) => z.string().trim().max(max, `${label} is at most ${max} characters`).optional().default("");

/** A percentage above 0 and at most 100, to at most two decimal places, written plainly. */
export const percentField = z
  .string({ required_error: "Enter a percentage" })
  .trim()
  .regex(/^\d{1,3}(?:\.\d{1,2})?$/, "Enter a percentage like 10 or 12.5")
  .transform(Number)
  .pipe(z.number().gt(0, "Enter a percentage above 0").lte(100, "A percentage is at most 100"));

const isoDate = z
  .string({ required_error: "Enter a date" })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter a date like 2026-11-25")
  .refine((v) => {
    const time = Date.parse(`${v}T00:00:00Z`);
    return !Number.isNaN(time) && new Date(time).toISOString().startsWith(v);
  }, "That is not a real date");

const idList = (message: string) => z.array(idField(message)).max(200, "Choose fewer").optional().default([]);

export const CampaignSchema = z.object({
  title: text("a title", 3, 200),
  summary: text("a summary", 10, 4_000),
  resolutionIds: idList("Choose resolutions from the list"),
});

export const CampaignStatusSchema = z.object({
  intent: z.literal("status"),
  status: z.enum(CAMPAIGN_STATUSES, { errorMap: () => ({ message: "Choose a status" }) }),
  version: digits("Reload the page and try again"),
  note: optionalText("A note", 500),
});

export const CampaignNoteSchema = z.object({
  intent: z.literal("note"),
  text: text("a note", 3, 1_000),
});

export const OptionSchema = z
  .object({
    intent: z.literal("option"),
    optionId: idField().optional(),
    title: text("a title", 3, 200),
    description: text("what the practice does", 10, 4_000),
    riskNote: optionalText("The risk note", 2_000),
    triggerPercent: percentField.optional(),
    triggerScope: z.enum(["none", ...TRIGGER_SCOPES]).optional().default("none"),
    clauseIds: idList("Choose clauses from the register"),
  })
  .superRefine((v, ctx) => {
    if (v.triggerScope !== "none" && v.triggerPercent === undefined) {
      ctx.addIssue({ code: "custom", path: ["triggerPercent"], message: "Enter the percentage of practices that sets the option off" });
    }
    if (v.triggerScope === "none" && v.triggerPercent !== undefined) {
      ctx.addIssue({ code: "custom", path: ["triggerScope"], message: "Choose where the trigger counts: nationally or in each ICB" });
    }
  });

export const CampaignIntentSchema = z.discriminatedUnion("intent", [CampaignStatusSchema, CampaignNoteSchema]);

export const SignUpSchema = z
  .object({
    practice: z.string().trim().regex(/^[A-Z]\d{5}$/, "Choose one of your practices"),
    status: z.enum(SIGNUP_STATUSES, { errorMap: () => ({ message: "Choose what your practice will do" }) }),
    conditionScope: z.enum(["none", "national", "icb"]).optional().default("none"),
    conditionPercent: percentField.optional(),
    version: digits("Reload the page and try again"),
  })
  .superRefine((v, ctx) => {
    if (v.status === "withdrawn") return;
    if (v.conditionScope !== "none" && v.conditionPercent === undefined) {
      ctx.addIssue({ code: "custom", path: ["conditionPercent"], message: "Enter the percentage of practices that must be acting" });
    }
  });

export const PledgeSchema = z.object({
  intent: z.enum(["support", "withdraw"], { errorMap: () => ({ message: "Choose to pledge or to take your pledge back" }) }),
});

export const NoticeSchema = z.object({
  optionId: idField("Choose the option the notice relates to"),
  type: z.enum(NOTICE_TYPES, { errorMap: () => ({ message: "Choose the kind of notice" }) }),
  receivedOn: isoDate,
  note: optionalText("The note", 2_000),
});

export const NoticeFilterSchema = z.object({
  option: idField().optional().catch(undefined),
  icb: z.string().trim().regex(/^[A-Z0-9]{3}$/).optional().catch(undefined),
  type: z.enum(NOTICE_TYPES).optional().catch(undefined),
});
