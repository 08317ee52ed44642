// Which route a request will run, decided the way Remix decides it: the route manifest matched
// against the path with `.data` removed, or the route named by a legacy `?_data=` parameter.
// Rate limits key on this, so `/login`, `/Login/`, `/login.data` and `/login?_data=routes/login`
// all count as the one login action.
import { matchRoutes, type AgnosticRouteObject } from "@remix-run/router";
import type { ServerBuild } from "@remix-run/node";

type Manifest = ServerBuild["routes"];

function routeTree(manifest: Manifest, parentId: string | undefined): AgnosticRouteObject[] {
  return Object.values(manifest)
    .filter((route) => route.parentId === parentId)
    .map((route) => {
      const children = routeTree(manifest, route.id);
      return route.index
        ? { id: route.id, path: route.path, index: true, caseSensitive: route.caseSensitive }
        : { id: route.id, path: route.path, caseSensitive: route.caseSensitive, children };
    });
}

export function createRouteTargeter(manifest: Manifest) {
  const tree = routeTree(manifest, undefined);
  return function targetRouteId(pathname: string, search: URLSearchParams): string | null {
    const named = search.get("_data");
    if (named !== null) return named;
    const path = pathname.replace(/\.data$/, "").replace(/^\/_root$/, "/");
    const matches = matchRoutes(tree, path);
    if (!matches || matches.length === 0) return null;
    // A post to a path whose leaf is a layout with an index child runs the index only with `?index`.
    return matches[matches.length - 1]!.route.id ?? null;
  };
}
