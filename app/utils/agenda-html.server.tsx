// A page of a conference's agenda as HTML (components/ui/server-html.tsx), rendered once for
// every reader who sees the same motions. The remembered agenda (models/agenda.server.ts
// `loadAgendaCached`) is one array for as long as nothing it shows has changed, for everyone
// with the same visibility, filters and role: its pages' HTML is kept beside it and goes when it
// does. So a GP reads the HTML the public reads, and a vote makes both anew.
import { AgendaList, type AgendaSection } from "../components/agenda-list";
import type { AgendaMotion } from "../models/agenda.server";
import { staticHtml } from "./static-html.server";

const rendered = new WeakMap<readonly AgendaMotion[], Map<string, string>>();
/** Pages kept per remembered agenda (each a few hundred KB at most). */
const PAGES_KEPT = 20;

export function agendaPageHtml(agenda: readonly AgendaMotion[], page: { from: number; to: number }, sections: readonly AgendaSection[]): string {
  let pages = rendered.get(agenda);
  if (!pages) {
    pages = new Map();
    rendered.set(agenda, pages);
  }
  // Section titles are read afresh each time: a renamed section makes the page anew.
  const key = JSON.stringify([page.from, page.to, sections.map((s) => [s.id, s.title])]);
  const kept = pages.get(key);
  if (kept !== undefined) return kept;
  const html = staticHtml(<AgendaList motions={agenda.slice(page.from, page.to)} sections={sections} />);
  pages.set(key, html);
  if (pages.size > PAGES_KEPT) pages.delete(pages.keys().next().value!);
  return html;
}
