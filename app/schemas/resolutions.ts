import { z } from "zod";
import { RESOLUTION_STATUSES } from "./conferences";
import { idField, pageNumber } from "./numbers";

export const ResolutionFilterSchema = z.object({
  conference: idField().optional().catch(undefined),
  status: z.enum(RESOLUTION_STATUSES).optional().catch(undefined),
  page: pageNumber.optional().catch(undefined),
});
