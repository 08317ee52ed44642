import { z } from "zod";
import { ODS_PRACTICE_CODE } from "../domain/ods";
import { pageNumber } from "./numbers";

export const OdsCodeSchema = z
  .string({ required_error: "Enter an ODS code" })
  .trim()
  .transform((v) => v.toUpperCase())
  .refine((v) => ODS_PRACTICE_CODE.test(v), "An ODS practice code is a letter and five digits, like A81001");

export const PracticeSearchSchema = z.object({
  q: z.string().trim().max(100).optional().default(""),
  icb: z.string().trim().max(10).optional().default(""),
  status: z.enum(["active", "closed", "all"]).optional().default("active"),
  page: pageNumber.optional().default(1),
});
