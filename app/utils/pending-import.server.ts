// Finding the upload an import preview or apply refers to: by ?pending= on the preview page,
// by a hidden pendingId on the apply and discard buttons. Only its uploader can use it.
import { z } from "zod";
import { getPendingImport } from "../models/imports.server";
import { getDb } from "./db.server";

const PendingIdSchema = z.string().uuid();
type Kind = "practices" | "lmc_areas";

/** undefined when the URL names no preview; null when the one it names is gone. */
export async function pendingFromUrl(request: Request, userId: number, kind: Kind) {
  const id = PendingIdSchema.safeParse(new URL(request.url).searchParams.get("pending"));
  if (!id.success) return undefined;
  return getPendingImport(getDb(), id.data, userId, kind);
}

export async function pendingFromForm(formData: FormData, userId: number, kind: Kind) {
  const id = PendingIdSchema.safeParse(formData.get("pendingId"));
  return id.success ? getPendingImport(getDb(), id.data, userId, kind) : null;
}
