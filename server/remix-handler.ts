// The Remix request handler for Express, given the body that server/request-body.ts has already
// read and checked (the stream itself is spent by then). It also marks every response made for a
// signed-in reader, or that sets a cookie, `Cache-Control: private, no-store`: those pages carry
// a name, a role or private records, and no shared cache or browser history should keep them.
import { createRequestHandler as createRemixHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import type { NextFunction, Request, Response } from "express";

export const SESSION_COOKIE = /(?:^|;\s*)lmc_session=/;

function remixRequest(req: Request, res: Response): globalThis.Request {
  const host = req.get("host") ?? "localhost";
  const url = new URL(`${req.protocol}://${host}${req.originalUrl}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  // The body was read in full; its original framing no longer applies.
  headers.delete("transfer-encoding");
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  if (hasBody) headers.set("content-length", String(req.rawBody?.length ?? 0));
  return new Request(url.href, {
    method: req.method,
    headers,
    signal: controller.signal,
    body: hasBody ? new Uint8Array(req.rawBody ?? Buffer.alloc(0)) : undefined,
  });
}

/**
 * Writes a response body to Express. Remix's own `writeReadableStreamToWritable` flushes the
 * compression middleware after every chunk, and React writes a page in chunks of about 2 KB: each
 * flush ends a deflate block and is a round trip to zlib's thread pool, which made gzip the
 * largest single cost of a 600-motion conference page and nearly tripled its compressed size
 * (bench/README.md). Here the chunks that arrive together are written together and flushed once,
 * on the next turn of the event loop, so a page that streams (a deferred loader) still goes out
 * as each part is ready.
 */
export async function writeBody(body: ReadableStream<Uint8Array>, res: Response): Promise<void> {
  const reader = body.getReader();
  const flushable = res as Response & { flush?: () => void };
  let flushPending = false;
  let ended = false;
  const flush = () => {
    flushPending = false;
    if (!ended) flushable.flush?.();
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      res.write(value);
      if (!flushPending && typeof flushable.flush === "function") {
        flushPending = true;
        setImmediate(flush);
      }
    }
    ended = true;
    res.end();
  } catch (error) {
    ended = true;
    res.destroy(error as Error);
    throw error;
  }
}

export function createRequestHandler({
  build,
  mode,
  getLoadContext,
}: {
  /**
   * The build itself in production. A function (development: Vite's latest) makes Remix derive
   * its routes and data handler again on every request, which was a fifth of every response's CPU.
   */
  build: ServerBuild | (() => Promise<ServerBuild>);
  mode: string;
  getLoadContext: (req: Request, res: Response) => AppLoadContext;
}) {
  const handle = createRemixHandler(build, mode);
  return async function remix(req: Request, res: Response, next: NextFunction) {
    try {
      const response = await handle(remixRequest(req, res), getLoadContext(req, res));
      const personal = SESSION_COOKIE.test(req.headers.cookie ?? "") || response.headers.has("set-cookie");
      if (personal) response.headers.set("Cache-Control", "private, no-store");
      res.statusMessage = response.statusText;
      res.status(response.status);
      for (const [name, value] of response.headers.entries()) res.append(name, value);
      if (response.body) await writeBody(response.body, res);
      else res.end();
    } catch (error) {
      next(error);
    }
  };
}
