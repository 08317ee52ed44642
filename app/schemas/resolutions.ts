import { z } from "zod";
import { RESOLUTION_STATUSES } from "./conferences";

export const ResolutionFilterSchema = z.object({
  conference: z.coerce.number().int().positive().optional().catch(undefined),
  status: z.enum(RESOLUTION_STATUSES).optional().catch(undefined),
});
