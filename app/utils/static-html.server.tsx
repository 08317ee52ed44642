// A part of a page rendered to static HTML on the server, for ServerHtml
// (components/ui/server-html.tsx): React renders it once, without hooks or a router, and its
// links are plain <a> elements (AppLink), which ServerHtml's container makes client-side
// navigations. The agenda (agenda-html.server.tsx) and the participation overview use it.
import type { ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { PlainLinks } from "../components/ui/app-link";

export function staticHtml(node: ReactNode): string {
  // Static markup: it is never hydrated (ServerHtml leaves it alone), so it needs none of the
  // comments renderToString puts between texts for hydration (a sixth of the agenda's bytes).
  return renderToStaticMarkup(<PlainLinks.Provider value={true}>{node}</PlainLinks.Provider>);
}
