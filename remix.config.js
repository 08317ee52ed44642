// Remix's own options: future flags and which files under app/routes are not routes.
// With the Vite plugin Remix does not read this file by itself; vite.config.ts imports it
// (and app/routes.ts imports ignoredRouteFiles), so this file stays the one source of truth.
/** @type {{ ignoredRouteFiles: string[], future: Record<string, boolean> }} */
const config = {
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}", "**/*.css"],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_singleFetch: true,
    v3_lazyRouteDiscovery: true,
    v3_routeConfig: true,
  },
};

export default config;
