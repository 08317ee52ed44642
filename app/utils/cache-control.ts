// Participation figures and sign-ups are never kept by a shared cache or the public page cache
// (server/page-cache.ts caches none of these paths): every response that carries them says so.
import type { HeadersFunction } from "@remix-run/node";

export const PRIVATE_NO_STORE = { "Cache-Control": "private, no-store" } as const;

/** A route's `headers` export for pages that show participation figures. */
export const privateNoStoreHeaders: HeadersFunction = () => PRIVATE_NO_STORE;
