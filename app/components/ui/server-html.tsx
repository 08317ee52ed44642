// A part of a page rendered on the server to static HTML once and shared by every reader who sees
// the same thing (the agenda of a conference page: app/utils/agenda-html.server.tsx), instead of
// being rendered by React and serialised again for hydration on every request (bench/README.md,
// change 14). React leaves the element's content alone:
// - a document request: the loader hands the HTML to the server render through the request's
//   load context (`islands`), so it is in the page once and not again in the hydration data; the
//   browser then keeps the DOM the server sent, read back at the first render;
// - a client-side navigation: the loader's data carries the HTML, and React sets it.
// Links inside are plain <a> elements (AppLink); a click on one of ours, with no modifier key,
// is a client-side navigation as a <Link> would make. Without JavaScript they are plain links.
import { useNavigate } from "@remix-run/react";
import { createContext, useContext, useEffect, useRef, useState } from "react";

/** HTML for the server render of a document, by element id (AppLoadContext.islands). */
export const IslandContext = createContext<ReadonlyMap<string, string> | null>(null);

export function ServerHtml({ id, html, className }: { id: string; html: string | null; className?: string }) {
  const islands = useContext(IslandContext);
  const [sent] = useState(() => islands?.get(id) ?? (typeof document === "undefined" ? "" : (document.getElementById(id)?.innerHTML ?? "")));
  const ref = useRef<HTMLDivElement>(null);
  const navigate = useNavigate();
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = event.target instanceof Element ? event.target.closest("a") : null;
      if (!link || !element.contains(link) || link.target || link.hasAttribute("download") || link.origin !== window.location.origin) return;
      event.preventDefault();
      navigate(`${link.pathname}${link.search}${link.hash}`);
    };
    element.addEventListener("click", onClick);
    return () => element.removeEventListener("click", onClick);
  }, [navigate]);
  return <div id={id} ref={ref} className={className} dangerouslySetInnerHTML={{ __html: html ?? sent }} />;
}
