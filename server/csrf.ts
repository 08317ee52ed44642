// Cross-site request forgery: every request that can change something must come from one of our
// own pages. Browsers say where a request comes from in `Origin` and `Sec-Fetch-Site`; a post from
// another site, another subdomain of ours (same-site, not same-origin) or an opaque origin
// (`Origin: null`) is refused here, in front of every route and every spelling of it (`.data`,
// `?_data=`), so no framework path can skip the check. A client that sends neither header is not
// a browser carrying someone's cookies, so it is let through to the usual authorisation.
import type { NextFunction, Request, Response } from "express";
import { refuse } from "./refusal";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The host (and port) this request was addressed to, as the browser saw it. */
function requestHost(req: Request, trustProxy: boolean): string | undefined {
  const forwarded = trustProxy ? req.get("x-forwarded-host")?.split(",")[0]?.trim() : undefined;
  return (forwarded || req.get("host"))?.toLowerCase();
}

/** Why a state-changing request is refused as cross-site, or null when it is our own page's. */
export function crossSiteProblem(headers: { origin?: string; secFetchSite?: string; host?: string }): string | null {
  const site = headers.secFetchSite?.toLowerCase();
  if (site !== undefined && site !== "same-origin" && site !== "none") {
    return "This form was sent from another site, so it was not accepted. Open LMC Tracker directly and try again.";
  }
  if (headers.origin !== undefined) {
    let host: string | null = null;
    try {
      const url = new URL(headers.origin);
      host = url.protocol === "http:" || url.protocol === "https:" ? url.host.toLowerCase() : null;
    } catch {
      host = null;
    }
    if (!host || host !== headers.host) {
      return "This form was sent from another site, so it was not accepted. Open LMC Tracker directly and try again.";
    }
  }
  return null;
}

export function refuseCrossSiteRequests({ trustProxy }: { trustProxy: boolean }) {
  return function csrf(req: Request, res: Response, next: NextFunction) {
    if (SAFE_METHODS.has(req.method)) return next();
    const problem = crossSiteProblem({
      origin: req.get("origin"),
      secFetchSite: req.get("sec-fetch-site"),
      host: requestHost(req, trustProxy),
    });
    if (problem) return refuse(req, res, 403, problem);
    next();
  };
}
