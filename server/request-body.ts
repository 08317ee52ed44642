// Every request body is read here, before Remix, whatever its framing (Content-Length or
// chunked): counted as it arrives and refused once it passes the limit, then checked for the
// form shape in server/form-limits.ts. Remix gets the checked bytes (server/remix-handler.ts).
import { Readable } from "node:stream";
import busboy from "busboy";
import type { NextFunction, Request, Response } from "express";
import { formShapeProblem, type FormField, FORM_LIMITS } from "./form-limits";
import { refuse } from "./refusal";

/** The largest import upload is 25 MB; nothing else comes near. */
export const MAX_BODY_BYTES = 30 * 1024 * 1024;

const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

declare module "express-serve-static-core" {
  interface Request {
    /** The whole body of a non-GET request, read and checked (server/request-body.ts). */
    rawBody?: Buffer;
  }
}

function readLimited(req: Request, limit: number): Promise<Buffer | "too-large"> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on("data", (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        chunks.length = 0;
        // Stop reading: what is left of the body is never buffered.
        req.pause();
        resolve("too-large");
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!done) resolve(Buffer.concat(chunks));
      done = true;
    });
    req.on("error", (error) => {
      if (!done) reject(error);
      done = true;
    });
  });
}

/** Pair by pair, so a body of a million empty fields is never held as a million objects. */
function* urlEncodedFields(body: Buffer): Generator<FormField> {
  const text = body.toString("utf8");
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf("&", start);
    if (end === -1) end = text.length;
    if (end > start) {
      for (const [name, value] of new URLSearchParams(text.slice(start, end))) yield { name, value };
    }
    start = end + 1;
  }
}

/** Field names and text values of a multipart body; files only by name. Bounded by busboy's limits. */
function multipartFields(req: Request, body: Buffer): Promise<FormField[] | string> {
  return new Promise((resolve) => {
    const fields: FormField[] = [];
    let problem: string | null = null;
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: {
          fields: FORM_LIMITS.maxFields,
          files: 20,
          parts: FORM_LIMITS.maxFields,
          fieldNameSize: FORM_LIMITS.maxNameLength + 1,
          fieldSize: FORM_LIMITS.maxValueLength + 1,
        },
      });
    } catch {
      resolve("This form could not be read.");
      return;
    }
    parser.on("field", (name, value, info) => {
      if (info.nameTruncated) problem ??= "This form has a field name that is too long.";
      if (info.valueTruncated) problem ??= "A field in this form is too long.";
      fields.push({ name, value });
    });
    parser.on("file", (name, stream) => {
      fields.push({ name });
      stream.resume();
    });
    parser.on("partsLimit", () => (problem ??= "This form has more fields than any form in LMC Tracker."));
    parser.on("filesLimit", () => (problem ??= "This form has more files than any form in LMC Tracker."));
    parser.on("fieldsLimit", () => (problem ??= "This form has more fields than any form in LMC Tracker."));
    parser.on("error", () => resolve("This form could not be read."));
    parser.on("close", () => resolve(problem ?? fields));
    Readable.from([body]).pipe(parser);
  });
}

export function readRequestBody() {
  return async function requestBody(req: Request, res: Response, next: NextFunction) {
    if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > MAX_BODY_BYTES) return refuse(req, res, 413, "That request is too large.");
    let body: Buffer | "too-large";
    try {
      body = await readLimited(req, MAX_BODY_BYTES);
    } catch {
      return refuse(req, res, 400, "The request could not be read.");
    }
    if (body === "too-large") return refuse(req, res, 413, "That request is too large.");
    const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
    if (body.length > 0 && !FORM_TYPES.includes(type)) {
      return refuse(req, res, 415, "LMC Tracker accepts only form posts here.");
    }
    if (body.length === 0 && !FORM_TYPES.includes(type)) {
      // An empty post is an empty form (a bare "Log out" button sent by a script, say).
      req.headers["content-type"] = "application/x-www-form-urlencoded";
    }
    const fields = type === "multipart/form-data" ? await multipartFields(req, body) : urlEncodedFields(body);
    const problem = typeof fields === "string" ? fields : formShapeProblem(fields);
    if (problem) return refuse(req, res, 400, problem);
    req.rawBody = body;
    next();
  };
}
