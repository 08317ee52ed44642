// A cache of public pages for readers who are not logged in: launch-day bursts read the same
// published conference again and again. An entry is keyed by the URL and stamped with the
// versions of what the page shows (app/models/cache-versions.server.ts): a conference page with
// its conference's version, lists with the catalogue's. A write to one conference leaves every
// other conference's pages cached, and a login or a sign-up leaves every page cached.
//
// A cached page is served byte for byte, gzipped once when stored. Its inline scripts are then
// allowed by their SHA-256 hashes in the CSP instead of the per-request nonce (which is only in
// the HTML of the first response): the policy stays as strict, and nothing is re-rendered or
// re-compressed per request.
import crypto from "node:crypto";
import { promisify } from "node:util";
import zlib from "node:zlib";
import type { NextFunction, Request, Response } from "express";
import type { OffThreadRenderer } from "./render-thread";

const gzip = promisify(zlib.gzip);

const CACHEABLE = /^\/(?:$|conferences(?:\/|\.data|$)|motions\/|clauses(?:\/|\.data|$)|resolutions(?:\/|\.data|\.csv|$)|_root\.data)/;

/**
 * The public participation dashboard and its exports (ADR 015): the same suppressed figures for
 * every anonymous reader, re-rendered at most once per `participationSeconds` instead of on every
 * sign-up (a launch day changes them several times a second). Never for a signed-in reader: they
 * may see exact figures, and the cookie check below sends them past the cache.
 */
const TIMED = /^\/(?:participation(?:\.data)?|campaigns\/\d{1,9}\/participation\.(?:json|csv))$/;

/**
 * Reads the shared database (db/connection.ts `openCacheVersionReader`): synchronously on SQLite,
 * with a query on PostgreSQL, so that every instance sees every other instance's writes.
 */
export interface VersionReader {
  versions: (keys: readonly string[]) => string | Promise<string>;
  conferenceOfMotion: (motionId: number) => number | null | Promise<number | null>;
}

/** The cache keys a public path depends on (names as in app/models/cache-versions.server.ts). */
export async function cacheKeysForPath(path: string, conferenceOfMotion: VersionReader["conferenceOfMotion"]): Promise<string[]> {
  const conference = /^\/conferences\/(\d{1,9})(?:[/.]|$)/.exec(path);
  if (conference) return ["site", "clauses", `conference:${Number(conference[1])}`];
  const motion = /^\/motions\/(\d{1,9})(?:[/.]|$)/.exec(path);
  if (motion) {
    const conferenceId = await conferenceOfMotion(Number(motion[1]));
    return conferenceId === null ? ["site", "catalogue"] : ["site", "clauses", `conference:${conferenceId}`];
  }
  return ["site", "clauses", "catalogue"];
}
const MAX_ENTRIES = 200;
const MAX_BODY_BYTES = 8 * 1024 * 1024;
const KEPT_HEADERS = ["content-type", "content-disposition", "cache-control"];

interface Entry {
  version: string;
  storedAt: number;
  headers: Record<string, string>;
  csp: string | null;
  body: Buffer;
  gzipped: Buffer;
}

/** The CSP for a stored page: its inline scripts by hash in place of the first response's nonce. */
export function cspWithScriptHashes(csp: string, nonce: string, html: string): string {
  const hashes = new Set<string>();
  // Linear: a tag or body stops at the next "<script", so a failed match is not rescanned from every
  // later one (the old `[^>]*...([\s\S]*?)` scanned to the end from each unclosed tag).
  for (const match of html.matchAll(/<script\b(?![^<>]+\bsrc=)[^<>]*>([^<]*(?:<(?!\/script>|script\b)[^<]*)*)<\/script>/gi)) {
    hashes.add(`'sha256-${crypto.createHash("sha256").update(match[1]!, "utf8").digest("base64")}'`);
  }
  return csp.replace(`'nonce-${nonce}'`, [...hashes].join(" ") || "'none'");
}

export function createPageCache(reader: VersionReader, options: { participationSeconds?: number; renderTimed?: OffThreadRenderer } = {}) {
  const freshForMs = (options.participationSeconds ?? 0) * 1000;
  const renderTimed = options.renderTimed;
  /** Timed pages being refreshed off the request thread (ADR 017), one refresh per URL at a time. */
  const refreshing = new Set<string>();
  const timed = (path: string) => freshForMs > 0 && TIMED.test(path);
  // A timed page's entry is good for its time, whatever changed: no version to read.
  const readVersion = async (path: string) => (timed(path) ? "timed" : reader.versions(await cacheKeysForPath(path, reader.conferenceOfMotion)));
  const entries = new Map<string, Entry>();

  function remember(key: string, entry: Entry) {
    entries.delete(key);
    entries.set(key, entry);
    // A Map keeps insertion order, so the first key is the least recently used.
    while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  }

  return function pageCache(req: Request, res: Response, next: NextFunction) {
    const anonymous = !/(?:^|;\s*)lmc_session=/.test(req.headers.cookie ?? "");
    if (req.method !== "GET" || !anonymous || !(CACHEABLE.test(req.path) || timed(req.path))) return next();
    serveOrRemember(req, res, next).catch(next);
  };

  function serve(req: Request, res: Response, key: string, hit: Entry, how: "hit" | "stale") {
    remember(key, hit);
    const wantsGzip = req.acceptsEncodings("gzip", "identity") === "gzip";
    const body = wantsGzip ? hit.gzipped : hit.body;
    res.status(200).set(hit.headers).set("X-Page-Cache", how).set("Content-Length", String(body.length));
    if (hit.csp) res.set("Content-Security-Policy", hit.csp);
    // Setting Content-Encoding ourselves tells the compression middleware to leave it alone.
    if (wantsGzip) res.set("Content-Encoding", "gzip");
    return res.end(body);
  }

  /**
   * Renders a timed page again in the render thread, with this request's CSP and nonce, and keeps
   * it as a render on the request would be kept. Whatever goes wrong drops the entry, so the next
   * reader's request renders it inline, as with no thread. The page is the same for every
   * anonymous reader, so it is asked for on a fixed host: the Host this reader sent is not the
   * one every later reader is served.
   */
  function refresh(req: Request, res: Response, key: string, renderer: OffThreadRenderer) {
    if (refreshing.has(key)) return;
    refreshing.add(key);
    const nonce = res.locals.cspNonce as string;
    const csp = res.getHeader("content-security-policy");
    renderer
      .render(`http://localhost${req.originalUrl}`, nonce)
      .then(async (rendered) => {
        if (rendered.status !== 200 || rendered.headers["set-cookie"] || rendered.body.length > MAX_BODY_BYTES) throw new Error(`The refresh answered ${rendered.status}.`);
        const headers: Record<string, string> = {};
        for (const name of KEPT_HEADERS) if (rendered.headers[name] !== undefined) headers[name] = rendered.headers[name];
        const isHtml = (headers["content-type"] ?? "").startsWith("text/html");
        remember(key, {
          version: "timed",
          storedAt: Date.now(),
          headers,
          csp: typeof csp === "string" ? (isHtml ? cspWithScriptHashes(csp, nonce, rendered.body.toString("utf8")) : csp) : null,
          body: rendered.body,
          // Off the request thread too (zlib's pool): a megabyte of dashboard takes milliseconds.
          gzipped: await gzip(rendered.body),
        });
      })
      .catch((error: unknown) => {
        entries.delete(key);
        console.error(JSON.stringify({ level: "error", event: "page_refresh_failed", path: req.path, message: error instanceof Error ? error.message : String(error) }));
      })
      .finally(() => refreshing.delete(key));
  }

  async function serveOrRemember(req: Request, res: Response, next: NextFunction) {
    const key = req.originalUrl;
    const version = await readVersion(req.path);
    const hit = entries.get(key);
    res.vary("Accept-Encoding");
    if (hit && hit.version === version) {
      const age = Date.now() - hit.storedAt;
      if (!timed(req.path) || age < freshForMs) return serve(req, res, key, hit, "hit");
      // A timed page past its period, with a thread to render in: this reader gets the figures
      // as they were (at most one more period old) while one refresh runs elsewhere (ADR 017).
      if (renderTimed && age < 2 * freshForMs) {
        refresh(req, res, key, renderTimed);
        return serve(req, res, key, hit, "stale");
      }
    }

    res.setHeader("X-Page-Cache", "miss");
    const nonce = res.locals.cspNonce as string;
    const chunks: Buffer[] = [];
    let size = 0;
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    const collect = (chunk: unknown, encoding?: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === "function") return;
      const buffer =
        chunk instanceof Uint8Array ? Buffer.from(chunk) : Buffer.from(String(chunk), typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8");
      size += buffer.length;
      if (size <= MAX_BODY_BYTES) chunks.push(buffer);
    };
    res.write = ((...args: unknown[]) => {
      collect(args[0], args[1]);
      return write(...args);
    }) as Response["write"];
    res.end = ((...args: unknown[]) => {
      collect(args[0], args[1]);
      // Store only a complete 200 that set no cookie...
      if (res.statusCode !== 200 || res.getHeader("set-cookie") || size > MAX_BODY_BYTES) return end(...args);
      const body = Buffer.concat(chunks);
      const headers: Record<string, string> = {};
      for (const name of KEPT_HEADERS) {
        const value = res.getHeader(name);
        if (value !== undefined) headers[name] = String(value);
      }
      const csp = res.getHeader("content-security-policy");
      const isHtml = (headers["content-type"] ?? "").startsWith("text/html");
      // ...made while nothing changed: the versions read after the page was made are the ones read
      // before. The response ends once the entry is stored, so the next request finds it; a failed
      // read stores nothing.
      readVersion(req.path)
        .then((after) => {
          if (after !== version) return;
          if (timed(req.path)) renderTimed?.prepare();
          remember(key, {
            version,
            storedAt: Date.now(),
            headers,
            csp: typeof csp === "string" ? (isHtml ? cspWithScriptHashes(csp, nonce, body.toString("utf8")) : csp) : null,
            body,
            gzipped: zlib.gzipSync(body),
          });
        })
        .catch(() => {})
        .then(() => {
          try {
            end(...args);
          } catch (error) {
            res.destroy(error as Error);
          }
        });
      return res;
    }) as Response["end"];
    next();
  }
}
