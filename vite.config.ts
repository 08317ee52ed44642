// Vite builds the app. Remix's options live in remix.config.js (the one source of truth)
// and are imported here; under Vitest the Remix plugin is left out (see vitest.config.ts).
import { vitePlugin as remix } from "@remix-run/dev";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";
import remixConfig from "./remix.config.js";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  server: { port: 3000 },
  build: {
    target: "es2022",
    rollupOptions: {
      onwarn(warning, warn) {
        // Resource routes (the CSV and JSON exports, healthz, logout) have no browser code, yet
        // Remix gives every route a client entry, so Rollup reports each as an empty chunk. That
        // is expected and harmless; every other warning is still printed.
        if (warning.code === "EMPTY_BUNDLE") return;
        warn(warning);
      },
    },
  },
  plugins: [
    tailwindcss(),
    remix({ ...remixConfig, serverModuleFormat: "esm" }),
    tsconfigPaths(),
  ],
});
