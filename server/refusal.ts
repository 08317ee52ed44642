// A request refused before it reaches the app (too large, wrong shape, foreign origin, too many
// attempts): a short page in words for a person, plain text for a script, and one JSON log line.
import type { Request, Response } from "express";
import { logDenials } from "../app/utils/env.server";

const TITLES: Record<number, string> = {
  400: "This form could not be accepted",
  403: "This request was refused",
  413: "That request is too large",
  415: "This request could not be read",
  429: "Too many attempts",
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function refuse(req: Request, res: Response, status: number, message: string): void {
  if (logDenials()) {
    console.warn(
      JSON.stringify({ level: "warn", event: "request_refused", status, method: req.method, path: req.path, reason: message, at: new Date().toISOString() }),
    );
  }
  // Past the size limit, whatever the client still sends is not read: close after answering.
  // Otherwise Node reads and discards the rest, so the client gets the answer, not a reset.
  if (status === 413) res.set("Connection", "close");
  res.set("Cache-Control", "no-store");
  res.status(status);
  const title = TITLES[status] ?? "This request was refused";
  if (req.accepts(["text/html", "text/plain"]) === "text/html") {
    res.type("html").send(
      `<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
        `<title>${escapeHtml(title)} | LMC Tracker</title></head><body><main><h1>${escapeHtml(title)}</h1>` +
        `<p>${escapeHtml(message)}</p><p><a href="/">Go to the LMC Tracker home page</a></p></main></body></html>`,
    );
  } else {
    res.type("text/plain").send(message);
  }
}
