// Express: security headers with a per-request CSP nonce, compression, request logs,
// rate limits, static assets, then the Remix request handler.
import crypto from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { rateLimit } from "express-rate-limit";
import helmet from "helmet";
import morgan from "morgan";
import { createPageCache } from "./page-cache";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function numberFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

export async function createServer({ mode, changeCounter }: { mode: "production" | "development"; changeCounter?: () => number }) {
  const isProduction = mode === "production";
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", process.env.TRUST_PROXY === "1" ? 1 : false);

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
      strictTransportSecurity: process.env.HSTS === "1",
    }),
  );
  app.use(compression());
  if (process.env.LOG_REQUESTS !== "0") app.use(morgan(isProduction ? "combined" : "dev"));

  // Slow brute force on passwords; keyed by address. Limits come from the environment so the
  // test suite can exercise them without waiting.
  const loginLimiter = rateLimit({
    windowMs: 60_000,
    limit: numberFromEnv("LOGIN_RATE_LIMIT", 10),
    standardHeaders: "draft-8",
    legacyHeaders: false,
    message: "Too many login attempts from this address. Wait a minute and try again.",
  });
  app.post("/login", loginLimiter);

  // No form or upload here needs more than the largest import (25 MB); refuse bigger bodies early.
  app.use((req, res, next) => {
    if (Number(req.headers["content-length"] ?? 0) > 30 * 1024 * 1024) {
      res.status(413).type("text/plain").send("That request is too large.");
      return;
    }
    next();
  });

  let build: () => Promise<ServerBuild>;
  if (isProduction) {
    app.use("/assets", express.static(path.join(root, "build/client/assets"), { immutable: true, maxAge: "1y" }));
    app.use(express.static(path.join(root, "build/client"), { maxAge: "1h" }));
    const serverBuild = (await import(path.join(root, "build/server/index.js"))) as ServerBuild;
    build = async () => serverBuild;
  } else {
    const vite = await import("vite").then((v) => v.createServer({ server: { middlewareMode: true } }));
    app.use(vite.middlewares);
    build = () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
  }

  if (changeCounter) app.use(createPageCache(changeCounter));

  app.all(
    "*",
    createRequestHandler({
      build,
      mode,
      getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce as string }),
    }),
  );
  return app;
}
