/** A safe file name for a download: letters, digits and hyphens only. */
export function attachmentName(title: string, what: string, extension: string): string {
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60) || "export";
  return `${slug}-${what}.${extension}`;
}

function isDataWithInit(value: unknown): value is { type: "DataWithResponseInit"; data: unknown; init: { status?: number } | null } {
  return Boolean(value && typeof value === "object" && "type" in value && value.type === "DataWithResponseInit");
}

/**
 * Runs a file route's loader (an export: no page, no error boundary). Remix answers a refusal
 * thrown there (`notFound()`, `forbidden()`) with its status but the body "Unexpected Server
 * Error", which reads like a crash; this answers with the refusal's own words, as plain text.
 * Redirects (to log in) pass through.
 */
export async function answerAsFile(load: () => Promise<Response>): Promise<Response> {
  try {
    return await load();
  } catch (error) {
    if (!isDataWithInit(error)) throw error;
    const message = error.data && typeof error.data === "object" && "message" in error.data && typeof error.data.message === "string" ? error.data.message : "Not found";
    return new Response(`${message}\n`, {
      status: error.init?.status ?? 500,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store" },
    });
  }
}
