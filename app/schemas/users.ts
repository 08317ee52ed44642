import { z } from "zod";
import { roleActsForAnLmc } from "../domain/access";
import { ROLES } from "../domain/permissions";
import { idField } from "./numbers";
import { OdsCodeSchema } from "./practices";

export const EmailSchema = z
  .string({ required_error: "Enter an email address" })
  .trim()
  .min(3, "Enter an email address")
  .max(254, "An email address is at most 254 characters")
  .email("Enter an email address like name@example.org")
  .transform((v) => v.toLowerCase());

export const PasswordSchema = z
  .string({ required_error: "Enter a password" })
  .min(12, "A password needs at least 12 characters")
  .max(200, "A password is at most 200 characters");

export const LoginSchema = z.object({
  email: EmailSchema,
  password: z.string({ required_error: "Enter your password" }).min(1, "Enter your password").max(200),
  redirectTo: z.string().max(500).optional(),
});

const NameSchema = z
  .string({ required_error: "Enter a name" })
  .trim()
  .min(1, "Enter a name")
  .max(120, "A name is at most 120 characters");

const RoleFields = {
  role: z.enum(ROLES, { errorMap: () => ({ message: "Choose a role" }) }),
  // At most a 32-bit integer, as the id columns are on PostgreSQL.
  lmcId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
};

/** A role that acts for one LMC (a secretary) needs that LMC named. */
function lmcRequiredForSecretary<T extends { role: (typeof ROLES)[number]; lmcId?: number }>(value: T, ctx: z.RefinementCtx) {
  if (roleActsForAnLmc(value.role) && !value.lmcId) {
    ctx.addIssue({ code: "custom", path: ["lmcId"], message: "An LMC secretary needs an LMC" });
  }
}

export const CreateUserSchema = z
  .object({ email: EmailSchema, name: NameSchema, password: PasswordSchema, ...RoleFields })
  .superRefine(lmcRequiredForSecretary);

export const UpdateUserSchema = z
  .object({ intent: z.literal("update"), name: NameSchema, ...RoleFields })
  .superRefine(lmcRequiredForSecretary);

export const AddMembershipSchema = z.object({
  intent: z.literal("add-membership"),
  odsCode: OdsCodeSchema,
  isSignatory: z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean()),
});

export const RemoveMembershipSchema = z.object({
  intent: z.literal("remove-membership"),
  practiceId: idField("Choose a practice"),
});

export const SetDisabledSchema = z.object({
  intent: z.enum(["disable", "enable"]),
});

export const RevokeSessionsSchema = z.object({ intent: z.literal("revoke-sessions") });

export type CreateUserInput = z.infer<typeof CreateUserSchema>;
export type UpdateUserInput = z.infer<typeof UpdateUserSchema>;
