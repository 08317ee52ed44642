// Forms about one's own account: registering, links, passwords, address, notifications, and
// practice membership (asking to join, deciding, signatory rights).
import { z } from "zod";
import { NOTIFICATION_KINDS } from "../domain/notifications";
import { idField } from "./numbers";
import { EmailSchema, PasswordSchema } from "./users";
import { OdsCodeSchema } from "./practices";

const NameSchema = z.string({ required_error: "Enter your name" }).trim().min(1, "Enter your name").max(120, "A name is at most 120 characters");

/** A new password typed twice. */
const NewPasswordFields = {
  password: PasswordSchema,
  confirmPassword: z.string({ required_error: "Type the password again" }).max(200),
};
function passwordsMatch(value: { password: string; confirmPassword: string }, ctx: z.RefinementCtx) {
  if (value.password !== value.confirmPassword) ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "The two passwords are not the same" });
}

export const RegisterSchema = z.object({ name: NameSchema, email: EmailSchema, ...NewPasswordFields }).superRefine(passwordsMatch);

export const ForgotPasswordSchema = z.object({ email: EmailSchema });

/** The token from an emailed link, carried by the page's form. */
const TokenSchema = z.string({ required_error: "This link is not complete" }).trim().min(1, "This link is not complete").max(200, "This link is not one we sent");

export const ResetPasswordSchema = z.object({ token: TokenSchema, ...NewPasswordFields }).superRefine(passwordsMatch);

export const ConfirmEmailSchema = z.object({ intent: z.literal("confirm"), token: TokenSchema });

export const ChangeEmailSchema = z.object({
  intent: z.literal("change-email"),
  newEmail: EmailSchema,
  password: z.string({ required_error: "Enter your current password" }).min(1, "Enter your current password").max(200),
});

/** A checkbox per kind: ticked kinds are sent. */
export const NotificationSettingsSchema = z.object({
  intent: z.literal("notifications"),
  kinds: z.array(z.enum(NOTIFICATION_KINDS)).max(NOTIFICATION_KINDS.length).default([]),
});

export const PracticeSearchToJoinSchema = z.object({ q: z.string().trim().max(100).optional().default("") });

export const RequestMembershipSchema = z.object({ intent: z.literal("request"), odsCode: OdsCodeSchema });

const RequestIdSchema = idField("Choose a request");

export const WithdrawRequestSchema = z.object({ intent: z.literal("withdraw"), requestId: RequestIdSchema });

const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());

export const DecideRequestSchema = z.object({
  intent: z.enum(["approve", "refuse"]),
  requestId: RequestIdSchema,
  signatory: checkbox.optional().default(false),
  reason: z.string().trim().max(500, "A reason is at most 500 characters").optional().default(""),
});

export const SignatorySchema = z.object({
  intent: z.enum(["grant-signatory", "remove-signatory"]),
  userId: idField("Choose a member"),
});

export const FollowSchema = z.object({ intent: z.enum(["follow", "unfollow"]) });

/** Deleting one's own account: the password again, and a tick that says they mean it. */
export const DeleteAccountSchema = z.object({
  password: z.string({ required_error: "Enter your password" }).min(1, "Enter your password").max(200, "A password is at most 200 characters"),
  confirm: z.literal("yes", { errorMap: () => ({ message: "Tick the box to say you want your account deleted" }) }),
});

/** How long a withdrawn pledge keeps its maker's name: a whole number of days, or blank for no limit. */
export const RetentionSchema = z.object({
  days: z.coerce
    .number({ invalid_type_error: "Enter a whole number of days, or leave it blank" })
    .int("Enter a whole number of days")
    .min(7, "Keep withdrawn pledges for at least 7 days")
    .max(3650, "Ten years (3650 days) is the longest period")
    .optional(),
});
