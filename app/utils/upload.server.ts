// Reads uploaded text files from a form post, refusing oversized bodies before parsing them.
import { data } from "@remix-run/node";

export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;

export async function readFormWithUploads(request: Request): Promise<FormData> {
  const length = Number(request.headers.get("Content-Length") ?? "0");
  if (length > MAX_UPLOAD_BYTES) {
    throw data({ message: `That upload is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.` }, { status: 413 });
  }
  try {
    return await request.formData();
  } catch {
    throw data({ message: "The upload could not be read. Choose the file again and resend the form." }, { status: 400 });
  }
}

export type UploadResult = { ok: true; file: { name: string; text: string } } | { ok: false; message: string } | { ok: "empty" };

/** A text upload, or a clear reason why not. Binary files (with NUL bytes) are refused. */
export async function readTextUpload(formData: FormData, field: string): Promise<UploadResult> {
  const value = formData.get(field);
  if (!value || typeof value === "string" || value.size === 0) return { ok: "empty" };
  if (value.size > MAX_UPLOAD_BYTES) return { ok: false, message: "That file is too large" };
  const text = await value.text();
  if (text.includes("\u0000")) return { ok: false, message: "That file is not a text (CSV) file" };
  return { ok: true, file: { name: value.name.slice(0, 200) || "upload.csv", text } };
}
