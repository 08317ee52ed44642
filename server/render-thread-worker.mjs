// The worker thread of server/render-thread.ts: the server build's request handler, in a thread of
// its own, with its own database connection (the build's getDb), for the anonymous pages the page
// cache refreshes off the request thread. It is handed a URL and a CSP nonce, and answers the
// response's status, headers and body. Plain JavaScript, so the thread needs no TypeScript loader.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parentPort } from "node:worker_threads";
import { createRequestHandler } from "@remix-run/node";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const build = await import(path.join(root, "build/server/index.js"));
const handle = createRequestHandler(build, "production");

parentPort.on("message", async ({ id, url, nonce }) => {
  try {
    // An anonymous reader: no cookie, as the page cache serves only them.
    // A document's render takes its shared HTML through `islands`; a data request (`.data`, a
    // client-side navigation) carries it in its data instead, as server/app.ts decides.
    const islands = new URL(url).pathname.endsWith(".data") ? undefined : new Map();
    const response = await handle(new Request(url, { headers: { Host: new URL(url).host } }), { cspNonce: nonce, islands });
    const body = new Uint8Array(await response.arrayBuffer());
    parentPort.postMessage({ id, status: response.status, headers: Object.fromEntries(response.headers), body }, [body.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
