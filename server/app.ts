// Express: security headers with a per-request CSP nonce, compression, request logs,
// rate limits, static assets, then the Remix request handler.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { ipKeyGenerator, rateLimit, type Store } from "express-rate-limit";
import helmet from "helmet";
import morgan from "morgan";
import { refuseCrossSiteRequests } from "./csrf";
import { getEnv } from "../app/utils/env.server";
import { createPageCache, type VersionReader } from "./page-cache";
import { createRenderThread } from "./render-thread";
import { refuse } from "./refusal";
import { createRequestHandler } from "./remix-handler";
import { readRequestBody } from "./request-body";
import { createRouteTargeter } from "./route-target";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");


/** zlib's level for responses compressed as they are sent (bench/README.md, change 21). */
const DYNAMIC_GZIP_LEVEL = 3;

export async function createServer({
  mode,
  cacheVersions,
  rateLimitStore,
}: {
  mode: "production" | "development";
  /** Versions of what cached pages show; no page cache without it (server/page-cache.ts). */
  cacheVersions?: VersionReader;
  /** A store shared by every worker of the cluster (server/index.ts); memory in one process otherwise. */
  rateLimitStore?: (prefix: string) => Store;
}) {
  const isProduction = mode === "production";
  const env = getEnv();
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", env.TRUST_PROXY === "1" ? 1 : false);

  app.use((_req, res, next) => {
    res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
    next();
  });
  app.use(
    helmet({
      // Vite's dev server injects inline styles and a websocket, so development only reports.
      contentSecurityPolicy: {
        reportOnly: !isProduction,
        directives: {
          "default-src": ["'self'"],
          "script-src": ["'self'", (_req, res) => `'nonce-${(res as express.Response).locals.cspNonce}'`],
          "style-src": ["'self'"],
          "img-src": ["'self'", "data:"],
          "connect-src": isProduction ? ["'self'"] : ["'self'", "ws:"],
          "form-action": ["'self'"],
          "frame-ancestors": ["'none'"],
          "object-src": ["'none'"],
          "base-uri": ["'self'"],
          "upgrade-insecure-requests": null,
        },
      },
      crossOriginEmbedderPolicy: false,
      // "no-referrer" makes browsers send `Origin: null` on form posts, which Remix's CSRF check
      // rightly refuses; same-origin keeps the Origin for our own forms and leaks nothing outside.
      referrerPolicy: { policy: "same-origin" },
      // HSTS belongs to the TLS terminator in front of us; set HSTS=1 when this server serves HTTPS itself.
      strictTransportSecurity: env.HSTS === "1",
    }),
  );
  // Pages made per request are compressed as they are sent, at zlib's level 3, its fastest kind of
  // search: half the CPU of the default level 6 for a 600-motion conference page (0.3 against
  // 0.65 ms) at 12% more bytes (9.1 against 8.1 KB). The build's scripts and styles, which a
  // browser keeps for a year, stay at the default level (below), and pages the page cache keeps
  // are compressed once, at the default level, when stored (server/page-cache.ts).
  app.use(compression({ level: DYNAMIC_GZIP_LEVEL, filter: (req, res) => !req.path.startsWith("/assets/") && compression.filter(req, res) }));
  if (env.LOG_REQUESTS === "1") {
    // Links in emails carry one-time tokens in their query: the log never keeps them.
    morgan.token("safe-url", (req) => (req as express.Request).originalUrl.replace(/([?&](?:token|code)=)[^&]*/gi, "$1[redacted]"));
    app.use(
      morgan(
        isProduction
          ? ':remote-addr - :remote-user [:date[clf]] ":method :safe-url HTTP/:http-version" :status :res[content-length] ":referrer" ":user-agent"'
          : ":method :safe-url :status :response-time ms - :res[content-length]",
      ),
    );
  }

  app.use(refuseCrossSiteRequests({ trustProxy: env.TRUST_PROXY === "1" }));

  let build: () => Promise<ServerBuild>;
  let productionBuild: ServerBuild | undefined;
  let targetRouteId: ((pathname: string, search: URLSearchParams) => string | null) | undefined;
  if (isProduction) {
    const serverBuild = (await import(path.join(root, "build/server/index.js"))) as ServerBuild;
    productionBuild = serverBuild;
    build = async () => serverBuild;
    targetRouteId = createRouteTargeter(serverBuild.routes);
  } else {
    const vite = await import("vite").then((v) => v.createServer({ server: { middlewareMode: true } }));
    app.use(vite.middlewares);
    build = () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
  }

  // Slow brute force on passwords, keyed by address, on whatever spelling of the URL reaches the
  // login action. Limits come from the environment so the test suite can exercise them quickly.
  const loginLimiter = rateLimit({
    windowMs: 60_000,
    limit: env.LOGIN_RATE_LIMIT,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    store: rateLimitStore?.("login"),
    handler: (req, res) => refuse(req, res, 429, "Too many login attempts from this address. Wait a minute and try again."),
  });
  // Accounts: registering, asking for a new confirmation link, and password resets each have a
  // count of their own per address, so nobody floods an inbox or the password hasher through
  // them (links are limited per account too: app/domain/account-links.ts).
  const accountLimiter = (name: string, what: string) =>
    rateLimit({
      windowMs: 15 * 60_000,
      limit: env.ACCOUNT_RATE_LIMIT,
      standardHeaders: "draft-8",
      legacyHeaders: false,
      store: rateLimitStore?.(name),
      handler: (req, res) => refuse(req, res, 429, `Too many ${what} from this address. Wait a quarter of an hour and try again.`),
    });
  const registerLimiter = accountLimiter("register", "registrations");
  const verificationLimiter = accountLimiter("verify-email", "requests about confirmation links");
  const resetLimiter = accountLimiter("reset-password", "password reset requests");
  // Sign-ups and pledges: per signed-in session (practices behind one NHS network share an
  // address), so one account cannot flood the counters on a launch day.
  const signUpLimiter = rateLimit({
    windowMs: 60_000,
    limit: env.SIGNUP_RATE_LIMIT,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    store: rateLimitStore?.("signup"),
    keyGenerator: (req) => /(?:^|;\s*)lmc_session=([^;]+)/.exec(req.headers.cookie ?? "")?.[1] ?? ipKeyGenerator(req.ip ?? ""),
    // The cluster store asks the primary and gives up after 1 s; a worker busy with a launch-day
    // burst reads the answer too late, and the sign-up failed with a 500 (bench/README.md, the
    // mixed load). The sign-up is still authenticated and checked, so it goes through unlimited.
    passOnStoreError: true,
    handler: (req, res) => refuse(req, res, 429, "Too many sign-up changes in a minute from this account. Wait a minute and try again."),
  });
  const LIMITED_ACTIONS = new Map([
    ["routes/campaigns.$id_.options.$optionId", signUpLimiter],
    ["routes/login", loginLimiter],
    // Deleting an account checks the password: the same count as logging in.
    ["routes/account_.delete", loginLimiter],
    ["routes/register", registerLimiter],
    ["routes/verify-email", verificationLimiter],
    ["routes/forgot-password", resetLimiter],
    ["routes/reset-password", resetLimiter],
  ]);
  app.use(async (req, res, next) => {
    if (req.method !== "POST" && req.method !== "PUT" && req.method !== "PATCH" && req.method !== "DELETE") return next();
    try {
      const target = targetRouteId ?? createRouteTargeter((await build()).routes);
      // Built as Remix builds it, so `//login` is a path here too, never a host.
      const url = new URL(`http://localhost${req.originalUrl}`);
      const limiter = LIMITED_ACTIONS.get(target(url.pathname, url.searchParams) ?? "");
      if (limiter) return limiter(req, res, next);
      next();
    } catch (error) {
      next(error);
    }
  });

  // Remix's legacy `?_data=` requests skip some of its own checks, and this app (single fetch)
  // never makes them: refuse them outright rather than keep a second way into every route.
  app.use((req, res, next) => {
    if (new URL(`http://localhost${req.originalUrl}`).searchParams.has("_data")) {
      return refuse(req, res, 400, "This kind of request is not used by LMC Tracker.");
    }
    next();
  });

  // Every body is read and checked before anything parses it (server/request-body.ts).
  app.use(readRequestBody());

  if (isProduction) {
    app.use("/assets", compression(), express.static(path.join(root, "build/client/assets"), { immutable: true, maxAge: "1y" }));
    // The build's other public files (favicon, robots.txt) are known when the server starts: only
    // their paths reach the file system, instead of a stat for every page request.
    const clientDir = path.join(root, "build/client");
    const publicFiles = new Set(
      fs
        .readdirSync(clientDir, { recursive: true, encoding: "utf8" })
        .filter((file) => fs.statSync(path.join(clientDir, file)).isFile())
        .map((file) => `/${file.split(path.sep).join("/")}`),
    );
    const servePublic = express.static(clientDir, { maxAge: "1h" });
    app.use((req, res, next) => (publicFiles.has(req.path) ? servePublic(req, res, next) : next()));
  }

  if (cacheVersions) {
    // The anonymous dashboard's refresh renders in a thread of its own in production (ADR 017).
    const renderTimed = isProduction && env.PARTICIPATION_CACHE_SECONDS > 0 && env.PARTICIPATION_REFRESH_THREAD === "1" ? createRenderThread() : undefined;
    app.use(createPageCache(cacheVersions, { participationSeconds: env.PARTICIPATION_CACHE_SECONDS, renderTimed }));
  }

  app.all(
    "*",
    createRequestHandler({
      build: productionBuild ?? build,
      mode,
      // A document's render takes parts its loaders made as HTML (app/components/ui/server-html.tsx);
      // a data request (`.data`, single fetch) carries them in its data instead.
      getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce as string, islands: req.path.endsWith(".data") ? undefined : new Map<string, string>() }),
    }),
  );
  return app;
}
