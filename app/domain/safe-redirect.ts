// Where to send someone after they log in: only to a path on this site. The target is resolved
// by the same URL parser a browser uses (which drops tabs and newlines, turns `\` into `/` and
// folds `/./`), and the normalised result is what we send, so nothing that a browser would read
// as another host (`//evil`, `/\evil`, `/%09/evil`) can get through.
const BASE = "http://lmc-tracker.invalid";

export function safeRedirect(to: unknown, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.length > 2000) return fallback;
  let url: URL;
  try {
    url = new URL(to, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE || url.username || url.password) return fallback;
  const target = `${url.pathname}${url.search}${url.hash}`;
  // A browser reads `//host` (and `/\host`) as another site.
  if (!target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) return fallback;
  return target;
}
