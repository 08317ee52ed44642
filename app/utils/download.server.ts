/** A safe file name for a download: letters, digits and hyphens only. */
export function attachmentName(title: string, what: string, extension: string): string {
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60) || "export";
  return `${slug}-${what}.${extension}`;
}
